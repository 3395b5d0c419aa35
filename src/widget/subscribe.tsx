/**
 * @module widget/subscribe
 * "Replies by mail or feed", from the author's own-message tools (needs JavaScript: the author
 * proves the message is theirs with the secret their device holds, as for Edit and Delete):
 *   GET  /b/:board/m/:id/replies         the panel: an address for reply mail, or a private feed
 *   POST /b/:board/m/:id/replies/mail    opt in to reply mail (a confirmation mail is sent first)
 *   POST /b/:board/m/:id/replies/feed    add the message to this device's reply feed (made if new)
 *   POST /b/:board/m/:id/replies/revoke  revoke this device's reply feed
 * The device's feed token comes in the X-Holler-Feed header (messages.js keeps it); the
 * database keeps only its SHA-256. The address is never logged, echoed or shown anywhere.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { isEmail, type Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { linkOrigin } from '../http/origin.ts';
import { readForm } from '../http/request.ts';
import { sendHtml } from '../http/respond.ts';
import type { Board, Message, Store } from '../store/store.ts';
import { isMessageId, SECRET_HEADER, secretMatches } from './ownership.ts';
import { viewFor } from './view.tsx';
import type { View } from './views.tsx';

export const FEED_HEADER = 'X-Holler-Feed';
export const feedHash = (token: string): string => createHash('sha256').update(token).digest('hex');
/** The private feed's address and the page that revokes it (both carry the token). */
export const feedUrls = (origin: string, token: string) => ({ feed: `${origin}/replies/feed/${token}`, revoke: `${origin}/replies/feed/${token}/revoke` });

type SubscribeDeps = { config: Config; store: Store; log: Logger };

/** Reply mail is offered on a board with a mail server, PUBLIC_URL (the mails' links) and its switch on. */
export const replyMailOn = (config: Config, store: Pick<Store, 'replySettings'>, board: string): boolean =>
  !!config.notify.smtp && !!config.publicUrl && store.replySettings(board).mailOn;

type PanelProps = {
  board: Board; m: Message; view: View; mailOn: boolean; days: number;
  feed?: { url: string; revoke: string; token?: string } | undefined;
  error?: string | undefined; notice?: string | undefined; email?: string | undefined;
  /** The feed was revoked: messages.js forgets this device's token. */
  forget?: boolean;
};

function Panel({ board, m, view, mailOn, days, feed, error, notice, email, forget }: PanelProps) {
  const base = `/b/${board.slug}/m/${m.id}/replies`;
  const q = view.langQuery ?? view.query;
  const button = (path: string, label: string) => (
    <button type="button" hx-post={`${base}/${path}${q}`} hx-target="closest form" hx-swap="outerHTML">{label}</button>
  );
  return (
    <form class="own own-replies" data-own={m.id} data-feed-forget={forget ? '1' : undefined} method="post" action={`${base}/mail${q}`} hx-post={`${base}/mail${q}`} hx-target="this" hx-swap="outerHTML">
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      {mailOn ? (
        <>
          <label for={`rm-${m.id}`}>{view.t('rm_email_label')}</label>
          <input id={`rm-${m.id}`} type="email" name="email" autocomplete="email" maxlength={254} value={email ?? ''} aria-describedby={`rm-h-${m.id}`} />
          <span id={`rm-h-${m.id}`} class="hint">{view.t('rm_privacy', { days })}</span>
          <div class="actions"><button type="submit">{view.t('rm_subscribe')}</button></div>
        </>
      ) : <p class="hint">{view.t('rm_mail_off')}</p>}
      {feed ? (
        <>
          <label for={`rf-${m.id}`}>{view.t('rm_feed_url')}</label>
          <input id={`rf-${m.id}`} readonly dir="ltr" value={feed.url} data-feed-token={feed.token} />
          <div class="actions">{button('revoke', view.t('rm_feed_revoke'))}</div>
        </>
      ) : <div class="actions">{button('feed', view.t('rm_feed_make'))}</div>}
      <div class="actions"><button type="button" class="own-cancel">{view.t('cancel')}</button></div>
    </form>
  );
}

export function subscribeRoutes({ config, store, log }: SubscribeDeps) {
  const app = new Hono<BoardEnv>();
  app.use('/b/:board/m/:id/replies/*', withBoard(store));
  app.use('/b/:board/m/:id/replies', withBoard(store));

  /** The message, when it is shown and the request carries its author's secret; else the refusal. */
  const authorise = (c: Context<BoardEnv>) => {
    const board = c.get('board');
    const view = viewFor(c, board);
    const id = c.req.param('id') ?? '';
    c.header('Cache-Control', 'no-store');
    const m = isMessageId(id) ? store.getMessage(id) : undefined;
    const refuse = (status: 403 | 404, text: string) =>
      sendHtml(c, String(<div class="own" data-own={m?.id ?? ''}><p class="error" role="alert">{text}</p></div>), status);
    if (!m || m.board !== board.slug || m.status !== 'visible') return refuse(404, view.t('err_edit_gone'));
    if (!secretMatches(store.ownerHash(m.id), c.req.header(SECRET_HEADER))) return refuse(403, view.t('err_edit_denied'));
    return { board, m, view };
  };

  /** This device's feed, when its token (header) names a live feed of this board. */
  const deviceFeed = (c: Context, board: Board): string | undefined => {
    const token = c.req.header(FEED_HEADER) ?? '';
    if (!/^[\w-]{22}$/.test(token)) return undefined;
    return store.replyFeed(feedHash(token))?.board === board.slug ? token : undefined;
  };

  const panel = (c: Context<BoardEnv>, ok: { board: Board; m: Message; view: View }, extra: Partial<PanelProps> = {}, status: 200 | 422 | 429 = 200) => {
    const token = deviceFeed(c, ok.board);
    const { origin } = linkOrigin(c, config);
    const urls = token && store.replyFeedHas(feedHash(token), ok.m.id) ? feedUrls(origin, token) : undefined;
    const props: PanelProps = {
      ...ok, mailOn: replyMailOn(config, store, ok.board.slug), days: store.replySettings(ok.board.slug).keepDays,
      feed: urls && { url: urls.feed, revoke: urls.revoke }, ...extra,
    };
    return sendHtml(c, String(<Panel {...props} />), status);
  };

  // GET /b/:board/m/:id/replies - the panel, in place of the author's tools
  app.get('/b/:board/m/:id/replies', (c) => {
    const ok = authorise(c);
    return ok instanceof Response ? ok : panel(c, ok);
  });

  // POST /b/:board/m/:id/replies/mail - opt in; the confirmation mail goes out with the worker's next round
  app.post('/b/:board/m/:id/replies/mail', async (c) => {
    const form = await readForm(c);
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    const email = (form?.get('email') ?? '').trim();
    if (!replyMailOn(config, store, ok.board.slug)) return panel(c, ok, { error: ok.view.t('rm_mail_off') }, 422);
    if (email.length > 254 || !isEmail(email)) return panel(c, ok, { error: ok.view.t('rm_err_email'), email }, 422);
    const added = store.addReplySub({ board: ok.board.slug, message: ok.m.id, email, lang: ok.view.lang });
    if (added === 'address_limit' || added === 'board_limit') {
      log.warn('reply mail opt-in refused', { board: ok.board.slug, id: ok.m.id, reason: added });
      return panel(c, ok, { error: ok.view.t('rm_err_limit') }, 429);
    }
    // The same answer for a repeat: it tells nobody whether an address was already there.
    if (added !== 'exists') log.info('reply mail opt-in', { board: ok.board.slug, id: ok.m.id, sub: added.id });
    return panel(c, ok, { notice: ok.view.t('rm_check_mail') });
  });

  // POST /b/:board/m/:id/replies/feed - the message joins this device's feed (a new one if it has none)
  app.post('/b/:board/m/:id/replies/feed', (c) => {
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    const held = deviceFeed(c, ok.board);
    const token = held ?? randomBytes(16).toString('base64url');
    store.addToReplyFeed(feedHash(token), ok.board.slug, ok.view.lang, ok.m.id);
    const urls = feedUrls(linkOrigin(c, config).origin, token);
    // data-feed-token (a new feed only): messages.js keeps it, so this device's later messages join it.
    return panel(c, ok, { feed: { url: urls.feed, revoke: urls.revoke, token: held ? undefined : token } });
  });

  // POST /b/:board/m/:id/replies/revoke - revoke this device's feed, from the box
  app.post('/b/:board/m/:id/replies/revoke', (c) => {
    const ok = authorise(c);
    if (ok instanceof Response) return ok;
    const token = deviceFeed(c, ok.board);
    if (token) store.revokeReplyFeed(feedHash(token));
    return panel(c, ok, { notice: ok.view.t('rm_feed_revoked'), feed: undefined, forget: true });
  });

  return app;
}
