/**
 * Retry conventions (issue 24): a receiver's Retry-After is honoured, a 404 or 410 (a revoked
 * hook) is given up after a few tries instead of a day, waits carry ±20 % jitter, and a restart
 * spreads the backlog instead of firing it all at once. Real receivers on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';
import { GONE_TRIES, nextTryAt, RETRY_FIRST_MS } from '../../src/notify/backoff.ts';
import { startReceiver } from './support.ts';

let hook: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { hook = await startReceiver(); });
afterAll(() => hook.close());

const app = () => makeTestApp({ env: { NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: 'retry-test-secret-123', RATE_BURST: '100', RATE_INTERVAL: '0' } });

describe('webhook retries', () => {
  it('honour Retry-After in seconds and as a date', async () => {
    for (const [header, wait] of [['600', 600_000], [new Date(Date.UTC(2026, 10, 22, 14, 0, 0)).toUTCString(), 2 * 3600_000]] as const) {
      const t = app();
      hook.setStatus(503, { 'retry-after': header });
      await t.post({ body: `busy ${header}` });
      await t.notifier.runOnce();
      expect(t.store.failingDeliveries()[0]).toMatchObject({ status: 'pending', lastError: 'HTTP 503', nextAt: t.clock.now() + wait });
    }
    // Shorter than the backoff: the backoff wins.
    const t = app();
    hook.setStatus(429, { 'retry-after': '1' });
    await t.post({ body: 'slow down' });
    await t.notifier.runOnce();
    expect(t.store.failingDeliveries()[0]!.nextAt).toBe(t.clock.now() + RETRY_FIRST_MS);
  });

  it.each([404, 410])('give up on a %i after a few tries, not a day', async (status) => {
    const t = app();
    hook.setStatus(status);
    hook.requests.length = 0;
    await t.post({ body: 'to a revoked hook' });
    for (let i = 0; i < 10 && t.store.outboxCounts(0).pending > 0; i++) {
      await t.notifier.runOnce();
      t.clock.set(t.store.nextDueAt() ?? t.clock.now());
    }
    expect(hook.requests.length).toBe(GONE_TRIES);
    expect(t.store.failingDeliveries()[0]).toMatchObject({ status: 'failed', lastError: `HTTP ${status}` });
    expect(t.clock.now() - t.store.failingDeliveries()[0]!.createdAt).toBeLessThan(5 * 60_000);
  });

  it('spread each wait by ±20 %', () => {
    const at = (r: number) => nextTryAt(0, 1, 0, { random: () => r });
    expect([at(0), at(0.5), at(0.999)]).toEqual([12_000, 15_000, 17_994]);
    const many = new Set(Array.from({ length: 50 }, () => nextTryAt(0, 3, 0, { random: Math.random })));
    expect(many.size).toBeGreaterThan(10);
  });

  it('after a restart, spread the backlog over seconds instead of firing it at once', async () => {
    const t = app();
    hook.setStatus(204);
    for (let i = 0; i < 40; i++) await t.post({ body: `backlog ${i}` }, { ip: `198.51.100.${i + 1}` });
    const ids = t.store.dueDeliveries(100).map((d) => d.id);
    expect(ids).toHaveLength(40);
    t.store.markRetry(ids, t.clock.now() + 3600_000, 'HTTP 503');
    expect(t.store.wakeDeliveries()).toBe(40);
    const times = ids.map((id) => t.store.deliveryNextAt(id)! - t.clock.now());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(10_000); // 40 × 250 ms
    expect(new Set(times).size).toBeGreaterThan(20);
    expect(t.store.dueDeliveries(100).length).toBeLessThan(40); // not all due at once
  });
});
