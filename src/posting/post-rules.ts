/**
 * @module post-rules
 * A board's moderation rules for a new post, each a small function returning a problem or
 * null (isso's "(valid, reason)" habit), so the post route reads as a list of checks and more
 * can be added. The route turns problems into a status code and a sentence in the visitor's
 * language.
 */
import type { Board, Store } from '../store/store.ts';

export type RuleProblem =
  | { code: 'banned'; until: number | null; reason: string }
  | { code: 'slow'; retryAfterMs: number }
  | { code: 'links' }
  | { code: 'word' };

/** A ban in force on this poster (any board). */
export function checkBan(store: Store, poster: string): RuleProblem | null {
  const ban = store.activeBan(poster);
  return ban ? { code: 'banned', until: ban.expiresAt, reason: ban.reason } : null;
}

/**
 * Slow mode: at most one post per `slowMode` seconds per poster on this board. `lastPostAt` is
 * the poster's latest accepted post here (the route also counts posts still being committed).
 */
export function checkSlowMode(board: Board, lastPostAt: number | null, now: number): RuleProblem | null {
  if (board.slowMode <= 0 || lastPostAt === null) return null;
  const wait = lastPostAt + board.slowMode * 1000 - now;
  return wait > 0 ? { code: 'slow', retryAfterMs: wait } : null;
}

// Anything a reader would take for an address: a scheme, www., or name.tld for common TLDs.
const LINK = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|\b[\p{L}\d-]{2,}\.(?:com|net|org|info|biz|io|co|me|ly|gg|xyz|top|site|online|shop|app|dev|link|click|ru|cn|it|fr|de|uk|eu|es|ch|be)\b/iu;

/** Links when the board does not allow them. */
export function checkLinks(board: Board, body: string): RuleProblem | null {
  return !board.linksAllowed && LINK.test(body) ? { code: 'links' } : null;
}

// Compiled word lists, keyed by the list's text (so a settings change compiles a new one).
const compiled = new Map<string, RegExp | null>();
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

function wordRegex(words: string): RegExp | null {
  let re = compiled.get(words);
  if (re !== undefined) return re;
  const list = words.split('\n').map((w) => fold(w.trim())).filter(Boolean);
  // Whole words only, so "class" does not trip over "ass"; accents and case are ignored.
  re = list.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\p{L}\\p{N}])`, 'u')
    : null;
  if (compiled.size > 100) compiled.clear();
  compiled.set(words, re);
  return re;
}

/** True if the text (body or name) contains a word of the board's list. */
export function matchesWordList(board: Board, text: string): boolean {
  const re = wordRegex(board.words);
  return re !== null && re.test(fold(text));
}

/** A word-list match on a "block" board. (On a "hold" board the route holds the post instead.) */
export function checkWords(board: Board, text: string): RuleProblem | null {
  return board.wordsAction === 'block' && matchesWordList(board, text) ? { code: 'word' } : null;
}

/** Whether an accepted post waits for a moderator: pre-moderation, or a word on a "hold" board. */
export function mustHold(board: Board, text: string): boolean {
  return board.premoderate || (board.wordsAction === 'hold' && matchesWordList(board, text));
}
