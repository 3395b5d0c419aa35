import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { flat, Lru } from '../src/lru.ts';

// V8's own answer to "is this string one flat sequence?" (natives syntax, this worker only).
v8.setFlagsFromString('--allow-natives-syntax');
const isFlat = new Function('s', 'return %StringIsFlat(s)') as (s: string) => boolean;
/** A text built the way rendered markup is: joins, which V8 keeps as a tree of cons nodes. */
const joined = (n: number) => {
  let s = `<li id="m-${n}">`;
  for (let i = 0; i < 30; i++) s = s + `<span class="c${i}">` + String(n * i) + '</span>';
  return s + '</li>';
};

describe('Lru (every in-memory cache is one)', () => {
  it('never holds more than its bound, forgetting the least recently used first', () => {
    const lru = new Lru<number, string>(100);
    for (let i = 0; i < 10_000; i++) {
      lru.set(i, `v${i}`);
      lru.get(0); // 0 stays in use, so it is never the one forgotten
      expect(lru.size).toBeLessThanOrEqual(100);
    }
    expect(lru.get(0)).toBe('v0');
    expect(lru.get(9_999)).toBe('v9999');
    expect(lru.get(9_000)).toBeUndefined();
    expect(lru.getOrSet(9_000, () => 'again')).toBe('again');
    expect(lru.size).toBe(100);
  });

  it('keeps its keys and texts flat: a cached tree of joins would be walked by every full collection', () => {
    const lru = new Lru<string, string>(10);
    // A cache key as views.tsx makes one: a template of parts known only at run time.
    const [key, text] = [`${'k'.repeat(12)}|${joined(1).length}|en||m`, joined(2)];
    expect(isFlat(text)).toBe(false);
    expect(isFlat(key)).toBe(false);
    lru.set(key, text);
    expect(isFlat(text)).toBe(true);
    expect(isFlat(key)).toBe(true);
    // The same text, as built again apart.
    expect(lru.get(key)).toBe(joined(2));
    const made = lru.getOrSet('other', () => joined(3));
    expect(isFlat(made)).toBe(true);
    expect(made).toBe(joined(3));
    // Anything else goes in as it is.
    const obj = { a: 1 };
    expect(flat(obj)).toBe(obj);
    expect(flat('')).toBe('');
  });
});
