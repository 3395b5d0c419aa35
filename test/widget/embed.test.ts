import { describe, expect, it } from 'vitest';
import { accentCss, parseAccent } from '../../src/widget/theme.ts';
import { makeTestApp } from '../support/app.ts';

describe('GET /embed.js', () => {
  it('is served at a stable URL, briefly cached, readable from any origin', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/embed.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const plain = await (await app.request('/embed.js')).text();
    // It checks both the sender window and our origin before trusting a height.
    expect(plain).toContain('e.source !== frame.contentWindow || e.origin !== origin');
    expect(plain).toContain('data-board is missing');
  });
});

describe('theme and accent', () => {
  it.each([
    ['#0B6BCB', '0b6bcb'], ['0b6bcb', '0b6bcb'], ['#f00', 'ff0000'], ['abc', 'aabbcc'],
    ['red', null], ['#12345', null], ['#1234567', null], ['expression(alert(1))', null], ['ff0000;}body{x', null], [undefined, null],
  ])('parseAccent(%s) = %s', (raw, want) => {
    expect(parseAccent(raw)).toBe(want);
  });

  it('picks black or white text on the accent, whichever contrasts more', () => {
    expect(accentCss('ffeb3b')).toBe(':root{--h-custom-accent:#ffeb3b;--h-custom-accent-fg:#000000}\n');
    expect(accentCss('1a237e')).toContain('--h-custom-accent-fg:#ffffff');
  });

  it('?theme= and ?accent= set the class and the generated stylesheet, and are carried in the widget URLs', async () => {
    const { app } = makeTestApp();
    const html = await (await app.request('/b/main?lang=fr&theme=dark&accent=%23E91E63')).text();
    expect(html).toContain('<html lang="fr" dir="ltr" class="theme-dark">');
    expect(html).toContain('<link rel="stylesheet" href="/theme/accent-e91e63.css"/>');
    expect(html).toContain('action="/b/main/messages?lang=fr&amp;theme=dark&amp;accent=e91e63"');
    expect(html).toContain('<a class="refresh icon" href="/b/main?lang=fr&amp;theme=dark&amp;accent=e91e63" aria-label="Actualiser" title="Actualiser">');
    // The poll URL carries the language only, so every look shares one cache entry.
    expect(html).toContain('hx-get="/b/main/feed?lang=fr&amp;rev=0"');
    expect(html).not.toContain('style=');

    const css = await app.request('/theme/accent-e91e63.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('--h-custom-accent:#e91e63');
  });

  it('ignores an invalid theme or accent and shows the default look', async () => {
    const { app } = makeTestApp();
    const res = await app.request('/b/main?theme=purple&accent=url(x)');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).not.toContain('/theme/');
    expect(html).toContain('action="/b/main/messages"');
    for (const bad of ['/theme/accent-red.css', '/theme/accent-E91E63.css', '/theme/accent-e91e63.js', '/theme/x']) {
      expect((await app.request(bad)).status).toBe(404);
    }
  });
});

describe('FRAME_ANCESTORS', () => {
  it('defaults to any page; a list limits framing to those origins (and our own landing page)', async () => {
    const open = makeTestApp();
    expect((await open.app.request('/b/main')).headers.get('content-security-policy')).toContain('frame-ancestors *');
    const { app } = makeTestApp({ env: { FRAME_ANCESTORS: 'https://blog.example.org https://*.example.net' } });
    const csp = (await app.request('/b/main')).headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'self' https://blog.example.org https://*.example.net");
    expect(csp).not.toContain('unsafe');
    // Other pages are never framed.
    expect((await app.request('/')).headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('visitors get no cookie anywhere', async () => {
    const { app, post } = makeTestApp();
    for (const res of [await app.request('/b/main'), await app.request('/b/main/feed?rev=0'), await post({ body: 'hi' }), await app.request('/b/main/fragment')]) {
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('GET /b/:board/fragment', () => {
  it('is a self-contained, read-only, cacheable HTML fragment linking to the widget', async () => {
    const { app, post } = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    await post({ name: 'Ann', body: 'first <script>alert(1)</script>' });
    await post({ name: '', body: 'second :)' }, { ip: '198.51.100.2' });
    const res = await app.request('/b/main/fragment?lang=it');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=5');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const html = await res.text();
    expect(html).toMatch(/^<section class="holler-fragment" lang="it" dir="ltr">/);
    expect(html).toContain('<strong class="holler-author">Anonimo</strong>');
    expect(html).toContain('first &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.indexOf('second')).toBeLessThan(html.indexOf('first'));
    expect(html).toContain('<a href="https://chat.example.org/b/main?lang=it">Apri la shoutbox');
    expect(html).not.toMatch(/<script|<link|<style|style=|<form|hx-(get|post)/);
  });

  it('limits to ?limit= (1 to 50), shows the empty state, and 404s unknown boards', async () => {
    const { app, post } = makeTestApp();
    for (let i = 0; i < 3; i++) await post({ body: `m${i}` }, { ip: `198.51.100.${i}` });
    const two = await (await app.request('/b/main/fragment?limit=2')).text();
    expect(two.match(/<li /g)).toHaveLength(2);
    const empty = makeTestApp();
    expect(await (await empty.app.request('/b/main/fragment')).text()).toContain('No messages yet');
    expect((await app.request('/b/nope/fragment')).status).toBe(404);
    expect((await app.request('/b/NOPE/fragment')).status).toBe(404);
  });
});

describe('archive ("load older")', () => {
  const seed = async (n: number) => {
    const t = makeTestApp();
    for (let i = 1; i <= n; i++) t.store.addMessage({ board: 'main', author: '', body: `message ${i}`, poster: 'p' });
    return t;
  };

  it('the widget shows its first 30 and a link to older ones; the archive pages back by keyset, 50 at a time, with or without JS', async () => {
    const { app } = await seed(120);
    const page = await (await app.request('/b/main?lang=it')).text();
    expect(page.match(/<li /g)).toHaveLength(30);
    expect(page).toContain('href="/b/main/archive?lang=it&amp;before=91"');
    expect(page).toContain('Carica i messaggi precedenti');

    // htmx: the next chunk, a non-live list, then the next link
    const chunk = await (await app.request('/b/main/archive?lang=it&before=91', { headers: { 'hx-request': 'true' } })).text();
    expect(chunk).toMatch(/^<div class="older-chunk"><ol class="messages" tabindex="-1"/);
    expect(chunk).not.toContain('aria-live');
    expect(chunk.match(/<li /g)).toHaveLength(50);
    expect(chunk).toContain('message 90');
    expect(chunk).toContain('message 41');
    expect(chunk).not.toContain('message 91<');
    expect(chunk).toContain('before=41');

    // no JS: a full page; the last one says there is nothing older
    const last = await app.request('/b/main/archive?lang=it&before=41');
    expect(last.headers.get('cache-control')).toBe('public, max-age=10');
    const html = await last.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<li /g)).toHaveLength(40);
    expect(html).toContain('Non ci sono messaggi precedenti.');
    expect(html).toContain('<a href="/b/main?lang=it">Torna agli ultimi messaggi</a>');
  });

  it('a mangled cursor starts from the newest instead of failing', async () => {
    const { app } = await seed(3);
    for (const bad of ['abc', '-1', '', '1e9', '9'.repeat(30)]) {
      const res = await app.request(`/b/main/archive?before=${bad}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('message 3');
    }
    expect((await app.request('/b/nope/archive?before=1')).status).toBe(404);
  });
});

describe('pinned and staff messages', () => {
  it('carry their classes and a translated badge', async () => {
    const { app, store } = makeTestApp();
    const staff = store.addMessage({ board: 'main', author: 'Mod', body: 'welcome', poster: 'p', staff: true });
    const pinned = store.addMessage({ board: 'main', author: 'Ann', body: 'rules', poster: 'p' });
    store.setPinned(pinned.id, true);
    const html = await (await app.request('/b/main?lang=fr')).text();
    expect(html).toContain(`<li id="m-${staff.id}" class="msg staff"`);
    expect(html).toContain('<span class="badge staff">Équipe</span>');
    expect(html).toContain(`<li id="m-${pinned.id}" class="msg pinned"`);
    expect(html).toContain('<span class="badge pin">Épinglé</span>');
  });
});
