/**
 * ACCESS_LOG=on writes one line per request (the fast-path poll included), with no query string;
 * X-Request-Id is kept only when a trusted proxy sends it. In-process, and through a real
 * server on 127.0.0.1 where the socket decides who the peer is.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { logRawAnswer } from '../../src/http/access-log.ts';
import { createLogger } from '../../src/log.ts';
import { withNoChangePoll } from '../../src/widget/poll.ts';
import { makeTestApp } from '../support/app.ts';

type Line = { level: string; msg: string; id: string; method: string; path: string; status: number; ms: number; bytes: number | null; raw: Record<string, unknown> };
// The line's OpenTelemetry keys, read back under short names for the assertions.
const requestLines = (logs: string[]): Line[] => logs.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request').map((l) => ({
  level: l.level, msg: l.msg, id: l.id, method: l['http.request.method'], path: l['url.path'], status: l['http.response.status_code'],
  ms: l.duration_ms, bytes: l['http.response.size'], raw: l,
}));

describe('access log, in-process', () => {
  it('is off by default (not even at LOG_LEVEL=debug)', async () => {
    const t = makeTestApp({ env: { LOG_LEVEL: 'debug' } });
    await t.app.request('/b/main');
    expect(requestLines(t.logs)).toEqual([]);
  });

  it('writes one info line per request: method, path without the query, status, ms, bytes, id', async () => {
    const t = makeTestApp({ env: { ACCESS_LOG: 'on', LOG_LEVEL: 'info' } });
    const page = await t.app.request('/b/main?lang=it&name=Secret%20Name');
    await t.post({ body: 'hello' });
    await t.app.request('/nope?token=abc');
    const lines = requestLines(t.logs);
    expect(lines.map((l) => [l.level, l.method, l.path, l.status])).toEqual([
      ['info', 'GET', '/b/main', 200],
      ['info', 'POST', '/b/main/messages', 200],
      ['info', 'GET', '/nope', 404],
    ]);
    expect(lines[0]!.id).toBe(page.headers.get('x-request-id'));
    for (const l of lines) {
      expect(l.ms).toBeGreaterThanOrEqual(0);
      expect(Object.keys(l.raw).sort()).toEqual(['duration_ms', 'http.request.method', 'http.response.size', 'http.response.status_code', 'id', 'level', 'msg', 'time', 'url.path']);
    }
    expect(t.logs.join('')).not.toMatch(/Secret|token=abc|198\.51\.100/);
    // Fractional milliseconds, to the microsecond (an in-process answer takes well under 1 ms sometimes).
    expect(lines.some((l) => !Number.isInteger(l.ms))).toBe(true);
    for (const l of lines) expect(Math.round(l.ms * 1000)).toBeCloseTo(l.ms * 1000, 6);
  });
});

describe('X-Request-Id, in-process', () => {
  it('keeps a valid id from a trusted proxy and echoes it (the test config trusts one hop)', async () => {
    const t = makeTestApp({ env: { ACCESS_LOG: 'on' } });
    const res = await t.app.request('/b/main', { headers: { 'x-request-id': 'req-7f3a9c:01' } });
    expect(res.headers.get('x-request-id')).toBe('req-7f3a9c:01');
    expect(requestLines(t.logs)[0]!.id).toBe('req-7f3a9c:01');
  });

  it.each([
    ['spaces', 'a b'],
    ['quotes', 'a"b'],
    ['too long', 'x'.repeat(129)],
    ['non-ASCII', 'réq'],
  ])('makes its own when the inbound one is unusable (%s)', async (_, inbound) => {
    const t = makeTestApp();
    const res = await t.app.request('/b/main', { headers: { 'x-request-id': inbound } });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{10}$/);
  });

  it.each([['off'], ['loopback']])('ignores an inbound id when TRUST_PROXY=%s does not cover the peer', async (trust) => {
    const t = makeTestApp({ env: { TRUST_PROXY: trust } });
    const res = await t.app.request('/b/main', { headers: { 'x-request-id': 'chosen-by-the-client' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{10}$/);
  });
});

describe('access log and X-Request-Id through a real server', () => {
  let server: ServerType | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** The app served on 127.0.0.1 the way server.ts serves it, with the no-change poll in front. */
  async function start(trustProxy: string) {
    const t = makeTestApp({ env: { ACCESS_LOG: 'on', LOG_LEVEL: 'info', TRUST_PROXY: trustProxy } });
    const log = createLogger('info', (line) => t.logs.push(line));
    const createServer = withNoChangePoll(t.poll, (req, res) => logRawAnswer(log, t.config.trustProxy, req, res));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0, createServer }, () => resolve(s));
    });
    return { ...t, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  /** One request on its own connection; resolves with the status, headers and body size. */
  const get = (url: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; id: string | undefined; length: number }>((resolve, reject) => {
      http.get(url, { headers, agent: false }, (res) => {
        let length = 0;
        res.on('data', (c: Buffer) => (length += c.length));
        res.on('end', () => resolve({ status: res.statusCode!, id: res.headers['x-request-id'] as string | undefined, length }));
      }).on('error', reject);
    });

  /** The log line of a request is written when its answer is done: wait for it, never sleep. */
  const lineFor = async (logs: string[], n: number) => {
    while (requestLines(logs).length < n) await new Promise((r) => setImmediate(r));
    return requestLines(logs)[n - 1]!;
  };

  it('loopback proxy: its id is kept, echoed and logged, with the bytes the answer took', async () => {
    const t = await start('loopback');
    const res = await get(`${t.base}/b/main?lang=fr`, { 'x-request-id': 'nginx-0123abcd' });
    expect(res.status).toBe(200);
    expect(res.id).toBe('nginx-0123abcd');
    const line = await lineFor(t.logs, 1);
    expect(line.raw).toMatchObject({ id: 'nginx-0123abcd', 'http.request.method': 'GET', 'url.path': '/b/main', 'http.response.status_code': 200 });
    // Status line and headers come on top of the body.
    expect(line.bytes).toBeGreaterThan(res.length);
    expect(line.bytes).toBeLessThan(res.length + 2048);

    // The no-change poll, answered before Hono, is logged the same way (its 204 carries no id).
    const poll = await get(`${t.base}/b/main/feed?rev=0`, { 'x-request-id': 'nginx-poll-1' });
    expect(poll.status).toBe(204);
    expect((await lineFor(t.logs, 2)).raw).toMatchObject({ id: 'nginx-poll-1', 'http.request.method': 'GET', 'url.path': '/b/main/feed', 'http.response.status_code': 204 });
    expect((await lineFor(t.logs, 2)).bytes).toBeGreaterThan(0);
  });

  it('a peer outside TRUST_PROXY: its X-Request-Id is ignored, here and on the fast path', async () => {
    const t = await start('10.0.0.0/8');
    const res = await get(`${t.base}/b/main`, { 'x-request-id': 'chosen-by-the-client' });
    expect(res.id).toMatch(/^[\w-]{10}$/);
    expect((await lineFor(t.logs, 1)).id).toBe(res.id);
    await get(`${t.base}/b/main/feed?rev=0`, { 'x-request-id': 'chosen-by-the-client' });
    expect((await lineFor(t.logs, 2)).id).toMatch(/^[\w-]{10}$/);
  });
});
