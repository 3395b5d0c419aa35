/**
 * @module message-body
 * The one place rendered user text goes into a page: the widget, the fragment, the
 * moderation list and the printable transcript all show a message body through MessageBody.
 */
import { renderBody } from './text.ts';

export function MessageBody({ body, class: cls = 'body' }: { body: string; class?: string }) {
  // renderBody() escapes, links and sanitises. hx-ignore is a second wall: htmx never
  // processes anything inside a message body.
  // dir=auto: an Arabic or Hebrew message reads right to left in any page (and vice versa).
  return <div class={cls} dir="auto" hx-ignore dangerouslySetInnerHTML={{ __html: renderBody(body) }} />;
}
