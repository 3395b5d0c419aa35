/** @module views/archive - the archive page: older messages for visitors without JavaScript. */
import type { Board, Message as MessageRow } from '../store/store.ts';
import { Message, OlderLink, boardUrl, type View } from './views.tsx';

export function ArchivePage({ board, messages, more, view }: { board: Board; messages: MessageRow[]; more: boolean; view: View }) {
  const last = messages[messages.length - 1];
  return (
    <main class="holler archive">
      <div class="head">
        <h1 class="title">{board.title}</h1>
        <p class="back">
          <a href={boardUrl(board.slug, view)}>{view.t('back_to_latest')}</a>
        </p>
      </div>
      <h2 class="subtitle">{view.t('older_title')}</h2>
      <ol class="messages" aria-label={view.t('older_title')}>
        {messages.map((m) => <Message m={m} view={view} />)}
      </ol>
      {more && last ? <OlderLink board={board.slug} before={last.seq} view={view} /> : <p class="no-older">{view.t('no_older')}</p>}
    </main>
  );
}
