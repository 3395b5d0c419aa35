/**
 * @module here-now
 * "N here now", estimated from polls without identifying anyone (no cookie, no address): each
 * open widget polls about once per interval, so polls seen in the last window, times the
 * interval, over the window, approximates the number of open widgets. Hidden tabs poll less
 * and count as a fraction, which is fair: they are less "here".
 *
 * Memory is one ring of per-second counters per board, and only for boards the caller has
 * checked exist. `hit()` is amortised O(1) (it clears at most the seconds that went by), so
 * the poll's hot path stays cheap and free of SQL.
 */

type Ring = { counts: Uint32Array; second: number; total: number; since: number };

/** `hit` counts one poll and returns the new estimate; `estimate` only reads. `pollMs`: the board's poll interval. */
export type HereNow = { hit: (board: string, pollMs: number) => number; estimate: (board: string, pollMs: number) => number };

export function createHereNow({ now, windowMs = 30_000 }: { now: () => number; windowMs?: number }): HereNow {
  const slots = Math.max(2, Math.ceil(windowMs / 1000));
  const rings = new Map<string, Ring>();

  /** Moves the ring to the current second, forgetting the counts that left the window. */
  function advance(board: string): Ring {
    const second = Math.floor(now() / 1000);
    let ring = rings.get(board);
    if (!ring) {
      ring = { counts: new Uint32Array(slots), second, total: 0, since: second };
      rings.set(board, ring);
    }
    const gone = Math.min(slots, Math.max(0, second - ring.second));
    for (let i = 1; i <= gone; i++) {
      const slot = (ring.second + i) % slots;
      ring.total -= ring.counts[slot] ?? 0;
      ring.counts[slot] = 0;
    }
    if (second > ring.second) ring.second = second;
    return ring;
  }

  function estimateOf(ring: Ring, pollMs: number): number {
    // Just after a start the window isn't full yet: divide by the seconds actually counted
    // (at least one poll interval, or a single early poll would count as several visitors).
    const seconds = Math.min(slots, Math.max(Math.ceil(pollMs / 1000), ring.second - ring.since + 1));
    return Math.max(1, Math.round((ring.total * pollMs) / (seconds * 1000)));
  }

  return {
    hit(board, pollMs) {
      const ring = advance(board);
      const slot = ring.second % slots;
      ring.counts[slot] = (ring.counts[slot] ?? 0) + 1;
      ring.total += 1;
      return estimateOf(ring, pollMs);
    },
    estimate: (board, pollMs) => estimateOf(advance(board), pollMs),
  };
}
