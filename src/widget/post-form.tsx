/**
 * @module widget/post-form
 * The visitor's form: one message line with Send beside it, the name behind "Posting as", the
 * honeypot, and the token that signs each rendered form (posting/form-token.ts).
 */
import type { Board } from '../store/store.ts';
import { clientPlural } from '../i18n/i18n.ts';
import { Lru } from '../lru.ts';
import { escapeHtml, NAME_MAX } from '../posting/text.ts';
import { Icon } from './icons.tsx';
import { ReplyingLine, type ReplyTarget } from './reply-views.tsx';
import { boardUrl, type View } from './views.tsx';

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

// PostForm as the answer to an accepted post sends it (only the name kept), cut around its two
// per-answer values: rendered once per board and view, not per post (it was most of a post's
// rendering). The stand-ins are plain words, so escaping leaves them as they are; escapeHtml
// escapes the same five characters the same way as Hono's JSX attributes.
const keptNameForms = new Lru<string, readonly [string, string, string]>(1000);
const TOKEN_STANDIN = 'h-token-standin';
const NAME_STANDIN = 'h-name-standin';

/** Byte for byte `<PostForm board view token state={{ name }} />`, from the cached markup. */
export function keptNameForm(board: Board, view: View, token: string, name: string): string {
  // Everything of the board and the view that PostForm reads (view.t follows from view.lang).
  const key = `${board.slug}|${board.maxLength}|${view.lang}|${view.query}`;
  const [head, middle, tail] = keptNameForms.getOrSet(key, () => {
    const html = String(<PostForm board={board} view={view} token={TOKEN_STANDIN} state={{ name: NAME_STANDIN }} />);
    const t = html.indexOf(TOKEN_STANDIN);
    const n = html.indexOf(NAME_STANDIN);
    return [html.slice(0, t), html.slice(t + TOKEN_STANDIN.length, n), html.slice(n + NAME_STANDIN.length)];
  });
  return head + escapeHtml(token) + middle + escapeHtml(name) + tail;
}

/**
 * The page's form token, outside the form and tied to it by `form`: last in the page, so the
 * cached page is compressed once and each answer appends its own token (http/respond.ts).
 * widget.js moves it into the form, which htmx then replaces whole with each answer's own token.
 */
export const TokenInput = ({ token }: { token: string }) => <input type="hidden" name="token" value={token} form="post-form" />;

