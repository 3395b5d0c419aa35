/** One helper builds the real app in-process: real migrations, a temp or :memory: database, a fake clock. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAssets } from '../../src/http/assets.ts';
import { createApp, type Deps } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { migrate, openDb, type Db } from '../../src/store/db.ts';
import { createLogger } from '../../src/log.ts';
import { createPoll } from '../../src/widget/poll.ts';
import { createRateLimiter } from '../../src/rate-limit.ts';
import { createFormTokens } from '../../src/posting/form-token.ts';
import { createStore } from '../../src/store/store.ts';
import { createNotifier } from '../../src/notify/worker.ts';
import { createMetrics } from '../../src/http/metrics.ts';

export type TestClock = { now: () => number; advance: (ms: number) => void; set: (ms: number) => void };

export function makeClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => { t += ms; }, set: (ms) => { t = ms; } };
}

const assets = loadAssets();

export function testConfig(env: Record<string, string> = {}): Config {
  // The flood guard (30 posts a minute on a board) is off unless a test turns it on: with the
  // clock standing still, any test that posts a few dozen messages would otherwise meet it.
  const loaded = loadConfig({ TRUST_PROXY: '1', DATA_DIR: os.tmpdir(), LOG_LEVEL: 'debug', FLOOD_POSTS: '0', ...env });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
}

export function tempDir(prefix = 'holler-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function makeTestApp(opts: { env?: Record<string, string>; dbFile?: string; db?: Db; onOwnChange?: Deps['onOwnChange']; assets?: Deps['assets']; backups?: Deps['backups']; replica?: Deps['replica'] } = {}) {
  const config = testConfig(opts.env);
  const clock = makeClock();
  const db = opts.db ?? openDb(opts.dbFile ?? ':memory:');
  migrate(db);
  const store = createStore(db, clock.now, { minFreeBytes: config.diskMinFreeBytes, notify: config.notify });
  const limiter = createRateLimiter({ burst: config.rateBurst, intervalMs: config.rateIntervalMs, now: clock.now });
  const logs: string[] = [];
  const log = createLogger(config.logLevel, (line) => logs.push(line));
  const poll = createPoll({ store, config, now: clock.now });
  // Not started: tests deliver with `notifier.runOnce()` at the time they choose.
  // random: no jitter, so tests can name the retry times. timeoutMs: local receivers answer in
  // ms, but on a loaded machine a slow answer must not become a failed delivery, which then
  // waits for its backoff on a clock that stands still (it was 2 s).
  const notifier = createNotifier({ store, config, now: clock.now, log, timeoutMs: 10_000, random: () => 0.5 });
  // As server.ts does: metrics exist only when METRICS_TOKEN is set.
  const metrics = config.metricsToken ? createMetrics({ store, polls: poll.counts, deliveries: notifier.stats, backups: opts.backups, replica: opts.replica, now: clock.now }) : undefined;
  const app = createApp({ config, store, limiter, now: clock.now, log, assets: opts.assets ?? assets, poll, notifier, metrics, onOwnChange: opts.onOwnChange, backups: opts.backups, replica: opts.replica });

  // Mints form tokens the way a rendered form carries them, dated as if the visitor had spent
  // ten seconds typing, so tests about other rules need not render the form first.
  const minter = createFormTokens({ secret: store.formSecret(), now: clock.now, minAgeMs: 0 });
  const formToken = (board = 'main', ageMs = 10_000) => minter.issue(board, clock.now() - ageMs);

  /**
   * Posts as a visitor at `ip` (sent as X-Forwarded-For; the test config trusts one proxy),
   * with a valid form token unless `fields` brings its own or `token: false`.
   */
  const post = (fields: Record<string, string>, o: { ip?: string; htmx?: boolean; board?: string; query?: string; token?: false } = {}) =>
    app.request(`/b/${o.board ?? 'main'}/messages${o.query ?? ''}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': o.ip ?? '198.51.100.1',
        ...(o.htmx === false ? {} : { 'hx-request': 'true' }),
      },
      body: new URLSearchParams(o.token === false ? fields : { token: formToken(o.board), ...fields }).toString(),
    });

  return { app, store, db, clock, config, logs, poll, post, formToken, notifier, metrics };
}
