import { describe, expect, it } from 'vitest';
import { Lru } from '../src/lru.ts';

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
});
