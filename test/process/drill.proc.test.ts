/**
 * The failover drill (scripts/drill.ts, `npm run drill`) on every CI run: Holler under the real
 * Litestream with deploy/litestream.yml and a folder replica, SIGKILL of the whole group, the
 * data folder deleted, `litestream restore` into a fresh one, Holler started there. The issue's
 * bar: every post acknowledged more than the sync interval (1 s) before the kill is served, RPO
 * <= 2 s and RTO <= 5 s, and the moderator, the poster keys, form tokens and the notification
 * outbox survive. The numbers are printed for the README's record, not tuned for speed.
 */
import { expect, it } from 'vitest';
import { runDrill } from '../../scripts/drill.ts';

it('the failover drill with a folder replica: nothing older than the sync interval lost, RPO <= 2 s, RTO <= 5 s', async () => {
  const r = await runDrill({ log: (l) => console.log(l) });
  expect(r.missingOlder).toEqual([]);
  expect(r.acknowledged).toBeGreaterThan(50);
  expect(r.integrity).toBe('ok');
  expect(r.moderatorLogin).toBe(true);
  expect(r.formTokenAccepted).toBe(true);
  expect(r.posterKeyKept).toBe(true);
  expect(r.outboxDelivered.expected).toBeGreaterThan(0);
  expect(r.outboxDelivered.delivered).toBe(r.outboxDelivered.expected);
  expect(r.rpoSeconds).toBeLessThanOrEqual(2);
  expect(r.rtoSeconds).toBeLessThanOrEqual(5);
  expect(r.replicaShownCurrent).toBe(true);
  expect(r.ok).toBe(true);
}, 90_000);
