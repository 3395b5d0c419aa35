/**
 * @module notify/backoff
 * When a failed delivery is tried again: exponential backoff from 15 s, doubling up to one
 * hour between tries, and given up only once the delivery is more than 25 hours old, so a
 * receiver that is down for a whole day still gets everything when it comes back. Each wait is
 * spread by ±20 % (jitter), so deliveries that failed together are not retried in lockstep; a
 * receiver's Retry-After is honoured when it asks for longer; 404 and 410 (the URL is gone, a
 * revoked Slack or Discord hook) are given up after GONE_TRIES tries instead of a day.
 */

export const RETRY_FIRST_MS = 15_000;
export const RETRY_MAX_MS = 60 * 60_000;
export const GIVE_UP_AFTER_MS = 25 * 60 * 60_000;

/** A 404 or 410 this many times in a row: the receiver is gone, not down. */
export const GONE_TRIES = 3;
/** The longest Retry-After honoured (a longer one is read as this). */
export const RETRY_AFTER_MAX_MS = 6 * 60 * 60_000;

/** `ms` spread by ±20 %; random() = 0.5 gives `ms` itself. */
export const jittered = (ms: number, random: () => number): number => Math.round(ms * (0.8 + 0.4 * random()));

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; null if absent or unreadable. */
export function retryAfterMs(header: string | undefined, now: number): number | null {
  if (!header) return null;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The wait after the `failures`-th failed try (1 = the first): 15 s, 30 s, 1 min, … capped at 1 h. */
export function retryDelayMs(failures: number): number {
  const n = Math.max(1, Math.floor(failures));
  // 2 ** 30 overflows nothing but is far past the cap; stop doubling early.
  return n > 20 ? RETRY_MAX_MS : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (n - 1));
}

export type FailureHints = { retryAfterMs?: number | null; gone?: boolean; random?: () => number };

/**
 * After a failed try at `now` (the `failures`-th) of a delivery created at `createdAt`: when to
 * try again, or null to give up (it is older than GIVE_UP_AFTER_MS, or the URL is gone).
 */
export function nextTryAt(createdAt: number, failures: number, now: number, hints: FailureHints = {}): number | null {
  if (now - createdAt >= GIVE_UP_AFTER_MS) return null;
  if (hints.gone && failures >= GONE_TRIES) return null;
  const backoff = jittered(retryDelayMs(failures), hints.random ?? (() => 0.5));
  return now + Math.max(backoff, Math.min(hints.retryAfterMs ?? 0, RETRY_AFTER_MAX_MS));
}
