/**
 * @module posting/reply
 * What a post answers: the `reply_to` field names a visible message of the same board, or the
 * post is refused (the visitor's text kept) rather than pointing at something gone.
 */
import type { Message } from '../store/store.ts';

/** The message a reply answers, as the form and the stored row keep it. */
export type ReplyTarget = { id: string; name: string };

// Public ids are nanoid(12); anything else is not worth a lookup.
const ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
export const isMessageId = (s: string): boolean => ID_RE.test(s);

/**
 * The message a post answers: none when the field is empty, 'gone' when it names nothing a
 * visitor may answer (another board, held, deleted, unknown).
 */
export function findReply(store: { getMessage(id: string): Message | undefined }, board: string, raw: string): ReplyTarget | null | 'gone' {
  const id = raw.trim();
  if (!id) return null;
  const m = isMessageId(id) ? store.getMessage(id) : undefined;
  if (!m || m.board !== board || m.status !== 'visible') return 'gone';
  return { id: m.id, name: m.author };
}
