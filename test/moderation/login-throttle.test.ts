import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../../src/moderation/auth.ts';
import { makeClock } from '../support/app.ts';

describe('login throttle', () => {
  it('blocks a client after its fifth failure, for a minute', () => {
    const clock = makeClock(0);
    const throttle = createLoginThrottle(clock.now);
    for (let i = 0; i < 4; i++) expect(throttle.fail('a')).toBe(0);
    expect(throttle.fail('a')).toBeGreaterThan(0);
    expect(throttle.waitMs('a')).toBeGreaterThan(0);
    expect(throttle.waitMs('b')).toBe(0);
    clock.advance(60_000);
    expect(throttle.waitMs('a')).toBe(0);
  });
});
