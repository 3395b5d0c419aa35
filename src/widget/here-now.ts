/**
 * @module here-now
 * "N others here now": how many widgets are open on a board besides the asker's own, counted
 * from a beacon each open widget
 * sends every 30 s (widget.js) with a random id it made when the page loaded: no cookie, no
 * address, nothing kept for more than a minute and a bit. The polls cannot be the signal: a
 * caching proxy answers most of them itself (deploy/nginx), so Holler would count the proxy's
 * refreshes, not the people. The beacon is a POST answered `no-store`, which no shared cache
 * keeps. Without JavaScript there is no beacon and no count.
 *
 * Memory: per board, one Map of id → last seen, in last-seen order (a refresh moves the id to
 * the end), so expired ids are dropped from the front: amortised O(1) per beacon and per read,
 * no SQL, and never more than `maxPerBoard` ids (the oldest go first). Only boards the caller has
 * checked exist get a map.
 */

/** How often an open widget says it is still open. */
export const BEACON_MS = 30_000;

/**
 * `seen` records a beacon (or a leaving widget) and returns the others' count; `others` only
 * reads. Both answer "how many besides you": whoever asks has a widget open, and its own beacon
 * is among the live ids (a poll comes from a widget that beacons at load), so it is taken off.
 * "1 person here now" must never mean just yourself (issue 22): 0 is "only you".
 */
export type HereNow = {
  seen: (board: string, id: string, leaving?: boolean) => number;
  others: (board: string) => number;
};

export function createHereNow({ now, windowMs = 2 * BEACON_MS + 5_000, maxPerBoard = 50_000 }: { now: () => number; windowMs?: number; maxPerBoard?: number }): HereNow {
  // Per board: the ids (last seen, oldest first), none of which expires before `until`: every
  // poll reads the count, and it changes only when a beacon arrives or the oldest id expires.
  type Seen = { ids: Map<string, number>; until: number };
  const boards = new Map<string, Seen>();

  /** Drops the ids not seen within the window (they sit at the front) and returns the live count. */
  function live(b: Seen): number {
    const t = now();
    if (t <= b.until) return b.ids.size;
    b.until = Infinity; // none left to expire until the next beacon
    for (const [id, at] of b.ids) {
      if (at >= t - windowMs) {
        b.until = at + windowMs;
        break;
      }
      b.ids.delete(id);
    }
    return b.ids.size;
  }

  return {
    seen(board, id, leaving = false) {
      let b = boards.get(board);
      if (!b) boards.set(board, (b = { ids: new Map(), until: -Infinity }));
      const { ids } = b;
      ids.delete(id);
      if (!leaving) {
        ids.set(id, now());
        // A flood of made-up ids costs a bounded amount: the least recently seen go.
        if (ids.size > maxPerBoard) ids.delete(ids.keys().next().value!);
      }
      b.until = -Infinity; // the oldest id may have changed: looked at again
      // A leaving widget is no longer counted; nobody reads the answer to its goodbye anyway.
      return Math.max(0, live(b) - (leaving ? 0 : 1));
    },
    others(board) {
      const b = boards.get(board);
      return b ? Math.max(0, live(b) - 1) : 0;
    },
  };
}
