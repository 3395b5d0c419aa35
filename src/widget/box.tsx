/**
 * @module widget/box
 * The widget page: a box of fixed height (the frame's) where the messages scroll between the
 * header and the form, which stay in view. Where the newest message sits is a board setting
 * (newestAt): at the top under the form, or at the bottom over it. Both use one DOM order
 * (newest first, as polls insert); CSS reverses the bottom variant, so scrollTop 0 is "at the
 * newest" either way and public/widget.js needs no second code path.
 */
import { clientPlural } from '../i18n/i18n.ts';
import type { Board, Message as MessageRow } from '../store/store.ts';
import { OwnToolsTemplate } from './reply-views.tsx';
import { MessageList, PinnedList, Poller, Presence, boardUrl, type View } from './views.tsx';
import { Icon } from './icons.tsx';
import { PostForm, TokenInput, type FormState } from './post-form.tsx';
import { SlowModeLine } from './slow-mode.tsx';
import type { SlowMode } from '../posting/spam.ts';

export type WidgetProps = {
  board: Board; messages: MessageRow[]; pinned?: MessageRow[]; pollMs: number; view: View; token: string; state?: FormState; online?: boolean;
  /** The flood guard's slow mode, shown as #slow-mode (slow-mode.tsx), or null. */
  slow?: SlowMode | null;
  /** URL of public/extras.js (sound, emoji picker), which widget.js loads on first use. */
  extras: string;
  /** URL of public/messages.js (replies, own messages), loaded by widget.js when first needed. */
  messagesJs: string;
  /** URL of public/more.css, the styles of both, loaded by widget.js before the first of them. */
  moreCss: string;
};

export function Widget({ board, messages, pinned = [], pollMs, view, token, state, online, extras, messagesJs, moreCss, slow = null }: WidgetProps) {
  return (
    <main class={`holler box newest-${board.newestAt}`} data-board={board.slug} data-extras={extras} data-messages={messagesJs} data-more={moreCss}>
      {/* One line at 300 px: the title gives way (ellipsis) to the count and the two icons. */}
      <div class="head">
        <h1 class="title">{board.title}</h1>
        {/* Filled in by widget.js from X-Here-Now (its beacon's answer, then the polls'): the page itself is cached. */}
        <p id="here" class="here" data-tpl={clientPlural(view.lang, 'here_now')} data-beacon={`/b/${board.slug}/here`} hidden></p>
        <a class="refresh icon" href={boardUrl(board.slug, view)} aria-label={view.t('refresh')} title={view.t('refresh')}><Icon name="refresh" /></a>
        {/* Off by default; widget.js shows it and remembers the choice on this device. */}
        <button type="button" id="sound" class="icon" aria-pressed="false" aria-label={view.t('sound_toggle')} title={view.t('sound_toggle')} hidden>
          <Icon name="bell" />
        </button>
      </div>
      {/* States widget.js shows: the connection lost (after one failed poll), storage blocked (with
          the Storage Access API's button where offered), the summary for a returning visitor. The
          slow-mode line is filled by the poll (posting/spam's notice) and counts down on Send. */}
      <p id="conn" class="conn" role="status" data-failed={view.t('send_failed')} data-retry={view.t('retry')} hidden>{view.t('offline')}</p>
      <p id="storage" class="storage" hidden>
        {view.t('storage_blocked')} <button type="button" id="storage-ask" hidden>{view.t('storage_ask')}</button>
      </p>
      {board.presence && <Presence board={board.slug} online={!!online} view={view} />}
      <SlowModeLine slow={slow} view={view} />
      <ClosedOrForm board={board} view={view} state={state} />
      <PinnedList messages={pinned} view={view} />
      <p id="summary" class="summary" hidden data-new={clientPlural(view.lang, 'summary_new')} data-you={clientPlural(view.lang, 'summary_you')}></p>
      {/* Its own row at the scroller's newest edge, so it never covers a message; shown by widget.js when news arrive out of view. */}
      <button type="button" id="pill" class="pill" data-tpl={clientPlural(view.lang, 'new_pill')} hidden></button>
      {/* The scrolling part. data-new-since labels the "new since your last visit" divider. */}
      <div id="scroller" class="scroller" tabindex={0} data-new-since={view.t('new_since')}>
        <MessageList messages={messages} view={view} board={board.slug} />
      </div>
      <Poller board={board.slug} rev={board.rev} pollMs={pollMs} view={view} closed={board.closed} slow={slow?.since} />
      <OwnToolsTemplate board={board.slug} view={view} />
      {!board.closed && <TokenInput token={token} />}
    </main>
  );
}

/** The form, or the "closed" notice in its place; a poll swaps one for the other (id="post-form"). */
export function ClosedOrForm({ board, view, token, state }: { board: Board; view: View; token?: string; state?: FormState }) {
  return board.closed ? (
    <p id="post-form" class="notice closed">{view.t('err_closed')}</p>
  ) : (
    <PostForm board={board} view={view} token={token} state={state} />
  );
}
