/**
 * @module views/widget
 * The shoutbox: one set of components renders the full page, the POST answer and the poll
 * answer, so what a poll inserts is byte-for-byte what a reload would show.
 */
import { raw } from 'hono/html';
import { Lru } from '../lru.ts';
import { FIRST_VIEW, type Board, type Changes, type Message as MessageRow } from '../store/store.ts';
import type { Lang, Translate } from '../i18n/i18n.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { permalinkUrl, type ReplyTarget } from './reply-views.tsx';
import { messageItemHtml } from './message-item.ts';

export { permalinkUrl, type ReplyTarget };

export type Theme = 'light' | 'dark' | 'auto';

/**
 * What every widget URL carries forward: `query` holds the visitor's explicit choices (lang,
 * theme, accent) for page, form and archive URLs; `langQuery` only the language, for the poll,
 * so the poll URL (and its cache entry) stays the same for every look.
 */
export type View = { lang: Lang; t: Translate; query: string; langQuery?: string; theme?: Theme; accent?: string | null; accentFg?: string | null };

export const boardUrl = (board: string, view: View, sub = '') => `/b/${board}${sub}${view.query}`;
/** Where a board's feed lives (the widget and archive pages link to it). */
export const atomUrl = (board: string, view: Pick<View, 'langQuery'>) => `/b/${board}/feed.atom${view.langQuery ?? ''}`;

// Rendered messages by id, rev, language, query (its links carry it) and place: a message's HTML
// changes only when its rev does (every status, pin or text change bumps it), so the sanitiser
// runs once per message, not per view.
const rendered = new Lru<string, string>(5000);

/**
 * One message: its markup (message-item.ts) from the cache. `pinnedCopy`: its copy in the pinned
 * list; `current`: the highlighted one of a permalink page.
 */
export function Message({ m, view, pinnedCopy, current }: { m: MessageRow; view: View; pinnedCopy?: boolean; current?: boolean }) {
  const key = `${m.id}|${m.rev}|${view.lang}|${view.query}|${pinnedCopy ? 'p' : 'm'}${current ? 'c' : ''}`;
  return raw(rendered.getOrSet(key, () => messageItemHtml(m, view, pinnedCopy, current)));
}

/**
 * The author's own held message, in the answer to their post only: greyed, "only you can see
 * this". Not a live message: no seq (polls never sort it), gone on reload, replaced by the real
 * one if a moderator approves it (same id).
 */
export function HeldOwn({ m, view }: { m: MessageRow; view: View }) {
  return (
    <hx-partial hx-target="#messages" hx-swap="afterbegin">
      <li id={`m-${m.id}`} class="msg held" data-seq={m.seq}>
        <span class="meta"><span class={m.author ? 'author' : 'author anon'} dir="auto">{m.author || view.t('anonymous')}</span></span>
        <MessageBody body={m.body} />
        <span class="held-note">{view.t('held_own')}</span>
      </li>
    </hx-partial>
  );
}

// The live region: only what is inserted later (new messages) is announced; older pages go
// into separate, non-live lists so "load older" doesn't read fifty messages aloud.
export function MessageList({ messages, view, board }: { messages: MessageRow[]; view: View; board?: string }) {
  const last = messages[messages.length - 1];
  return (
    <>
      <ol id="messages" class="messages" aria-live="polite" aria-label={view.t('messages_label')}>
        {messages.map((m) => <Message m={m} view={view} />)}
      </ol>
      <p class="empty">{view.t('empty')}</p>
      {board && last && messages.length >= FIRST_VIEW && <OlderLink board={board} before={last.seq} view={view} />}
    </>
  );
}

/** "Load older": a plain link to the archive page (no JS); with htmx it swaps in the next page. */
export function OlderLink({ board, before, view }: { board: string; before: number; view: View }) {
  const url = `${boardUrl(board, view, '/archive')}${view.query ? '&' : '?'}before=${before}`;
  return (
    <p class="older">
      <a href={url} hx-get={url} hx-target="closest .older" hx-swap="outerHTML">
        {view.t('load_older')}
      </a>
    </p>
  );
}

/** One archive page as the htmx answer: a non-live list, then the next "load older" link. */
export function OlderChunk({ board, messages, more, view }: { board: string; messages: MessageRow[]; more: boolean; view: View }) {
  const last = messages[messages.length - 1];
  return (
    <div class="older-chunk">
      <ol class="messages" tabindex={-1} aria-label={view.t('older_title')}>
        {messages.map((m) => <Message m={m} view={view} />)}
      </ol>
      {more && last ? <OlderLink board={board} before={last.seq} view={view} /> : <p class="no-older">{view.t('no_older')}</p>}
    </div>
  );
}

/**
 * The element that polls. Its URL carries the rev it has seen; an answer replaces it.
 * public/widget.js fires its "poll" event: every interval while the tab is visible, less often
 * while hidden, and at once when it becomes visible again.
 */
export function Poller({ board, rev, pollMs, view, closed, slow }: { board: string; rev: number; pollMs: number; view: View; closed?: boolean; slow?: number }) {
  const q = view.langQuery ?? view.query;
  // `closed=1`: this page shows the board closed; the feed swaps the form in or out when that changes.
  // `slow`: the slow-mode epoch this page shows, right after the rev (poll.ts, slow-mode.tsx).
  return (
    <div id="poller" hx-get={`/b/${board}/feed${q}${q ? '&' : '?'}rev=${rev}${slow ? `&slow=${slow}` : ''}${closed ? '&closed=1' : ''}`} hx-trigger="poll" hx-swap="outerHTML" data-interval={pollMs} {...SERVER_ERROR_NO_SWAP} />
  );
}

// A proxy's 502 page while Holler restarts must not replace the poller (polling would stop): widget.js shows the connection line instead.
const SERVER_ERROR_NO_SWAP = { 'hx-status:5xx': 'swap:none' };

/** "A moderator is online", re-checked every minute (empty, so hidden, when nobody is). */
export function Presence({ board, online, view }: { board: string; online: boolean; view: View }) {
  return (
    <p id="presence" class="presence" role="status" hx-get={boardUrl(board, view, '/presence')} hx-trigger="every 60s" hx-swap="outerHTML">
      {online ? view.t('moderator_online') : ''}
    </p>
  );
}

/** Pinned messages, above the list; always present (maybe empty) so a poll can replace it. */
export function PinnedList({ messages, view }: { messages: MessageRow[]; view: View }) {
  return (
    <ol id="pinned" class="messages pinned" aria-label={view.t('pinned_label')}>
      {messages.map((m) => <Message m={m} view={view} pinnedCopy />)}
    </ol>
  );
}

/**
 * Inserts messages into the list in seq order, or replaces ones already there (hx-upsert
 * extension). Written as a string because JSX reserves the `key` attribute the extension reads.
 */
export function UpsertMessages({ messages, view }: { messages: MessageRow[]; view: View }) {
  // Message() called directly: it returns its cached string, and a JSX render of it costs a render context each.
  const items = messages.map((m) => Message({ m, view })).join('');
  return raw(`<hx-upsert hx-target="#messages" key="data-seq" sort="desc">${items}</hx-upsert>`);
}

/**
 * A poll's answer (also part of a post's): new or changed visible messages upserted by id in
 * seq order (so a message that arrives twice is shown once), removed ones deleted, or the whole
 * list re-rendered when the client is too far behind. The caller adds the new Poller.
 */
export function ChangesFragment({ changes, latest, view }: { changes: Changes; latest?: MessageRow[]; view: View }) {
  if (changes.full) {
    return (
      <hx-partial hx-target="#messages" hx-swap="innerHTML strip:false">
        {(latest ?? []).map((m) => <Message m={m} view={view} />)}
      </hx-partial>
    );
  }
  const shown = changes.changed.filter((m) => m.status === 'visible');
  const removed = changes.changed.filter((m) => m.status !== 'visible');
  return (
    <>
      {shown.length > 0 && <UpsertMessages messages={shown} view={view} />}
      {/* A held message stays on its author's screen (HeldOwn, class "held") until a moderator decides. */}
      {removed.map((m) => (
        <hx-partial hx-target={`#m-${m.id}${m.status === 'held' ? ':not(.held)' : ''}`} hx-swap="delete"></hx-partial>
      ))}
    </>
  );
}
