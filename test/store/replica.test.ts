/**
 * Replication visible (store/replica.ts): Holler reads Litestream's own metrics endpoint and says
 * whether the replica is current on /metrics, /healthz and the admin. Litestream's answers here
 * are served by a real HTTP server on 127.0.0.1 in Litestream 0.3.13's exact format (the series
 * as that binary printed them); the drill (test/process/drill.proc.test.ts) reads the real one.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createReplicaWatch, litestreamMetricsUrl, parseLitestreamMetrics } from '../../src/store/replica.ts';
import { asAdmin, ADMIN_PASSWORD } from '../support/admin.ts';
import { makeClock, makeTestApp } from '../support/app.ts';
import { parsePrometheus } from '../support/prometheus.ts';

const DB = '/var/lib/holler/holler.db';
/** What Litestream 0.3.13 serves: shadow WAL (what it has read) and the replica's position. */
const litestream = (o: { shadow: [number, number]; replica: [number, number]; errors?: number }) =>
  [
    '# HELP litestream_db_size The current size of the real DB',
    '# TYPE litestream_db_size gauge',
    `litestream_db_size{db="${DB}"} 16384`,
    `litestream_replica_validation_total{db="${DB}",name="file",status="ok"} 0`,
    `litestream_replica_wal_bytes{db="${DB}",name="file"} 16512`,
    `litestream_replica_wal_index{db="${DB}",name="file"} ${o.replica[0]}`,
    `litestream_replica_wal_offset{db="${DB}",name="file"} ${o.replica[1]}`,
    `litestream_shadow_wal_index{db="${DB}"} ${o.shadow[0]}`,
    `litestream_shadow_wal_size{db="${DB}"} ${o.shadow[1]}`,
    `litestream_sync_count{db="${DB}"} 3`,
    `litestream_sync_error_count{db="${DB}"} ${o.errors ?? 0}`,
    `litestream_wal_size{db="${DB}"} 16512`,
    '',
  ].join('\n');

let body = '';
let server: http.Server | undefined;
async function serve(): Promise<string> {
  server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/metrics`;
}
afterEach(async () => {
  await new Promise((r) => (server?.listening ? server.close(r) : r(null)));
});

describe('LITESTREAM_ADDR', () => {
  it('is read as Litestream reads addr:, and refused with a clear message when it is not host:port', () => {
    expect(litestreamMetricsUrl(undefined)).toBeNull();
    expect(litestreamMetricsUrl('  ')).toBeNull();
    expect(litestreamMetricsUrl('127.0.0.1:9097')).toEqual({ url: 'http://127.0.0.1:9097/metrics' });
    expect(litestreamMetricsUrl(':9097')).toEqual({ url: 'http://127.0.0.1:9097/metrics' });
    expect(litestreamMetricsUrl('[::1]:9097')).toEqual({ url: 'http://[::1]:9097/metrics' });
    expect(litestreamMetricsUrl('9097')).toEqual({ error: expect.stringContaining('LITESTREAM_ADDR must be host:port') });
    expect(litestreamMetricsUrl('localhost:99999')).toEqual({ error: expect.stringContaining('127.0.0.1:9097') });
  });

  it('only the holler.db series count', () => {
    const s = parseLitestreamMetrics(litestream({ shadow: [2, 4152], replica: [1, 99] }) + 'litestream_shadow_wal_index{db="/x/other.db"} 9\n');
    expect([...s.shadow.values()]).toEqual([[2, 4152]]);
    expect([...s.replicas.values()]).toEqual([[1, 99]]);
  });
});

describe('the replica watch', () => {
  it('current while the replica holds the shadow WAL; behind once it has not for 30 s; unreachable when Litestream is gone', async () => {
    const clock = makeClock();
    const url = await serve();
    body = litestream({ shadow: [0, 16512], replica: [0, 16512] });
    const w = createReplicaWatch({ url, now: clock.now, intervalMs: 3_600_000 });
    expect(w.status().state).toBe('starting');
    await w.check();
    expect(w.status()).toMatchObject({ state: 'current', lagSeconds: 0, syncErrors: 0 });
    // Holler wrote; Litestream read it but has not shipped it yet: briefly behind is normal.
    body = litestream({ shadow: [0, 20632], replica: [0, 16512] });
    clock.advance(10_000);
    await w.check();
    expect(w.status()).toMatchObject({ state: 'current', lagSeconds: 10 });
    clock.advance(25_000);
    await w.check();
    expect(w.status()).toMatchObject({ state: 'behind', lagSeconds: 35 });
    // A new WAL index after a checkpoint, shipped: current again.
    body = litestream({ shadow: [1, 4152], replica: [1, 4152] });
    await w.check();
    expect(w.status().state).toBe('current');
    // Failing syncs: the positions may agree only because nothing moves.
    body = litestream({ shadow: [1, 4152], replica: [1, 4152], errors: 4 });
    clock.advance(40_000);
    await w.check();
    expect(w.status()).toMatchObject({ state: 'behind', syncErrors: 4, lagSeconds: 40 });
    body = litestream({ shadow: [1, 4152], replica: [1, 4152], errors: 4 });
    await w.check();
    expect(w.status().state).toBe('current');
    await new Promise((r) => server!.close(r));
    clock.advance(5_000);
    await w.check();
    expect(w.status()).toMatchObject({ state: 'unreachable', lagSeconds: 5 });
    w.stop();
  });

  it('a Litestream that never answers is unreachable after the grace period, never current', async () => {
    const clock = makeClock();
    const url = await serve();
    await new Promise((r) => server!.close(r));
    const w = createReplicaWatch({ url, now: clock.now, intervalMs: 3_600_000 });
    await w.check();
    expect(w.status().state).toBe('starting');
    clock.advance(31_000);
    expect(w.status().state).toBe('unreachable');
    w.stop();
  });
});

describe('shown on /healthz, /metrics and the admin', () => {
  const setup = async (state: { shadow: [number, number]; replica: [number, number] }) => {
    const url = await serve();
    body = litestream(state);
    const clock = makeClock();
    const w = createReplicaWatch({ url, now: clock.now, intervalMs: 3_600_000 });
    await w.check();
    clock.advance(60_000);
    await w.check();
    const t = makeTestApp({ env: { METRICS_TOKEN: 'a-metrics-token-for-tests', ADMIN_PASSWORD }, replica: w.status });
    return { t, w };
  };

  it('a current replica: plain ok, holler_replica_current 1, and the admin says so', async () => {
    const { t, w } = await setup({ shadow: [0, 16512], replica: [0, 16512] });
    const health = await t.app.request('/healthz');
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const m = parsePrometheus(await (await t.app.request('/metrics', { headers: { authorization: 'Bearer a-metrics-token-for-tests' } })).text());
    expect(m.value('holler_replica_current')).toBe(1);
    expect(m.value('holler_replica_state', { state: 'current' })).toBe(1);
    expect(m.value('holler_replica_lag_seconds')).toBe(0);
    const admin = await (await asAdmin(t)).get('/admin');
    expect(await admin.text()).toContain('Litestream replica: current.');
    w.stop();
  });

  it('a replica behind: /healthz still 200 (posting works) but says so, metrics 0 with the lag, an alert in the admin', async () => {
    const { t, w } = await setup({ shadow: [0, 20632], replica: [0, 16512] });
    const health = await t.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok (replica behind: Litestream's replica has not caught up for 60 s)");
    const m = parsePrometheus(await (await t.app.request('/metrics', { headers: { authorization: 'Bearer a-metrics-token-for-tests' } })).text());
    expect(m.value('holler_replica_current')).toBe(0);
    expect(m.value('holler_replica_state', { state: 'behind' })).toBe(1);
    expect(m.value('holler_replica_lag_seconds')).toBe(60);
    const html = await (await (await asAdmin(t)).get('/admin?lang=it')).text();
    expect(html).toMatch(/role="alert">La replica di Litestream non è aggiornata \(replica behind/);
    w.stop();
  });

  it('without LITESTREAM_ADDR nothing about a replica appears', async () => {
    const t = makeTestApp({ env: { METRICS_TOKEN: 'a-metrics-token-for-tests', ADMIN_PASSWORD } });
    expect(await (await t.app.request('/healthz')).text()).toBe('ok');
    const text = await (await t.app.request('/metrics', { headers: { authorization: 'Bearer a-metrics-token-for-tests' } })).text();
    expect(text).not.toContain('holler_replica');
    expect(await (await (await asAdmin(t)).get('/admin')).text()).not.toContain('Litestream');
  });
});
