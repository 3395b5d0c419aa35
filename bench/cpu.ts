/**
 * CPU time per request: the measure that does not swing with what else the shared machine runs.
 * Every server (Holler and each baseline) runs pinned to core 1 (`taskset -c 1`, see run.ts), the
 * load generator (this process) to core 0; each scenario is offered a FIXED rate well below
 * saturation, and the server process's own CPU time (utime + stime in /proc/<pid>/stat, all its
 * threads, in clock ticks of `getconf CLK_TCK`) over the window is divided by the answers it gave.
 * Throughput would measure the machine; this measures the work each answer costs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system, every thread) a process has used so far, in µs. */
export function cpuMicros(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields 14 and 15 (utime, stime); the name in field 2 may hold spaces, so split after its ')'.
  const [utime, stime] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(11, 13).map(Number);
  return ((utime! + stime!) * 1e6) / CLK_TCK;
}

/** Pins a process and all its threads to `cores` ("0", "1", "0,1"). */
export function pin(pid: number, cores: string) {
  execFileSync('taskset', ['-a', '-cp', cores, String(pid)], { stdio: 'ignore' });
}

/** The prefix that starts a server pinned to the server core. */
export const SERVER_CORE = '1';
export const LOAD_CORE = '0';

export type CpuRun = { us: number; idleUs: number; answered: number; rps: number; p50: number; p99: number; errors: number };

/** CPU µs a process uses per second when nothing asks it anything (its timers: Holler re-reads boards every second). */
export async function idleCpuPerSecond(pid: number, seconds = 2): Promise<number> {
  const before = cpuMicros(pid);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return (cpuMicros(pid) - before) / ((performance.now() - started) / 1000);
}

/**
 * Offers `rate` req/s for `seconds` and divides the server's CPU time by the answers. `extra`:
 * the method, headers and body of the scenario (autocannon options).
 */
export async function cpuPerRequest(pid: number, url: string, rate: number, seconds: number, extra: Partial<autocannon.Options> = {}, idlePerSecond = 0): Promise<CpuRun> {
  const before = cpuMicros(pid);
  const started = performance.now();
  const r = await autocannon({ url, connections: 8, overallRate: rate, duration: seconds, ...extra });
  // What the process would have used meanwhile without a single request is not the requests' cost.
  const idle = idlePerSecond * ((performance.now() - started) / 1000);
  const used = cpuMicros(pid) - before - idle;
  const answered = Object.values(r.statusCodeStats ?? {}).reduce((n, s) => n + s.count, 0);
  return { us: used / Math.max(answered, 1), idleUs: idle / Math.max(answered, 1), answered, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}
