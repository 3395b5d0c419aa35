/**
 * Start-up and idle memory of the compiled server, as a fresh install runs it: a new, empty
 * DATA_DIR (so the first start migrates and generates its secrets and moderator password), no
 * compile cache (NODE_COMPILE_CACHE unset), the NODE_OPTIONS of `npm start`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { userKernelMicros } from './cpu.ts';
import { ROOT, hollerEnv, startNodeArgs, startNodeOptions, treeRss } from './support.ts';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** CPU time a process has used so far (user + system), in ms: unlike wall time, not stretched by a busy machine. */
function cpuMs(pid: number): number {
  const { user, kernel } = userKernelMicros(pid);
  return (user + kernel) / 1000;
}

/** Milliseconds from spawn to the first answer of `GET /b/main` (and the CPU it took); `idleMs` later, the tree's RSS. */
async function startOnce(dataDir: string, idleMs: number) {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env, ...hollerEnv(dataDir), PORT: String(port), NODE_OPTIONS: startNodeOptions() };
  delete env.NODE_COMPILE_CACHE;
  delete env.ADMIN_PASSWORD;
  const started = performance.now();
  const child = spawn(process.execPath, [...startNodeArgs(), 'dist/server.js'], { cwd: ROOT, env, stdio: 'ignore' });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`Holler exited with ${child.exitCode} while starting`);
      const res = await fetch(`http://127.0.0.1:${port}/b/main`).catch(() => null);
      if (res?.ok) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    const firstAnswerMs = performance.now() - started;
    const cpu = cpuMs(child.pid!);
    if (!idleMs) return { firstAnswerMs, cpu, idle: null };
    await new Promise((r) => setTimeout(r, idleMs - (performance.now() - started)));
    return { firstAnswerMs, cpu, idle: treeRss(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

/** Three fresh starts (median start time); the last one also stays idle 10 s for its RSS. */
export async function measureStartup(dir: string) {
  const times: number[] = [];
  const cpu: number[] = [];
  let idle = { mb: NaN, anonMb: NaN, fileMb: NaN, processes: 0 };
  for (let i = 0; i < 3; i++) {
    const dataDir = path.join(dir, `fresh-${i}`);
    const r = await startOnce(dataDir, i === 2 ? 10_000 : 0);
    times.push(r.firstAnswerMs);
    cpu.push(r.cpu);
    if (r.idle) idle = r.idle;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!;
  return { firstAnswerMs: mid(times), times, cpuMs: mid(cpu), idle };
}
