/**
 * @module rate-limit
 * Token buckets keyed by string: `burst` actions at once, then one more every `intervalMs`.
 * Pure (no Hono), clock injected. The map is bounded: when full, the least recently used key
 * is dropped, which at worst forgives an idle poster early; it never refuses an honest one.
 */
import { Lru } from './lru.ts';

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number };

export type RateLimiterOptions = { burst: number; intervalMs: number; now: () => number; maxKeys?: number };

export function createRateLimiter({ burst, intervalMs, now, maxKeys = 100_000 }: RateLimiterOptions) {
  // Each key stores the time at which its bucket will be full again ("theoretical arrival").
  const fullAt = new Lru<string, number>(maxKeys);

  return {
    /** Takes one token for `key` if there is one. */
    take(key: string): RateDecision {
      const t = now();
      const capacityMs = burst * intervalMs;
      const current = Math.max(fullAt.get(key) ?? t, t);
      const next = current + intervalMs;
      if (next - t > capacityMs) return { ok: false, retryAfterMs: next - t - capacityMs };
      fullAt.set(key, next);
      return { ok: true };
    },
    /** Gives back one token taken for `key` (an attempt reserved in advance that turned out fine). */
    refund(key: string): void {
      const at = fullAt.get(key);
      if (at !== undefined) fullAt.set(key, at - intervalMs);
    },
    get size(): number {
      return fullAt.size;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Milliseconds as whole seconds to wait, rounded up and at least 1 (Retry-After, "wait N s"). */
export const secondsUp = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
