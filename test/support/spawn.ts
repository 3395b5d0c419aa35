/**
 * Real Holler processes for tests: started the way an operator starts them (`npm start`, or
 * `node --import tsx src/server.ts` as the Docker image does), on a free port (PORT=0, the
 * server logs its URL) and a temp DATA_DIR, always in their own process group so a test can
 * signal the group as Ctrl+C or systemd would, and always killed at the end (see `reapAll`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createFormTokens, type FormTokens } from '../../src/posting/form-token.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type Holler = {
  child: ChildProcess;
  /** The server's own pid (differs from child.pid under npm). */
  pid: number;
  url: string;
  output: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

const started = new Set<ChildProcess>();
const serverPids = new Set<number>();

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Spawns the entry point (src/server.ts; `npm start`; or, with `dist`, the built dist/server.js);
 * resolves with the exit of a process that fails to start too.
 */
export function spawnHoller(env: Record<string, string>, opts: { npm?: boolean; dist?: boolean; uid?: number } = {}) {
  const [cmd, args] = opts.npm ? ['npm', ['start', '--silent']] : opts.dist ? [process.execPath, ['dist/server.js']] : [process.execPath, ['--import', 'tsx', 'src/server.ts']];
  const child = spawn(cmd, args as string[], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid }),
  });
  started.add(child);
  let out = '';
  let err = '';
  // Kept bounded: a soak logs a line per post for minutes.
  child.stdout!.on('data', (d) => (out = (out + d).slice(-256 * 1024)));
  child.stderr!.on('data', (d) => {
    out = (out + d).slice(-256 * 1024);
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      started.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, exited, output: () => out, stderr: () => err };
}

/**
 * Starts Holler and waits for its `listening` log line: about a second on a quiet machine; the
 * 60 s bound is for a loaded one (npm, a build check and Node's start all queue for the CPU).
 */
export async function startHoller(env: Record<string, string>, opts: { npm?: boolean; dist?: boolean; timeoutMs?: number } = {}): Promise<Holler> {
  const h = spawnHoller(env, opts);
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    const line = h.output().split('\n').find((l) => l.includes('"msg":"listening"'));
    if (line) {
      const { url, pid } = JSON.parse(line) as { url: string; pid: number };
      serverPids.add(pid);
      return { ...h, url, pid };
    }
    if (h.child.exitCode !== null || h.child.signalCode !== null || Date.now() > deadline) {
      killGroup(h.child);
      throw new Error(`Holler did not start:\n${h.output()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* already gone */
  }
}

/** Waits until `pid` has exited (an orphaned server is not our child: no exit event). */
export async function waitGone(pid: number, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/** For afterAll/finally: SIGKILL every process group and server these helpers started. */
export function reapAll() {
  for (const child of started) killGroup(child);
  for (const pid of serverPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  serverPids.clear();
}

/**
 * A loopback port the system just handed out and we let go, for a child that must bind a named
 * port itself (Litestream's metrics address). Another process may take it before the child
 * does; the system's pick (free now, spread over its ephemeral range) makes that far rarer than a
 * port chosen at random from a fixed window that parallel runs share. Servers we start ourselves
 * listen on port 0 instead (startHoller, startServer).
 */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve, reject) => srv.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

const minters = new Map<string, FormTokens>();
/**
 * A valid form token for `board` of the Holler whose DATA_DIR is `dataDir`: signed with that
 * instance's own secret (read from its database) and dated ten seconds back, as the form of a
 * visitor who took a moment to type would carry. Each call gives a new, unspent token.
 */
export function formToken(dataDir: string, board = 'main'): string {
  let minter = minters.get(dataDir);
  if (!minter) {
    const db = new Database(path.join(dataDir, 'holler.db'), { readonly: true });
    const row = db.prepare(`SELECT value FROM settings WHERE key = 'form_secret'`).get() as { value: string };
    db.close();
    minters.set(dataDir, (minter = createFormTokens({ secret: row.value, now: Date.now, minAgeMs: 0 })));
  }
  return minter.issue(board, Date.now() - 10_000);
}
