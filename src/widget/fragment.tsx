/**
 * @module views/fragment
 * The server-side-include fragment: plain semantic HTML with `holler-` classes the host page may
 * style, no styles or scripts of its own, absolute links back to the full widget.
 */
import { dirOf, formatTime, isoTime } from '../i18n/i18n.ts';
import type { Board, Message } from '../store/store.ts';
import { MessageBody } from '../posting/message-body.tsx';
import type { View } from './views.tsx';

export function Fragment({ board, messages, view, href }: { board: Board; messages: Message[]; view: View; href: string }) {
  return (
    <section class="holler-fragment" lang={view.lang} dir={dirOf(view.lang)}>
      <h2 class="holler-title">{board.title}</h2>
      {messages.length === 0 ? (
        <p class="holler-empty">{view.t('empty')}</p>
      ) : (
        <ol class="holler-messages">
          {messages.map((m) => (
            <li class={`holler-msg${m.pinned ? ' holler-pinned' : ''}${m.staff ? ' holler-staff' : ''}`}>
              <strong class="holler-author">{m.author || view.t('anonymous')}</strong>{' '}
              {m.staff && <em class="holler-badge">{view.t('staff_badge')}</em>}{' '}
              <time datetime={isoTime(m.createdAt)}>{formatTime(m.createdAt, view.lang)}</time>
              <MessageBody body={m.body} class="holler-body" />
            </li>
          ))}
        </ol>
      )}
      <p class="holler-more">
        <a href={href}>{view.t('open_widget')}</a>
      </p>
    </section>
  );
}
