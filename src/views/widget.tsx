/**
 * @module views/widget
 * The shoutbox: one set of components renders the full page, the POST answer and the poll
 * answer, so what a poll inserts is byte-for-byte what a reload would show.
 */
import { raw } from 'hono/html';
import { Lru } from '../lru.ts';
import type { Board, Changes, Message as MessageRow } from '../store.ts';
import { formatTime, type Lang, type Translate } from '../i18n.ts';
import { renderBody } from '../text.ts';

/** What every widget URL carries forward (the page's language, later its theme). */
export type View = { lang: Lang; t: Translate; query: string };

export const boardUrl = (board: string, view: View, sub = '') => `/b/${board}${sub}${view.query}`;

// Rendered messages by id, rev, language and place: a message's HTML changes only when its rev
// does (every status or pin change bumps it), so the sanitiser runs once per message, not per view.
const rendered = new Lru<string, string>(5000);

/** One message. Cached; the markup itself is in MessageItem. `pinnedCopy`: its copy in the pinned list. */
export function Message({ m, view, pinnedCopy }: { m: MessageRow; view: View; pinnedCopy?: boolean }) {
  return raw(rendered.getOrSet(`${m.id}|${m.rev}|${view.lang}|${pinnedCopy ? 'p' : 'm'}`, () => String(<MessageItem m={m} view={view} pinnedCopy={pinnedCopy} />)));
}

function MessageItem({ m, view, pinnedCopy }: { m: MessageRow; view: View; pinnedCopy?: boolean }) {
  return (
    <li id={`${pinnedCopy ? 'p' : 'm'}-${m.id}`} class={m.staff ? 'msg staff' : 'msg'} data-seq={m.seq}>
      <div class="meta">
        <span class={m.author ? 'author' : 'author anon'}>{m.author || view.t('anonymous')}</span>
        {/* Only the admin route sets `staff`; visitors cannot take staff names (text.ts). */}
        {m.staff && <span class="badge staff">{view.t('staff_badge')}</span>}
        <time datetime={new Date(m.createdAt).toISOString()}>{formatTime(m.createdAt, view.lang)}</time>
      </div>
      {/* The one place user text becomes HTML: renderBody() escapes, links and sanitises it.
          hx-ignore is a second wall: htmx never processes anything inside a message body. */}
      <div class="body" hx-ignore dangerouslySetInnerHTML={{ __html: renderBody(m.body) }} />
    </li>
  );
}

export function MessageList({ messages, view }: { messages: MessageRow[]; view: View }) {
  return (
    <>
      <ol id="messages" class="messages" aria-live="polite" aria-label={view.t('messages_label')}>
        {messages.map((m) => <Message m={m} view={view} />)}
      </ol>
      <p class="empty">{view.t('empty')}</p>
    </>
  );
}

/** The element that polls. Its URL carries the rev it has seen; an answer replaces it. */
export function Poller({ board, rev, pollMs, view }: { board: string; rev: number; pollMs: number; view: View }) {
  const sep = view.query ? '&' : '?';
  return (
    <div id="poller" hx-get={`${boardUrl(board, view, '/feed')}${sep}rev=${rev}`} hx-trigger={`every ${pollMs}ms`} hx-swap="outerHTML" />
  );
}

export type FormState = { name?: string; body?: string; error?: string; notice?: string };

export function PostForm({ board, view, state = {} }: { board: Board; view: View; state?: FormState }) {
  const action = boardUrl(board.slug, view, '/messages');
  return (
    <form id="post-form" class="post" method="post" action={action} hx-post={action} hx-swap="outerHTML" hx-disable="find button">
      {state.notice && (
        <p class="notice" role="status">
          {state.notice}
        </p>
      )}
      {state.error && (
        <p class="error" role="alert">
          {state.error}
        </p>
      )}
      <label for="h-name">{view.t('name_label')}</label>
      <input id="h-name" name="name" autocomplete="nickname" value={state.name ?? ''} />
      <label for="h-body">{view.t('message_label')}</label>
      <textarea id="h-body" name="body" required rows={2} aria-describedby="h-hint">
        {state.body ?? ''}
      </textarea>
      <div class="actions">
        <span id="h-hint" class="hint">{view.t('max_hint', { max: board.maxLength })}</span>
        <button type="submit">{view.t('send')}</button>
      </div>
    </form>
  );
}

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

export type WidgetProps = {
  board: Board; messages: MessageRow[]; pinned?: MessageRow[]; pollMs: number; view: View; state?: FormState; online?: boolean;
};

export function Widget({ board, messages, pinned = [], pollMs, view, state, online }: WidgetProps) {
  return (
    <main class="holler">
      <h1 class="title">{board.title}</h1>
      {board.presence && <Presence board={board.slug} online={!!online} view={view} />}
      {board.closed ? <p class="notice closed">{view.t('err_closed')}</p> : <PostForm board={board} view={view} state={state} />}
      <Poller board={board.slug} rev={board.rev} pollMs={pollMs} view={view} />
      <PinnedList messages={pinned} view={view} />
      <MessageList messages={messages} view={view} />
      <p class="refresh">
        <a href={boardUrl(board.slug, view)}>{view.t('refresh')}</a>
      </p>
    </main>
  );
}

/**
 * Inserts messages into the list in seq order, or replaces ones already there (hx-upsert
 * extension). Written as a string because JSX reserves the `key` attribute the extension reads.
 */
export function UpsertMessages({ messages, view }: { messages: MessageRow[]; view: View }) {
  const items = messages.map((m) => String(<Message m={m} view={view} />)).join('');
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
      {removed.map((m) => (
        <hx-partial hx-target={`#m-${m.id}`} hx-swap="delete"></hx-partial>
      ))}
    </>
  );
}
