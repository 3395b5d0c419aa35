/**
 * @module message-body
 * The one place rendered user text goes into a page: the widget, the fragment, the
 * moderation list and the printable transcript all show a message body through MessageBody
 * (or, in the box's string-built messages, messageBodyHtml).
 */
import { raw } from 'hono/html';
import { renderBody } from './text.ts';

/**
 * renderBody() escapes and links (and sanitises any text with a link). hx-ignore is a second wall: htmx never processes
 * anything inside a message body. dir=auto: an Arabic or Hebrew message reads right to left in
 * any page (and vice versa). `cls` comes from code, never from a visitor.
 */
export const messageBodyHtml = (body: string, cls = 'body'): string => `<div class="${cls}" dir="auto" hx-ignore="true">${renderBody(body)}</div>`;

/** The same in a JSX page (the moderation list, the fragment). */
export function MessageBody({ body, class: cls = 'body' }: { body: string; class?: string }) {
  return raw(messageBodyHtml(body, cls));
}
