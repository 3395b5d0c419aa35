/**
 * `npm run bench`: the compiled Holler (`dist/server.js`, built first, with the NODE_OPTIONS of
 * `npm start`) measured as users run it, loopback only, bounded (about 3 minutes):
 *   1. start-up and idle memory from a fresh DATA_DIR (bench/startup.ts);
 *   2. the realistic mix at a fixed rate, peak memory of the server's process tree (bench/mix.ts);
 *   3. saturation rows side by side with bare baselines of its own stack, in the same run. Rounds
 *      alternate which server goes first so machine drift cancels out; we report medians.
 * Writes BENCHMARKS.md and prints it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { currentRev } from './load.ts';
import { realisticMix } from './mix.ts';
import { measureStartup } from './startup.ts';
import { CPU_RATES, cpuPerRequest, idleCpuPerSecond, LOAD_CORE, pin, type CpuRun } from './cpu.ts';
import { ROOT, firstViewBytes, hollerEnv, postRequests, startNodeArgs, startNodeOptions, watchTreeRss } from './support.ts';
import { build, seed, start } from './servers.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONNECTIONS = [50, 200];
// CPU per request (bench/cpu.ts): after a warm-up, CPU_PAIRS pairs of back-to-back windows of
// CPU_SECONDS at a fixed rate, Holler's and its baseline's, alternating who goes first.
const CPU_PAIRS = Number(process.env.BENCH_CPU_PAIRS ?? 7);
const CPU_SECONDS = Number(process.env.BENCH_CPU_SECONDS ?? 4);
// The warm-up (each side, before its scenario's pairs) also lets the previous scenario's garbage be
// collected: at 2 s, the poll's first windows paid for the first views' (ratio 0.78; 0.91 at 15 s).
const CPU_WARMUP = Number(process.env.BENCH_CPU_WARMUP ?? 10);
const SEED = 10_000;
// BENCH_ONLY=startup,mix,poll,post runs some parts only (for profiling; BENCHMARKS.md wants them all).
const ONLY = process.env.BENCH_ONLY?.split(',');
const runs = (part: string) => !ONLY || ONLY.includes(part);
const profileFlags = () => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`] : []);

type Run = { rps: number; p50: number; p99: number; errors: number };

async function load(url: string, connections: number, extra: Partial<autocannon.Options> = {}): Promise<Run> {
  const r = await autocannon({ url, connections, duration: SECONDS, pipelining: 1, ...extra });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-bench-'));
  const hollerDir = path.join(dir, 'holler');
  fs.mkdirSync(hollerDir);
  const started = Date.now();
  const loadStart = os.loadavg();
  await build();
  const startup = runs('startup') ? await measureStartup(dir) : null;
  const { archiveBefore } = seed(hollerDir, SEED);
  // The load generator (this process) on one core, every server on the other (start() in servers.ts).
  pin(process.pid, LOAD_CORE);

  const bare = (mode: string, ...args: string[]) => start(`bare ${mode}`, ['dist/bench/bare.js', mode, ...args]);
  const servers = {
    raw204: await bare('raw'),
    bare204: await bare('204'),
    bareList: await bare('list', path.join(hollerDir, 'holler.db')),
    bareInsert: await bare('insert', path.join(dir, 'bare.db')),
    // BENCH_PROFILE=DIR writes a V8 CPU profile of Holler there (node --cpu-prof) for the gaps.
    holler: await start('holler', [...profileFlags(), 'dist/server.js'], hollerEnv(hollerDir)),
  };
  const { holler } = servers;
  const memory = watchTreeRss(holler.child.pid!);

  const mix = runs('mix') ? await realisticMix(holler.url, hollerDir) : null;
  const mixPeak = memory.peak();

  // Posts for the saturation rounds, each with its own body and token (support.ts, postRequests).
  const POOL = 40_000;
  const postOptions = (target: 'holler' | 'bare') => postRequests(target, POOL, hollerDir);

  // Each scenario: Holler's request and the baselines it is compared with.
  const scenarios = async () => {
    const rev = await currentRev(holler.url);
    return [
      { key: 'poll', holler: () => `${holler.url}/b/main/feed?rev=${rev}`, bases: { raw: servers.raw204, hono: servers.bare204 } },
      { key: 'behind', holler: () => `${holler.url}/b/main/feed?rev=${rev - 1}`, bases: {} },
      { key: 'view', holler: () => `${holler.url}/b/main`, bases: { list: servers.bareList } },
      { key: 'archive', holler: () => `${holler.url}/b/main/archive?before=${archiveBefore}`, bases: {} },
      { key: 'post', holler: () => `${holler.url}/b/main/messages`, bases: { insert: servers.bareInsert }, post: true },
    ];
  };

  // CPU per request, pinned and at a fixed rate (bench/cpu.ts). This VM's CPU time per request
  // itself swings up to 2x within minutes with what its host runs (no steal time is reported):
  // Holler's and its baseline's windows are therefore short and back to back, and the ratio is
  // the median of each pair's, so both sides of a ratio saw the same host.
  const cpu = new Map<string, CpuRun[]>();
  const cpuRatios = new Map<string, number[]>();
  if (runs('cpu')) {
    const postPool = (target: 'holler' | 'bare') => postRequests(target, CPU_RATES.post * (CPU_SECONDS * CPU_PAIRS + CPU_WARMUP) + 500, hollerDir);
    const br = { headers: { 'accept-encoding': 'br' } };
    const cases = [
      { key: 'view', rate: CPU_RATES.view, holler: { url: `${holler.url}/b/main`, opts: br }, base: { name: 'list', server: servers.bareList, opts: {} } },
      // The rev is read again before each window: posts (the mix's, the bench's) moved it.
      { key: 'poll', rate: CPU_RATES.poll, holler: { url: async () => `${holler.url}/b/main/feed?rev=${await currentRev(holler.url)}`, opts: {} }, base: { name: 'raw', server: servers.raw204, opts: {} } },
      { key: 'post', rate: CPU_RATES.post, holler: { url: `${holler.url}/b/main/messages`, opts: postPool('holler') }, base: { name: 'insert', server: servers.bareInsert, opts: postPool('bare') } },
    ].filter((x) => runs(`cpu-${x.key}`) || !ONLY?.some((o) => o.startsWith('cpu-')));
    for (const k of cases) {
      const sides: Array<{ who: string; pid: number; url: string | (() => Promise<string>); opts: Partial<autocannon.Options>; idle: number }> = [
        { who: 'holler', pid: holler.child.pid!, url: k.holler.url, opts: k.holler.opts, idle: 0 },
        { who: k.base.name, pid: k.base.server.child.pid!, url: k.base.server.url, opts: k.base.opts, idle: 0 },
      ];
      const urlNow = async (side: (typeof sides)[number]) => (typeof side.url === 'string' ? side.url : side.url());
      for (const side of sides) {
        await cpuPerRequest(side.pid, await urlNow(side), k.rate, CPU_WARMUP, side.opts);
        side.idle = await idleCpuPerSecond(side.pid);
      }
      for (let pair = 0; pair < CPU_PAIRS; pair++) {
        const got = new Map<string, CpuRun>();
        for (const side of pair % 2 === 0 ? sides : [...sides].reverse()) {
          got.set(side.who, await cpuPerRequest(side.pid, await urlNow(side), k.rate, CPU_SECONDS, side.opts, side.idle));
        }
        for (const [who, r] of got) cpu.set(`${k.key}|${who}`, [...(cpu.get(`${k.key}|${who}`) ?? []), r]);
        cpuRatios.set(k.key, [...(cpuRatios.get(k.key) ?? []), got.get(k.base.name)!.us / got.get('holler')!.us]);
      }
      process.stderr.write(`cpu ${k.key} done\n`);
    }
  }

  const results = new Map<string, Run[]>();
  const record = (k: string, r: Run) => results.set(k, [...(results.get(k) ?? []), r]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of CONNECTIONS) {
      for (const s of (await scenarios()).filter((x) => runs(x.key))) {
        const runHoller = async () => record(`${s.key}|holler|${c}`, await load(s.holler(), c, s.post ? postOptions('holler') : {}));
        const runBases = async () => {
          for (const [name, base] of Object.entries(s.bases)) record(`${s.key}|${name}|${c}`, await load(base.url, c, s.post ? postOptions('bare') : {}));
        };
        // Alternate who goes first, so drift during a round favours neither side.
        if (round % 2 === 0) { await runHoller(); await runBases(); } else { await runBases(); await runHoller(); }
      }
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS} done\n`);
  }

  const bytes = await firstViewBytes(holler.url);
  const peak = memory.peak();
  memory.stop();
  for (const s of Object.values(servers)) s.child.kill('SIGTERM');
  pin(process.pid, '0-1');

  // The deployment row (bench/proxy.ts): polls through nginx's micro-cache vs straight, same run.
  const proxy = runs('proxy') ? await (await import('./proxy.ts')).proxyBench({ rounds: ROUNDS, seconds: SECONDS, connections: 200 }) : '';
  const { renderReport } = await import('./report.ts');
  const report = renderReport({
    results, cpu, cpuRatios, cpuPairs: CPU_PAIRS, cpuRates: CPU_RATES, cpuSeconds: CPU_SECONDS, cpuWarmup: CPU_WARMUP, median, bytes, startup, mix, mixPeak, peak, nodeArgs: startNodeArgs().join(' '), nodeOptions: startNodeOptions(), loadavg: { start: loadStart, end: os.loadavg() },
    connections: CONNECTIONS, rounds: ROUNDS, seconds: SECONDS, seed: SEED, elapsedS: Math.round((Date.now() - started) / 1000),
  }) + '\n' + proxy;
  // A partial run (BENCH_ONLY) prints its rows but leaves BENCHMARKS.md to full runs.
  if (!ONLY) fs.writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), report);
  process.stdout.write(report);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
