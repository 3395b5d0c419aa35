/**
 * GET /metrics: off without METRICS_TOKEN, refused without the bearer token, and with it
 * Prometheus text (read by a strict parser) whose numbers move as visitors post and poll.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, tempDir } from '../support/app.ts';
import { parsePrometheus } from '../support/prometheus.ts';
import { readmeBlock, startReceiver } from '../notify/support.ts';
import { REFUSAL_CODES } from '../../src/posting/refusal.ts';

const TOKEN = 'metrics-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

function metricsApp(env: Record<string, string> = {}, dbFile?: string) {
  const t = makeTestApp({ env: { METRICS_TOKEN: TOKEN, ...env }, ...(dbFile ? { dbFile } : {}) });
  const scrape = async () => {
    const res = await t.app.request('/metrics', { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    return parsePrometheus(await res.text());
  };
  return { ...t, scrape };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

describe('GET /metrics access', () => {
  it('is 404 while METRICS_TOKEN is unset, even with a token', async () => {
    const t = makeTestApp();
    expect(t.metrics).toBeUndefined();
    expect((await t.app.request('/metrics', { headers: auth })).status).toBe(404);
  });

  it('refuses a missing, malformed or wrong token with 401 and says what is needed', async () => {
    const t = metricsApp();
    for (const [headers, text] of [
      [{}, 'Metrics need the header "Authorization: Bearer <METRICS_TOKEN>".'],
      [{ authorization: TOKEN }, 'Metrics need the header'],
      [{ authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }, 'Metrics need the header'],
      [{ authorization: `Bearer ${TOKEN}x` }, 'That bearer token is not METRICS_TOKEN.'],
      [{ authorization: `Bearer ${TOKEN.slice(0, -1)}` }, 'That bearer token is not METRICS_TOKEN.'],
    ] as const) {
      const res = await t.app.request('/metrics', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="holler metrics"');
      expect(await res.text()).toContain(text);
    }
    // The scheme is case-insensitive (RFC 9110).
    expect((await t.app.request('/metrics', { headers: { authorization: `bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('refuses a METRICS_TOKEN shorter than 16 characters at start', () => {
    expect(() => makeTestApp({ env: { METRICS_TOKEN: 'short' } })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });
});

describe('GET /metrics values', () => {
  it('counts accepted and refused posts by reason, and commits by batch size', async () => {
    const t = metricsApp();
    let m = await t.scrape();
    expect(m.types.get('holler_posts_refused_total')).toBe('counter');
    expect(m.value('holler_posts_accepted_total', { status: 'visible' })).toBe(0);
    expect(m.value('holler_posts_refused_total', { reason: 'duplicate' })).toBe(0);
    expect(m.value('holler_posts_refused_total', { reason: 'token_missing' })).toBe(0);

    // Three posts in one turn of the event loop: one group commit of 3.
    await Promise.all(['one', 'two', 'three'].map((body, i) => t.post({ body }, { ip: `198.51.100.${i + 1}` })));
    expect((await t.post({ body: 'one' }, { ip: '198.51.100.1' })).status).toBe(409); // a repeat
    expect((await t.post({ body: 'no token' }, { token: false })).status).toBe(403);
    expect((await t.post({ body: 'x'.repeat(70 * 1024) })).status).toBe(413);

    m = await t.scrape();
    expect(m.value('holler_posts_accepted_total', { status: 'visible' })).toBe(3);
    expect(m.value('holler_posts_accepted_total', { status: 'held' })).toBe(0);
    expect(m.value('holler_posts_refused_total', { reason: 'duplicate' })).toBe(1);
    expect(m.value('holler_posts_refused_total', { reason: 'token_missing' })).toBe(1);
    expect(m.value('holler_posts_refused_total', { reason: 'too_large' })).toBe(1);
    expect(m.types.get('holler_post_commit_batch_size')).toBe('histogram');
    expect(m.value('holler_post_commit_batch_size_count')).toBe(1);
    expect(m.value('holler_post_commit_batch_size_sum')).toBe(3);
    expect(m.value('holler_post_commit_batch_size_bucket', { le: '2' })).toBe(0);
    expect(m.value('holler_post_commit_batch_size_bucket', { le: '4' })).toBe(1);
    expect(m.value('holler_post_commit_duration_seconds_count')).toBe(1);
    expect(m.value('holler_post_commit_duration_seconds_sum')).toBeGreaterThan(0);
  });

  it('counts held posts and shows the held queue', async () => {
    const t = metricsApp();
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, premoderate: true });
    await t.post({ body: 'wait for me' });
    const m = await t.scrape();
    expect(m.value('holler_posts_accepted_total', { status: 'held' })).toBe(1);
    expect(m.value('holler_held_messages')).toBe(1);
  });

  it('counts polls and those answered 204, on the Hono route and the fast path before it', async () => {
    const t = metricsApp();
    await t.post({ body: 'hello' });
    const rev = t.store.getBoard('main')!.rev;
    expect((await t.app.request(`/b/main/feed?rev=${rev}`)).status).toBe(204);
    expect((await t.app.request('/b/main/feed?rev=0')).status).toBe(200);
    expect(t.poll.noChange('GET', `/b/main/feed?rev=${rev}`)).not.toBeNull(); // what server.ts answers itself
    expect(t.poll.noChange('GET', '/b/main/feed?rev=0')).toBeNull(); // handed to Hono, counted there
    const m = await t.scrape();
    expect(m.value('holler_polls_total')).toBe(3);
    expect(m.value('holler_polls_unchanged_total')).toBe(2);
  });

  it('counts notification deliveries by outcome and the outbox waiting', async () => {
    const receiver = await startReceiver();
    closers.push(receiver.close);
    const t = metricsApp({ NOTIFY_WEBHOOK_URL: receiver.url, NOTIFY_WEBHOOK_SECRET: 'a-webhook-secret-of-length' });
    await t.post({ body: 'first' });
    let m = await t.scrape();
    expect(m.value('holler_notifications_waiting', { status: 'pending' })).toBe(1);
    receiver.setStatus(500);
    await t.notifier.runOnce();
    m = await t.scrape();
    expect(m.value('holler_notification_deliveries_total', { outcome: 'retried' })).toBe(1);
    expect(m.value('holler_notification_deliveries_total', { outcome: 'sent' })).toBe(0);
    receiver.setStatus(204);
    t.clock.advance(60_000);
    await t.notifier.runOnce();
    m = await t.scrape();
    expect(m.value('holler_notification_deliveries_total', { outcome: 'sent' })).toBe(1);
    expect(m.value('holler_notifications_waiting', { status: 'pending' })).toBe(0);
    expect(receiver.requests).toHaveLength(2);
  });

  it('reports the database size, free space in DATA_DIR, RSS and event-loop lag', async () => {
    const dir = tempDir();
    const t = metricsApp({ DATA_DIR: dir }, path.join(dir, 'holler.db'));
    const before = (await t.scrape()).value('holler_database_bytes', { file: 'db' })!;
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 20; i++) await t.post({ body: `message ${i} ${'padding '.repeat(30)}` }, { ip: `198.51.100.${i}` });
    const m = await t.scrape();
    expect(m.value('holler_database_bytes', { file: 'db' })).toBeGreaterThanOrEqual(before);
    expect(m.value('holler_database_bytes', { file: 'wal' })).toBeGreaterThan(0);
    // Other processes write to the same disk between the scrape and this read: same figure within 64 MB.
    expect(Math.abs((m.value('holler_data_dir_free_bytes') ?? -1e12) - (t.store.freeBytes() ?? 0))).toBeLessThan(64 * 1024 * 1024);
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(1024 * 1024);
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(m.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('has no free-space series for an in-memory database (there is no filesystem to ask)', async () => {
    const m = await metricsApp().scrape();
    expect(m.types.has('holler_data_dir_free_bytes')).toBe(false);
  });
});

describe('README "Monitoring"', () => {
  it('the scrape job reads /metrics with the token from its credentials file', async () => {
    const job = readmeBlock('prometheus-scrape');
    const path_ = /^\s*metrics_path: (\S+)$/m.exec(job)?.[1];
    const type = /^\s*type: (\S+)$/m.exec(job)?.[1];
    expect(job).toMatch(/^\s*credentials_file: \S+/m);
    const t = metricsApp();
    // Prometheus sends "Authorization: <type> <contents of credentials_file>".
    const res = await t.app.request(path_!, { headers: { authorization: `${type} ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(parsePrometheus(await res.text()).types.get('holler_polls_total')).toBe('counter');
  });

  it('names every refusal reason the counter can carry', async () => {
    const fs = await import('node:fs');
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((l) => l.startsWith('| `holler_posts_refused_total{reason}` |'))!;
    for (const code of REFUSAL_CODES) expect(row, code).toContain(`\`${code}\``);
  });
});
