/**
 * @module widget/message-item
 * The markup of one message in the box, as a string: the list's copy, the pinned list's slim
 * copy and a permalink page's highlighted one. views.tsx caches it per message rev and puts it
 * in every page, post answer and poll answer, so all three show the same bytes.
 *
 * Template strings, not JSX: every accepted post renders one new message for its answer, and
 * Hono's JSX (a render context, a node per element, a buffer per child) cost several times the
 * rest of the markup's work (bench: a post's CPU). Every value is escaped here with escapeHtml,
 * as JSX escapes, and the body goes through messageBodyHtml, the one path from user text to HTML.
 */
import { formatTime, isoTime, dirOf, type Lang, type Translate } from '../i18n/i18n.ts';
import { messageBodyHtml } from '../posting/message-body.tsx';
import { escapeHtml as esc } from '../posting/text.ts';
import type { Message as MessageRow } from '../store/store.ts';
import { posterColour } from './poster-colour.ts';
import { boardUrl, permalinkUrl } from './reply-views.tsx';
import { ICON_HTML } from './icons.tsx';

/** What a message needs of the widget's View (views.tsx). */
type ViewLike = { lang: Lang; t: Translate; query: string };

// A message whose text starts right to left is laid out so, as a whole line: its parts sit
// inline, and an inline dir=auto turns the text but cannot move it to the right edge.
const RTL_FIRST = /^[^\p{L}]*[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const lineDir = (body: string, lang: Lang) => {
  const dir = RTL_FIRST.test(body) ? 'rtl' : /\p{L}/u.test(body) ? 'ltr' : dirOf(lang);
  return dir === dirOf(lang) ? undefined : dir;
};

/** "in reply to Name", linking to the original (messages.js scrolls to it when it is on the page). */
const inReplyTo = (m: MessageRow, view: ViewLike) =>
  `<span class="in-reply"><a href="${esc(permalinkUrl(m.board, m.replyTo!, view))}" data-goto="${esc(m.replyTo!)}">${esc(view.t('in_reply_to', { name: m.replyName || view.t('anonymous') }))}</a></span>`;

/**
 * Reply: without JavaScript a link to the form pre-filled by the server; messages.js fills it in
 * place, reading the id and name from the message itself (no copies here: every byte of a
 * message's markup is paid fifty times in the first view).
 */
function replyLink(m: MessageRow, view: ViewLike): string {
  const name = m.author || view.t('anonymous');
  const href = `${boardUrl(m.board, view)}${view.query ? '&' : '?'}reply=${m.id}#post-form`;
  return `<span class="acts"><a class="reply" href="${esc(href)}"><span aria-hidden="true">${esc(view.t('reply'))}</span><span class="sr-only">${esc(view.t('reply_to_name', { name }))}</span></a></span>`;
}

/** One message as an `<li>`. `pinnedCopy`: its copy in the pinned list; `current`: the highlighted one of a permalink page. */
export function messageItemHtml(m: MessageRow, view: ViewLike, pinnedCopy = false, current = false): string {
  // Chat density: the name inline before the text, time and Reply quiet after it, so a short
  // message takes one line (CSS lays the three parts out inline).
  // Only the admin route sets `staff`; visitors cannot take staff names (text.ts).
  const authorClass = m.author ? (m.staff ? 'author' : `author pc${posterColour(m.poster)}`) : 'author anon';
  const item =
    (m.replyTo !== null ? inReplyTo(m, view) : '') +
    `<span class="meta"><span class="${authorClass}" dir="auto">${esc(m.author || view.t('anonymous'))}</span>` +
    (m.staff ? `<span class="badge staff">${esc(view.t('staff_badge'))}</span>` : '') +
    (m.pinned ? `<span class="badge pin">${esc(view.t('pinned_label'))}</span>` : '') +
    `</span>${messageBodyHtml(m.body)}<span class="tail">` +
    (m.editedAt !== null ? `<span class="edited">${esc(view.t('edited'))}</span>` : '') +
    `<a class="permalink" href="${esc(permalinkUrl(m.board, m.id, view))}" title="${esc(view.t('permalink_title'))}">` +
    `<time datetime="${isoTime(m.createdAt)}">${esc(formatTime(m.createdAt, view.lang))}</time></a>${replyLink(m, view)}</span>`;
  const dir = lineDir(m.body, view.lang);
  const cls = `msg${m.pinned ? ' pinned' : ''}${m.staff ? ' staff' : ''}${current ? ' current' : ''}`;
  // The pinned copy is one slim line that opens on tap (no JavaScript needed). The list's copy
  // of a pinned message is hidden by CSS: it shows once, here.
  const inner = pinnedCopy
    ? `<details><summary title="${esc(view.t('pinned_show'))}">${ICON_HTML.pin} <span class="author">${esc(m.author || view.t('anonymous'))}</span> <span class="preview" dir="auto">${esc(m.body)}</span></summary>${item}</details>`
    : item;
  return `<li id="${pinnedCopy ? 'p' : 'm'}-${esc(m.id)}"${dir ? ` dir="${dir}"` : ''} class="${cls}" data-seq="${m.seq}"${current ? ' aria-current="true"' : ''}>${inner}</li>`;
}
