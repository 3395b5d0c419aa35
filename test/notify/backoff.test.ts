/** The retry schedule, on the injected clock: no waiting. */
import { describe, expect, it } from 'vitest';
import { GIVE_UP_AFTER_MS, nextTryAt, retryDelayMs } from '../../src/notify/backoff.ts';

describe('retry backoff', () => {
  it('doubles from 15 s up to one hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 50].map(retryDelayMs)).toEqual([
      15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('keeps trying for more than a day, then gives up', () => {
    const created = Date.UTC(2026, 10, 29, 5, 0, 0);
    const tries: number[] = [];
    let now = created;
    for (let failures = 1; ; failures++) {
      const next = nextTryAt(created, failures, now);
      if (next === null) break;
      tries.push(next - created);
      now = next;
    }
    expect(tries.slice(0, 4)).toEqual([15_000, 45_000, 105_000, 225_000]);
    expect(now - created).toBeGreaterThanOrEqual(24 * 3600_000);
    expect(now - created).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    expect(tries.length).toBe(32); // retries after the first try: 33 tries in all
    // Never more than an hour between two tries: a receiver back up is found within the hour.
    expect(Math.max(...tries.map((t, i) => t - (tries[i - 1] ?? 0)))).toBe(3_600_000);
  });
});
