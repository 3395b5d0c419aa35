/**
 * @module routes/widget
 * The public shoutbox:
 *   GET  /b/:board           the widget page (iframe target; works without JavaScript)
 *   GET  /b/:board/feed      the poll: 204 from memory when nothing changed, else the changes
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
import type { Poll } from './poll.ts';
import type { Metrics } from '../http/metrics.ts';
import type { Store } from '../store/store.ts';
import { clientIp, posterKey } from '../http/client-ip.ts';
import { databaseUnavailable, RETRY_AFTER_S } from '../store/faults.ts';
import type { Posting } from '../posting/pipeline.ts';
import { refusal, refusalText, type Refusal } from '../posting/refusal.ts';
import { PAGE_SIZE, type Board } from '../store/store.ts';
import { firstGraphemes, NAME_MAX, normaliseName } from '../posting/text.ts';
import { Lru } from '../lru.ts';
import { createWriter } from '../posting/writer.ts';
import { sendHtml, sendHtmlWithSlot, type HtmlVariants } from '../http/respond.ts';
import { ArchivePage, widgetDocument } from './archive.tsx';
import { ClosedOrForm, Widget } from './box.tsx';
import { SlowModePartial } from './slow-mode.tsx';
import { ChangesFragment, HeldOwn, OlderChunk, PinnedList, Poller, Presence, UpsertMessages, boardUrl, type View } from './views.tsx';
import { keptNameForm, PostForm, type FormState } from './post-form.tsx';
import { findReply, newOwnerSecret, OWN_HEADER, ownHeaderValue, replyState } from './ownership.ts';
import { missingBoardPage, PRESENCE_MS, viewFor } from './view.tsx';

/** What the widget's routes need from the app. */
export type WidgetDeps = { config: Config; store: Store; now: () => number; log: Logger; assets: Assets; poll: Poll; posting: Posting; metrics?: Metrics | undefined };

export function widgetRoutes(deps: WidgetDeps) {
  const { store, config, assets, log, posting, metrics } = deps;
  const writer = createWriter(store, metrics && ((size, seconds) => metrics.commit(size, seconds)));
  const app = new Hono<BoardEnv>();
  const { poll } = deps;
  const pollMs = poll.pollMs;

  const page = (board: Board, view: View, body: Child, lazy = false) => widgetDocument(assets, board, view, body, lazy);
  /** The flood guard's slow mode as part of a cache key: on, since when and until when. */
  const slowKey = (board: Board) => {
    const slow = posting.slowMode(board);
    return slow ? `${slow.since}:${slow.until}` : '';
  };

  /** The full widget document, for page loads and for no-JS answers with a form state. */
  const widgetPage = (board: Board, view: View, state?: FormState, token = posting.issueToken(board.slug)) =>
    page(board, view,
      <Widget extras={assets.urls.extras} messagesJs={assets.urls.messages} moreCss={assets.urls.more} board={board} messages={store.latest(board.slug)} pinned={store.pinned(board.slug)} pollMs={pollMs(board)} view={view}
        token={token} state={state} online={board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS} slow={posting.slowMode(board)} />,
      true,
    );
  // The cached page holds this unguessable stand-in where each answer puts its own fresh
  // token: a shared token would let one visitor's post spend everyone's form, and a cached
  // issue time would defeat the too-fast check. The token input is the page's last element,
  // after every message, and respond.ts looks for the last occurrence.
  const TOKEN_SLOT = `token-slot-${randomBytes(9).toString('base64url')}`;

  /**
   * The form alone (htmx answers), with a fresh token: a form is never sent twice with one. (An
   * accepted post's answer uses keptNameForm, with a follow-up token: its quick next message is no bot's.)
   */
  const postForm = (board: Board, view: View, state?: FormState) =>
    <PostForm board={board} view={view} token={posting.issueToken(board.slug)} state={state} />;

  /** A refused post: the form with the visitor's text kept (nothing they wrote is lost) and the reason, as fragment or page. */
  const refuse = (c: Context, board: Board, view: View, r: Refusal, kept: FormState = {}) => {
    metrics?.refused(r.code);
    c.header('Cache-Control', 'no-store');
    if (r.retryAfterS) c.header('Retry-After', String(r.retryAfterS));
    const state = { ...kept, error: refusalText(view.t, view.lang, r) };
    return sendHtml(c, isHtmx(c) ? String(postForm(board, view, state)) : widgetPage(board, view, state), r.status);
  };

  const boardMissing = missingBoardPage(assets);

  // Every /b/:board… route (this pattern matches /b/:board itself too) is for a known board.
  app.use('/b/:board/*', withBoard(store, 'board', boardMissing));

  // GET /b/:board - the widget
  app.get('/b/:board', (c) => {
    const board = c.get('board');
    c.header('Cache-Control', 'no-cache');
    const view = viewFor(c, board);
    const online = board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS;
    // After a no-JS post that went to the moderators, say so (the htmx answer says it inline).
    // After a no-JS post, the name comes back in the URL: that page has its own form, uncached.
    const name = firstGraphemes(normaliseName(c.req.query('name') ?? ''), NAME_MAX);
    if (c.req.query('held') === '1' || name) {
      return sendHtml(c, widgetPage(board, view, { name, notice: c.req.query('held') === '1' ? view.t('held_notice') : undefined }));
    }
    // No-JS reply link: the form pre-filled with "@Name " and the answered message.
    const replyId = c.req.query('reply');
    if (replyId !== undefined) return sendHtml(c, widgetPage(board, view, replyState(store, board.slug, replyId, view.t)));
    return sendHtmlWithSlot(c, plainPage(board, view, online), TOKEN_SLOT, posting.issueToken(board.slug));
  });

  /** The cached page of a plain first view (no form state), its token slot still in it; also answered before Hono (first-view.ts). */
  const plainPage = (board: Board, view: View, online = board.presence && deps.now() - store.adminSeenAt() < PRESENCE_MS): HtmlVariants => {
    // The presence line and the flood guard's slow mode depend on the time, not on the board:
    // they are part of the cache key.
    return cached(board, `page|${view.lang}|${view.query}|${online}|${slowKey(board)}`, () => widgetPage(board, view, undefined, TOKEN_SLOT));
  };

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
    const seenSlow = parseCursor(c.req.query('slow')) ?? 0; // the slow-mode epoch this box shows
    // Cache-Control (same URL, same answer for everyone) and X-Here-Now (this poll, counted in
    // memory) for every answer; server.ts gives the no-change 204 before Hono with the same call.
    const { headers, unchanged } = poll.answer(board, rev, seenSlow);
    for (let i = 0; i < headers.length; i += 2) c.header(headers[i]!, headers[i + 1]!);
    if (unchanged) return c.body(null, 204); // from memory: no SQL, no rendering
    const view = viewFor(c, board);
    const slow = posting.slowMode(board);
    // The line goes along while slow mode is on (its end may have moved) and once when it ended.
    const slowLine = slow !== null || seenSlow !== 0;
    // Every client N behind asks the same question: render the answer once.
    const answer = cached(board, `feed|${rev}|${slowLine && slowKey(board)}|${view.lang}|${view.query}`, () => {
      const changes = store.changesSince(board.slug, rev)!;
      const latest = changes.full ? store.latest(board.slug) : undefined;
      return String(
        <>
          <Poller board={board.slug} rev={changes.rev} pollMs={pollMs(board)} view={view} closed={board.closed} slow={slow?.since} />
          <ChangesFragment changes={changes} latest={latest} view={view} />
          {slowLine && <SlowModePartial slow={slow} view={view} />}
          {/* Pins change rarely but any change may touch them: the pinned list is re-sent whole. */}
          <hx-partial hx-target="#pinned" hx-swap="outerHTML">
            <PinnedList messages={store.pinned(board.slug)} view={view} />
          </hx-partial>
        </>,
      );
    });
    // The board closed or opened since this widget's page was made: swap the form in or out
    // (not cached: an open form carries its own fresh token).
    if ((c.req.query('closed') === '1') === board.closed) return sendHtml(c, answer);
    c.header('Cache-Control', 'no-store');
    return sendHtml(c, answer.html + String(
      <hx-partial hx-target="#post-form" hx-swap="outerHTML">
        <ClosedOrForm board={board} view={view} token={posting.issueToken(board.slug)} />
      </hx-partial>,
    ));
  });

  // POST /b/:board/messages - post a message: parse, run the pipeline, write, answer
  app.post('/b/:board/messages', async (c) => {
    const board = c.get('board');
    const view = viewFor(c, board);
    const form = await readForm(c);
    if (!form) return refuse(c, board, view, refusal('bad_form'));
    const reply = findReply(store, board.slug, form.get('reply_to'));
    // What the visitor typed goes back into the form on any refusal: nothing they wrote is lost.
    const kept = { name: form.get('name'), body: form.get('body'), replyTo: reply && reply !== 'gone' ? reply : undefined };
    // Read per post, so `npm run admin -- rotate-secret` takes effect without a restart.
    const poster = posterKey(clientIp(c, config.trustProxy), store.posterSecret());
    const verdict = posting.check({ board, poster, fields: form.get, reply });
    if ('refusal' in verdict) return refuse(c, board, view, verdict.refusal, kept);
    const { name, body, held } = verdict.accepted;
    const undo = verdict.accepted.claim();
    // Only a device that can keep the secret (htmx: JavaScript, localStorage) gets one.
    const own = isHtmx(c) && !held && board.editWindow > 0 ? newOwnerSecret() : null;
    const answered = reply && reply !== 'gone' ? reply : null;
    let message;
    try {
      message = await writer.add({
        board: board.slug, author: name, body, poster, status: held ? 'held' : 'visible',
        replyTo: answered?.id, replyName: answered?.name, ownerHash: own?.hash,
      });
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
      // The name rides along in the URL, so the next form has it without a cookie.
      const extra = new URLSearchParams({ ...(held ? { held: '1' } : {}), ...(name ? { name } : {}) });
      const url = boardUrl(board.slug, view);
      return c.redirect(extra.size ? `${url}${url.includes('?') ? '&' : '?'}${extra}` : url, 303);
    }
    c.header('Cache-Control', 'no-store');
    // A held message is shown to its author alone, greyed, in this answer (views.tsx HeldOwn), and they are told it awaits approval.
    if (held) return sendHtml(c, String(<>{postForm(board, view, { name: kept.name, notice: view.t('held_notice') })}<HeldOwn m={message} view={view} /></>));
    const slow = posting.slowMode(board);
    const ownHeader = own && ownHeaderValue(board, message.id, own.secret);
    if (ownHeader) c.header(OWN_HEADER, ownHeader); // this answer only: no-store, never cached
    // The fresh form (name kept) replaces the old one; the message shows at once. The poller
    // stays at its own rev, so it still fetches what others posted meanwhile; the upsert
    // keyed by message id keeps this message from showing twice.
    // The form from its cached markup (post-form.tsx): rendering it whole was most of the answer's cost.
    const nextForm = keptNameForm(board, view, posting.issueToken(board.slug, true), kept.name);
    // This post may have started slow mode: its poster learns at once, the others by their poll.
    return sendHtml(c, nextForm + UpsertMessages({ messages: [message], view }) + (slow ? String(<SlowModePartial slow={slow} view={view} />) : ''));
  });

  return Object.assign(app, { firstView: { page: plainPage, slot: TOKEN_SLOT } });
}
