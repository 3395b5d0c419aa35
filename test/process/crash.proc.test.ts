/**
 * Crash durability: a real `npm start` on one DATA_DIR, many posters, SIGKILL at random moments,
 * restart, and check that every acknowledged post is there exactly once and the file is sound.
 * Odd cycles kill the whole process group (the server dies mid-write); even cycles kill npm
 * alone (the orphaned server must notice, stop by itself, and let the next start take over:
 * test/support/spawn.ts and src/store/lock.ts). A few more kills land while it is still starting.
 *
 * The kill moments come from a seed: random unless CRASH_SEED is set, printed at the start and
 * in every failure, so `CRASH_SEED=<n> npm run test:all -- test/process/crash` replays the same
 * schedule (the machine's timing still varies, so a replay is close, not identical).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { formToken, killGroup, reapAll, spawnHoller, startHoller, waitGone, type Holler } from '../support/spawn.ts';

afterAll(reapAll);

const CYCLES = 12;
const POSTERS = 8;

const SEED = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32);
/** mulberry32: a small, well-mixed PRNG, enough to replay a kill schedule from its seed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = seeded(SEED);

/** Posts unique bodies as one poster until `stop()`; returns the bodies acknowledged 2xx/303 (each also told to `onAck`). */
async function poster(url: string, dataDir: string, ip: string, tag: string, stopped: () => boolean, onAck: () => void): Promise<string[]> {
  const acked: string[] = [];
  for (let n = 0; !stopped(); n++) {
    const body = `${tag}-${n}`;
    try {
      const res = await fetch(`${url}/b/main/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, origin: url },
        body: new URLSearchParams({ name: 'crash', body, token: formToken(dataDir) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer();
      if (res.status === 303 || (res.status >= 200 && res.status < 300)) {
        acked.push(body);
        onAck();
      }
    } catch {
      return acked; // the server is gone: this post may or may not have been stored
    }
  }
  return acked;
}

function check(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const counts = new Map(
      (db.prepare(`SELECT body, count(*) AS n FROM messages GROUP BY body`).all() as { body: string; n: number }[]).map((r) => [r.body, r.n]),
    );
    return { integrity, counts };
  } finally {
    db.close();
  }
}

it(`loses no acknowledged post over ${CYCLES} SIGKILLs of npm start (CRASH_SEED=${SEED})`, async () => {
  console.log(`crash test: CRASH_SEED=${SEED} (set it to replay this kill schedule)`);
  const dataDir = tempDir('holler-crash-');
  const env = { DATA_DIR: dataDir, TRUST_PROXY: '1', RATE_INTERVAL: '0', RATE_BURST: '1000', FLOOD_POSTS: '0' };
  const acknowledged: string[] = [];
  let lost = 0;
  let server: Holler | undefined;

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    // No manual step: the previous server was SIGKILLed (or is still stopping) and this just starts.
    server = await startHoller(env, { npm: true });
    const { integrity, counts } = check(path.join(dataDir, 'holler.db'));
    expect(integrity, `CRASH_SEED=${SEED} cycle ${cycle}`).toBe('ok');
    const missing = acknowledged.filter((b) => counts.get(b) !== 1);
    lost += missing.length;
    expect(missing, `CRASH_SEED=${SEED} cycle ${cycle}: acknowledged posts missing or duplicated`).toEqual([]);
    for (const [body, n] of counts) expect(n, body).toBe(1);

    let stop = false;
    let acks = 0;
    const posters = Array.from({ length: POSTERS }, (_, p) => poster(server!.url, dataDir, `198.51.100.${p + 1}`, `c${cycle}p${p}`, () => stop, () => acks++));
    // The kill comes at a random moment, and only once posts are being acknowledged: on a loaded
    // machine a fresh server may answer none in the first 650 ms, and a cycle that stored
    // nothing tests nothing (the count checked at the end).
    const earliest = Date.now() + 150 + random() * 500;
    for (const giveUp = Date.now() + 60_000; Date.now() < earliest || acks <= POSTERS;) {
      if (Date.now() > giveUp) throw new Error(`CRASH_SEED=${SEED} cycle ${cycle}: ${acks} posts acknowledged in 60 s:\n${server.output().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    if (cycle % 2) killGroup(server.child);
    else process.kill(server.child.pid!, 'SIGKILL'); // npm only: the server is orphaned
    stop = true;
    for (const acked of await Promise.all(posters)) acknowledged.push(...acked);
    await server.exited;
    // An orphaned server stops by itself; every other time the next start just takes over.
    if (cycle % 4 === 2) expect(await waitGone(server.pid), 'orphaned server still running').toBe(true);
  }

  // "At any moment" includes while it starts (opening, migrating, binding): kill it there too.
  for (let i = 0; i < 3; i++) {
    const booting = spawnHoller(env, { npm: true });
    await new Promise((r) => setTimeout(r, 50 + random() * 700));
    killGroup(booting.child);
    await booting.exited;
  }

  // The last restart: everything acknowledged across all cycles is there, once.
  server = await startHoller(env, { npm: true });
  const { integrity, counts } = check(path.join(dataDir, 'holler.db'));
  const missing = acknowledged.filter((b) => counts.get(b) !== 1);
  lost += missing.length;
  killGroup(server.child, 'SIGTERM');
  expect(await server.exited).toEqual({ code: 0, signal: null });
  console.log(`crash test: CRASH_SEED=${SEED} cycles=${CYCLES} acknowledged=${acknowledged.length} stored=${counts.size} lost=${lost}`);
  expect(integrity, `CRASH_SEED=${SEED}`).toBe('ok');
  expect(missing, `CRASH_SEED=${SEED}`).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(CYCLES * POSTERS);
}, 240_000); // ~15 s on an idle 2-core machine; 12 starts of `npm start` take far longer on a loaded one
