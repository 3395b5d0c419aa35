/**
 * @module words
 * A board's word list, compiled once per list and matched once per post (the pipeline asks
 * it for both the "block" rule and the "hold" decision).
 */
import type { Board } from '../store/store.ts';

// Compiled word lists, keyed by the list's text (so a settings change compiles a new one).
const compiled = new Map<string, RegExp | null>();
const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * One entry as a pattern: whole words only, so "class" does not trip over "ass"; a `*` at its end
 * or start lets the word go on there ("idiot*" catches "idiots", "*bot" catches "spambot"), as
 * Chatango's and phpBB's word filters do. A `*` elsewhere is a plain character.
 */
function entryPattern(entry: string): string | null {
  const open = entry.startsWith('*');
  const core = entry.replace(/^\*+|\*+$/g, '');
  // "*" alone (or "**") would match every post: ignored, not a board that refuses everything.
  if (!core) return null;
  const tail = entry.endsWith('*');
  const escaped = core.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `${open ? '' : '(?<![\\p{L}\\p{N}])'}${escaped}${tail ? '' : '(?![\\p{L}\\p{N}])'}`;
}

function wordRegex(words: string): RegExp | null {
  let re = compiled.get(words);
  if (re !== undefined) return re;
  // Accents and case are ignored.
  const list = words.split('\n').map((w) => entryPattern(fold(w.trim()))).filter((p): p is string => p !== null);
  re = list.length ? new RegExp(`(?:${list.join('|')})`, 'u') : null;
  if (compiled.size > 100) compiled.clear();
  compiled.set(words, re);
  return re;
}

/** True if the text (name and body) contains a word of the board's list. */
export function matchesWordList(board: Pick<Board, 'words'>, text: string): boolean {
  const re = wordRegex(board.words);
  return re !== null && re.test(fold(text));
}
