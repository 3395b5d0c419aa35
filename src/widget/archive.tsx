/**
 * @module views/archive
 * The archive page (older messages for visitors without JavaScript) and the permalink page (one
 * message in its conversation, highlighted), and the document shell both share with the widget.
 */
import type { Child } from 'hono/jsx';
import type { Assets } from '../http/assets.ts';
import { documentHtml, Layout } from '../http/layout.tsx';
import type { Board, Message as MessageRow } from '../store/store.ts';
import { accentUrl } from './theme.ts';
import { Message, OlderLink, atomUrl, boardUrl, type View } from './views.tsx';

/**
 * The shell of every widget document: theme class, accent stylesheet, the widget bundle (htmx,
 * its upsert extension, time.js and widget.js: one file compresses better) and messages.js.
 * The live widget passes `lazy`: there widget.js loads messages.js (and more.css, its styles) on
 * first use (a reply, an own message), which keeps them out of the first view's 20 KB.
 */
export const widgetDocument = (assets: Assets, board: Board, view: View, body: Child, lazy = false): string =>
  documentHtml(
    <Layout lang={view.lang} title={board.title} assets={assets} bodyClass="widget" theme={view.theme} scripts={assets.urls.widget}
      extraCss={[...(lazy ? [] : [assets.urls.more]), ...(view.accent ? [accentUrl(view.accent, view.accentFg)] : [])]} extraScripts={lazy ? [] : [assets.urls.messages]}
      feed={atomUrl(board.slug, view)}>
      {body}
    </Layout>,
  );

/** The board's title and the way back to the newest messages. */
function ArchiveHead({ board, view }: { board: Board; view: View }) {
  return (
    <div class="head">
      <h1 class="title">{board.title}</h1>
      <p class="back">
        <a href={boardUrl(board.slug, view)}>{view.t('back_to_latest')}</a>
      </p>
    </div>
  );
}

export function ArchivePage({ board, messages, more, view }: { board: Board; messages: MessageRow[]; more: boolean; view: View }) {
  const last = messages[messages.length - 1];
  return (
    <main class="holler archive">
      <ArchiveHead board={board} view={view} />
      <h2 class="subtitle">{view.t('older_title')}</h2>
      <ol class="messages" aria-label={view.t('older_title')}>
        {messages.map((m) => <Message m={m} view={view} />)}
      </ol>
      {more && last ? <OlderLink board={board.slug} before={last.seq} view={view} /> : <p class="no-older">{view.t('no_older')}</p>}
    </main>
  );
}

export type PermalinkProps = { board: Board; target: MessageRow; messages: MessageRow[]; more: boolean; hasNewer: boolean; view: View };

/**
 * One message among its neighbours, newest first. The link carries #m-<id>, so the browser
 * scrolls to it and :target highlights it without JavaScript; the `current` class and
 * aria-current mark it too when the address was shared without the fragment.
 */
export function PermalinkPage({ board, target, messages, more, hasNewer, view }: PermalinkProps) {
  const last = messages[messages.length - 1];
  return (
    <main class="holler archive permalink">
      <ArchiveHead board={board} view={view} />
      <h2 class="subtitle">{view.t('permalink_heading')}</h2>
      {hasNewer && (
        <p class="newer">
          <a href={boardUrl(board.slug, view)}>{view.t('newer_messages')}</a>
        </p>
      )}
      <ol class="messages" aria-label={view.t('permalink_heading')}>
        {messages.map((m) => <Message m={m} view={view} current={m.id === target.id} />)}
      </ol>
      {more && last ? <OlderLink board={board.slug} before={last.seq} view={view} /> : <p class="no-older">{view.t('no_older')}</p>}
    </main>
  );
}
