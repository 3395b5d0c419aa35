/**
 * @module views/reply-views
 * The pieces of a message and of the form for replies, permalinks and the author's own
 * messages (public/messages.js brings them to life; without JavaScript they are plain links).
 * Kept apart from views.tsx, which imports them; they take the few view fields they need.
 */
import type { Board, Message as MessageRow } from '../store/store.ts';
import type { Translate } from '../i18n/i18n.ts';

/** What these pieces need of the widget's View (views.tsx). */
type ViewLike = { t: Translate; query: string; langQuery?: string };

/** The message a post answers: its public id and its author's name ('' = anonymous). */
export type ReplyTarget = { id: string; name: string };

const boardUrl = (board: string, view: ViewLike) => `/b/${board}${view.query}`;

/** A message's stable address: the archive around it, scrolled to it (works without JavaScript). */
export const permalinkUrl = (board: string, id: string, view: ViewLike) => `/b/${board}/m/${id}${view.query}#m-${id}`;

/** "in reply to Name", linking to the original (messages.js scrolls to it when it is on the page). */
export function InReplyTo({ m, view }: { m: MessageRow; view: ViewLike }) {
  return (
    <span class="in-reply">
      <a href={permalinkUrl(m.board, m.replyTo!, view)} data-goto={m.replyTo!}>
        {view.t('in_reply_to', { name: m.replyName || view.t('anonymous') })}
      </a>
    </span>
  );
}

/**
 * Reply: without JavaScript a link to the form pre-filled by the server; messages.js fills it in
 * place, reading the id and name from the message itself (no copies here: every byte of a
 * message's markup is paid fifty times in the first view).
 */
export function ReplyLink({ m, view }: { m: MessageRow; view: ViewLike }) {
  const name = m.author || view.t('anonymous');
  const href = `${boardUrl(m.board, view)}${view.query ? '&' : '?'}reply=${m.id}#post-form`;
  return (
    <span class="acts">
      <a class="reply" href={href}>
        <span aria-hidden="true">{view.t('reply')}</span>
        <span class="sr-only">{view.t('reply_to_name', { name })}</span>
      </a>
    </span>
  );
}

/** "Replying to Name" above the box, and the hidden reply_to field (messages.js fills both). */
export function ReplyingLine({ board, view, reply }: { board: Board; view: ViewLike; reply?: ReplyTarget }) {
  const name = reply ? reply.name || view.t('anonymous') : '';
  return (
    <>
      <input type="hidden" id="h-reply-to" name="reply_to" value={reply?.id ?? ''} />
      <p id="h-replying" class="replying" hidden={!reply}>
        <span id="h-replying-text" data-tpl={view.t('replying_to', { name: '{name}' })} data-anon={view.t('anonymous')}>
          {reply ? view.t('replying_to', { name }) : ''}
        </span>{' '}
        <a id="h-reply-cancel" href={`${boardUrl(board.slug, view)}#post-form`}>{view.t('cancel_reply')}</a>
      </p>
    </>
  );
}

/**
 * The author's Edit and Delete buttons, cloned by messages.js into their own messages (the
 * server cannot tell whose they are: the cached page is the same for everyone).
 */
export function OwnToolsTemplate({ board, view }: { board: string; view: ViewLike }) {
  return (
    <template id="own-tpl" data-base={`/b/${board}/m/`} data-q={view.langQuery ?? view.query}>
      <div class="own">
        <button type="button" class="own-edit">{view.t('edit')}</button>
        <button type="button" class="own-delete" data-confirm={view.t('delete_confirm')}>{view.t('delete')}</button>
        {/* replies: the reply-mail and reply-feed panel (widget/subscribe.tsx) */}
        <button type="button" class="own-replies">{view.t('rm_tools')}</button>
      </div>
    </template>
  );
}
