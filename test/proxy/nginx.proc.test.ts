/**
 * The shipped nginx site (deploy/nginx/holler.conf) with Debian's real nginx in front of a real
 * Holler process (TRUST_PROXY=loopback), over TLS on loopback ports. A slow suite: real
 * processes, real sockets. Visitors are told apart by their source address (127.0.0.2, .3, …:
 * all of 127/8 is this machine).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posterKey } from '../../src/http/client-ip.ts';
import { LANGS } from '../../src/i18n/i18n.ts';
import { tempDir } from '../support/app.ts';
import { formToken, reapAll, startHoller, type Holler } from '../support/spawn.ts';
import { freePort, get, nginxMissing, SHIPPED_CONF, startNginx, type Nginx } from './nginx.ts';

const missing = nginxMissing();
if (missing) console.warn(`SKIPPED: ${missing}`);

const PASSWORD = 'proxy-test-password';

describe.skipIf(missing)('Holler behind the shipped nginx config', () => {
  let dir: string;
  let holler: Holler;
  let nginx: Nginx;
  let origin: string;

  beforeAll(async () => {
    dir = tempDir('holler-proxy-');
    // nginx's port is chosen first: Holler's PUBLIC_URL names it, as an operator's would.
    const tlsPort = await freePort();
    origin = `https://127.0.0.1:${tlsPort}`;
    holler = await startHoller({ DATA_DIR: dir, TRUST_PROXY: 'loopback', PUBLIC_URL: origin, ADMIN_PASSWORD: PASSWORD, RATE_BURST: '100' });
    nginx = await startNginx(Number(new URL(holler.url).port), { tlsPort });
  });
  afterAll(async () => {
    await nginx?.stop();
    reapAll();
  });

  const post = (body: string, from: string, headers: Record<string, string> = {}) =>
    get(`${nginx.url}/b/main/messages`, {
      method: 'POST',
      localAddress: from,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...headers },
      body: new URLSearchParams({ body, token: formToken(dir) }).toString(),
    });
  const posters = () => {
    const db = new Database(path.join(dir, 'holler.db'), { readonly: true });
    const secret = (db.prepare(`SELECT value FROM settings WHERE key = 'poster_secret'`).get() as { value: string }).value;
    const rows = db.prepare('SELECT body, poster FROM messages').all() as { body: string; poster: string }[];
    db.close();
    return { secret, byBody: new Map(rows.map((r) => [r.body, r.poster])) };
  };
  const rev = async () => {
    const page = await get(`${nginx.url}/b/main`);
    return Number(/feed\?(?:lang=\w+&amp;)?rev=(\d+)/.exec(page.body)![1]);
  };

  it("each visitor's own address reaches Holler; an X-Forwarded-For the visitor wrote is not believed", async () => {
    expect((await post('from two', '127.0.0.2')).status).toBe(303);
    expect((await post('from three, spoofing', '127.0.0.3', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(303);
    expect((await post('from two, spoofing three', '127.0.0.2', { 'x-forwarded-for': '127.0.0.3, 198.51.100.7' })).status).toBe(303);
    const { secret, byBody } = posters();
    expect(byBody.get('from two')).toBe(posterKey('127.0.0.2', secret));
    expect(byBody.get('from three, spoofing')).toBe(posterKey('127.0.0.3', secret));
    expect(byBody.get('from two, spoofing three')).toBe(posterKey('127.0.0.2', secret));
  });

  it('serves the no-change poll from the cache: a crowd of pollers, a handful of requests to Holler', async () => {
    const url = `${nginx.url}/b/main/feed?rev=${await rev()}`;
    const before = await nginx.originRequests();
    const answers = [];
    for (let round = 0; round < 10; round++) {
      answers.push(...(await Promise.all([2, 3, 4, 5, 6].map((n) => get(url, { localAddress: `127.0.0.${n}` })))));
    }
    const toHoller = (await nginx.originRequests()) - before;
    expect(answers.every((a) => a.status === 204 && a.headers['cache-control'] === 'public, max-age=1')).toBe(true);
    expect(answers.filter((a) => a.headers['x-cache-status'] === 'HIT').length).toBeGreaterThanOrEqual(40);
    // One refresh per second of cache life at most; 50 polls take far less than a few seconds.
    expect(toHoller, nginx.originLog().join('\n')).toBeLessThanOrEqual(3);
  });

  it('a new message still reaches the pollers within about a second of cache', async () => {
    const url = `${nginx.url}/b/main/feed?rev=${await rev()}`;
    expect((await get(url)).status).toBe(204); // now cached
    await post('news for the pollers', '127.0.0.4');
    const deadline = Date.now() + 5000;
    let answer = await get(url);
    while (answer.status === 204 && Date.now() < deadline) answer = await get(url);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('news for the pollers');
  });

  it('never gives an answer made for one language to another (poll and fragment; header and ?lang=)', async () => {
    // What Holler itself answers each variant, asked directly.
    const direct = async (p: string, h: Record<string, string>) => (await get(`${holler.url}${p}`, { headers: h })).body;
    const variants: [string, Record<string, string>][] = [
      ['/b/main/feed?rev=0', { 'accept-language': 'it-IT,it;q=0.9' }],
      ['/b/main/feed?rev=0', { 'accept-language': 'en-GB,en;q=0.8' }],
      ['/b/main/feed?rev=0', { 'accept-language': 'fr' }],
      ['/b/main/feed?rev=0', {}],
      ['/b/main/feed?lang=it&rev=0', { 'accept-language': 'en' }],
      ['/b/main/feed?lang=en&rev=0', { 'accept-language': 'it' }],
      ['/b/main/feed?lang=zz&rev=0', { 'accept-language': 'it' }],
      ['/b/main/feed?lang=zz&rev=0', { 'accept-language': 'en' }],
      ['/b/main/fragment', { 'accept-language': 'it' }],
      ['/b/main/fragment', { 'accept-language': 'en' }],
      ['/b/main/fragment?lang=fr', { 'accept-language': 'it' }],
    ];
    const expected = await Promise.all(variants.map(([p, h]) => direct(p, h)));
    // The variants really differ by language (else this test would prove nothing).
    expect(expected[0]).not.toBe(expected[1]);
    expect(expected[8]).not.toBe(expected[9]);
    let hits = 0;
    for (let round = 0; round < 4; round++) {
      for (const [i, [p, h]] of variants.entries()) {
        const a = await get(`${nginx.url}${p}`, { headers: h });
        if (a.headers['x-cache-status'] === 'HIT') hits++;
        expect(a.body, `${p} ${JSON.stringify(h)} (round ${round}, ${a.headers['x-cache-status']})`).toBe(expected[i]);
      }
    }
    expect(hits).toBeGreaterThan(0); // the cache was in play
  });

  it('a client that does not take gzip never gets a cached gzip answer', async () => {
    // A poll that is answered with changes of over 1 KB, which Holler compresses for those who take it.
    const url = `${nginx.url}/b/main/feed?rev=${await rev()}`;
    for (let i = 0; i < 5; i++) expect((await post(`a long one ${i} ${'lorem ipsum '.repeat(20)}`, '127.0.0.5')).status).toBe(303);
    // The first answer (gzip) is stored with its Vary: Accept-Encoding. Holler's plain answers
    // carry no Vary, so nginx may later give a plain one to gzip clients too (harmless); the
    // other way round, a gzip body to a client that cannot read it, must never happen.
    const first = await get(url, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'en' } });
    expect(first.headers['content-encoding']).toBe('gzip');
    for (let i = 0; i < 4; i++) {
      const bare = await get(url, { headers: { 'accept-language': 'en' } });
      expect(bare.headers['content-encoding']).toBeUndefined();
      expect(bare.body).toContain('a long one 4');
      const zipped = await get(url, { headers: { 'accept-encoding': 'gzip', 'accept-language': 'en' } });
      const text = zipped.headers['content-encoding'] === 'gzip' ? gunzipSync(zipped.raw).toString() : zipped.body;
      expect(text).toContain('a long one 4');
    }
  });

  it('no two visitors ever receive the same form token, and the widget page is never cached', async () => {
    const pages = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        get(`${nginx.url}/b/main${i % 3 === 0 ? '?lang=it' : ''}`, {
          localAddress: `127.0.0.${2 + (i % 5)}`,
          headers: { 'accept-language': i % 2 ? 'it' : 'en', ...(i % 4 ? { 'accept-encoding': 'gzip' } : {}) },
        }),
      ),
    );
    const tokens = pages.map((p) => {
      expect(p.status).toBe(200);
      expect(p.headers['x-cache-status']).toBeUndefined();
      return p.headers['content-encoding'] ? null : /name="token" value="([^"]+)"/.exec(p.body)?.[1];
    });
    const plainTokens = tokens.filter(Boolean);
    expect(plainTokens.length).toBeGreaterThanOrEqual(6);
    expect(new Set(plainTokens).size).toBe(plainTokens.length);
    // gzip answers too: decoded, each its own token.
    const all = await Promise.all(Array.from({ length: 8 }, () => get(`${nginx.url}/b/main`, { headers: { 'accept-encoding': 'gzip' } })));
    const zipped = all.map((a) => /name="token" value="([^"]+)"/.exec(gunzipSync(a.raw).toString())![1]);
    expect(new Set([...zipped, ...plainTokens]).size).toBe(zipped.length + plainTokens.length);
    // And the cached fragment carries no form at all.
    expect((await get(`${nginx.url}/b/main/fragment`)).body).not.toContain('name="token"');
  });

  it('the public API reads and the Atom feed are micro-cached; calls with a token and posts always reach Holler', async () => {
    const url = `${nginx.url}/api/v1/boards/main/messages?limit=5`;
    const before = await nginx.originRequests();
    const answers = [];
    for (let round = 0; round < 4; round++) answers.push(...(await Promise.all([2, 3, 4, 5, 6].map((n) => get(url, { localAddress: `127.0.0.${n}` })))));
    expect(answers.every((a) => a.status === 200 && a.headers['access-control-allow-origin'] === '*')).toBe(true);
    expect(answers.filter((a) => a.headers['x-cache-status'] === 'HIT').length).toBeGreaterThanOrEqual(15);
    expect((await nginx.originRequests()) - before).toBeLessThanOrEqual(3);
    // The Atom feed: cached too (public, PUBLIC_URL is set), and still an Atom document.
    const feeds = [await get(`${nginx.url}/b/main/feed.atom`), await get(`${nginx.url}/b/main/feed.atom`)];
    expect(feeds[1]!.headers['x-cache-status']).toBe('HIT');
    expect(feeds[1]!.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    // A token call: past the cache, every time (a token made straight in the database, as the admin page would).
    const token = 'hlr_proxytest0123456789abcdefghijklmnopqrstuvwx';
    const db = new Database(path.join(dir, 'holler.db'));
    db.prepare(`INSERT INTO api_tokens (name, scopes, hash, created_at) VALUES ('proxy', 'export', ?, 0)`).run(createHash('sha256').update(token).digest('hex'));
    db.close();
    for (let i = 0; i < 2; i++) {
      const mine = await get(`${nginx.url}/api/v1/boards/main/export`, { headers: { authorization: `Bearer ${token}` } });
      expect(mine.status).toBe(200);
      expect(mine.headers['x-cache-status']).toBe('BYPASS');
    }
    const anonymous = await get(`${nginx.url}/api/v1/boards/main/export`);
    expect(anonymous.status).toBe(401);
  });

  it('/admin is never cached: a logged-out visitor after a moderator gets the login, not the moderator page', async () => {
    const login = await get(`${nginx.url}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams({ password: PASSWORD }).toString(),
    });
    expect(login.status).toBe(303);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    for (let i = 0; i < 3; i++) {
      const mine = await get(`${nginx.url}/admin`, { headers: { cookie } });
      expect(mine.status).toBe(200);
      expect(mine.headers['cache-control']).toBe('no-store');
      expect(mine.headers['x-cache-status']).toBeUndefined();
      const stranger = await get(`${nginx.url}/admin`);
      expect(stranger.status).toBe(303);
      expect(stranger.headers.location).toBe('/admin/login');
      // A moderator's poll of the widget goes past the cache too (it carries the cookie).
      expect((await get(`${nginx.url}/b/main/feed?rev=0`, { headers: { cookie } })).headers['x-cache-status']).toBe('BYPASS');
    }
  });

  it('TLS end: HSTS on every answer, plain http redirected to https', async () => {
    for (const p of ['/b/main', '/b/main/feed?rev=0', '/admin/login', '/healthz']) {
      expect((await get(`${nginx.url}${p}`)).headers['strict-transport-security']).toBe('max-age=63072000');
    }
    const res = await fetch(`${nginx.httpUrl}/b/main`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toMatch(/^https:\/\/127\.0\.0\.1\/b\/main$/);
  });
});

describe('TRUST_PROXY at start', () => {
  afterAll(reapAll);
  it('warns when a hop count is used while listening beyond loopback, and not with proxy addresses', async () => {
    const hops = await startHoller({ DATA_DIR: tempDir('holler-hops-'), HOST: '0.0.0.0', TRUST_PROXY: '1' });
    const line = hops.output().split('\n').find((l) => l.includes('"level":"warn"'));
    expect(line).toMatch(/TRUST_PROXY=1 \(a hop count\) while listening on 0\.0\.0\.0/);
    const named = await startHoller({ DATA_DIR: tempDir('holler-hops-'), HOST: '0.0.0.0', TRUST_PROXY: 'loopback' });
    expect(named.output()).not.toContain('"level":"warn"');
    reapAll();
  });
});

describe('deploy/nginx/holler.conf', () => {
  it("keys the cache by ?lang= only for Holler's own languages (else by Accept-Language)", () => {
    const conf = fs.readFileSync(SHIPPED_CONF, 'utf8');
    const listed = /"~\^\(([a-z|]+)\)\$"\s+"lang=\$arg_lang"/.exec(conf)?.[1]?.split('|');
    expect(listed?.sort()).toEqual([...LANGS].sort());
  });
});

