/**
 * @module store/moderate
 * The moderation actions on one message, as the admin pages and the API run them: the change
 * (its board's rev moves, so every widget's next poll shows it) and its audit entry, with the
 * actor who acted (`session:<tag>`, `token:<name>`). One place, so both surfaces stay alike.
 */
import type { Message, Store } from './store.ts';

export type ModerationStore = Pick<Store, 'setStatus' | 'setPinned' | 'getMessage' | 'audit' | 'ban'>;

/** The actions on a message itself (a ban acts on its poster: banPoster). */
export const MESSAGE_ACTIONS = ['delete', 'restore', 'approve', 'pin', 'unpin'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];
export const isMessageAction = (s: string): s is MessageAction => (MESSAGE_ACTIONS as readonly string[]).includes(s);

/** Ban lengths a moderator can choose; null is for good. */
export const BAN_MS: Readonly<Record<string, number | null>> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, forever: null };
export const BAN_DURATIONS = Object.keys(BAN_MS);
// Own keys only: `in` would take "constructor" or "toString" as a duration.
export const isBanDuration = (s: string): boolean => Object.hasOwn(BAN_MS, s);
/** A staff message has no visitor behind it: no ban, no "remove this poster's messages". */
export const hasVisitorPoster = (m: Message): boolean => !m.staff;
/** Where a ban holds: every board (the default), or only the board of the message it was made from. */
export const BAN_SCOPES = ['all', 'board'] as const;
export type BanScope = (typeof BAN_SCOPES)[number];
export const isBanScope = (s: string): s is BanScope => (BAN_SCOPES as readonly string[]).includes(s);

/** The 8-character tag moderators see for a poster key (enough to tell posters apart). */
export const posterTag = (poster: string) => poster.slice(0, 8);

/** Runs one action and records it; returns the message as it is now (as the change left it). */
export function moderateMessage(store: ModerationStore, actor: string, m: Message, action: MessageAction): Message {
  const after = action === 'pin' || action === 'unpin' ? store.setPinned(m.id, action === 'pin') : store.setStatus(m.id, action === 'delete' ? 'deleted' : 'visible');
  store.audit({ actor, action, board: m.board, message: m.id, poster: posterTag(m.poster) });
  // Gone meanwhile (retention, another moderator's purge): what the moderator saw is what there is to show.
  return after ?? m;
}

/** Bans the poster of `m` for `duration` (a key of BAN_MS), everywhere or on `m`'s board; returns when the ban ends (null: never). */
export function banPoster(store: ModerationStore, actor: string, m: Message, duration: string, reason: string, now: number, scope: BanScope = 'all'): number | null {
  if (!isBanDuration(duration) || !hasVisitorPoster(m)) throw new Error(`cannot ban for ${duration} from message ${m.id}`);
  const ms = BAN_MS[duration]!;
  const expiresAt = ms === null ? null : now + ms;
  store.ban(m.poster, reason, expiresAt, scope === 'board' ? m.board : null);
  const where = scope === 'board' ? ` on ${m.board} only` : '';
  store.audit({ actor, action: 'ban', board: m.board, message: m.id, poster: posterTag(m.poster), details: `${duration}${where}${reason ? `: ${reason}` : ''}` });
  return expiresAt;
}
