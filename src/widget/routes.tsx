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
import { requestId } from '../http/request-id.ts';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { isHtmx, parseCursor, readForm } from '../http/request.ts';
import type { Assets } from '../http/assets.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { secondsUp, type RateLimiter } from '../rate-limit.ts';
import type { Poll } from './poll.ts';
import type { Metrics } from '../http/metrics.ts';
import type { Store } from '../store/store.ts';
import { clientIp, posterKey } from '../http/client-ip.ts';
import { databaseUnavailable, RETRY_AFTER_S } from '../store/faults.ts';
import { isLang, pickLang, t } from '../i18n/i18n.ts';
import { createPosting } from '../posting/pipeline.ts';
import { refusal, refusalText, type Refusal } from '../posting/refusal.ts';
import { PAGE_SIZE, type Board } from '../store/store.ts';
import { accentUrl, parseAccent, parseTheme } from './theme.ts';
import { Lru } from '../lru.ts';
import { createWriter } from '../posting/writer.ts';
import { sendHtml, sendHtmlWithSlot, type HtmlVariants } from '../http/respond.ts';
import { documentHtml, Layout } from '../http/layout.tsx';
import { ArchivePage } from './archive.tsx';
import { ChangesFragment, OlderChunk, PinnedList, Poller, Presence, UpsertMessages, PostForm, Widget, boardUrl, type FormState, type View } from './views.tsx';


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
export type WidgetDeps = { config: Config; store: Store; limiter: RateLimiter; now: () => number; log: Logger; assets: Assets; poll: Poll; metrics?: Metrics | undefined };

export function widgetRoutes(deps: WidgetDeps) {
  const { store, config, limiter, assets, log } = deps;
  const { metrics } = deps;
  const writer = createWriter(store, metrics && ((size, seconds) => metrics.commit(size, seconds)));
  const posting = createPosting({ config, store, limiter, now: deps.now, secret: store.formSecret() });
  const app = new Hono<BoardEnv>();
  const { poll } = deps;
  const pollMs = poll.pollMs;

  /** The shell of every widget document: theme class, accent stylesheet, widget.js. */
  const page = (board: Board, view: View, body: Child) =>
    documentHtml(
      <Layout lang={view.lang} title={board.title} assets={assets} bodyClass="widget" theme={view.theme}
        extraCss={view.accent ? accentUrl(view.accent) : undefined} extraScripts={[assets.urls.widget]} feed={`/b/${board.slug}/feed.atom${view.langQuery ?? ''}`}>
        {body}
      </Layout>,
    );

  /** Standing notices above the form (the flood guard's slow mode), added to any form state. */
  const withNotice = (board: Board, view: View, state: FormState = {}): FormState => {
    const slow = posting.slowMode(board.slug);
    // A notice the caller already set (say, "your message awaits approval") comes first.
    if (!slow || state.notice) return state;
    return { ...state, notice: view.t('slow_notice', { interval: secondsUp(slow.intervalMs) }) };
  };

  /** The full widget document, for page loads and for no-JS answers with a form state. */
  const widgetPage = (board: Board, view: View, state?: FormState, token = posting.issueToken(board.slug)) =>
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
    <PostForm board={board} view={view} token={posting.issueToken(board.slug)} state={withNotice(board, view, state)} />;

  /** A refused post: the form with the visitor's text kept (nothing they wrote is lost) and the reason, as fragment or page. */
  const refuse = (c: Context, board: Board, view: View, r: Refusal, kept: FormState = {}) => {
    metrics?.refused(r.code);
    c.header('Cache-Control', 'no-store');
    if (r.retryAfterS) c.header('Retry-After', String(r.retryAfterS));
    const state = { ...kept, error: refusalText(view.t, view.lang, r) };
    return sendHtml(c, isHtmx(c) ? String(postForm(board, view, state)) : widgetPage(board, view, state), r.status);
  };

  // Every /b/:board… route (this pattern matches /b/:board itself too) is for a known board.
  app.use('/b/:board/*', withBoard(store));

  // GET /b/:board - the widget
  app.get('/b/:board', (c) => {
    const board = c.get('board');
    c.header('Cache-Control', 'no-cache');
    const view = viewFor(c, board);
    const online = board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS;
    // After a no-JS post that went to the moderators, say so (the htmx answer says it inline).
    if (c.req.query('held') === '1') return sendHtml(c, widgetPage(board, view, { notice: view.t('held_notice') }));
    // The presence line and the flood guard's slow mode depend on the time, not on the board:
    // they are part of the cache key.
    const slow = posting.slowMode(board.slug) ? 'slow' : '';
    const page = cached(board, `page|${view.lang}|${view.query}|${online}|${slow}`, () => widgetPage(board, view, undefined, TOKEN_SLOT));
    return sendHtmlWithSlot(c, page, TOKEN_SLOT, posting.issueToken(board.slug));
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
    const board = c.get('board');
    const view = viewFor(c, board);
    // A mangled cursor starts from the newest: the archive is a read, never an error.
    const before = parseCursor(c.req.query('before')) ?? Number.MAX_SAFE_INTEGER;
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
    const board = c.get('board');
    // A missing or mangled cursor gets the whole list, never an error: it's a poll.
    const rev = parseCursor(c.req.query('rev')) ?? -1;
    // Cache-Control (same URL, same answer for everyone) and X-Here-Now (this poll, counted in
    // memory) for every answer; server.ts gives the no-change 204 before Hono with the same call.
    for (const [name, value] of Object.entries(poll.headers(board))) c.header(name, value);
    poll.counts.polls++;
    if (rev === board.rev) {
      poll.counts.unchanged++;
      return c.body(null, 204); // from memory: no SQL, no rendering
    }
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
    const board = c.get('board');
    if (!board.presence) return c.body(null, 204);
    c.header('Cache-Control', 'public, max-age=30');
    const online = deps.now() - store.adminSeenAt() < PRESENCE_MS;
    return c.html(<Presence board={board.slug} online={online} view={viewFor(c, board)} />);
  });

  // POST /b/:board/messages - post a message: parse, run the pipeline, write, answer
  app.post('/b/:board/messages', async (c) => {
    const board = c.get('board');
    const view = viewFor(c, board);
    const form = await readForm(c);
    if (!form) return refuse(c, board, view, refusal('bad_form'));
    const kept = { name: form.get('name'), body: form.get('body') };
    // Read per post, so `npm run admin -- rotate-secret` takes effect without a restart.
    const poster = posterKey(clientIp(c, config.trustProxy), store.posterSecret());
    const verdict = posting.check({ board, poster, fields: form.get });
    if ('refusal' in verdict) return refuse(c, board, view, verdict.refusal, kept);
    const { name, body, held } = verdict.accepted;
    const undo = verdict.accepted.claim();
    let message;
    try {
      message = await writer.add({ board: board.slug, author: name, body, poster, status: held ? 'held' : 'visible' });
    } catch (err) {
      undo(); // not posted: the form may be sent again, the text is not a repeat, slow mode not started
      // Locked, read-only, full: say so, keep the text, stay up; the next try may well succeed.
      const reason = databaseUnavailable(err);
      if (!reason) throw err;
      log.warn('post refused: database unavailable', { id: requestId(c), board: board.slug, reason, error: (err as Error).message });
      return refuse(c, board, view, refusal('unavailable', {}, RETRY_AFTER_S), kept);
    }
    log.info('message posted', { board: board.slug, id: message.id, poster: poster.slice(0, 8), held });
    metrics?.accepted(held);

    if (!isHtmx(c)) {
      const url = boardUrl(board.slug, view);
      return c.redirect(held ? `${url}${url.includes('?') ? '&' : '?'}held=1` : url, 303);
    }
    c.header('Cache-Control', 'no-store');
    // A held message is shown to nobody, the poster included: they are told it awaits approval.
    if (held) return sendHtml(c, String(postForm(board, view, { name: kept.name, notice: view.t('held_notice') })));
    // The fresh form (name kept) replaces the old one; the message shows at once. The poller
    // stays at its own rev, so it still fetches what others posted meanwhile; the upsert
    // keyed by message id keeps this message from showing twice.
    return sendHtml(
      c,
      String(
        <>
          {postForm(board, view, { name: kept.name })}
          <UpsertMessages messages={[message]} view={view} />
        </>,
      ),
    );
  });

  return app;
}
