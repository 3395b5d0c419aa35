/**
 * `npm run drill`: the failover drill (README "Scaling and failover"). Holler runs under
 * `litestream replicate -exec` with deploy/litestream.yml (sync-interval 1s) and a replica in a
 * temp folder, or wherever DRILL_REPLICA_URL says (an S3-compatible store: with the
 * LITESTREAM_S3_* and key variables of deploy/litestream.yml); posters post until the whole
 * process group is SIGKILLed; the data folder is deleted (the machine is gone); `litestream
 * restore` rebuilds it in a fresh folder and Holler starts there, under Litestream again. Then:
 * every post acknowledged more than Litestream's window (sync-interval + monitor-interval + 250 ms for
 * the copies: 1.5 s) before the kill is served, the file passes
 * integrity_check, the moderator logs in, a visitor keeps their poster key, a form token issued
 * before the kill is accepted, and notifications queued before the kill are delivered.
 * Prints the RPO (how far before the kill the oldest lost acknowledged post was) and the RTO
 * (restore start to the first answer of the new Holler). Exits 1 on any failed check.
 * Loopback only, bounded: about 15 s.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CONFIG = path.join(ROOT, 'deploy/litestream.yml');
// Litestream 0.3.13 ships a write in two steps on two tickers: db.go's monitor copies the WAL
// to its shadow WAL every monitor-interval, replica.go's monitor ships the shadow WAL every
// sync-interval (deploy/litestream.yml: 250 ms and 1 s). An acknowledged post is at risk for up
// to both, plus the copies themselves (a checkpoint, fsyncs); with the default 1 s
// monitor-interval, CI once lost a post acknowledged 1.003 s before the kill. A lost post older
// than all that is a real fault (a segment the restore missed), not the window.
const SYNC_INTERVAL_MS = 1000;
const MONITOR_INTERVAL_MS = 250;
const COPY_ALLOWANCE_MS = 250;
const AT_RISK_MS = SYNC_INTERVAL_MS + MONITOR_INTERVAL_MS + COPY_ALLOWANCE_MS;
const PASSWORD = 'drill-moderator-password';
const METRICS_TOKEN = 'drill-metrics-token-0123456789';

/** What Holler says of Litestream's replica: its /healthz text and holler_replica_current. */
async function replicaShown(url: string) {
  const health = await (await fetch(`${url}/healthz`)).text();
  const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return { health, current: /^holler_replica_current 1$/m.test(metrics) };
}

/** The Litestream binary of the npm package @flydotio/litestream-linux-x64 (a dev dependency). */
export function litestreamBin(): string {
  const pkg = createRequire(import.meta.url).resolve('@flydotio/litestream-linux-x64/package.json');
  return path.join(path.dirname(pkg), 'litestream');
}

export type DrillOptions = {
  /** Defaults to a folder replica in the drill's temp folder. */
  replicaUrl?: string;
  /** Extra environment for Litestream (an S3 endpoint, keys, path style). */
  env?: Record<string, string>;
  /** How long the posters post before the kill, ms. */
  postForMs?: number;
  posters?: number;
  log?: (line: string) => void;
};

export type DrillResult = {
  acknowledged: number;
  served: number;
  lostWithinSync: number;
  missingOlder: string[];
  rpoSeconds: number;
  rtoSeconds: number;
  restoreSeconds: number;
  integrity: string;
  moderatorLogin: boolean;
  posterKeyKept: boolean;
  formTokenAccepted: boolean;
  outboxDelivered: { expected: number; delivered: number };
  /** Holler's /metrics said holler_replica_current 1 and /healthz a plain ok while it posted under Litestream. */
  replicaShownCurrent: boolean;
  ok: boolean;
};

type Running = { child: ChildProcess; url: string; output: () => string; exited: Promise<void> };

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Holler under `litestream replicate -exec`, in its own process group; resolves once it listens. */
async function startUnderLitestream(env: Record<string, string>): Promise<Running> {
  const child = spawn(litestreamBin(), ['replicate', '-config', CONFIG, '-exec', 'node --optimize-for-size dist/server.js'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-512 * 1024)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-512 * 1024)));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const line = out.split('\n').find((l) => l.includes('"msg":"listening"'));
    if (line) return { child, url: (JSON.parse(line) as { url: string }).url, output: () => out, exited };
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new Error(`Holler under Litestream did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    /* gone */
  }
}

/** A form token as a visitor's browser gets it: from the widget page. */
async function formToken(url: string): Promise<string> {
  const html = await (await fetch(`${url}/b/main`)).text();
  const m = /name="token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no form token on the widget page');
  return m[1]!;
}

function post(url: string, ip: string, body: string, token: string) {
  return fetch(`${url}/b/main/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, origin: url, 'hx-request': 'true' },
    body: new URLSearchParams({ name: 'drill', body, token }),
    signal: AbortSignal.timeout(5000),
  });
}

/** Every visible message's body on `main`, through the public API, page by page. */
async function servedBodies(url: string): Promise<Set<string>> {
  const bodies = new Set<string>();
  for (let after = 0; ; ) {
    const page = (await (await fetch(`${url}/api/v1/boards/main/messages?after=${after}&limit=100`)).json()) as { more: boolean; messages: { seq: number; body: string }[] };
    for (const m of page.messages) bodies.add(m.body);
    if (!page.messages.length) return bodies;
    after = Math.max(...page.messages.map((m) => m.seq));
  }
}

const posterOf = (file: string, body: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT poster FROM messages WHERE body = ?').get(body) as { poster: string } | undefined)?.poster ?? null;
  } finally {
    db.close();
  }
};

export async function runDrill(opts: DrillOptions = {}): Promise<DrillResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'ignore' });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'holler-drill-'));
  const oldDir = path.join(tmp, 'machine-a');
  const newDir = path.join(tmp, 'machine-b');
  const replicaUrl = opts.replicaUrl ?? process.env.DRILL_REPLICA_URL ?? `file://${path.join(tmp, 'replica')}`;

  // The webhook receiver: down until the failover, so notifications wait in the outbox.
  let hookUp = false;
  const hooked: string[] = [];
  const hook = http.createServer((req, res) => {
    let b = '';
    req.on('data', (d) => (b += d));
    req.on('end', () => {
      if (hookUp) hooked.push(b);
      res.writeHead(hookUp ? 200 : 503).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/hook`;

  const env = (dataDir: string, metricsPort: number): Record<string, string> => ({
    ...opts.env,
    DATA_DIR: dataDir,
    LITESTREAM_REPLICA_URL: replicaUrl,
    LITESTREAM_ADDR: `127.0.0.1:${metricsPort}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    ADMIN_PASSWORD: PASSWORD,
    TRUST_PROXY: '1',
    RATE_BURST: '1000',
    RATE_INTERVAL: '0',
    FLOOD_POSTS: '0',
    FORM_MIN_SECONDS: '0',
    NOTIFY_WEBHOOK_URL: hookUrl,
    NOTIFY_WEBHOOK_SECRET: 'drill-webhook-secret-0123456789',
    NOTIFY_EVENTS: 'message.posted',
    METRICS_TOKEN: METRICS_TOKEN,
  });

  let a: Running | undefined;
  let b: Running | undefined;
  try {
    a = await startUnderLitestream(env(oldDir, await freePort()));
    // Litestream listens (its log line) as soon as it knows the database; Holler made it.
    log(`drill: Holler under Litestream at ${a.url}, replica ${replicaUrl}`);
    const keyIp = '198.51.100.77';
    const spareToken = await formToken(a.url);
    const keyRes = await post(a.url, keyIp, 'drill-key-before', await formToken(a.url));
    if (keyRes.status !== 200) throw new Error(`first post: ${keyRes.status}`);

    const acked: { body: string; at: number }[] = [];
    let killed = false;
    const poster = async (p: number) => {
      for (let n = 0; !killed; n++) {
        const body = `drill-${p}-${n}`;
        try {
          const token = await formToken(a!.url);
          const res = await post(a!.url, `198.51.100.${p + 1}`, body, token);
          await res.arrayBuffer();
          if (res.status === 200 && !killed) acked.push({ body, at: Date.now() });
        } catch {
          return;
        }
      }
    };
    const posting = Array.from({ length: opts.posters ?? 4 }, (_, p) => poster(p));
    await new Promise((r) => setTimeout(r, opts.postForMs ?? 6000));
    const shown = await replicaShown(a.url);
    const replicaShownCurrent = shown.current && shown.health === 'ok';
    killed = true;
    const killAt = Date.now();
    killGroup(a.child, 'SIGKILL'); // Litestream and Holler together: the machine is gone
    await Promise.all([a.exited, ...posting]);
    fs.rmSync(oldDir, { recursive: true, force: true });
    log(`drill: killed after ${acked.length} acknowledged posts; data folder deleted`);

    // Failover: restore into a fresh folder, start there.
    hookUp = true;
    const restoreStart = Date.now();
    fs.mkdirSync(newDir, { mode: 0o700 });
    const newEnv = env(newDir, await freePort());
    try {
      execFileSync(litestreamBin(), ['restore', '-config', CONFIG, '-if-replica-exists', path.join(newDir, 'holler.db')], {
        cwd: ROOT,
        env: { ...process.env, ...newEnv },
        stdio: 'pipe',
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer };
      throw new Error(`litestream restore failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
    }
    if (!fs.existsSync(path.join(newDir, 'holler.db'))) throw new Error(`litestream restore found no replica at ${replicaUrl}`);
    const restored = Date.now();
    b = await startUnderLitestream(newEnv);
    const listening = Date.now();
    for (;;) {
      const res = await fetch(`${b.url}/healthz`).catch(() => null);
      if (res?.status === 200) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const answered = Date.now();
    const rtoSeconds = (answered - restoreStart) / 1000;
    const restoreSeconds = (restored - restoreStart) / 1000;
    const startSeconds = (listening - restored) / 1000;

    const served = await servedBodies(b.url);
    const lost = acked.filter((m) => !served.has(m.body));
    const missingOlder = lost.filter((m) => m.at < killAt - AT_RISK_MS).map((m) => `${m.body} (acknowledged ${((killAt - m.at) / 1000).toFixed(3)} s before the kill)`);
    const rpoSeconds = lost.length ? (killAt - Math.min(...lost.map((m) => m.at))) / 1000 : 0;

    const dbFile = path.join(newDir, 'holler.db');
    const check = new Database(dbFile, { readonly: true });
    const integrity = String(check.pragma('integrity_check', { simple: true }));
    check.close();

    const login = await fetch(`${b.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: b.url, 'x-forwarded-for': '203.0.113.9' },
      body: new URLSearchParams({ password: PASSWORD }),
      redirect: 'manual',
    });
    const cookie = /^([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const adminPage = cookie ? await fetch(`${b.url}/admin`, { headers: { cookie } }) : null;
    const moderatorLogin = login.status === 303 && adminPage?.status === 200;

    // A token the old machine issued, a visitor it knew: the new machine must take both.
    const after = await post(b.url, keyIp, 'drill-key-after', spareToken);
    const formTokenAccepted = after.status === 200;
    const posterKeyKept = formTokenAccepted && posterOf(dbFile, 'drill-key-before') !== null && posterOf(dbFile, 'drill-key-before') === posterOf(dbFile, 'drill-key-after');

    // Notifications of the posts the replica kept were queued, never sent: the new machine sends them.
    const expected = acked.filter((m) => served.has(m.body));
    // A restart spreads its backlog over at most 30 s (notify/worker.ts: no thundering herd).
    const deadline = Date.now() + 45_000;
    let delivered = 0;
    for (;;) {
      const all = hooked.join('\n');
      delivered = expected.filter((m) => all.includes(`"${m.body}"`)).length;
      if (delivered === expected.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    const ok =
      missingOlder.length === 0 && rpoSeconds <= 2 && rtoSeconds <= 5 && integrity === 'ok' && moderatorLogin && posterKeyKept && formTokenAccepted && delivered === expected.length && expected.length > 0 && replicaShownCurrent;
    const result: DrillResult = {
      acknowledged: acked.length, served: acked.length - lost.length, lostWithinSync: lost.length - missingOlder.length, missingOlder,
      rpoSeconds, rtoSeconds, restoreSeconds, integrity, moderatorLogin, posterKeyKept, formTokenAccepted,
      outboxDelivered: { expected: expected.length, delivered }, replicaShownCurrent, ok,
    };
    log(
      `drill: ${acked.length} acknowledged, ${result.served} served after failover, ${lost.length} lost (all within ${rpoSeconds.toFixed(3)} s of the kill); ` +
        `integrity ${integrity}; moderator login ${moderatorLogin ? 'ok' : 'FAILED'}; poster key ${posterKeyKept ? 'kept' : 'CHANGED'}; ` +
        `old form token ${formTokenAccepted ? 'accepted' : 'REFUSED'}; outbox ${delivered}/${expected.length} delivered; ` +
        `before the kill Holler showed the replica ${replicaShownCurrent ? 'current' : `NOT current (${shown.health})`}`,
    );
    if (missingOlder.length) log(`drill: MISSING older than ${AT_RISK_MS / 1000} s (Litestream's window): ${missingOlder.slice(0, 5).join(', ')}`);
    log(`drill: RPO ${rpoSeconds.toFixed(2)} s (target <= 2), RTO ${rtoSeconds.toFixed(2)} s (target <= 5; restore ${restoreSeconds.toFixed(2)} s, start ${startSeconds.toFixed(2)} s, first answer ${((answered - listening) / 1000).toFixed(2)} s) => ${ok ? 'PASS' : 'FAIL'}`);
    return result;
  } finally {
    for (const r of [a, b]) {
      if (!r) continue;
      killGroup(r.child, 'SIGTERM');
      const gone = await Promise.race([r.exited.then(() => true), new Promise((res) => setTimeout(() => res(false), 15_000))]);
      if (!gone) killGroup(r.child, 'SIGKILL');
    }
    await new Promise<void>((r) => hook.close(() => r()));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await runDrill().catch((err: Error) => {
    console.error(`drill: FAIL: ${err.message}`);
    return null;
  });
  process.exit(result?.ok ? 0 : 1);
}
