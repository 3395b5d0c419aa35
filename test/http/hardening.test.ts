import type { AddressInfo } from 'node:net';
import { request } from 'node:http';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES } from '../../src/app.ts';
import { makeTestApp } from '../support/app.ts';

describe('security headers', () => {
  const common = (res: Response) => {
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const pp = res.headers.get('permissions-policy')!;
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()', 'usb=()']) expect(pp).toContain(feature);
  };

  it('the widget document may be framed and loaded cross-origin; nothing inline can run', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/b/main');
    common(res);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe');
  });

  it.each([
    ['the poll', '/b/main/feed?rev=0'],
    ['the landing page', '/'],
    ['a 404', '/nope'],
    ['an admin path', '/admin'],
  ])('%s stays same-origin and may not be framed by others', async (_n, url) => {
    const { app, post } = makeTestApp();
    await post({ body: 'something for the poll to bring' });
    const res = await app.request(url);
    expect(res.status).not.toBe(204); // empty answers carry no headers (the hot no-change poll)
    common(res);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    if (!url.startsWith('/b/')) expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('FRAME_ANCESTORS narrows who may frame the widget; admin pages may never be framed', async () => {
    const { app } = makeTestApp({ env: { FRAME_ANCESTORS: 'https://example.org' } });
    expect((await app.request('/b/main')).headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://example.org");
    const admin = await app.request('/admin/login');
    expect(admin.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(admin.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('the read-only fragment, embed.js and theme stylesheets are loadable cross-origin', async () => {
    const { app } = makeTestApp();
    for (const url of ['/b/main/fragment', '/embed.js', '/theme/accent-336699.css']) {
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('cross-origin-resource-policy'), url).toBe('cross-origin');
    }
  });

  it('a post answer is same-origin', async () => {
    const { post } = makeTestApp();
    const res = await post({ body: 'hi' });
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    common(res);
  });

  it('assets are loadable cross-origin (the widget is framed by other sites)', async () => {
    const { app } = makeTestApp();
    const html = await (await app.request('/b/main')).text();
    const css = /href="(\/assets\/[^"]+\.css)"/.exec(html)![1]!;
    const res = await app.request(css);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    common(res);
  });
});

describe('request size limits', () => {
  const big = 'x'.repeat(MAX_BODY_BYTES + 10);

  it('an oversized body without htmx gets a 413 page in the visitor language', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/b/main/messages?lang=it', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `body=${big}`,
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Troppo testo da inviare in una volta.');
  });

  it('an oversized htmx post puts the reason at the top of the form, keeping what was typed', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/b/main/messages?lang=fr', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true' },
      body: `body=${big}`,
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('hx-retarget')).toBe('#post-form');
    expect(res.headers.get('hx-reswap')).toBe('afterbegin');
    expect(await res.text()).toBe('<p class="error" role="alert">Trop de texte à envoyer en une fois.</p>');
  });

  it(`request heads over ${MAX_HEADER_BYTES} bytes are refused by the server (431), before the app`, async () => {
    const { app } = makeTestApp();
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0, serverOptions: { maxHeaderSize: MAX_HEADER_BYTES } });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/healthz', headers }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      expect(await status({ 'x-junk': 'a'.repeat(MAX_HEADER_BYTES + 100) })).toBe(431);
      expect(await status({ 'x-fine': 'a'.repeat(1000) })).toBe(200);
    } finally {
      (server as unknown as { closeAllConnections: () => void }).closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('nothing hostile produces a 5xx', () => {
  const form = 'application/x-www-form-urlencoded';
  const cases: Array<[string, string, RequestInit?]> = [
    ['bad percent-encoding in the slug', '/b/%ff%fe'],
    ['encoded traversal', '/b/..%2f..%2fetc%2fpasswd'],
    ['double-encoded traversal', '/b/%252e%252e/feed'],
    ['NUL in the slug', '/b/ma%00in'],
    ['overlong UTF-8', '/b/%c0%ae%c0%ae/feed'],
    ['unicode slug', '/b/mаin'],
    ['huge rev', '/b/main/feed?rev=99999999999999999999999'],
    ['negative rev', '/b/main/feed?rev=-5'],
    ['array rev', '/b/main/feed?rev=1&rev=2'],
    ['bad lang', '/b/main?lang=%00%ff'],
    ['garbage accept-language', '/b/main', { headers: { 'accept-language': ';;;q=abc,,*;q=-1,' + 'x'.repeat(4000) } }],
    ['JSON body', '/b/main/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"hi"}' }],
    ['no content-type', '/b/main/messages', { method: 'POST', body: 'body=hi' }],
    ['broken multipart', '/b/main/messages', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="body"\r\n\r\nhi' }],
    ['multipart with a file', '/b/main/messages', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="body"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--\r\n' }],
    ['bad percent-encoding in the form', '/b/main/messages', { method: 'POST', headers: { 'content-type': form }, body: 'body=%ff%fe%&name=%' }],
    ['repeated fields', '/b/main/messages', { method: 'POST', headers: { 'content-type': form, 'hx-request': 'true' }, body: 'body=a&body=b&token=x&token=y&website=&website=z' }],
    ['bracket fields', '/b/main/messages', { method: 'POST', headers: { 'content-type': form }, body: 'body[]=a&name[x]=b&__proto__=1&constructor=2' }],
    ['lone surrogates', '/b/main/messages', { method: 'POST', headers: { 'content-type': form }, body: 'body=%ED%A0%80x' }],
    ['spoofed forwarding headers', '/b/main/messages', { method: 'POST', headers: { 'content-type': form, 'x-forwarded-for': 'not-an-ip, ::::, 999.1.1.1', forwarded: 'for=evil' }, body: 'body=hi' }],
    ['PUT to messages', '/b/main/messages', { method: 'PUT', body: 'x' }],
    ['DELETE a board', '/b/main', { method: 'DELETE' }],
    ['OPTIONS', '/b/main/messages', { method: 'OPTIONS' }],
    ['path with backslashes', '/b\\main\\feed'],
    ['very long path', `/b/${'a'.repeat(5000)}`],
  ];

  it.each(cases)('%s', async (_n, url, init) => {
    const { app, logs } = makeTestApp();
    const res = await app.request(url, init);
    expect(res.status).toBeLessThan(500);
    expect(logs.filter((l) => l.includes('"error"'))).toEqual([]);
  });
});
