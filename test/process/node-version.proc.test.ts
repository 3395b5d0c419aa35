/**
 * An old Node gets a sentence, not a crash: better-sqlite3's addon ends a Node 20 process with
 * "Segmentation fault" (exit 139) and no word, so the built entries (dist/server.js, dist/cli.js),
 * `npm start` and `npm run admin` check the version before anything native loads, and npm refuses
 * to install on it (engine-strict in .npmrc). Runs with the machine's own old Node (/usr/bin/node,
 * or HOLLER_OLD_NODE), as a Debian or Ubuntu LTS user would have it; skipped where there is none.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.ts';
import { ROOT, startHoller } from '../support/spawn.ts';

const candidate = process.env.HOLLER_OLD_NODE ?? '/usr/bin/node';
const oldVersion = fs.existsSync(candidate) ? spawnSync(candidate, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim() : '';
const [major = 0, minor = 0] = oldVersion.split('.').map(Number);
const isOld = oldVersion !== '' && (major < 22 || (major === 22 && minor < 12));
if (!isOld) console.warn(`node-version.proc.test: no Node older than 22.12 at ${candidate} (${oldVersion || 'none'}): skipped`);
const sentence = `Holler needs Node 22.12 or later (this is ${major}.${minor}). Run \`source scripts/node24.sh\` or install Node 24 LTS.`;

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };
/** Runs a command to its end (killed after 30 s: a hang must fail, not stall the suite). */
function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const dirs: string[] = [];
const dataDir = () => {
  const d = tempDir();
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

// The old Node first on PATH, as on a server where `node` is Debian's or NodeSource's 20.
const oldEnv = (extra: Record<string, string> = {}) => ({
  ...process.env,
  PATH: `${path.dirname(candidate)}:${process.env.PATH}`,
  npm_config_nodedir: '',
  HOST: '127.0.0.1',
  PORT: '0',
  ...extra,
});

describe.skipIf(!isOld)(`on Node ${oldVersion}`, () => {
  beforeAll(async () => {
    // Built with this (new) Node, as an operator who upgraded nothing but `node` would have it.
    const built = await run(process.execPath, ['scripts/build.mjs', '--if-stale']);
    expect(built.code, built.stderr).toBe(0);
  }, 120_000);

  it('dist/server.js exits 1 with the sentence, before the database is opened', async () => {
    const data = dataDir();
    const r = await run(candidate, ['dist/server.js'], { env: oldEnv({ DATA_DIR: data }) });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(sentence);
    expect(fs.existsSync(path.join(data, 'holler.db'))).toBe(false);
  });

  it('dist/cli.js and `npx holler` (bin/holler.mjs) exit 1 with the sentence', async () => {
    for (const entry of ['dist/cli.js', 'bin/holler.mjs']) {
      const r = await run(candidate, [entry, 'boards', 'list'], { env: oldEnv({ DATA_DIR: dataDir() }) });
      expect(r.code, entry).toBe(1);
      expect(r.stderr.trim(), entry).toBe(sentence);
    }
  });

  it('`npm start` and `npm run admin` exit 1 with the sentence from their pre-scripts', async () => {
    for (const args of [['start'], ['run', 'admin', '--', '--help']]) {
      const r = await run('npm', [...args, '--silent'], { env: oldEnv({ DATA_DIR: dataDir() }) });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.trim(), args.join(' ')).toBe(sentence);
    }
  });

  it('`npm ci` refuses to install on it (engine-strict), naming the Node it needs', async () => {
    const dir = dataDir();
    for (const f of ['package.json', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    const r = await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--offline'], { cwd: dir, env: oldEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('EBADENGINE');
    expect(r.stderr).toContain('"node":">=22.12"');
    expect(fs.existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });
});

describe('on this Node', () => {
  it('dist/server.js starts and stops as before', async () => {
    const built = await run(process.execPath, ['scripts/build.mjs', '--if-stale']);
    expect(built.code, built.stderr).toBe(0);
    const h = await startHoller({ DATA_DIR: dataDir() }, { dist: true, timeoutMs: 30_000 });
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    h.child.kill('SIGTERM');
    expect((await h.exited).code).toBe(0);
  }, 90_000); // a build (if stale) and a start, each up to 30 s on a loaded machine
});
