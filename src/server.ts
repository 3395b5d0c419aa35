/**
 * @module server
 * Process entry (`npm start`, the Docker CMD): config → the port (taken first: a HOST or PORT that
 * cannot work stops the start before DATA_DIR is touched) → DATA_DIR lock → database → migrations
 * → app → HTTP server on that port, and a graceful stop on SIGTERM/SIGINT: stop accepting, let in-flight
 * requests finish (up to 10 s), close the database (which checkpoints the WAL into the main
 * file), exit 0. A failure to start is one line on stderr saying what is wrong and what to do,
 * and exit status 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import net from 'node:net';
import { loadAssets } from './http/assets.ts';
import { createApp, MAX_HEADER_BYTES } from './app.ts';
import { loadConfig, nearMisses, readEnv } from './config.ts';
import { hopCountWarning } from './http/client-ip.ts';
import { ensurePrivateDir, migrate, openDb, SchemaTooNewError, type Db } from './store/db.ts';
import { lockDataDir, DataDirLockedError, type DataDirLock } from './store/lock.ts';
import { createLogger } from './log.ts';
import { createPoll, withNoChangePoll } from './widget/poll.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createStore, type Store } from './store/store.ts';
import { startRetention } from './store/retention.ts';
import { checkBackupDir, startScheduledBackups } from './store/backup.ts';
import { watchDiskSpace } from './http/health.ts';
import { ensureAdminPassword } from './moderation/auth.ts';
import { createNotifier } from './notify/worker.ts';
import { logRawAnswer } from './http/access-log.ts';
import { firstStartBanner, inContainer } from './boot/banner.ts';
import { createReplicaWatch, litestreamMetricsUrl } from './store/replica.ts';

const SHUTDOWN_GRACE_MS = 10_000;

function fail(lines: string[]): never {
  process.stderr.write(
    lines.length === 1 ? `holler: cannot start: ${lines[0]}\n` : `holler: cannot start:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`,
  );
  process.exit(1);
}

/** What went wrong opening DATA_DIR or the database, and what the operator can do about it. */
function explain(err: unknown, dataDir: string, dbFile: string): string {
  const e = err as NodeJS.ErrnoException & { code?: string };
  if (err instanceof SchemaTooNewError || err instanceof DataDirLockedError) return err.message;
  const user = process.getuid ? ` (uid ${process.getuid()})` : '';
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'SQLITE_CANTOPEN', 'SQLITE_READONLY'].includes(e.code ?? '') || e.code?.startsWith('SQLITE_READONLY_')) {
    return `DATA_DIR=${dataDir} is not writable (${e.code}): make it, and holler.db in it, writable by the user running Holler${user}, or set DATA_DIR to another folder`;
  }
  if (e.code === 'SQLITE_NOTADB' || e.code?.startsWith('SQLITE_CORRUPT') || e.message === 'database is corrupt') {
    return `${dbFile} is not a readable SQLite database (${e.message}): restore it from a backup (README, "Backups"), or move it away to start with an empty one`;
  }
  if (e.code?.startsWith('SQLITE_FULL') || e.code === 'ENOSPC') return `the disk holding DATA_DIR=${dataDir} is full: free some space`;
  return `${e.message} (DATA_DIR=${dataDir})`;
}

const environment = readEnv();
const loaded = loadConfig(environment.env);
if (!loaded.ok) fail([...environment.errors, ...loaded.errors]);
if (environment.errors.length) fail(environment.errors);
const config = loaded.config;
// Under Litestream with LITESTREAM_ADDR (deploy/litestream.yml): watch its replica (store/replica.ts).
const litestream = litestreamMetricsUrl(environment.env.LITESTREAM_ADDR);
if (litestream && 'error' in litestream) fail([litestream.error]);
const log = createLogger(config.logLevel);
const hopWarning = hopCountWarning(config.trustProxy, config.host);
if (hopWarning) log.warn(hopWarning);
// RATE_BRUST=10 would otherwise be ignored in silence, and the default used.
for (const { name, meant } of nearMisses(environment.env)) log.warn(`${name} is not a Holler setting and is ignored: did you mean ${meant}?`);
const dbFile = path.join(config.dataDir, 'holler.db');

// A folder that cannot take the daily backup is a reason not to start, not a line in a log a day later.
const backupProblem = config.backupDir ? checkBackupDir(config.backupDir) : null;
if (backupProblem) fail([backupProblem]);

/** Why HOST:PORT cannot be listened on, in a sentence. */
function bindProblem(err: NodeJS.ErrnoException): string {
  const where = `${config.host}:${config.port}`;
  if (err.code === 'EADDRINUSE') return `${where} is already in use: stop what listens there, or set PORT`;
  if (err.code === 'EACCES') return `not allowed to listen on ${where}: use a PORT above 1023`;
  if (['EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EINVAL'].includes(err.code ?? '')) {
    return `cannot listen on ${where} (${err.code}): HOST must be an address of this machine, such as 127.0.0.1, 0.0.0.0 or ::`;
  }
  return `cannot listen on ${where}: ${err.message}`;
}

/**
 * Takes the port before anything touches DATA_DIR. Until the app is ready (migrations can take a
 * while) a connection gets a 503. A port still held by the previous Holler (a restart) is waited
 * for as long as its DATA_DIR lock would be (LOCK_WAIT).
 */
async function takePort(): Promise<net.Server> {
  const deadline = Date.now() + config.lockWaitMs;
  for (let waited = false; ; waited = true) {
    const early = net.createServer((socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'));
    try {
      await new Promise<void>((resolve, reject) => early.once('error', reject).listen(config.port, config.host, resolve));
      return early;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'EADDRINUSE' || Date.now() >= deadline) fail([bindProblem(e)]);
      if (!waited) log.warn(`waiting for ${config.host}:${config.port} to be free (a previous Holler stopping?)`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const port = await takePort();

const now = () => Date.now();
let lock: DataDirLock;
let db: Db;
let store: Store;
try {
  const open = ensurePrivateDir(config.dataDir);
  if (open) log.warn(open);
  fs.accessSync(config.dataDir, fs.constants.W_OK);
  lock = await lockDataDir(config.dataDir, { waitMs: config.lockWaitMs, onWait: () => log.warn('waiting for the previous Holler on this DATA_DIR to stop') });
  db = openDb(dbFile);
  // A damaged file is refused at boot, not discovered by a visitor; cheap at shoutbox sizes.
  if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('database is corrupt');
  const applied = migrate(db);
  if (applied.length) log.info('migrations applied', { applied: applied.join(', ') });
  store = createStore(db, now, { minFreeBytes: config.diskMinFreeBytes, notify: config.notify });
  // A read-only file opens (and migrates, if current) without complaint; write once now so it
  // is refused here rather than at the first visitor's post.
  store.posterSecret();
} catch (err) {
  fail([explain(err, config.dataDir, dbFile)]);
}

const limiter = createRateLimiter({ burst: config.rateBurst, intervalMs: config.rateIntervalMs, now });
startRetention({ store, config, now, log });
watchDiskSpace({ store, log, minFreeBytes: config.diskMinFreeBytes });
const backups = config.backupDir ? startScheduledBackups({ db, dir: config.backupDir, keep: config.backupKeep, now, log }).status : undefined;
// The admin CLI may change boards or import messages beside this server: they reach it (and its
// widgets' next poll) within a second, without a restart.
setInterval(() => store.refreshFromOthers(), 1000).unref();
const poll = createPoll({ store, config, now });
// Notifications are delivered off the request path, from the outbox the posts write (notify/).
const notifier = createNotifier({ store, config, now, log });
notifier.start();
// Only with METRICS_TOKEN: the default metrics sample the event loop and GC all the time, and
// prom-client is not even loaded without it (about 2 MB).
const replica = litestream ? createReplicaWatch({ url: litestream.url }).status : undefined;
const metrics = config.metricsToken ? (await import('./http/metrics.ts')).createMetrics({ store, polls: poll.counts, deliveries: notifier.stats, backups, replica, now }) : undefined;
const app = createApp({ config, store, limiter, now, log, assets: loadAssets(), poll, notifier, metrics, backups, replica });

// First start without ADMIN_PASSWORD nor a stored one: generate one, keep only its hash, and
// show it this once (on the terminal, not in the JSON log).
const generated = await ensureAdminPassword(store, config.adminPassword);

// The no-change poll is answered before Hono (poll.ts); everything else goes to the app.
// Told of each no-change poll answered there, only when the access log or metrics want to know.
const rawAnswered: Array<(req: IncomingMessage, res: ServerResponse) => void> = [];
if (config.accessLog) rawAnswered.push((req, res) => logRawAnswer(log, config.trustProxy, req, res));
if (metrics) rawAnswered.push(() => metrics.request('GET', '/b/:board/feed', 204));
const createServer = withNoChangePoll(poll, rawAnswered.length ? (req, res) => rawAnswered.forEach((f) => f(req, res)) : undefined);
// Hono's Node adaptor is loaded by the first request that needs it: importing it loads Node's
// fetch (undici), HTTP/2 and TLS, about 20 MB of a 90 MB idle process, which an instance whose
// visitors only open widgets and poll (answered above) may not need for hours.
let toHono: RequestListener | undefined;
let loadingHono: Promise<RequestListener> | undefined;
const honoListener: RequestListener = (req, res) => {
  if (toHono) return toHono(req, res);
  loadingHono ??= import('@hono/node-server').then(({ getRequestListener }) => (toHono = getRequestListener(app.fetch)));
  loadingHono.then(
    (listener) => listener(req, res),
    (err: Error) => {
      log.error('cannot load the HTTP adaptor', { error: err.message });
      res.writeHead(500).end();
    },
  );
};
// The plain first view of a widget, from its cached page (widget/first-view.ts), then the app.
const { firstView } = app;
const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, firstView ? firstView.listener(honoListener) : honoListener);
// The port taken at the start is handed over: connections from now on reach the app.
server.listen(port, () => {
  const info = server.address() as net.AddressInfo;
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  log.info('listening', { url: `http://${host}:${info.port}`, dataDir: config.dataDir, pid: process.pid });
  if (generated) {
    // Never into a log that persists (docker logs, journald keep stderr): the password goes to a
    // file only its owner can read, and is shown only on an interactive terminal.
    const file = path.join(config.dataDir, 'initial-admin-password.txt');
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600 });
    process.stderr.write(firstStartBanner({ password: generated, file, tty: process.stderr.isTTY, publicUrl: config.publicUrl, host, port: info.port, container: inContainer() }));
  }
});
server.on('error', (err: NodeJS.ErrnoException) => fail([bindProblem(err)]));

let stopping = false;
function shutdown(reason: string) {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { reason });
  const timer = setTimeout(() => {
    log.warn('in-flight requests did not finish in time; closing anyway');
    finish();
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  // close() stops accepting and waits for open requests. Keep-alive sockets are closed as soon
  // as they fall idle (now, and after each in-flight answer), not after their idle timeout.
  server.close(() => finish());
  const closeIdle = () => (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  closeIdle();
  setInterval(closeIdle, 50).unref();
}
async function finish() {
  // A delivery under way either completes and is recorded, or is sent again after the restart.
  await Promise.race([notifier.stop(), new Promise((r) => setTimeout(r, 3000).unref())]);
  db.close();
  lock.release();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

// Under `npm start`, a SIGKILL of npm would orphan this process, still holding the port and the
// database, so the next `npm start` could not take over. Notice the parent going away (we get
// re-parented, ppid changes) and stop gracefully. Only under npm: `nohup node … &` must survive
// its shell.
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) shutdown('parent process exited');
  }, 500).unref();
}
