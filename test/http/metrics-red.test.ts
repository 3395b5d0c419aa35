/**
 * /metrics, issue 21 item 16: HTTP requests by route template (never the raw path) and status,
 * their duration, holler_build_info, and no default gauge whose name breaks Prometheus' rules.
 */
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { makeTestApp } from '../support/app.ts';
import { parsePrometheus } from '../support/prometheus.ts';

const TOKEN = 'metrics-token-0123456789';

describe('HTTP metrics', () => {
  it('count requests by method, route template and status, and time them; slugs and odd paths make no new series', async () => {
    const t = makeTestApp({ env: { METRICS_TOKEN: TOKEN } });
    t.store.createBoard('club', 'Club');
    await t.post({ body: 'hello' });
    await t.app.request('/b/main/feed?rev=0');
    await t.app.request('/b/club/feed?rev=1'); // a new board is at rev 0: this one has news
    await t.app.request(`/b/main/feed?rev=${t.store.getBoard('main')!.rev}`);
    await t.app.request('/b/nope/feed?rev=0');
    for (const probe of ['/wp-admin', '/.env', '/b/main/m/no-such-id']) await t.app.request(probe);
    const text = await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const m = parsePrometheus(text);
    expect(m.types.get('holler_http_requests_total')).toBe('counter');
    expect(m.types.get('holler_http_request_duration_seconds')).toBe('histogram');
    const feed = { method: 'GET', route: '/b/:board/feed' };
    expect(m.value('holler_http_requests_total', { ...feed, status: '200' })).toBe(2);
    expect(m.value('holler_http_requests_total', { ...feed, status: '204' })).toBe(1);
    expect(m.value('holler_http_requests_total', { method: 'POST', route: '/b/:board/messages', status: '200' })).toBe(1);
    expect(m.value('holler_http_request_duration_seconds_count', feed)).toBeGreaterThanOrEqual(3);
    expect(m.value('holler_http_request_duration_seconds_bucket', { ...feed, le: '+Inf' })).toBe(m.value('holler_http_request_duration_seconds_count', feed));
    // Only templates: no slug, id or probe path in any label.
    const labels = text.split('\n').filter((l) => l.startsWith('holler_http_')).join('\n');
    for (const raw of ['main', 'club', 'nope', 'wp-admin', '.env', 'no-such-id']) expect(labels).not.toContain(raw);
    // What no route took is counted under the middleware's pattern that saw it last.
    expect(m.value('holler_http_requests_total', { method: 'GET', route: '/*', status: '404' })).toBe(2);
    expect(m.value('holler_http_requests_total', { method: 'GET', route: '/b/:board/*', status: '404' })).toBe(1);
  });

  it('holler_build_info names the version and Node; no gauge is named *_total', async () => {
    const t = makeTestApp({ env: { METRICS_TOKEN: TOKEN } });
    const m = parsePrometheus(await (await t.app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })).text());
    expect(m.value('holler_build_info', { version: pkg.version, node: process.versions.node })).toBe(1);
    const badNames = [...m.types].filter(([name, type]) => type !== 'counter' && name.endsWith('_total')).map(([name]) => name);
    expect(badNames).toEqual([]);
    expect(m.types.get('nodejs_active_handles')).toBe('gauge'); // the same number, rightly named
  });

  it('without METRICS_TOKEN nothing is counted (no middleware, no prom-client)', async () => {
    const t = makeTestApp();
    expect(t.metrics).toBeUndefined();
    expect((await t.app.request('/b/main')).status).toBe(200);
  });
});
