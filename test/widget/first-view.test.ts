/**
 * The plain first view answered before Hono (widget/first-view.ts) must be the answer Hono
 * gives: every header (security headers, Vary, caching) and the body, apart from the request id
 * and the per-answer form token. A real socket on 127.0.0.1 for the fast path, app.request()
 * for Hono's, the same app behind both.
 */
import { createServer, request, type IncomingHttpHeaders, type RequestListener, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((close) => close()));

async function listen(t: ReturnType<typeof makeTestApp>) {
  const fast = t.app.firstView!;
  const server = serve({
    fetch: t.app.fetch,
    hostname: '127.0.0.1',
    port: 0,
    createServer: ((options: ServerOptions, listener: RequestListener) => createServer(options, fast.listener(listener))) as typeof createServer,
  });
  await new Promise((r) => server.once('listening', r));
  closers.push(() => server.close());
  const { port } = server.address() as AddressInfo;
  return (path: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
}

// Set by Node per connection or per answer, never by the app; the request id is fresh per answer.
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'content-length', 'transfer-encoding']);
const comparable = (entries: Iterable<[string, string | string[] | undefined]>) =>
  Object.fromEntries([...entries].filter(([k]) => !PER_ANSWER.has(k.toLowerCase())).map(([k, v]) => [k.toLowerCase(), String(v)]));
const decoded = (body: Buffer, encoding: string | undefined | null) =>
  (encoding === 'br' ? zlib.brotliDecompressSync(body) : encoding === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');
const TOKEN = /name="token" value="([^"]*)"/;

describe('the first view answered before Hono', () => {
  it.each([
    ['brotli', { 'accept-encoding': 'br' }, true],
    ['a browser in Italian', { 'accept-encoding': 'gzip, deflate, br, zstd', 'accept-language': 'it-IT,it;q=0.9,en;q=0.5' }, true],
    ['a board language over none asked', { 'accept-encoding': 'br', 'accept-language': 'xx' }, true],
    ['gzip only (a browser over plain HTTP)', { 'accept-encoding': 'gzip, deflate' }, true],
    ['no compression', {}, false],
    ['a proxy request id', { 'accept-encoding': 'br', 'x-request-id': 'from-proxy-1' }, false],
  ] as Array<[string, Record<string, string>, boolean]>)('%s: the same answer as through Hono', async (_name, headers, fast) => {
    const t = makeTestApp();
    for (let i = 0; i < 12; i++) await t.post({ name: `N${i}`, body: `message ${i} <b>escaped</b> & long enough to compress` }, { ip: `198.51.100.${i}` });
    const get = await listen(t);
    const before = t.app.firstView!.counts.answered;
    for (let round = 0; round < 2; round++) {
      const raw = await get('/b/main', headers);
      const hono = await t.app.request('/b/main', { headers });
      expect(raw.status).toBe(200);
      expect(comparable(Object.entries(raw.headers))).toEqual(comparable(hono.headers));
      // A trusted proxy's id is kept (by Hono's middleware); else a fresh one per answer.
      expect(raw.headers['x-request-id']).toEqual(headers['x-request-id'] ?? expect.stringMatching(/^[\w-]{10}$/));
      const honoBody = Buffer.from(await hono.arrayBuffer());
      const [a, b] = [decoded(raw.body, raw.headers['content-encoding']), decoded(honoBody, hono.headers.get('content-encoding'))];
      expect(TOKEN.exec(a)![1]).not.toBe(TOKEN.exec(b)![1]);
      expect(a.replace(TOKEN, '')).toBe(b.replace(TOKEN, ''));
    }
    expect(t.app.firstView!.counts.answered - before).toBe(fast ? 2 : 0);
  });

  it("gives each answer its own token, good for one post; a query or another path goes to Hono", async () => {
    const t = makeTestApp();
    const get = await listen(t);
    const br = { 'accept-encoding': 'br' };
    const pages = [await get('/b/main', br), await get('/b/main', br)].map((r) => decoded(r.body, 'br'));
    const [t1, t2] = pages.map((p) => TOKEN.exec(p)![1]!);
    expect(t1).not.toBe(t2);
    expect(t.app.firstView!.counts.answered).toBe(2);
    t.clock.advance(10_000); // a person takes a moment to type
    const post = await t.post({ token: t1!, body: 'posted with the fast page token' });
    expect(post.status).toBe(200);
    expect((await t.post({ token: t1!, body: 'again' })).status).not.toBe(200);
    for (const path of ['/b/main?lang=fr', '/b/main/', '/b/nope', '/b/main/fragment']) await get(path, br);
    expect(t.app.firstView!.counts.answered).toBe(2);
  });

  it('is off while the access log is on (it logs every request)', () => {
    expect(makeTestApp({ env: { ACCESS_LOG: 'on' } }).app.firstView).toBeNull();
  });
});
