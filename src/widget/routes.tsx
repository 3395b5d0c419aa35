/**
 * @module routes/widget
 * The public shoutbox:
 *   GET  /b/:board           the widget page (iframe target; works without JavaScript)
 *   GET  /b/:board/feed      the poll: 204 from memory when nothing changed, else the changes
 *   GET  /b/:board/presence  "a moderator is online" (boards with presence on)
 *   GET  /b/:board/archive   older messages by keyset (?before=SEQ): a page, or with htmx the next chunk
 *   POST /b/:board/messages  post: htmx gets the fresh form + the message, no-JS a 303
 */
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import { requestId, type AppEnv } from '../http/request-id.ts';
import type { Assets } from '../http/assets.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { Poll } from './poll.ts';
import type { Store } from '../store/store.ts';
import { clientIp, posterKey } from '../http/client-ip.ts';
import { databaseUnavailable, RETRY_AFTER_S } from '../store/faults.ts';
import { isLang, pickLang, t } from '../i18n/i18n.ts';
import { checkBan, checkLinks, checkSlowMode, checkWords, mustHold } from '../posting/post-rules.ts';
import { createPostRules, type Refusal } from '../posting/spam-rules.ts';
import { problemText, ruleRefusal } from '../posting/refusals.ts';
import { isSlug, type Board } from '../store/store.ts';
import { accentUrl, parseAccent, parseTheme } from './theme.ts';
import { checkPost, normaliseBody, normaliseName } from '../posting/text.ts';
import { Lru } from '../lru.ts';
import { createWriter } from '../posting/writer.ts';
import { sendHtml, sendHtmlWithSlot, type HtmlVariants } from '../http/respond.ts';
import { documentHtml, Layout } from '../http/layout.tsx';
import { ArchivePage } from './archive.tsx';
import { findReply, newOwnerSecret, OWN_HEADER, ownHeaderValue, replyState } from './ownership.ts';
import { ChangesFragment, OlderChunk, PAGE_SIZE, PinnedList, Poller, Presence, UpsertMessages, PostForm, Widget, boardUrl, type FormState, type View } from './views.tsx';


/** A moderator counts as online for two minutes after their session's last activity. */
export const PRESENCE_MS = 2 * 60 * 1000;

/** The language and look, and the query string every widget URL carries forward. */
export function viewFor(c: Context, board: Board | undefined): View {
  const q = c.req.query('lang');
  const lang = pickLang(q, board?.lang, c.req.header('accept-language'));
  const theme = parseTheme(c.req.query('theme'));
  const accent = parseAccent(c.req.query('accent'));
  const params = new URLSearchParams();
  if (isLang(q)) params.set('lang', q);
  if (theme !== 'auto') params.set('theme', theme);
  if (accent) params.set('accent', accent);
  const query = params.size ? `?${params}` : '';
  return { lang, t: t(lang), query, langQuery: isLang(q) ? `?lang=${q}` : '', theme, accent };
}

/** What the widget's routes need from the app. */
export type WidgetDeps = { config: Config; store: Store; limiter: RateLimiter; now: () => number; log: Logger; assets: Assets; poll: Poll };

export function widgetRoutes(deps: WidgetDeps) {
  const { store, config, limiter, assets, log } = deps;
  const writer = createWriter(store);
  const rules = createPostRules({ config, now: deps.now, secret: store.formSecret() });
  const app = new Hono<AppEnv>();
  const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';
  const recentPosts = new Lru<string, number>(10_000);
  const { poll } = deps;
  const pollMs = poll.pollMs;

  /** The shell of every widget document: theme class, accent stylesheet, widget.js. */
  const page = (board: Board, view: View, body: Child) =>
    documentHtml(
      <Layout lang={view.lang} title={board.title} assets={assets} bodyClass="widget" theme={view.theme}
        extraCss={view.accent ? accentUrl(view.accent) : undefined} extraScripts={[assets.urls.widget, assets.urls.messages]}>
        {body}
      </Layout>,
    );

  /** Standing notices above the form (the flood guard's slow mode), added to any form state. */
  const withNotice = (board: Board, view: View, state: FormState = {}): FormState => {
    const slow = rules.slowMode(board.slug);
    // A notice the caller already set (say, "your message awaits approval") comes first.
    if (!slow || state.notice) return state;
    return { ...state, notice: view.t('slow_notice', { interval: Math.ceil(slow.intervalMs / 1000) }) };
  };

  /** The full widget document, for page loads and for no-JS answers with a form state. */
  const widgetPage = (board: Board, view: View, state?: FormState, token = rules.issueToken(board.slug)) =>
    page(board, view,
      <Widget board={board} messages={store.latest(board.slug, PAGE_SIZE)} pinned={store.pinned(board.slug)} pollMs={pollMs(board)} view={view}
        token={token} state={withNotice(board, view, state)} online={board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS} />,
    );
  // The cached page holds this unguessable stand-in where each answer puts its own fresh
  // token: a shared token would let one visitor's post spend everyone's form, and a cached
  // issue time would defeat the too-fast check. The form comes before any message text, so
  // the first occurrence is the form's.
  const TOKEN_SLOT = `token-slot-${randomBytes(9).toString('base64url')}`;

  /** The form alone (htmx answers), with a fresh token: a form is never sent twice with one. */
  const postForm = (board: Board, view: View, state?: FormState) =>
    <PostForm board={board} view={view} token={rules.issueToken(board.slug)} state={withNotice(board, view, state)} />;

  /** A refused post: the form with the visitor's text kept and the reason, as fragment or page. */
  const refuse = (c: Context, board: Board, view: View, status: Refusal['status'] | 503, state: FormState) => {
    c.header('Cache-Control', 'no-store');
    const html = isHtmx(c) ? String(postForm(board, view, state)) : widgetPage(board, view, state);
    return sendHtml(c, html, status);
  };
  const refuseWith = (c: Context, board: Board, view: View, r: Refusal, kept: FormState) => {
    if (r.retryAfterS) c.header('Retry-After', String(r.retryAfterS));
    return refuse(c, board, view, r.status, { ...kept, error: r.error });
  };

  // Every /b/:board… route (this pattern matches /b/:board itself too) is for a known board.
  app.use('/b/:board/*', async (c, next) => {
    const slug = c.req.param('board');
    if (!isSlug(slug) || !store.getBoard(slug)) return c.notFound();
    await next();
  });

  // GET /b/:board - the widget
  app.get('/b/:board', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    c.header('Cache-Control', 'no-cache');
    const view = viewFor(c, board);
    const online = board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS;
    // After a no-JS post that went to the moderators, say so (the htmx answer says it inline).
    if (c.req.query('held') === '1') return sendHtml(c, widgetPage(board, view, { notice: view.t('held_notice') }));
    // No-JS reply link: the form pre-filled with "@Name " and the answered message.
    const replyId = c.req.query('reply');
    if (replyId !== undefined) return sendHtml(c, widgetPage(board, view, replyState(store, board.slug, replyId, view.t)));
    // The presence line and the flood guard's slow mode depend on the time, not on the board:
    // they are part of the cache key.
    const slow = rules.slowMode(board.slug) ? 'slow' : '';
    const page = cached(board, `page|${view.lang}|${view.query}|${online}|${slow}`, () => widgetPage(board, view, undefined, TOKEN_SLOT));
    return sendHtmlWithSlot(c, page, TOKEN_SLOT, rules.issueToken(board.slug));
  });

  // Rendered answers per board: keyed by the Board object, which the store replaces on any
  // change to the board (a new rev or new settings), so an entry can never be stale; the old
  // board's entries are garbage once nothing holds it. Each board's map is bounded.
  const rendered = new WeakMap<Board, Lru<string, HtmlVariants>>();
  const cached = (board: Board, key: string, make: () => string): HtmlVariants => {
    let lru = rendered.get(board);
    if (!lru) rendered.set(board, (lru = new Lru(64)));
    return lru.getOrSet(key, () => ({ html: make() }));
  };

  // GET /b/:board/archive?before=SEQ - older messages (keyset): htmx gets the next chunk, no-JS a page
  app.get('/b/:board/archive', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    const view = viewFor(c, board);
    const raw = c.req.query('before') ?? '';
    // A mangled cursor starts from the newest: the archive is a read, never an error.
    const before = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.MAX_SAFE_INTEGER;
    // Older pages only change when a moderator removes something: a short shared cache is fine.
    c.header('Cache-Control', 'public, max-age=10');
    const chunk = isHtmx(c); // htmx's "load older" wants the next chunk; no-JS a whole page
    // Rendered once per board state, like the first page (see `cached` above).
    const answer = cached(board, `${chunk ? 'older' : 'archive'}|${before}|${view.lang}|${view.query}`, () => {
      const rows = store.before(board.slug, before, PAGE_SIZE + 1);
      const more = rows.length > PAGE_SIZE;
      const messages = rows.slice(0, PAGE_SIZE);
      if (chunk) return String(<OlderChunk board={board.slug} messages={messages} more={more} view={view} />);
      return page(board, view, <ArchivePage board={board} messages={messages} more={more} view={view} />);
    });
    return sendHtml(c, answer);
  });

  // GET /b/:board/feed?rev=N - the poll (the hot path)
  app.get('/b/:board/feed', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    const raw = c.req.query('rev') ?? '';
    // A missing or mangled cursor gets the whole list, never an error: it's a poll.
    const rev = /^\d{1,15}$/.test(raw) ? Number(raw) : -1;
    // Cache-Control (same URL, same answer for everyone) and X-Here-Now (this poll, counted in
    // memory) for every answer; server.ts gives the no-change 204 before Hono with the same call.
    for (const [name, value] of Object.entries(poll.headers(board))) c.header(name, value);
    if (rev === board.rev) return c.body(null, 204); // from memory: no SQL, no rendering
    const view = viewFor(c, board);
    // Every client N behind asks the same question: render the answer once.
    const answer = cached(board, `feed|${rev}|${view.lang}|${view.query}`, () => {
      const changes = store.changesSince(board.slug, rev)!;
      const latest = changes.full ? store.latest(board.slug) : undefined;
      return String(
        <>
          <Poller board={board.slug} rev={changes.rev} pollMs={pollMs(board)} view={view} />
          <ChangesFragment changes={changes} latest={latest} view={view} />
          {/* Pins change rarely but any change may touch them: the pinned list is re-sent whole. */}
          <hx-partial hx-target="#pinned" hx-swap="outerHTML">
            <PinnedList messages={store.pinned(board.slug)} view={view} />
          </hx-partial>
        </>,
      );
    });
    return sendHtml(c, answer);
  });

  // GET /b/:board/presence - the "a moderator is online" line, from memory
  app.get('/b/:board/presence', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    if (!board.presence) return c.body(null, 204);
    c.header('Cache-Control', 'public, max-age=30');
    const online = deps.now() - store.adminSeenAt() < PRESENCE_MS;
    return c.html(<Presence board={board.slug} online={online} view={viewFor(c, board)} />);
  });

  // POST /b/:board/messages - post a message
  app.post('/b/:board/messages', async (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    const view = viewFor(c, board);
    const form = await c.req.parseBody().catch(() => null);
    if (!form) return refuse(c, board, view, 422, { error: view.t('err_bad_form') });
    const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const name = normaliseName(field('name'));
    const body = normaliseBody(field('body'));
    // What the visitor typed goes back into the form on any refusal: nothing they wrote is lost.
    const reply = findReply(store, board.slug, field('reply_to'));
    const kept = { name: field('name'), body: field('body'), replyTo: reply && reply !== 'gone' ? reply : undefined };

    if (board.closed) return refuse(c, board, view, 403, { ...kept, error: view.t('err_closed') });
    // Bot checks first (honeypot, form token), so a bot learns nothing about the other rules.
    const formProblem = rules.checkForm(view.t, { board: board.slug, maxLength: board.maxLength, fields: field });
    if (formProblem) return refuseWith(c, board, view, formProblem, kept);
    // Read per post, so `npm run admin -- rotate-secret` takes effect without a restart.
    const poster = posterKey(clientIp(c, config.trustProxy), store.posterSecret());
    const banned = checkBan(store, poster);
    if (banned) {
      const r = ruleRefusal(view.t, banned, view.lang);
      return refuse(c, board, view, r.status, { ...kept, error: r.text });
    }
    if (reply === 'gone') return refuse(c, board, view, 422, { ...kept, error: view.t('err_reply_gone') });
    const problem = checkPost(body, name, board.maxLength);
    if (problem) return refuse(c, board, view, 422, { ...kept, error: problemText(view.t, problem) });
    // The board's slow mode, or the flood guard's temporary one if that is longer: one mechanism.
    const floodSlow = rules.floodSlowSeconds(board.slug);
    const slowBoard = floodSlow > board.slowMode ? { ...board, slowMode: floodSlow } : board;
    const slowKey = `${board.slug}\n${poster}`;
    const lastPost = slowBoard.slowMode > 0 ? Math.max(store.lastPostAt(board.slug, poster) ?? 0, recentPosts.get(slowKey) ?? 0) || null : null;
    const ruled = checkSlowMode(slowBoard, lastPost, deps.now()) ?? checkLinks(board, body) ?? checkWords(board, `${name}\n${body}`);
    if (ruled) {
      const r = ruleRefusal(view.t, ruled, view.lang);
      if (ruled.code === 'slow') c.header('Retry-After', String(Math.max(1, Math.ceil(ruled.retryAfterMs / 1000))));
      // A flood-time slow mode says so, so people know it is temporary and why.
      const text = ruled.code === 'slow' && slowBoard !== board ? rules.floodSlowText(view.t, ruled.retryAfterMs) : r.text;
      return refuse(c, board, view, r.status, { ...kept, error: text });
    }

    const input = { board: board.slug, maxLength: board.maxLength, fields: field, body, poster };
    const contentProblem = rules.checkContent(view.t, input);
    if (contentProblem) return refuseWith(c, board, view, contentProblem, kept);
    const rate = limiter.take(`${board.slug}\n${poster}`);
    if (!rate.ok) {
      const seconds = Math.max(1, Math.ceil(rate.retryAfterMs / 1000));
      c.header('Retry-After', String(seconds));
      return refuse(c, board, view, 429, { ...kept, error: view.t('err_rate', { seconds }) });
    }

    // Posts of this event-loop turn commit together (writer.ts), after later checks could run:
    // remember the accepted time now so a second post in the same turn meets slow mode too.
    if (slowBoard.slowMode > 0) recentPosts.set(slowKey, deps.now());
    const held = mustHold(board, `${name}\n${body}`);
    // Token and text are claimed before the write is awaited, so two copies of one form racing
    // each other cannot both get through; a failed write gives them back.
    const undo = rules.accept(input);
    // Only a device that can keep the secret (htmx: JavaScript, localStorage) gets one.
    const own = isHtmx(c) && !held && board.editWindow > 0 ? newOwnerSecret() : null;
    let message;
    try {
      message = await writer.add({
        board: board.slug, author: name, body, poster, status: held ? 'held' : 'visible',
        replyTo: reply?.id, replyName: reply?.name, ownerHash: own?.hash,
      });
    } catch (err) {
      undo(); // not posted: the form may be sent again, and the text is not a repeat
      // Locked, read-only, full: say so, keep the text, stay up; the next try may well succeed.
      const reason = databaseUnavailable(err);
      if (!reason) throw err;
      recentPosts.delete(slowKey); // not posted, so not counted by slow mode
      log.warn('post refused: database unavailable', { id: requestId(c), board: board.slug, reason, error: (err as Error).message });
      c.header('Retry-After', String(RETRY_AFTER_S));
      return refuse(c, board, view, 503, { ...kept, error: view.t('err_unavailable') });
    }
    log.info('message posted', { board: board.slug, id: message.id, poster: poster.slice(0, 8), held });

    if (!isHtmx(c)) {
      const url = boardUrl(board.slug, view);
      return c.redirect(held ? `${url}${url.includes('?') ? '&' : '?'}held=1` : url, 303);
    }
    c.header('Cache-Control', 'no-store');
    // A held message is shown to nobody, the poster included: they are told it awaits approval.
    if (held) return sendHtml(c, String(postForm(board, view, { name: field('name'), notice: view.t('held_notice') })));
    const ownHeader = own && ownHeaderValue(board, message.id, own.secret);
    if (ownHeader) c.header(OWN_HEADER, ownHeader); // this answer only: no-store, never cached
    // The fresh form (name kept) replaces the old one; the message shows at once. The poller
    // stays at its own rev, so it still fetches what others posted meanwhile; the upsert
    // keyed by message id keeps this message from showing twice.
    return sendHtml(
      c,
      String(
        <>
          {postForm(board, view, { name: field('name') })}
          <UpsertMessages messages={[message]} view={view} />
        </>,
      ),
    );
  });

  return app;
}
