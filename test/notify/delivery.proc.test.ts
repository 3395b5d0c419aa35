/**
 * Durability against a real process: the receiver is down while 20 messages are posted, Holler
 * is SIGKILLed, the receiver comes up, Holler restarts, and every delivery arrives exactly
 * once, correctly signed.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { formToken, killGroup, reapAll, startHoller } from '../support/spawn.ts';
import { readmeReceiver, startReceiver } from './support.ts';

afterAll(reapAll);

const SECRET = 'proc-test-secret-0123456789';
const N = 20;

async function until(what: string, ok: () => boolean, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it(`delivers all ${N} notifications exactly once after a receiver outage and a SIGKILL`, async () => {
  const { verifyHoller } = await readmeReceiver();
  // A free port with nothing listening on it: the receiver is down.
  const probe = await startReceiver();
  const port = probe.port;
  await probe.close();

  const dataDir = tempDir('holler-notify-');
  const env = {
    DATA_DIR: dataDir, TRUST_PROXY: '1', RATE_INTERVAL: '0', RATE_BURST: '1000', FLOOD_POSTS: '0',
    NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_EVENTS: 'message.posted',
  };
  let holler = await startHoller(env);
  const bodies = Array.from({ length: N }, (_, i) => `durable-${i}`);
  for (const body of bodies) {
    const res = await fetch(`${holler.url}/b/main/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.7', origin: holler.url },
      body: new URLSearchParams({ name: 'proc', body, token: formToken(dataDir) }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
  }
  // The worker has met the closed port at least once (so these are retries, not first tries).
  await until('a failed try logged', () => holler.output().includes('notification failed, will retry'));
  killGroup(holler.child, 'SIGKILL');
  await holler.exited;

  const rx = await startReceiver(port);
  try {
    holler = await startHoller(env);
    await until(`${N} deliveries`, () => rx.requests.length >= N);
    // Stop Holler cleanly, so nothing more can arrive, then count.
    killGroup(holler.child, 'SIGTERM');
    await holler.exited;
    const ids = rx.requests.map((r) => String(r.headers['x-holler-delivery']));
    expect(rx.requests).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    for (const r of rx.requests) expect(verifyHoller(r.body, r.headers, SECRET)).toBe(true);
    expect(rx.requests.map((r) => JSON.parse(r.body).message.body).sort()).toEqual([...bodies].sort());

    const db = new Database(path.join(dataDir, 'holler.db'), { readonly: true });
    const rows = db.prepare(`SELECT status, count(*) AS n, max(attempts) AS maxTries FROM outbox GROUP BY status`).all();
    db.close();
    // All sent; those tried before the kill were sent on their second try.
    expect(rows).toEqual([{ status: 'sent', n: N, maxTries: 2 }]);
  } finally {
    await rx.close();
  }
}, 60_000);
