/**
 * `npm run bench:perf`: WHERE a scenario's CPU goes, Holler against its baseline, where
 * `npm run bench` says only how much. Linux `perf` samples each server process (kernel, native
 * and V8's compiled code alike: node's `--perf-basic-prof` names the JIT's functions, marked by
 * tier: `~` interpreted, `^` Sparkplug, `+` Maglev, `*` TurboFan) while it answers the bench's fixed
 * rate, after a warm-up long enough for V8 to settle (about 15 s of polls at 2,000 a second).
 * Prints, per symbol, the CPU µs per answer of each side and the difference, largest first.
 *
 * PERF_SCENARIO=poll (the no-change poll against the raw node:http 204; default), view (the
 * first view against the bare 30-row list) or post (an htmx post, each with its own fresh form
 * token, against Hono parsing the form + one INSERT); PERF_RATE, PERF_WARMUP and PERF_SECONDS (s),
 * PERF_TOP.
 * Needs `perf` (Debian: linux-perf) and kernel.perf_event_paranoid ≤ 2 (your own processes).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type autocannon from 'autocannon';
import { CPU_RATES, cpuPerRequest, LOAD_CORE, pin } from './cpu.ts';
import { currentRev } from './load.ts';
import { build, seed, start, type Server } from './servers.ts';
import { hollerEnv, postRequests } from './support.ts';

const SCENARIO = process.env.PERF_SCENARIO ?? 'poll';
// The bench's rates; a post window is longer, for as many samples at 100 a second.
const RATE = Number(process.env.PERF_RATE ?? CPU_RATES[SCENARIO as keyof typeof CPU_RATES] ?? CPU_RATES.poll);
const WARMUP = Number(process.env.PERF_WARMUP ?? 25);
const SECONDS = Number(process.env.PERF_SECONDS ?? (SCENARIO === 'post' ? 20 : 8));
const TOP = Number(process.env.PERF_TOP ?? 30);
// cpu-clock is a software event: it works in VMs without hardware counters.
const FREQUENCY = 4999;

/** CPU µs per answer of each symbol ("dso  symbol") in one recording. */
function symbols(file: string, answered: number): Map<string, number> {
  const out = execFileSync('perf', ['report', '-i', file, '--no-children', '-g', 'none', '--sort', 'dso,sym', '--stdio', '-n', '-t', '\t'], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  const perAnswer = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [, samples, dso, sym] = line.split('\t').map((f) => f.trim());
    if (!sym || !/^\d+$/.test(samples ?? '')) continue;
    // One thread id per JIT map: the same function in Holler and the baseline gets one name.
    const key = `${dso!.replace(/^\[JIT\] tid \d+$/, '[JIT]')}  ${sym.replace(/^\[.\] /, '')}`;
    perAnswer.set(key, (perAnswer.get(key) ?? 0) + (Number(samples) * 1e6) / FREQUENCY / answered);
  }
  return perAnswer;
}

/** Warms `server` up at the fixed rate, then records it with perf for one window of the same. */
async function record(server: Server, url: string, file: string, options: Partial<autocannon.Options>) {
  await cpuPerRequest(server.child.pid!, url, RATE, WARMUP, options);
  const perf = spawn('perf', ['record', '-F', String(FREQUENCY), '-e', 'cpu-clock', '-p', String(server.child.pid), '-o', file], { stdio: 'ignore' });
  // Listened for at once: a perf refused by the kernel exits before the window ends.
  const exited = new Promise((r) => perf.on('exit', r));
  await new Promise((r) => setTimeout(r, 500));
  const run = await cpuPerRequest(server.child.pid!, url, RATE, SECONDS, options);
  perf.kill('SIGINT');
  await exited;
  if (!fs.existsSync(file)) throw new Error(`perf record wrote nothing for ${server.name}: is kernel.perf_event_paranoid ≤ 2?`);
  return { run, symbols: symbols(file, Math.max(run.answered, 1)) };
}

async function main() {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch {
    console.error('bench:perf needs Linux perf (Debian: apt-get install linux-perf) and kernel.perf_event_paranoid ≤ 2.');
    process.exit(2);
  }
  if (SCENARIO !== 'poll' && SCENARIO !== 'view' && SCENARIO !== 'post') {
    console.error(`PERF_SCENARIO must be poll, view or post, not ${SCENARIO}.`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-perf-'));
  const hollerDir = path.join(dir, 'holler');
  fs.mkdirSync(hollerDir);
  const servers: Server[] = [];
  try {
    await build();
    seed(hollerDir, 10_000);
    pin(process.pid, LOAD_CORE);
    const holler = await start('holler', ['--perf-basic-prof', 'dist/server.js'], hollerEnv(hollerDir));
    servers.push(holler);
    // Each scenario's baseline (bare.ts's mode and arguments), Holler's URL and each side's request
    // options, made only for the scenario run: posts are minted ahead, one per request.
    const posts = (target: 'holler' | 'bare') => postRequests(target, RATE * (WARMUP + SECONDS + 5), hollerDir);
    const scenarios = {
      poll: async () => ({ base: ['raw 204', 'raw'], url: `${holler.url}/b/main/feed?rev=${await currentRev(holler.url)}`, options: [{}, {}] }),
      // Holler's first view as a browser asks for it (its cached brotli page); the list is plain HTML.
      view: async () => ({ base: ['bare list', 'list', path.join(hollerDir, 'holler.db')], url: `${holler.url}/b/main`, options: [{ headers: { 'accept-encoding': 'br' } }, {}] }),
      post: async () => ({ base: ['bare insert', 'insert', path.join(dir, 'bare.db')], url: `${holler.url}/b/main/messages`, options: [posts('holler'), posts('bare')] }),
    };
    const { base: [baseName, ...baseArgs], url, options } = await scenarios[SCENARIO]();
    const base = await start(baseName!, ['--perf-basic-prof', 'dist/bench/bare.js', ...baseArgs]);
    servers.push(base);
    const h = await record(holler, url, path.join(dir, 'holler.data'), options[0]!);
    const b = await record(base, `${base.url}/`, path.join(dir, 'base.data'), options[1]!);
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, v) => a + v, 0);
    console.log(`${SCENARIO} at ${RATE}/s, ${SECONDS} s after ${WARMUP} s of warm-up: Holler ${h.run.us.toFixed(1)} µs of CPU an answer (${total(h.symbols).toFixed(1)} sampled), ${base.name} ${b.run.us.toFixed(1)} (${total(b.symbols).toFixed(1)} sampled)`);
    const rows = [...new Set([...h.symbols.keys(), ...b.symbols.keys()])].map((k) => ({ k, h: h.symbols.get(k) ?? 0, b: b.symbols.get(k) ?? 0 }));
    rows.sort((x, y) => y.h - y.b - (x.h - x.b));
    const show = (r: (typeof rows)[number]) => `${(r.h - r.b).toFixed(2).padStart(7)} ${r.h.toFixed(2).padStart(7)} ${r.b.toFixed(2).padStart(7)}  ${r.k}`;
    console.log(`\n  extra  Holler    base  µs an answer: where Holler spends more`);
    rows.slice(0, TOP).forEach((r) => console.log(show(r)));
    console.log(`\n  where Holler spends less`);
    rows.slice(-Math.min(10, TOP)).reverse().forEach((r) => console.log(show(r)));
  } finally {
    for (const s of servers) {
      s.child.kill('SIGTERM');
      // --perf-basic-prof's symbol map of the JIT's code, written where perf looks for it.
      fs.rmSync(`/tmp/perf-${s.child.pid}.map`, { force: true });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
