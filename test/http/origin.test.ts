import { describe, expect, it } from 'vitest';
import { isOwnHost } from '../../src/http/origin.ts';
import { ADMIN_PASSWORD, makeAdminApp } from '../support/admin.ts';
import { makeTestApp } from '../support/app.ts';

const loginFrom = (t: ReturnType<typeof makeAdminApp>, url: string, headers: Record<string, string>) =>
  t.app.request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9', ...headers },
    body: new URLSearchParams({ password: ADMIN_PASSWORD }).toString(),
  });

describe('our own host', () => {
  it('is an IP address, a localhost name, or HOST; never any other name', () => {
    const config = { host: '127.0.0.1' };
    for (const h of ['127.0.0.1', '192.168.1.20', '[::1]', '::1', 'localhost', 'LOCALHOST', 'app.localhost', 'localhost.']) expect(isOwnHost(h, config)).toBe(true);
    for (const h of ['evil.example', 'localhost.evil.example', 'chat.example.org', '127.0.0.1.nip.io']) expect(isOwnHost(h, config)).toBe(false);
    expect(isOwnHost('box.lan', { host: 'box.lan' })).toBe(true);
  });
});

describe('admin Origin check (DNS rebinding)', () => {
  it('with PUBLIC_URL, accepts only that origin, not the one rebuilt from Host', async () => {
    const t = makeAdminApp({ PUBLIC_URL: 'https://chat.example.org' });
    expect((await loginFrom(t, 'http://evil.example/admin/login', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await loginFrom(t, 'http://localhost/admin/login', { origin: 'http://localhost' })).status).toBe(403);
    expect((await loginFrom(t, 'http://evil.example/admin/login', { origin: 'https://chat.example.org' })).status).toBe(303);
  });

  it('without PUBLIC_URL, accepts the request\'s own origin only on an IP address or localhost name', async () => {
    const t = makeAdminApp();
    // A rebinding page: evil.example now resolves to us, so its requests are "same-origin".
    expect((await loginFrom(t, 'http://evil.example:3000/admin/login', { origin: 'http://evil.example:3000' })).status).toBe(403);
    expect((await loginFrom(t, 'http://evil.example:3000/admin/login', { 'sec-fetch-site': 'same-origin' })).status).toBe(403);
    for (const o of ['http://127.0.0.1:3000', 'http://[::1]:3000', 'http://localhost:3000', 'http://192.168.1.20:3000']) {
      expect((await loginFrom(t, `${o}/admin/login`, { origin: o })).status, o).toBe(303);
    }
    expect((await loginFrom(t, 'http://127.0.0.1:3000/admin/login', { 'sec-fetch-site': 'same-origin' })).status).toBe(303);
  });
});

describe('Host is never reflected into cacheable answers', () => {
  it('fragment: PUBLIC_URL in a public answer; without it, a foreign Host gets localhost and a private answer', async () => {
    const pub = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    const a = await pub.app.request('http://evil.example/b/main/fragment');
    expect(a.headers.get('cache-control')).toBe('public, max-age=5');
    expect(await a.text()).toContain('href="https://chat.example.org/b/main"');

    const bare = makeTestApp();
    const b = await bare.app.request('http://evil.example:8080/b/main/fragment');
    expect(b.headers.get('cache-control')).toBe('private, max-age=5');
    const html = await b.text();
    expect(html).not.toContain('evil.example');
    expect(html).toContain('href="http://localhost:8080/b/main"');
    const own = await bare.app.request('http://127.0.0.1:3000/b/main/fragment');
    expect(await own.text()).toContain('href="http://127.0.0.1:3000/b/main"');
    expect(own.headers.get('cache-control')).toBe('private, max-age=5');
  });

  it('landing page snippets: PUBLIC_URL, or our own host; never a foreign Host', async () => {
    const pub = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    const a = await (await pub.app.request('http://evil.example/')).text();
    expect(a).not.toContain('evil.example');
    expect(a).toContain('https://chat.example.org/embed.js');

    const bare = makeTestApp();
    const res = await bare.app.request('http://evil.example/');
    expect(await res.text()).not.toContain('evil.example');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });
});
