/**
 * @module views/reply-views
 * The pieces for replies, permalinks and the author's own messages outside a message's own
 * markup (its Reply link and "in reply to" are in message-item.ts): public/messages.js brings
 * them to life; without JavaScript they are plain links. They take the few view fields they need.
 */
import type { Board } from '../store/store.ts';
import type { Translate } from '../i18n/i18n.ts';

/** What these pieces need of the widget's View (views.tsx). */
type ViewLike = { t: Translate; query: string; langQuery?: string };

/** The message a post answers: its public id and its author's name ('' = anonymous). */
export type ReplyTarget = { id: string; name: string };

/** A board's widget page with the view's query (views.tsx's boardUrl without a sub-path; that module imports this one). */
export const boardUrl = (board: string, view: Pick<ViewLike, 'query'>) => `/b/${board}${view.query}`;

/** A message's stable address: the archive around it, scrolled to it (works without JavaScript). */
export const permalinkUrl = (board: string, id: string, view: ViewLike) => `/b/${board}/m/${id}${view.query}#m-${id}`;

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
