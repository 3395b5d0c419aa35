/**
 * @module server
 * Process entry (`npm start`): config → database → migrations → app → HTTP server, and a
 * graceful stop on SIGTERM/SIGINT: stop accepting, let in-flight requests finish, close the
 * database (which checkpoints the WAL into the main file), exit 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { loadAssets } from './assets.ts';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrate, openDb } from './db.ts';
import { createLogger } from './log.ts';
import { createRateLimiter } from './rate-limit.ts';
import { createStore } from './store.ts';
import { ensureAdminPassword } from './admin/auth.ts';

const SHUTDOWN_GRACE_MS = 10_000;

function fail(lines: string[]): never {
  process.stderr.write(`holler: cannot start:\n${lines.map((l) => `  - ${l}`).join('\n')}\n`);
  process.exit(1);
}

const loaded = loadConfig();
if (!loaded.ok) fail(loaded.errors);
const config = loaded.config;
const log = createLogger(config.logLevel);

let db;
try {
  fs.mkdirSync(config.dataDir, { recursive: true });
  db = openDb(path.join(config.dataDir, 'holler.db'));
  const applied = migrate(db);
  if (applied.length) log.info('migrations applied', { applied: applied.join(', ') });
} catch (err) {
  fail([`${(err as Error).message} (DATA_DIR=${config.dataDir})`]);
}

const now = () => Date.now();
const store = createStore(db, now);
const limiter = createRateLimiter({ burst: config.rateBurst, intervalMs: config.rateIntervalMs, now });
const app = createApp({ config, store, limiter, now, log, assets: loadAssets() });

// First start without ADMIN_PASSWORD nor a stored one: generate one, keep only its hash, and
// show it this once (on the terminal, not in the JSON log).
const generated = await ensureAdminPassword(store, config.adminPassword);

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  log.info('listening', { url: `http://${host}:${info.port}`, dataDir: config.dataDir });
  if (generated) {
    const login = `${config.publicUrl ?? `http://${host}:${info.port}`}/admin/login`;
    process.stderr.write(
      `\n  Holler moderator password (shown only this once): ${generated}\n  Log in at ${login}\n` +
        `  Change it with: npm run admin -- set-password\n\n`,
    );
  }
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  const timer = setTimeout(() => {
    log.warn('in-flight requests did not finish in time; closing anyway');
    finish();
  }, SHUTDOWN_GRACE_MS);
  timer.unref();
  // close() stops accepting and waits for open requests; idle keep-alive sockets are closed now.
  server.close(() => finish());
  (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
}
function finish() {
  db!.close();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
