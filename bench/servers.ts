/** The bench's processes (bench/run.ts, bench/perf.ts): the builds, the seeded board, and servers pinned to the server core. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { migrate, openDb } from '../src/store/db.ts';
import { createStore } from '../src/store/store.ts';
import { SERVER_CORE } from './cpu.ts';
import { ROOT, startNodeArgs, startNodeOptions } from './support.ts';

export type Server = { name: string; url: string; child: ChildProcess };

/**
 * Plain `node SCRIPT`, with the node flags and NODE_OPTIONS of `npm start`, for Holler and
 * baselines alike, pinned to the server core (`taskset` execs node: the child's pid is node's).
 */
export function start(name: string, args: string[], env: Record<string, string> = {}): Promise<Server> {
  const child = spawn('taskset', ['-c', SERVER_CORE, process.execPath, ...startNodeArgs(), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: startNodeOptions(), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${name} did not start`)), 20_000);
    lines.on('line', (line) => {
      const url = /"url":"([^"]+)"/.exec(line)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ name, url, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}

/** Holler's bundle as `npm run build` makes it, and the baselines bundled the same way. */
export async function build() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const esbuild = await import('esbuild');
  await esbuild.build({ absWorkingDir: ROOT, entryPoints: ['bench/bare.ts'], outfile: 'dist/bench/bare.js', bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'warning' });
}

/** Board `main` with `count` messages in a new database in `dataDir`; returns the seq 9,000 back (the deep archive's cursor). */
export function seed(dataDir: string, count: number) {
  const db = openDb(path.join(dataDir, 'holler.db'));
  migrate(db);
  const store = createStore(db);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      store.addMessage({ board: 'main', author: i % 3 ? `Visitor ${i % 97}` : '', body: `Seed message ${i}: hello https://example.com/${i} :)`, poster: `p${i % 500}` });
    }
  })();
  const seqs = db.prepare(`SELECT seq FROM messages WHERE board = 'main' ORDER BY seq DESC`).pluck().all() as number[];
  db.close();
  return { archiveBefore: seqs[Math.min(9_000, seqs.length - 1)]! };
}
