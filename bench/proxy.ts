/**
 * The benchmark row for deployment behind nginx: no-change polls through Debian's nginx with the
 * shipped micro-cache (deploy/nginx/holler.conf, over TLS as deployed) against the same polls
 * straight to Holler, in one run, and the fan-out ratio: how many of the clients' polls reached
 * Holler. Loopback only, bounded (a few seconds per measurement).
 *
 * Called by bench/run.ts; alone: `node --import tsx bench/proxy.ts`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { NGINX, nginxMissing, startNginx } from '../test/proxy/nginx.ts';
import { reapAll, startHoller } from '../test/support/spawn.ts';
import { hollerEnv } from './support.ts';

type Opts = { rounds: number; seconds: number; connections: number };
type Run = { requests: number; rps: number; p50: number; p99: number; errors: number };

async function load(url: string, connections: number, seconds: number): Promise<Run> {
  const r = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return { requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs the measurement and returns the BENCHMARKS.md section (or a line saying why not). */
export async function proxyBench({ rounds, seconds, connections }: Opts): Promise<string> {
  const missing = nginxMissing();
  if (missing) return `## Behind nginx\n\nNot measured: ${missing}.\n`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-bench-proxy-'));
  const holler = await startHoller({ ...hollerEnv(dir), TRUST_PROXY: 'loopback' });
  const nginx = await startNginx(Number(new URL(holler.url).port));
  try {
    const page = await (await fetch(`${holler.url}/b/main`)).text();
    const rev = /feed\?rev=(\d+)/.exec(page)![1];
    const poll = `/b/main/feed?rev=${rev}`;
    const direct: Run[] = [];
    const proxied: Run[] = [];
    let clients = 0;
    let origin = 0;
    for (let round = 0; round < rounds; round++) {
      const viaNginx = async () => {
        const before = await nginx.originRequests();
        const r = await load(`${nginx.url}${poll}`, connections, seconds);
        origin += (await nginx.originRequests()) - before;
        clients += r.requests;
        proxied.push(r);
      };
      const straight = async () => direct.push(await load(`${holler.url}${poll}`, connections, seconds));
      // Alternate who goes first, so drift during a round favours neither side.
      if (round % 2 === 0) { await viaNginx(); await straight(); } else { await straight(); await viaNginx(); }
    }
    const row = (name: string, runs: Run[]) =>
      `| ${name} | ${fmt(median(runs.map((r) => r.rps)))} | ${median(runs.map((r) => r.p50))} | ${median(runs.map((r) => r.p99))} | ${runs.reduce((n, r) => n + r.errors, 0)} |`;
    const ratio = origin ? `1 in ${fmt(clients / origin)}` : `none of ${fmt(clients)}`;
    return [
      '## Behind nginx (micro-cache)',
      '',
      `No-change polls (\`GET ${poll.replace(/\d+$/, 'N')}\`, the same URL for every open widget), ${connections} connections,`,
      `median of ${rounds} runs of ${seconds} s: through Debian's nginx (${nginxVersion()}, one worker, TLS, the shipped`,
      '`deploy/nginx/holler.conf` with its 1 s micro-cache) and straight to Holler, in the same run.',
      '',
      '| Path | req/s | p50 ms | p99 ms | errors |',
      '| --- | ---: | ---: | ---: | ---: |',
      row('through nginx, micro-cache', proxied),
      row('straight to Holler', direct),
      '',
      `**Fan-out**: ${fmt(clients)} client polls through nginx reached Holler as ${fmt(origin)} requests (${ratio}):`,
      'one refresh per second of cache life, whatever the number of viewers. nginx, not Holler, is the',
      "limit on this path (TLS and one worker on a machine shared with the load generator); Holler's own",
      'cost for a thousand viewers polling every 3 s is about one request a second.',
      '',
    ].join('\n');
  } finally {
    await nginx.stop();
    reapAll();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `nginx -v` prints to stderr. */
const nginxVersion = () => /nginx\/([\d.]+)/.exec(spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr)?.[1] ?? '?';

if (import.meta.url === `file://${process.argv[1]}`) {
  const section = await proxyBench({
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    seconds: Number(process.env.BENCH_SECONDS ?? 2),
    connections: 200,
  });
  process.stdout.write(section);
}
