/**
 * @module notify/backoff
 * When a failed delivery is tried again: exponential backoff from 15 s, doubling up to one
 * hour between tries, and given up only once the delivery is more than 25 hours old, so a
 * receiver that is down for a whole day still gets everything when it comes back. No random
 * jitter: deliveries fail at different times already, and a fixed schedule can be shown.
 */

export const RETRY_FIRST_MS = 15_000;
export const RETRY_MAX_MS = 60 * 60_000;
export const GIVE_UP_AFTER_MS = 25 * 60 * 60_000;

/** The wait after the `failures`-th failed try (1 = the first): 15 s, 30 s, 1 min, … capped at 1 h. */
export function retryDelayMs(failures: number): number {
  const n = Math.max(1, Math.floor(failures));
  // 2 ** 30 overflows nothing but is far past the cap; stop doubling early.
  return n > 20 ? RETRY_MAX_MS : Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (n - 1));
}

/**
 * After a failed try at `now` (the `failures`-th) of a delivery created at `createdAt`: when to
 * try again, or null to give up (it is older than GIVE_UP_AFTER_MS).
 */
export function nextTryAt(createdAt: number, failures: number, now: number): number | null {
  if (now - createdAt >= GIVE_UP_AFTER_MS) return null;
  return now + retryDelayMs(failures);
}
