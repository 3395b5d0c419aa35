/**
 * @module spam
 * The remembering defences against automated posting: repeats and floods. The posting
 * pipeline (rules.ts) asks them in its order and words the answer (refusal.ts).
 * State is in memory and bounded; it is rebuilt from the stored posts at start, so a restart
 * forgives neither a repeat nor a flood. It never refuses an honest post.
 */
import { createHash } from 'node:crypto';

/** The honeypot field: invisible to people (CSS, aria-hidden, no tab stop), filled by form-stuffing bots. */
export const HONEYPOT_FIELD = 'website';

export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * Same poster, same board, same text (case and spacing aside) within ten minutes. Keys are
 * hashes, so the map never holds message text; it is bounded by dropping the oldest entries.
 */
export function createDuplicateGuard({ now, maxKeys = 100_000 }: { now: () => number; maxKeys?: number }) {
  const seen = new Map<string, number>();
  const hash = (board: string, poster: string, body: string) =>
    createHash('sha256').update(`${board}\n${poster}\n${body.toLowerCase().replace(/\s+/g, ' ').trim()}`).digest('base64url');
  // A post is checked, then remembered: its key is hashed once.
  let last: { board: string; poster: string; body: string; key: string } | undefined;
  const key = (board: string, poster: string, body: string) => {
    if (last?.body !== body || last.poster !== poster || last.board !== board) last = { board, poster, body, key: hash(board, poster, body) };
    return last.key;
  };

  return {
    check(board: string, poster: string, body: string): { code: 'duplicate' } | null {
      const at = seen.get(key(board, poster, body));
      return at !== undefined && now() - at < DUPLICATE_WINDOW_MS ? { code: 'duplicate' } : null;
    },
    forget(board: string, poster: string, body: string): void {
      seen.delete(key(board, poster, body));
    },
    /** `at`: when it was posted (now, or a stored post's time when rebuilding at start). */
    remember(board: string, poster: string, body: string, at = now()): void {
      const k = key(board, poster, body);
      seen.delete(k);
      seen.set(k, at);
      // Oldest first: drop what has aged out, and anything past the bound.
      for (const [old, when] of seen) {
        if (at - when < DUPLICATE_WINDOW_MS && seen.size <= maxKeys) break;
        seen.delete(old);
      }
    },
  };
}

export type FloodOptions = {
  now: () => number;
  /** While slow mode is on, each poster may post once per this interval on that board (enforced by the board slow-mode rule). */
  slowIntervalMs: number;
};

export const FLOOD_WINDOW_MS = 60_000;
/** How long slow mode stays on after the last flooding post. */
export const FLOOD_DURATION_MS = 10 * 60_000;

/**
 * The thresholds a board may choose instead of the instance's FLOOD_POSTS (posts a minute from
 * everyone together; admin board settings). The threshold is for waves from many addresses:
 * each poster is held to the rate limit anyway (RATE_BURST, then one per RATE_INTERVAL).
 *   - quiet 15: a small board where 15 posts in a minute is already unusual;
 *   - lively 60: twice the default, for a board with a regular crowd;
 *   - event 120: a live event, e.g. a bake-along with 20 posters at 45 a minute (issue 22).
 *     45 is the average; when something happens on stream most of the 20 write at once, two or
 *     three lines each, so a minute can hold 45 + 60: 120 leaves that headroom, and a bot wave
 *     from many addresses (two posts a second and more) still trips it.
 */
export const FLOOD_PRESETS = { quiet: 15, lively: 60, event: 120 } as const;
export type FloodPreset = keyof typeof FLOOD_PRESETS;

/** Slow mode on a board: each poster's interval, when it started (its epoch) and when it ends unless the flood goes on. */
export type SlowMode = { intervalMs: number; since: number; until: number };

/**
 * The board-wide flood guard. Per-poster rate limits don't stop a wave from many addresses;
 * this notices the wave (at least `threshold` posts on one board in a minute; each board has
 * its own, see FLOOD_PRESETS) and turns on a temporary slow mode for everybody on that board,
 * which the widget shows so people know why.
 */
export function createFloodGuard({ now, slowIntervalMs }: FloodOptions) {
  const recent = new Map<string, number[]>();
  // `threshold`: the one that tripped it; a moderator who raises the board's (say, to "event")
  // ends a slow mode the old one started.
  const slow = new Map<string, { since: number; until: number; threshold: number }>();

  return {
    /** Slow mode on `board` (whose threshold is now `threshold`) right now, or null when off. */
    slowMode(board: string, threshold: number): SlowMode | null {
      const on = slow.get(board);
      if (on === undefined) return null;
      if (on.until <= now() || threshold <= 0 || threshold > on.threshold) {
        slow.delete(board);
        return null;
      }
      return { intervalMs: slowIntervalMs, since: on.since, until: on.until };
    },

    /**
     * Counts an accepted post (posted `at`, in time order) against the board's threshold (0 =
     * never); a flood (re)starts slow mode. True when this post switched slow mode on.
     */
    record(board: string, threshold: number, at = now()): boolean {
      if (threshold <= 0) return false;
      const list = (recent.get(board) ?? []).filter((x) => at - x < FLOOD_WINDOW_MS);
      list.push(at);
      if (list.length > threshold) list.splice(0, list.length - threshold);
      recent.set(board, list);
      if (list.length < threshold) return false;
      const on = slow.get(board);
      const started = on === undefined || on.until <= at;
      slow.set(board, { since: started ? at : on.since, until: at + FLOOD_DURATION_MS, threshold });
      return started;
    },
  };
}

export type FloodGuard = ReturnType<typeof createFloodGuard>;
export type DuplicateGuard = ReturnType<typeof createDuplicateGuard>;
