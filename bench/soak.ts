/**
 * `npm run soak [-- SECONDS]`: a bounded soak (default 120 s, at most 600) against a real Holler
 * on loopback, with a mix of polls, page loads, health checks and posts from ever new posters
 * (so the rate limiter's map keeps growing toward its bound). Prints the server's RSS at start,
 * after warm-up, every 15 s, and at the end.
 */
import autocannon from 'autocannon';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { currentRev, reapAll, rssMb, startHoller } from './load.ts';
import { formToken } from './support.ts';

const seconds = Math.min(600, Math.max(10, Number(process.argv[2] ?? process.env.SOAK_SECONDS ?? 120)));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-soak-'));
// Through `npm start`: the compiled server, with its NODE_OPTIONS.
const server = await startHoller({ DATA_DIR: dataDir, TRUST_PROXY: '1', LOG_LEVEL: 'info' }, { npm: true }).catch((err) => {
  console.error(err.message);
  process.exit(1);
});

try {
  const { url, pid } = server;
  const samples: [number, number][] = [[0, rssMb(pid)]];
  console.log(`soak: ${seconds} s against ${url} (pid ${pid}), RSS at start ${samples[0]![1]} MB`);
  let rev = await currentRev(url);
  const revTimer = setInterval(() => void currentRev(url).then((r) => (rev = r), () => {}), 1000);
  const started = Date.now();
  const sampler = setInterval(() => {
    const s: [number, number] = [Math.round((Date.now() - started) / 1000), rssMb(pid)];
    samples.push(s);
    console.log(`  t=${s[0]}s RSS ${s[1]} MB`);
  }, 15_000);
  let poster = 0;
  const nextIp = () => {
    poster = (poster + 1) % 16_000_000;
    return `10.${(poster >> 16) & 255}.${(poster >> 8) & 255}.${poster & 255}`;
  };
  const [polls, pages, posts] = await Promise.all([
    // Pollers at the current rev: mostly 204 from memory, sometimes the latest changes.
    autocannon({ url, connections: 20, duration: seconds, overallRate: 1500, requests: [{ method: 'GET', setupRequest: (r) => ({ ...r, path: `/b/main/feed?rev=${rev}` }) }] }),
    autocannon({ url, connections: 2, duration: seconds, overallRate: 30, requests: [{ method: 'GET', path: '/b/main' }, { method: 'GET', path: '/healthz' }, { method: 'GET', path: '/' }] }),
    // New posters all the time; each is allowed its burst, then refused (429) like a flood.
    autocannon({
      url,
      connections: 4,
      duration: seconds,
      overallRate: 80,
      requests: [
        {
          method: 'POST',
          setupRequest: (r) => ({
            ...r,
            path: '/b/main/messages',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': nextIp(), 'hx-request': 'true' },
            // A valid form token per post, as each visitor's page would hand out.
            body: `name=soak&body=${encodeURIComponent(`soak message ${poster} :)`)}&token=${encodeURIComponent(formToken(dataDir))}`,
          }),
        },
      ],
    }),
  ]);
  clearInterval(sampler);
  clearInterval(revTimer);
  const end = rssMb(pid);
  const warm = samples.find(([t]) => t >= 15)?.[1] ?? samples[0]![1];
  const count = (r: autocannon.Result) => r.requests.total;
  console.log(
    `soak done: ${count(polls)} polls, ${count(pages)} pages/health, ${count(posts)} posts (${posts['2xx']} accepted, ${posts['4xx']} refused 4xx), ` +
      `errors ${polls.errors + pages.errors + posts.errors}, 5xx ${polls['5xx'] + pages['5xx'] + posts['5xx']}`,
  );
  console.log(`RSS: start ${samples[0]![1]} MB, after warm-up ${warm} MB, end ${end} MB, max ${Math.max(end, ...samples.map((s) => s[1]))} MB`);
  // Garbage collection makes RSS a sawtooth: compare medians, not single samples.
  const after = [...samples.filter(([t]) => t >= 15).map((s) => s[1]), end];
  const third = Math.max(1, Math.floor(after.length / 3));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(`RSS median: first third after warm-up ${median(after.slice(0, third))} MB, last third ${median(after.slice(-third))} MB`);
  server.child.kill('SIGTERM');
  await server.exited;
} finally {
  reapAll();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
