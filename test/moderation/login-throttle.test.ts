import { describe, expect, it } from 'vitest';
import { createLoginThrottle, MAX_CHECKS, setAdminPassword } from '../../src/moderation/auth.ts';
import { login } from '../support/admin.ts';
import { makeClock, makeTestApp } from '../support/app.ts';

const RIGHT = 'the-right-password';

/** An app whose password is a stored scrypt hash (the slow check the race needed). */
async function scryptApp() {
  const t = makeTestApp();
  await setAdminPassword(t.store, RIGHT);
  return t;
}

describe('login throttle', () => {
  it('reserves a try before the check: four per client, then one a minute', () => {
    const clock = makeClock(0);
    const throttle = createLoginThrottle(clock.now);
    for (let i = 0; i < 4; i++) expect(throttle.reserve('a')).toBe(0);
    expect(throttle.reserve('a')).toBe(60_000);
    expect(throttle.waitMs('a')).toBeGreaterThan(0);
    expect(throttle.waitMs('b')).toBe(0);
    clock.advance(60_000);
    expect(throttle.waitMs('a')).toBe(0);
    expect(throttle.reserve('a')).toBe(0);
  });

  it('gives the try back when the password was right', () => {
    const throttle = createLoginThrottle(makeClock(0).now);
    for (let i = 0; i < 10; i++) {
      expect(throttle.reserve('a')).toBe(0);
      throttle.succeeded('a');
    }
  });

  it(`runs at most ${MAX_CHECKS} checks at once; the rest wait their turn`, async () => {
    const throttle = createLoginThrottle(makeClock(0).now);
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const checks = Array.from({ length: 10 }, () =>
      throttle.limit(async () => {
        running++;
        most = Math.max(most, running);
        await new Promise<void>((go) => release.push(go));
        running--;
        return true;
      }),
    );
    expect(throttle.checking).toBe(10);
    while (release.length || throttle.checking) {
      await Promise.resolve();
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(checks)).toEqual(Array(10).fill(true));
    expect(most).toBe(MAX_CHECKS);
  });

  it('50 parallel wrong guesses cost 50 tries: the right password in the same burst, and after it, is refused', async () => {
    const t = await scryptApp();
    const burst = await Promise.all([...Array.from({ length: 50 }, (_, i) => login(t, `wrong-guess-${i}`)), login(t, RIGHT)]);
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(47);
    expect(statuses.at(-1)).toBe(429);
    expect(burst.some((r) => r.headers.get('set-cookie'))).toBe(false);
    const after = await login(t, RIGHT);
    expect(after.status).toBe(429);
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
  });

  it('50 parallel wrong guesses from 50 addresses: the global limit holds, the right one is refused', async () => {
    // ADMIN_PASSWORD (a fast check) keeps this test quick; the reservation is the same.
    const t = makeTestApp({ env: { ADMIN_PASSWORD: RIGHT } });
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => login(t, `wrong-guess-${i}`, `198.51.100.${i + 1}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(19);
    const right = await login(t, RIGHT, '192.0.2.77');
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    // Once the wait is over, the moderator gets in.
    t.clock.advance(30_000);
    expect((await login(t, RIGHT, '192.0.2.77')).status).toBe(303);
  });

  it('a right password costs nothing: the moderator can log in again and again', async () => {
    const t = makeTestApp({ env: { ADMIN_PASSWORD: RIGHT } });
    for (let i = 0; i < 6; i++) expect((await login(t, RIGHT)).status).toBe(303);
  });
});
