/**
 * Crash durability: a real `npm start` on one DATA_DIR, many posters, SIGKILL at random moments,
 * restart, and check that every acknowledged post is there exactly once and the file is sound.
 * Odd cycles kill the whole process group (the server dies mid-write); even cycles kill npm
 * alone (the orphaned server must notice, stop by itself, and let the next start take over:
 * test/spawn.ts and src/lock.ts). A few more kills land while it is still starting.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { formToken, killGroup, reapAll, spawnHoller, startHoller, waitGone, type Holler } from '../support/spawn.ts';

afterAll(reapAll);

const CYCLES = 12;
const POSTERS = 8;

/** Posts unique bodies as one poster until `stop()`; returns the bodies acknowledged 2xx/303. */
async function poster(url: string, dataDir: string, ip: string, tag: string, stopped: () => boolean): Promise<string[]> {
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
      if (res.status === 303 || (res.status >= 200 && res.status < 300)) acked.push(body);
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

it(`loses no acknowledged post over ${CYCLES} SIGKILLs of npm start`, async () => {
  const dataDir = tempDir('holler-crash-');
  const env = { DATA_DIR: dataDir, TRUST_PROXY: '1', RATE_INTERVAL: '0', RATE_BURST: '1000', FLOOD_POSTS: '0' };
  const acknowledged: string[] = [];
  let lost = 0;
  let server: Holler | undefined;

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    // No manual step: the previous server was SIGKILLed (or is still stopping) and this just starts.
    server = await startHoller(env, { npm: true });
    const { integrity, counts } = check(path.join(dataDir, 'holler.db'));
    expect(integrity).toBe('ok');
    const missing = acknowledged.filter((b) => counts.get(b) !== 1);
    lost += missing.length;
    expect(missing, `cycle ${cycle}: acknowledged posts missing or duplicated`).toEqual([]);
    for (const [body, n] of counts) expect(n, body).toBe(1);

    let stop = false;
    const posters = Array.from({ length: POSTERS }, (_, p) => poster(server!.url, dataDir, `198.51.100.${p + 1}`, `c${cycle}p${p}`, () => stop));
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 500));
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
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 700));
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
  console.log(`crash test: cycles=${CYCLES} acknowledged=${acknowledged.length} stored=${counts.size} lost=${lost}`);
  expect(integrity).toBe('ok');
  expect(missing).toEqual([]);
  expect(acknowledged.length).toBeGreaterThan(CYCLES * POSTERS);
}, 120_000); // ~15 s on an idle 2-core machine; room for a loaded one
