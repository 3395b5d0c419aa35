/**
 * CPU time per request: the measure that does not swing with what else the shared machine runs.
 * Every server (Holler and each baseline) runs pinned to core 1 (`taskset -c 1`, see run.ts), the
 * load generator (this process) to core 0; each scenario is offered a FIXED rate well below
 * saturation, and the server process's own CPU time (all its threads, in ns from the scheduler)
 * over the window is divided by the answers it gave.
 * Throughput would measure the machine; this measures the work each answer costs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';

/**
 * CPU time (every thread) a process has used so far, in µs: the sum of its threads' run time
 * from /proc/<pid>/task/<tid>/schedstat, kept by the scheduler in nanoseconds. utime + stime in
 * /proc/<pid>/stat count in clock ticks (10 ms): a 5 s window of 2,000 polls is only ~25 ticks,
 * and the idle correction (a few ms a second) rounds to 0 or 1 tick, which made the poll's ratio
 * swing by a third from run to run. (A thread that ends within the window takes its time with
 * it; Node's threads live as long as the process.)
 */
export function cpuMicros(pid: number): number {
  let ns = 0;
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1000;
}

/**
 * User and kernel CPU time of a process so far, in µs, from /proc/<pid>/stat (utime, stime: clock
 * ticks of 10 ms, CLK_TCK 100 on Linux). Too coarse for the total of a short window, fine for
 * its split: a post's fsync is kernel time, and it swings with the disk, not with Holler.
 */
export function userKernelMicros(pid: number): { user: number; kernel: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(f[11]) * 10_000, kernel: Number(f[12]) * 10_000 };
}

/** Pins a process and all its threads to `cores` ("0", "1", "0,1"). */
export function pin(pid: number, cores: string) {
  execFileSync('taskset', ['-a', '-cp', cores, String(pid)], { stdio: 'ignore' });
}

/** The prefix that starts a server pinned to the server core. */
export const SERVER_CORE = '1';
export const LOAD_CORE = '0';
/** Offered req/s per scenario, the same for Holler and its baseline: well below either's saturation. */
export const CPU_RATES = { view: 400, poll: 2000, post: 100 };

export type CpuRun = { us: number; idleUs: number; userUs: number; kernelUs: number; answered: number; rps: number; p50: number; p99: number; errors: number };

/**
 * CPU µs a process uses per second when nothing asks it anything (its timers: Holler re-reads
 * boards every second): the least of `seconds` one-second samples. Right after a load, V8 may
 * run a full, compacting collection of that load's garbage in the quiet second; counted as
 * "idle" it was subtracted from every window (a bare INSERT came out at 8 µs a post), so the
 * floor is taken, not the mean.
 */
export async function idleCpuPerSecond(pid: number, seconds = 3): Promise<number> {
  let least = Infinity;
  for (let i = 0; i < seconds; i++) {
    const before = cpuMicros(pid);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    least = Math.min(least, (cpuMicros(pid) - before) / ((performance.now() - started) / 1000));
  }
  return least;
}

/**
 * Offers `rate` req/s for `seconds` and divides the server's CPU time by the answers. `extra`:
 * the method, headers and body of the scenario (autocannon options).
 */
export async function cpuPerRequest(pid: number, url: string, rate: number, seconds: number, extra: Partial<autocannon.Options> = {}, idlePerSecond = 0): Promise<CpuRun> {
  const before = cpuMicros(pid);
  const split = userKernelMicros(pid);
  const started = performance.now();
  const r = await autocannon({ url, connections: 8, overallRate: rate, duration: seconds, ...extra });
  // What the process would have used meanwhile without a single request is not the requests' cost.
  const idle = idlePerSecond * ((performance.now() - started) / 1000);
  const used = cpuMicros(pid) - before - idle;
  const answered = Object.values(r.statusCodeStats ?? {}).reduce((n, s) => n + s.count, 0);
  const after = userKernelMicros(pid);
  const per = (n: number) => n / Math.max(answered, 1);
  return { us: per(used), idleUs: per(idle), userUs: per(after.user - split.user), kernelUs: per(after.kernel - split.kernel), answered, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}
