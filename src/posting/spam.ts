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
  const key = (board: string, poster: string, body: string) =>
    createHash('sha256').update(`${board}\n${poster}\n${body.toLowerCase().replace(/\s+/g, ' ').trim()}`).digest('base64url');

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
  /** Posts on one board within a minute (all posters together) that count as a flood; 0 = off. */
  threshold: number;
  /** While slow mode is on, each poster may post once per this interval on that board (enforced by the board slow-mode rule). */
  slowIntervalMs: number;
};

export const FLOOD_WINDOW_MS = 60_000;
/** How long slow mode stays on after the last flooding post. */
export const FLOOD_DURATION_MS = 10 * 60_000;

/**
 * The board-wide flood guard. Per-poster rate limits don't stop a wave from many addresses;
 * this notices the wave (too many posts on one board in a minute) and turns on a temporary
 * slow mode for everybody on that board, which the widget shows so people know why.
 */
export function createFloodGuard({ now, threshold, slowIntervalMs }: FloodOptions) {
  const recent = new Map<string, number[]>();
  const slowUntil = new Map<string, number>();

  return {
    /** Slow mode on `board` right now: its interval, or null when off. */
    slowMode(board: string): { intervalMs: number; until: number } | null {
      const until = slowUntil.get(board);
      if (until === undefined) return null;
      if (until <= now()) {
        slowUntil.delete(board);
        return null;
      }
      return { intervalMs: slowIntervalMs, until };
    },

    /** Counts an accepted post (posted `at`, in time order); a flood (re)starts slow mode on the board. */
    record(board: string, at = now()): void {
      if (threshold <= 0) return;
      const list = (recent.get(board) ?? []).filter((x) => at - x < FLOOD_WINDOW_MS);
      list.push(at);
      if (list.length > threshold) list.splice(0, list.length - threshold);
      recent.set(board, list);
      if (list.length >= threshold) slowUntil.set(board, at + FLOOD_DURATION_MS);
    },
  };
}

export type FloodGuard = ReturnType<typeof createFloodGuard>;
export type DuplicateGuard = ReturnType<typeof createDuplicateGuard>;
