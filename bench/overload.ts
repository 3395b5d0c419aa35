/**
 * `node --import tsx bench/overload.ts`: measures the capacity of the no-change poll (the hot
 * path), then offers twice that rate for a bounded time while light probes measure what a
 * visitor, a moderator and an operator see meanwhile: p99 of /healthz, the moderation list, the
 * landing page and the widget page.
 * Loopback only; about 30 s in all.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ms, reapAll, rssMb, startHoller } from './load.ts';

const SECONDS = Number(process.env.OVERLOAD_SECONDS ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-overload-'));
const ADMIN_PASSWORD = 'overload-bench-password';
// Through `npm start`: the compiled server, with its NODE_OPTIONS.
const server = await startHoller({ DATA_DIR: dataDir, LOG_LEVEL: 'info', ADMIN_PASSWORD }, { npm: true });

try {
  const { url, pid } = server;
  const poll = `${url}/b/main/feed?rev=0`; // a fresh board: nothing changed, 204 from memory
  await autocannon({ url: poll, connections: 10, duration: 2 }); // warm-up
  const capacity = await autocannon({ url: poll, connections: 50, duration: SECONDS / 2 });
  const rate = Math.round(capacity.requests.average);
  console.log(`no-change poll capacity: ${rate} req/s (p99 ${ms(capacity.latency.p99)})`);

  // The moderator's list needs a session: log in as a moderator would.
  const login = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url },
    body: new URLSearchParams({ password: ADMIN_PASSWORD }),
    redirect: 'manual',
  });
  const cookie = /^([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
  if (!cookie) throw new Error(`could not log in (${login.status})`);

  const probe = (p: string, headers: Record<string, string> = {}) =>
    autocannon({ url: `${url}${p}`, connections: 1, duration: SECONDS, overallRate: 20, headers });
  const [flood, health, admin, landing, widget] = await Promise.all([
    autocannon({ url: poll, connections: 100, duration: SECONDS, overallRate: rate * 2 }),
    probe('/healthz'),
    probe('/admin', { cookie }),
    probe('/'),
    probe('/b/main'),
  ]);
  console.log(`offered ${rate * 2} req/s of polls for ${SECONDS} s: served ${Math.round(flood.requests.average)} req/s, p99 ${ms(flood.latency.p99)}, errors ${flood.errors}`);
  for (const [name, r] of [['/healthz', health], ['/admin (moderation)', admin], ['/ (landing)', landing], ['/b/main (widget)', widget]] as const) {
    console.log(`  ${name.padEnd(20)} p50 ${ms(r.latency.p50)}, p99 ${ms(r.latency.p99)}, max ${ms(r.latency.max)}, non-2xx ${r.non2xx}, errors ${r.errors}`);
  }
  console.log(`server RSS after the run: ${rssMb(pid)} MB`);
  server.child.kill('SIGTERM');
  await server.exited;
} finally {
  reapAll();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
