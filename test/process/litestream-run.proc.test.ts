/**
 * The ways to run Holler under Litestream that deploy/ ships, each run here as written with the
 * real Litestream (only paths, ports and the replica changed): the systemd unit's ExecStart and
 * Environment (deploy/holler-litestream.service), and the Compose override's command
 * (deploy/compose.litestream.yaml, the same as deploy/Dockerfile.litestream's CMD) through sh as
 * the container runs it. Each must serve, replicate, show the replica current on /metrics and
 * /healthz, and on a SIGTERM to Litestream alone (systemd's KillMode=mixed, `docker stop`) let
 * Holler stop gracefully and ship the last post before exiting 0: a restore has it.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { CONFIG, litestreamBin } from '../../scripts/drill.ts';
import { tempDir } from '../support/app.ts';
import { freePort, killGroup, ROOT } from '../support/spawn.ts';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => children.forEach((c) => killGroup(c)));

const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const TOKEN = 'litestream-run-metrics-token';

/** Starts `cmd`, checks what the header says, returns Litestream's exit code and the log. */
async function runAndStop(cmd: string, args: string[], env: Record<string, string>, dataDir: string, replica: string) {
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  await until('listening', () => out.includes('"msg":"listening"'));
  const url = (JSON.parse(out.split('\n').find((l) => l.includes('"msg":"listening"'))!) as { url: string }).url;
  const page = await (await fetch(`${url}/b/main`)).text();
  const token = /name="token" value="([^"]+)"/.exec(page)![1]!;
  const posted = await fetch(`${url}/b/main/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', origin: url },
    body: new URLSearchParams({ name: 'ops', body: 'the last post before the stop', token }),
  });
  expect(posted.status).toBe(200);
  // Litestream's metrics, read by Holler: the replica catches up within a few seconds.
  await until('holler_replica_current 1', async () => {
    const m = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    return /^holler_replica_current 1$/m.test(m);
  });
  expect(await (await fetch(`${url}/healthz`)).text()).toBe('ok');
  process.kill(child.pid!, 'SIGTERM'); // Litestream alone, as systemd's KillMode=mixed and docker stop do
  const code = await exited;
  if (code !== 0) console.log(out.slice(-3000));
  expect(out).toContain('"msg":"shutting down","reason":"SIGTERM"');
  expect(out).toContain('"msg":"stopped"');
  // The stopped machine's replica holds the post: restore it elsewhere.
  const restored = path.join(tempDir('holler-ls-restore-'), 'holler.db');
  execFileSync(litestreamBin(), ['restore', '-o', restored, `file://${replica}`], { stdio: 'pipe' });
  const db = new Database(restored, { readonly: true });
  expect(db.prepare(`SELECT count(*) AS n FROM messages WHERE body = 'the last post before the stop'`).get()).toEqual({ n: 1 });
  db.close();
  expect(fs.existsSync(path.join(dataDir, 'holler.db'))).toBe(true);
  return code;
}

const baseEnv = async (dataDir: string, replica: string) => ({
  DATA_DIR: dataDir,
  LITESTREAM_REPLICA_URL: `file://${replica}`,
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  ADMIN_PASSWORD: 'a-long-ops-password',
  FORM_MIN_SECONDS: '0',
  METRICS_TOKEN: TOKEN,
  // Litestream binds it itself: a port the system picked (a random one from a fixed window
  // could meet another run's).
  LITESTREAM_ADDR: `127.0.0.1:${await freePort()}`,
});

it('the systemd unit: its ExecStart and Environment, with Litestream as the main process', async () => {
  const unit = read('deploy/holler-litestream.service');
  const env: Record<string, string> = {};
  for (const [, line] of unit.matchAll(/^Environment=(.*)$/gm)) for (const [, k, v] of line!.matchAll(/(\w+)=(\S+)/g)) env[k!] = v!;
  expect(env.LITESTREAM_ADDR).toBe('127.0.0.1:9097');
  expect(unit).toMatch(/^KillMode=mixed$/m);
  const exec = /^ExecStart=(.*)$/m.exec(unit)![1]!;
  // systemd's quoting: words, and one double-quoted argument (the -exec command line).
  const argv = [...exec.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
  expect(argv.slice(0, 4)).toEqual(['/usr/local/bin/litestream', 'replicate', '-config', '/opt/holler/deploy/litestream.yml']);
  expect(argv[4]).toBe('-exec');
  const mapped = argv.map((a) => a.replace('/usr/local/bin/litestream', litestreamBin()).replace('/opt/holler/deploy/litestream.yml', CONFIG).replace('/usr/bin/node', process.execPath));
  const dataDir = tempDir('holler-ls-unit-');
  const replica = path.join(tempDir('holler-ls-replica-'), 'r');
  const code = await runAndStop(mapped[0]!, mapped.slice(1), { ...env, ...(await baseEnv(dataDir, replica)) }, dataDir, replica);
  expect(code).toBe(0);
}, 60_000);

it('the Compose override: its command through sh, as in the container (the Dockerfile.litestream CMD alike)', async () => {
  const compose = read('deploy/compose.litestream.yaml');
  const docker = read('deploy/Dockerfile.litestream');
  const command = JSON.parse(/^\s*command: (\[.*\])$/m.exec(compose)![1]!) as string[];
  expect(command.slice(0, 2)).toEqual(['sh', '-c']);
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(docker)![1]!) as string[];
  expect(cmd).toEqual(['litestream', 'replicate', '-config', '/etc/litestream.yml', '-exec', 'node --optimize-for-size dist/server.js']);
  expect(command[2]).toContain(`exec litestream replicate -config /etc/litestream.yml -exec '${cmd[5]}'`);
  const dir = tempDir('holler-ls-compose-');
  const secret = path.join(dir, 'admin_password');
  fs.writeFileSync(secret, 'a-long-compose-password\n', { mode: 0o600 });
  // Compose turns $$ into $; the container's paths become ours; litestream and node are on PATH.
  const script = command[2]!.replaceAll('$$', '$').replace('/run/secrets/admin_password', secret).replace('/etc/litestream.yml', CONFIG);
  const dataDir = path.join(dir, 'data');
  const replica = path.join(dir, 'replica');
  const env = { ...(await baseEnv(dataDir, replica)), PATH: `${path.dirname(litestreamBin())}:${path.dirname(process.execPath)}:${process.env.PATH}` };
  delete (env as Record<string, string>).ADMIN_PASSWORD;
  const code = await runAndStop('sh', ['-c', script], env, dataDir, replica);
  expect(code).toBe(0);
}, 60_000);
