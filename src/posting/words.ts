/**
 * @module words
 * A board's word list, compiled once per list and matched once per post (the pipeline asks
 * it for both the "block" rule and the "hold" decision).
 */
import type { Board } from '../store/store.ts';

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

/** True if the text (name and body) contains a word of the board's list. */
export function matchesWordList(board: Pick<Board, 'words'>, text: string): boolean {
  const re = wordRegex(board.words);
  return re !== null && re.test(fold(text));
}
