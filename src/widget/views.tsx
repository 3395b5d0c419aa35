/**
 * @module views/widget
 * The shoutbox: one set of components renders the full page, the POST answer and the poll
 * answer, so what a poll inserts is byte-for-byte what a reload would show.
 */
import { raw } from 'hono/html';
import { Lru } from '../lru.ts';
import { FIRST_VIEW, type Board, type Changes, type Message as MessageRow } from '../store/store.ts';
import { clientPlural, dirOf, formatTime, isoTime, type Lang, type Translate } from '../i18n/i18n.ts';
import { MessageBody } from '../posting/message-body.tsx';
import { NAME_MAX } from '../posting/text.ts';
import { InReplyTo, ReplyingLine, ReplyLink, permalinkUrl, type ReplyTarget } from './reply-views.tsx';
import { posterColour } from './poster-colour.ts';

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

type MessageProps = { m: MessageRow; view: View; pinnedCopy?: boolean; current?: boolean };

/**
 * One message. Cached; the markup itself is in MessageItem. `pinnedCopy`: its copy in the pinned
 * list; `current`: the highlighted one of a permalink page.
 */
export function Message({ m, view, pinnedCopy, current }: MessageProps) {
  const key = `${m.id}|${m.rev}|${view.lang}|${view.query}|${pinnedCopy ? 'p' : 'm'}${current ? 'c' : ''}`;
  return raw(rendered.getOrSet(key, () => String(<MessageItem m={m} view={view} pinnedCopy={pinnedCopy} current={current} />)));
}

// A message whose text starts right to left is laid out so, as a whole line: its parts sit
// inline, and an inline dir=auto turns the text but cannot move it to the right edge.
const RTL_FIRST = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const lineDir = (body: string, lang: Lang) => {
  const dir = RTL_FIRST.test(body) ? 'rtl' : /\p{L}/u.test(body) ? 'ltr' : dirOf(lang);
  return dir === dirOf(lang) ? undefined : dir;
};

function MessageItem({ m, view, pinnedCopy, current }: MessageProps) {
  // Chat density: the name inline before the text, time and Reply quiet after it, so a short
  // message takes one line (CSS lays the three parts out inline).
  const item = (
    <>
      {m.replyTo !== null && <InReplyTo m={m} view={view} />}
      <span class="meta">
        <span class={m.author ? (m.staff ? 'author' : `author pc${posterColour(m.poster)}`) : 'author anon'} dir="auto">{m.author || view.t('anonymous')}</span>
        {/* Only the admin route sets `staff`; visitors cannot take staff names (text.ts). */}
        {m.staff && <span class="badge staff">{view.t('staff_badge')}</span>}
        {m.pinned && <span class="badge pin">{view.t('pinned_label')}</span>}
      </span>
      <MessageBody body={m.body} />
      <span class="tail">
        {m.editedAt !== null && <span class="edited">{view.t('edited')}</span>}
        <a class="permalink" href={permalinkUrl(m.board, m.id, view)} title={view.t('permalink_title')}>
          <time datetime={isoTime(m.createdAt)}>{formatTime(m.createdAt, view.lang)}</time>
        </a>
        <ReplyLink m={m} view={view} />
      </span>
    </>
  );
  return (
    <li id={`${pinnedCopy ? 'p' : 'm'}-${m.id}`} dir={lineDir(m.body, view.lang)} class={`msg${m.pinned ? ' pinned' : ''}${m.staff ? ' staff' : ''}${current ? ' current' : ''}`}
      data-seq={m.seq} aria-current={current ? 'true' : undefined}>
      {/* The pinned copy is one slim line that opens on tap (no JavaScript needed). The list's copy
          of a pinned message is hidden by CSS: it shows once, here. */}
      {pinnedCopy ? (
        <details>
          <summary title={view.t('pinned_show')}>
            <Icon name="pin" /> <span class="author">{m.author || view.t('anonymous')}</span> <span class="preview" dir="auto">{m.body}</span>
          </summary>
          {item}
        </details>
      ) : item}
    </li>
  );
}

/** Small line icons (SVG): they show without an emoji font. `label` makes them speak. */
const ICONS = {
  bell: 'M6 16V10a6 6 0 0 1 12 0v6l2 2H4zM10 21h4',
  refresh: 'M20 12a8 8 0 1 1-2.3-5.7M20 4v5h-5',
  smile: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 14s1.5 2 4 2 4-2 4-2M9 9.5h.01M15 9.5h.01',
  pin: 'M9 4h6l-1 6 4 3H6l4-3zM12 13v8',
  pen: 'M4 20h4L19 9l-4-4L4 16zM13 7l4 4',
} as const;
export function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    // Size and stroke in widget.css (.i): every byte here is in the first view.
    <svg class="i" viewBox="0 0 24 24" aria-hidden="true">
      <path d={ICONS[name]} />
    </svg>
  );
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

/** `notice` is a standing message such as the flood guard's slow mode. */
export type FormState = { name?: string; body?: string; error?: string; notice?: string; replyTo?: ReplyTarget };

/**
 * `token` is a fresh signed form token (posting/form-token.ts): every rendered form needs its own.
 * Without one, the page puts it elsewhere (TokenInput, last in the widget page).
 */
export function PostForm({ board, view, token, state = {} }: { board: Board; view: View; token?: string; state?: FormState }) {
  const action = boardUrl(board.slug, view, '/messages');
  // Compact: one message line with Send beside it. Labels are for screen readers (placeholders
  // show them), the hints are read through aria-describedby. widget.js hides the name field
  // behind "Posting as Name ✎" once a name is set; without JavaScript everything shows.
  return (
    <form id="post-form" class="post" method="post" action={action} hx-post={action} hx-swap="outerHTML" hx-disable="find .send">
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
      {token !== undefined && <input type="hidden" name="token" value={token} />}
      {/* Honeypot: hidden from people by CSS (no inline style under our CSP) and from assistive
          tech by aria-hidden; no tab stop, no autofill. Bots that fill every field fill it. */}
      <div class="hp" aria-hidden="true">
        <label for="h-website">{view.t('hp_label')}</label>
        <input id="h-website" name="website" tabindex={-1} autocomplete="off" />
      </div>
      <p id="h-who" class="who" hidden>
        <span id="h-who-text" data-tpl={view.t('posting_as', { name: '{name}' })}></span>
        <button type="button" id="h-who-edit" class="icon" aria-label={view.t('change_name')} title={view.t('change_name')}><Icon name="pen" /></button>
      </p>
      <p class="name-row">
        <label for="h-name" class="sr-only">{view.t('name_label')}</label>
        {/* widget.js fills the name from this device's storage; a no-JS post carries it in the redirect. */}
        <input id="h-name" name="name" autocomplete="nickname" maxlength={NAME_MAX} dir="auto" placeholder={view.t('name_label')} aria-describedby="h-name-hint" value={state.name ?? ''} />
        <span id="h-name-hint" class="sr-only">{view.t('name_max', { max: NAME_MAX })}</span>
      </p>
      <ReplyingLine board={board} view={view} reply={state.replyTo} />
      <div class="line">
        <label for="h-body" class="sr-only">{view.t('message_label')}</label>
        <textarea id="h-body" name="body" required rows={1} dir="auto" placeholder={view.t('message_label')} aria-describedby="h-hint">
          {state.body ?? ''}
        </textarea>
        {/* The picker's markup comes from /emoji/{lang} on first use (emoji.tsx), to keep the first view small. */}
        <button type="button" id="emoji-btn" class="icon" aria-label={view.t('emoji_open')} title={view.t('emoji_open')} aria-expanded="false" aria-controls="emoji-panel" data-src={`/emoji/${view.lang}`} hidden>
          <Icon name="smile" />
        </button>
        <button type="submit" class="send" data-sending={view.t('sending')} data-wait={clientPlural(view.lang, 'slow_wait')}>{view.t('send')}</button>
      </div>
      <span id="h-hint" class="sr-only">{view.t('max_hint', { count: board.maxLength })} {view.t('enter_hint')}</span>
      {/* Filled by widget.js near the limit (visible) and when crossing 20, 10 and 0 left (announced). */}
      <span id="h-count" class="count" aria-hidden="true" data-max={board.maxLength}></span>
      <span id="h-count-live" class="sr-only" aria-live="polite" data-left={clientPlural(view.lang, 'chars_left')} data-over={clientPlural(view.lang, 'chars_over')}></span>
      <div id="emoji-panel" class="emoji-panel" hidden></div>
    </form>
  );
}

/**
 * The page's form token, outside the form and tied to it by `form`: last in the page, so the
 * cached page is compressed once and each answer appends its own token (http/respond.ts).
 * widget.js moves it into the form, which htmx then replaces whole with each answer's own token.
 */
export const TokenInput = ({ token }: { token: string }) => <input type="hidden" name="token" value={token} form="post-form" />;

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
      {/* A held message stays on its author's screen (HeldOwn, class "held") until a moderator decides. */}
      {removed.map((m) => (
        <hx-partial hx-target={`#m-${m.id}${m.status === 'held' ? ':not(.held)' : ''}`} hx-swap="delete"></hx-partial>
      ))}
    </>
  );
}
