/**
 * @module posting/staff
 * A verified staff message, from the admin's form or the API: the visitors' text rules
 * (normalised text, length limits) except that staff may use the reserved names, then the
 * store and the audit log. The staff flag is set only here.
 */
import type { Board, Message, Store } from '../store/store.ts';
import type { Refusal } from './refusal.ts';
import { checkPost, normaliseBody, normaliseName } from './text.ts';

export type StaffStore = Pick<Store, 'addMessage' | 'audit'>;

/**
 * `fallbackName` (the translated "Staff") stands in for an empty name. `replyTo`: the message
 * answered (the caller checked it is shown on this board), as the admin's Reply sends it.
 */
export function postAsStaff(
  store: StaffStore, actor: string, board: Board, raw: { body: string; name: string; replyTo?: { id: string; name: string } }, fallbackName: string,
): { refusal: Refusal } | { message: Message } {
  const body = normaliseBody(raw.body);
  const name = normaliseName(raw.name) || fallbackName;
  const refusal = checkPost(body, name, board.maxLength, { staff: true });
  if (refusal) return { refusal };
  const message = store.addMessage({ board: board.slug, author: name, body, poster: 'staff', staff: true, replyTo: raw.replyTo?.id, replyName: raw.replyTo?.name });
  store.audit({ actor, action: 'staff_post', board: board.slug, message: message.id });
  return { message };
}
