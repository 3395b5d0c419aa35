import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../src/rate-limit.ts';
import { makeClock } from './support/app.ts';

describe('rate limiter (burst 3, then 1 per 5 s)', () => {
  const setup = () => {
    const clock = makeClock(0);
    return { clock, limiter: createRateLimiter({ burst: 3, intervalMs: 5000, now: clock.now }) };
  };

  it.each([
    { name: 'first three at once pass', steps: [0, 0, 0], expect: [true, true, true] },
    { name: 'fourth at once is refused', steps: [0, 0, 0, 0], expect: [true, true, true, false] },
    { name: 'one token back after 5 s', steps: [0, 0, 0, 5000], expect: [true, true, true, true] },
    { name: 'not before 5 s', steps: [0, 0, 0, 4999], expect: [true, true, true, false] },
    { name: 'steady 1 per 5 s never refused', steps: [0, 5000, 5000, 5000, 5000, 5000], expect: [true, true, true, true, true, true] },
    { name: 'full burst again after 15 s idle', steps: [0, 0, 0, 15000, 0, 0], expect: [true, true, true, true, true, true] },
  ])('$name', ({ steps, expect: want }) => {
    const { clock, limiter } = setup();
    const got = steps.map((dt) => {
      clock.advance(dt);
      return limiter.take('a').ok;
    });
    expect(got).toEqual(want);
  });

  it('says how long to wait', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 3; i++) limiter.take('a');
    clock.advance(1200);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 3800 });
  });

  it('a refused attempt does not extend the wait', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 10; i++) limiter.take('a');
    clock.advance(5000);
    expect(limiter.take('a').ok).toBe(true);
  });

  it('keys are independent', () => {
    const { limiter } = setup();
    for (let i = 0; i < 3; i++) limiter.take('a');
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.take('b').ok).toBe(true);
  });

  it('interval 0 lifts the limit', () => {
    const clock = makeClock(0);
    const limiter = createRateLimiter({ burst: 1, intervalMs: 0, now: clock.now });
    expect(Array.from({ length: 100 }, () => limiter.take('a').ok).every(Boolean)).toBe(true);
  });

  it('stays within maxKeys, dropping the least recently used key', () => {
    const clock = makeClock(0);
    const limiter = createRateLimiter({ burst: 1, intervalMs: 60_000, now: clock.now, maxKeys: 3 });
    for (const k of ['a', 'b', 'c', 'd']) limiter.take(k);
    expect(limiter.size).toBe(3);
    expect(limiter.take('d').ok).toBe(false); // recent keys are still limited
    expect(limiter.take('a').ok).toBe(true); // the oldest was forgotten
  });
});
