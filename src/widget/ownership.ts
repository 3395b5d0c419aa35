/**
 * @module widget/ownership
 * Who may change a message, and what a reply answers. Used by the post route (routes.tsx) when a
 * message is made and by the author's routes (own.tsx) when it is changed.
 *
 * Ownership is a bearer secret: 128 random bits made when the message is posted, sent once to
 * the posting device (the X-Holler-Own header of the htmx answer, never in a page, a poll or any
 * cached answer) and kept there in localStorage. The database holds only its SHA-256: a copied
 * database or a log can change nothing. A salt or slow hash adds nothing for a random 128-bit
 * secret.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Board, Store } from '../store/store.ts';
import type { Translate } from '../i18n/i18n.ts';
import { findReply, isMessageId } from '../posting/reply.ts';
import { randomIds } from '../posting/random-ids.ts';
import type { FormState } from './post-form.tsx';

/** Response header of a post answer: "<message id> <secret> <seconds the edit window lasts>". */
export const OWN_HEADER = 'X-Holler-Own';
/** Request header the author's device sends with an edit or a deletion. */
export const SECRET_HEADER = 'X-Holler-Secret';

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

// 16 random bytes, cut from a pool (random-ids.ts): a CSPRNG call per post cost more than the hash.
const randomSecret = randomIds(16);

/** A new owner secret and the hash to store. */
export function newOwnerSecret(): { secret: string; hash: string } {
  const secret = randomSecret();
  return { secret, hash: hash(secret) };
}

/** Whether `secret` (from the request) is the one whose hash is stored. Constant-time compare. */
export function secretMatches(stored: string | null, secret: string | undefined): boolean {
  if (!stored || !secret || secret.length > 64) return false;
  const a = Buffer.from(hash(secret), 'hex');
  const b = Buffer.from(stored, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The header value for a fresh message, or null when the board allows no edits. */
export function ownHeaderValue(board: Board, id: string, secret: string): string | null {
  return board.editWindow > 0 ? `${id} ${secret} ${board.editWindow * 60}` : null;
}

export { findReply, isMessageId };

/** The form state of a no-JS reply link (?reply=<id>): "@Name " in the box, or why not. */
export function replyState(store: Pick<Store, 'getMessage'>, board: string, raw: string, tr: Translate): FormState {
  const reply = findReply(store, board, raw);
  if (reply === 'gone') return { notice: tr('reply_missing') };
  if (!reply) return {};
  return { replyTo: reply, body: reply.name ? `@${reply.name} ` : '' };
}
