import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeTestApp, tempDir } from '../support/app.ts';

afterEach(() => vi.restoreAllMocks());

const revOf = (html: string) => Number(/feed\?(?:lang=\w+&)?rev=(\d+)/.exec(html)?.[1]);

describe('GET /b/:board', () => {
  it('renders the widget: form, poller at the board rev, our own htmx and CSS', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/b/main');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<form id="post-form"');
    expect(html).toContain('action="/b/main/messages"');
    expect(html).toContain('hx-get="/b/main/feed?rev=0" hx-trigger="poll" hx-swap="outerHTML" data-interval="3000"');
    // One script: htmx, its upsert extension and ours, bundled (http/assets.ts).
    expect(html.match(/<script /g)).toHaveLength(1);
    expect(html).toMatch(/<script src="\/assets\/widget\.[\w-]+\.js" defer/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/css\.[\w-]+\.css"/);
    expect(html).toContain('Up to 280 characters.');
    expect(html).toContain('No messages yet');
    // Embeddable by any page, but no inline script or style can run.
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it.each(['/b/nope', '/b/MAIN', '/b/a..b', '/b/%2e%2e%2fetc', '/b/main%2Fx', `/b/${'a'.repeat(33)}`, '/b/nope/feed?rev=0'])(
    '%s is a 404 page',
    async (url) => {
      const { app } = makeTestApp();
      const res = await app.request(url);
      expect(res.status).toBe(404);
      // A hint for the site owner (usually a typo in data-board), not a bare "not found" in a frame.
      expect(await res.text()).toMatch(/There is no board “[^”]*” on this Holler. If this is your site/);
    },
  );

  it('speaks Italian and French with ?lang=, and keeps the language in its URLs', async () => {
    const { app } = makeTestApp();
    const it_ = await (await app.request('/b/main?lang=it')).text();
    expect(it_).toContain('<html lang="it" dir="ltr">');
    expect(it_).toContain('Nome (facoltativo)');
    expect(it_).toContain('action="/b/main/messages?lang=it"');
    expect(it_).toContain('/b/main/feed?lang=it&amp;rev=0');
    const fr = await (await app.request('/b/main', { headers: { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' } })).text();
    expect(fr).toContain('Envoyer');
  });
});

describe('GET /', () => {
  it('embeds the main board live in an iframe and shows the snippet', async () => {
    const { app } = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    const res = await app.request('/');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('<script src="/embed.js" data-board="main" data-lang="en" data-height="480" defer');
    expect(html).toContain('<noscript><iframe class="demo" src="/b/main?lang=en"');
    expect(html).toContain('&lt;iframe src=&quot;https://chat.example.org/b/main&quot;');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('POST /b/:board/messages', () => {
  it('with htmx: answers a fresh form (name kept) and the new message at once', async () => {
    const { post } = makeTestApp();
    const res = await post({ name: 'Ann', body: 'Hello <b>there</b> :)' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<textarea id="h-body" name="body" required="" rows="1" dir="auto" placeholder="Message" aria-describedby="h-hint"></textarea>');
    expect(html).toContain('value="Ann"');
    expect(html).toContain('<hx-upsert hx-target="#messages" key="data-seq" sort="desc">');
    expect(html).toContain('Hello &lt;b&gt;there&lt;/b&gt; 🙂');
  });

  it('without JavaScript: 303 back to the board, where the message shows', async () => {
    const { app, post } = makeTestApp();
    const res = await post({ body: 'no js here' }, { htmx: false, query: '?lang=fr' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/b/main?lang=fr');
    const html = await (await app.request('/b/main?lang=fr')).text();
    expect(html).toContain('no js here');
    expect(html).toContain('Anonyme');
  });

  it.each([
    ['empty message', { name: 'Ann', body: '   \n ' }, 'Please write a message before sending.'],
    ['too long', { name: 'Ann', body: 'x'.repeat(281) }, 'Your message is 281 characters long; the limit is 280.'],
    ['name too long', { name: 'N'.repeat(30), body: 'hi' }, 'Names can be at most 24 characters long.'],
    ['reserved name', { name: 'Admin', body: 'hi' }, 'That name is reserved for the moderators.'],
  ])('refuses %s with 422, the reason, and the typed text kept', async (_n, fields, reason) => {
    const { post, store } = makeTestApp();
    const res = await post(fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain(reason);
    expect(html).toContain(`>${fields.body}</textarea>`);
    expect(html).toContain(`value="${fields.name}"`);
    expect(store.latest('main')).toEqual([]);
  });

  it('refuses without JavaScript as a full page with the form filled in', async () => {
    const { post } = makeTestApp();
    const res = await post({ name: 'Zoé', body: '' }, { htmx: false, query: '?lang=fr' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Écrivez un message avant d’envoyer.');
    expect(html).toContain('value="Zoé"');
  });

  it('the 4th rapid post from one poster gets 429 with a wait time; another poster is accepted', async () => {
    const { post, clock } = makeTestApp();
    for (let i = 0; i < 3; i++) expect((await post({ body: `m${i}` }, { ip: '198.51.100.7' })).status).toBe(200);
    const refused = await post({ body: 'm3' }, { ip: '198.51.100.7' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    const html = await refused.text();
    expect(html).toContain('Please wait 5 seconds');
    expect(html).toContain('>m3</textarea>');
    expect((await post({ body: 'other' }, { ip: '198.51.100.8' })).status).toBe(200);
    clock.advance(5000);
    expect((await post({ body: 'm3 again' }, { ip: '198.51.100.7' })).status).toBe(200);
  });

  it('reads the client from X-Forwarded-For only when TRUST_PROXY is set', async () => {
    const { post } = makeTestApp({ env: { TRUST_PROXY: 'off' } });
    // Without trust, rotating the header does not give a bot fresh identities.
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post({ body: `m${i}` }, { ip: `198.51.100.${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('a body over the cap is refused with 413 and a human message', async () => {
    const { post } = makeTestApp();
    const res = await post({ body: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('too much text');
  });
});

describe('GET /b/:board/feed (polling)', () => {
  it("visitor B's next poll shows visitor A's message; then nothing until the next change", async () => {
    const { app, post } = makeTestApp();
    const page = await (await app.request('/b/main')).text();
    const rev = revOf(page);
    expect(rev).toBe(0);
    expect((await post({ name: 'A', body: 'from A' }, { ip: '198.51.100.10' })).status).toBe(200);

    const poll = await app.request(`/b/main/feed?rev=${rev}`);
    expect(poll.status).toBe(200);
    const html = await poll.text();
    expect(html).toContain('from A');
    expect(html).toContain('<div id="poller" hx-get="/b/main/feed?rev=1"');
    expect(poll.headers.get('cache-control')).toBe('public, max-age=1');

    const again = await app.request(`/b/main/feed?rev=${revOf(html)}`);
    expect(again.status).toBe(204);
    expect(await again.text()).toBe('');
  });

  it('a no-change poll runs no SQL at all', async () => {
    const { app, db, post } = makeTestApp();
    await post({ body: 'warm up' });
    const proto = Object.getPrototypeOf(db.prepare('SELECT 1'));
    const spies = ['get', 'all', 'run', 'iterate'].map((m) => vi.spyOn(proto, m));
    const prepare = vi.spyOn(db, 'prepare');
    const exec = vi.spyOn(db, 'exec');
    const res = await app.request('/b/main/feed?rev=1');
    expect(res.status).toBe(204);
    for (const spy of [...spies, prepare, exec]) expect(spy).not.toHaveBeenCalled();
    // and the spies do see SQL when something changed:
    expect((await app.request('/b/main/feed?rev=0')).status).toBe(200);
    expect(spies[1]).toHaveBeenCalled();
  });

  it('removes a message that was taken down, and re-renders whole when the client is lost', async () => {
    const { app, post, store } = makeTestApp();
    await post({ body: 'keep' }, { ip: '198.51.100.1' });
    await post({ body: 'remove me' }, { ip: '198.51.100.2' });
    const victim = store.latest('main')[0]!;
    store.setStatus(victim.id, 'deleted');
    const html = await (await app.request('/b/main/feed?rev=2')).text();
    expect(html).toContain(`<hx-partial hx-target="#m-${victim.id}" hx-swap="delete"></hx-partial>`);
    expect(html).not.toContain('remove me');

    for (const bad of ['99', '-5', 'abc', '']) {
      const full = await (await app.request(`/b/main/feed?rev=${bad}`)).text();
      expect(full).toContain('<hx-partial hx-target="#messages" hx-swap="innerHTML strip:false">');
      expect(full).toContain('keep');
      expect(full).not.toContain('remove me');
    }
  });
});

describe('assets and health', () => {
  it('serves content-hashed assets compressed, cached for a year, loadable cross-origin', async () => {
    const { app } = makeTestApp();
    const page = await (await app.request('/b/main')).text();
    const url = /src="(\/assets\/widget\.[^"]+)"/.exec(page)![1]!;
    const res = await app.request(url, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const etag = res.headers.get('etag')!;
    expect((await app.request(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await app.request('/assets/htmx.nothash.js')).status).toBe(404);
  });

  it('/healthz answers ok while the database answers', async () => {
    const { app, db } = makeTestApp();
    expect(await (await app.request('/healthz')).text()).toBe('ok');
    db.close();
    const res = await app.request('/healthz');
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/^database unavailable/);
  });
});

describe('privacy', () => {
  it('the client address appears nowhere in DATA_DIR or in the logs', async () => {
    const dir = tempDir('holler-privacy-');
    const { post, db, logs, app } = makeTestApp({ dbFile: path.join(dir, 'holler.db'), env: { DATA_DIR: dir } });
    expect((await post({ name: 'Ann', body: 'hi' }, { ip: '203.0.113.77' })).status).toBe(200);
    await post({ body: '' }, { ip: '203.0.113.77' });
    await app.request('/b/main/feed?rev=0', { headers: { 'x-forwarded-for': '203.0.113.77' } });
    const poster = (db.prepare('SELECT poster FROM messages').get() as { poster: string }).poster;
    expect(poster).toMatch(/^[\w-]{22}$/);
    db.close();
    const files = fs.readdirSync(dir);
    expect(files).toContain('holler.db');
    for (const f of files) expect(fs.readFileSync(path.join(dir, f)).includes('203.0.113.77')).toBe(false);
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain('203.0.113.77');
    // and the stored key is not the address in another form: dotted, as one number, in hex. (Not
    // a bare "203": the row's random ids and hex hashes hold that now and then.)
    const reopened = new Database(path.join(dir, 'holler.db'), { readonly: true });
    expect(JSON.stringify(reopened.prepare('SELECT * FROM messages').all())).not.toMatch(/203\.0\.113|113\.77|3405803853|cb00714d/i);
    reopened.close();
  });

  it('keys IPv6 clients by their /64', async () => {
    const { post } = makeTestApp();
    const statuses = [];
    for (let i = 1; i <= 4; i++) statuses.push((await post({ body: `m${i}` }, { ip: `2001:db8:1:2::${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect((await post({ body: 'other net' }, { ip: '2001:db8:1:3::1' })).status).toBe(200);
  });
});

describe('unexpected errors', () => {
  it('answer a 500 page without internals, logged with the request id', async () => {
    const { app, store, logs } = makeTestApp();
    vi.spyOn(store, 'latest').mockImplementation(() => {
      throw new Error('SQLITE_CORRUPT: secret internals');
    });
    const res = await app.request('/b/main');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('SQLITE');
    const id = res.headers.get('x-request-id')!;
    expect(id).toMatch(/^[\w-]{10}$/);
    const entry = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    expect(entry).toMatchObject({ level: 'error', id, path: '/b/main' });
    expect(entry.error).toContain('SQLITE_CORRUPT');
  });
});

describe('rendering caches and compression', () => {
  it('a cached page or poll answer never goes stale after a change', async () => {
    const { app, post, store } = makeTestApp();
    expect(await (await app.request('/b/main')).text()).not.toContain('fresh one');
    expect((await app.request('/b/main/feed?rev=0')).status).toBe(204);
    await post({ body: 'fresh one' });
    expect(await (await app.request('/b/main')).text()).toContain('fresh one');
    expect(await (await app.request('/b/main/feed?rev=0')).text()).toContain('fresh one');
    store.setStatus(store.latest('main')[0]!.id, 'deleted');
    expect(await (await app.request('/b/main')).text()).not.toContain('fresh one');
    expect(await (await app.request('/b/main/feed?rev=0')).text()).not.toContain('fresh one');
  });

  it('compresses pages for clients that accept it, and the content is the same', async () => {
    const { app, post } = makeTestApp();
    for (let i = 0; i < 20; i++) await post({ body: `message number ${i} with some text` }, { ip: `198.51.100.${i}` });
    const plain = await app.request('/b/main');
    const br = await app.request('/b/main', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    const gz = await app.request('/b/main', { headers: { 'accept-encoding': 'gzip' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // The widget page carries a per-answer form token joined to a cached compressed page
    // (respond.ts): brotli or gzip, as the client takes them.
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    // A client that takes neither gets the page uncompressed, never an encoding it refused.
    const other = await app.request('/b/main', { headers: { 'accept-encoding': 'deflate' } });
    expect(other.headers.get('content-encoding')).toBeNull();
    expect(await other.text()).toContain('message number 19');
    const zlib = await import('node:zlib');
    // Each answer carries its own form token; everything else is the same.
    const untoken = (h: string) => h.replace(/name="token" value="[^"]+"/, 'name="token" value=""');
    const html = untoken(await plain.text());
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(untoken(zlib.brotliDecompressSync(brBytes).toString())).toBe(html);
    expect(untoken(zlib.gunzipSync(Buffer.from(await gz.arrayBuffer())).toString())).toBe(html);
    expect(brBytes.byteLength).toBeLessThan(html.length / 3);
    const feed = await app.request('/b/main/feed?rev=0', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(feed.headers.get('content-encoding')).toBe('br');
    expect(zlib.brotliDecompressSync(Buffer.from(await feed.arrayBuffer())).toString()).toContain('message number 19');
  });
});

describe('archive cache', () => {
  it('an archive page rendered once is re-rendered after a moderator removes a message', async () => {
    const { app, post, store } = makeTestApp();
    for (let i = 0; i < 60; i++) await post({ body: `archived ${i}` }, { ip: `198.51.100.${i}` });
    const oldest = store.before('main', Number.MAX_SAFE_INTEGER, 60).at(-1)!;
    const url = `/b/main/archive?before=${oldest.seq + 5}`;
    expect(await (await app.request(url)).text()).toContain('archived 0');
    store.setStatus(oldest.id, 'deleted');
    expect(await (await app.request(url)).text()).not.toContain('archived 0<');
    expect(await (await app.request(url, { headers: { 'hx-request': 'true' } })).text()).toContain('archived 1');
  });
});
