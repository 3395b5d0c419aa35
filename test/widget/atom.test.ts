/**
 * GET /b/:board/feed.atom, read by a real XML parser (@xmldom/xmldom, strict: any warning or
 * error fails): the elements Atom 1.0 (RFC 4287) requires, a hostile message escaped so that
 * it reads back as exactly what was typed, held and deleted messages absent, the newest 50,
 * caching headers, and the widget and archive pages announcing the feed.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseAtom(text: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  });
  return parser.parseFromString(text, 'application/xml');
}

/** Atom children of `el` with this local name. */
const kids = (el: Element, name: string): Element[] =>
  Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ATOM && (n as Element).localName === name);
const one = (el: Element, name: string): Element => {
  const found = kids(el, name);
  expect(found, `exactly one <${name}> in <${el.localName}>`).toHaveLength(1);
  return found[0]!;
};

async function getFeed(t: ReturnType<typeof makeTestApp>, url = '/b/main/feed.atom', headers: Record<string, string> = {}) {
  const res = await t.app.request(url, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  const doc = parseAtom(await res.text());
  return { res, doc, feed: doc.documentElement! };
}

describe('the Atom feed', () => {
  it('is valid Atom 1.0: feed id, title, updated, self link; entries with id, title, updated, author, html content', async () => {
    const t = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    await t.post({ name: 'Ann', body: 'first https://example.com :)' }, { ip: '198.51.100.1' });
    t.clock.advance(60_000);
    await t.post({ body: 'second, anonymous' }, { ip: '198.51.100.2' });
    const { feed } = await getFeed(t);
    expect(feed.namespaceURI).toBe(ATOM);
    expect(feed.localName).toBe('feed');
    expect(feed.getAttribute('xml:lang')).toBe('en');
    expect(one(feed, 'id').textContent).toBe('https://chat.example.org/b/main');
    expect(one(feed, 'title').textContent).toBe(t.store.getBoard('main')!.title);
    expect(one(feed, 'updated').textContent).toBe('2026-11-22T12:01:00.000Z');
    const links = kids(feed, 'link');
    const self = links.find((l) => l.getAttribute('rel') === 'self')!;
    expect(self.getAttribute('href')).toBe('https://chat.example.org/b/main/feed.atom');
    expect(self.getAttribute('type')).toBe('application/atom+xml');
    expect(links.find((l) => l.getAttribute('rel') === 'alternate')!.getAttribute('href')).toBe('https://chat.example.org/b/main');

    const entries = kids(feed, 'entry');
    expect(entries).toHaveLength(2);
    const ids = entries.map((e) => one(e, 'id').textContent);
    expect(new Set(ids).size).toBe(2);
    for (const e of entries) {
      expect(one(e, 'id').textContent).toMatch(/^https:\/\/chat\.example\.org\/b\/main\/m\/[\w-]+$/);
      expect(one(e, 'updated').textContent).toMatch(RFC3339);
      expect(one(one(e, 'author'), 'name').textContent).not.toBe('');
      expect(one(e, 'content').getAttribute('type')).toBe('html');
      // The message's permalink page, which answers.
      const id = one(e, 'id').textContent!;
      expect(one(e, 'link').getAttribute('href')).toBe(`${id}#m-${id.split('/').pop()}`);
      expect((await t.app.request(new URL(id).pathname)).status).toBe(200);
    }
    // Newest first; the anonymous poster is named as the widget names them.
    const [second, first] = entries;
    expect(one(one(second!, 'author'), 'name').textContent).toBe('Anonymous');
    expect(one(second!, 'title').textContent).toBe('Anonymous: second, anonymous');
    expect(one(first!, 'title').textContent).toBe('Ann: first https://example.com :)');
    // The content is the widget's HTML for the message: the one text pipeline.
    expect(one(first!, 'content').textContent).toBe(renderBody('first https://example.com :)'));
    expect(one(first!, 'content').textContent).toContain('<a href="https://example.com/" rel="nofollow ugc noopener noreferrer"');
  });

  it('escapes a hostile message: it reads back as typed, and no markup of it survives', async () => {
    const t = makeTestApp();
    const name = '<Evil & "Co">';
    const body = '</content></entry><script>alert(1)</script> ]]> <![CDATA[x]]> &amp; &nbsp; <img src=x onerror=alert(2)> \'q\'';
    expect((await t.post({ name, body })).status).toBe(200);
    const { doc, feed } = await getFeed(t);
    expect(doc.getElementsByTagName('script')).toHaveLength(0);
    expect(doc.getElementsByTagName('img')).toHaveLength(0);
    const [e] = kids(feed, 'entry');
    expect(one(one(e!, 'author'), 'name').textContent).toBe(name);
    expect(one(e!, 'title').textContent).toBe(`${name}: ${body.slice(0, 79)}…`); // 80 graphemes of the body at most
    const html = one(e!, 'content').textContent!;
    expect(html).toBe(renderBody(body));
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('leaves out held and deleted messages, and characters XML cannot carry', async () => {
    const t = makeTestApp();
    await t.post({ body: 'shown' }, { ip: '198.51.100.1' });
    const removed = t.store.addMessage({ board: 'main', author: 'x', body: 'removed by a moderator', poster: 'p' });
    t.store.setStatus(removed.id, 'deleted');
    t.store.addMessage({ board: 'main', author: 'x', body: 'waiting for approval', poster: 'p', status: 'held' });
    // A row that bypassed the posting pipeline (an old import, say) with a control character.
    t.store.addMessage({ board: 'main', author: 'y', body: 'bell\u0007 and\u000b form\u001b feed', poster: 'p' });
    const { feed } = await getFeed(t);
    const texts = kids(feed, 'entry').map((e) => one(e, 'content').textContent);
    expect(texts).toEqual([renderBody('bell and form feed'), renderBody('shown')]);
  });

  it('shows an author\'s edit: the new text, and the edit time as the entry\'s updated', async () => {
    const t = makeTestApp();
    const m = t.store.addMessage({ board: 'main', author: 'Ann', body: 'first words', poster: 'p' });
    expect(one(kids((await getFeed(t)).feed, 'entry')[0]!, 'updated').textContent).toBe('2026-11-22T12:00:00.000Z');
    t.clock.advance(90_000);
    t.store.editText(m.id, 'second thoughts', 'visible');
    const { feed } = await getFeed(t);
    const [e] = kids(feed, 'entry');
    expect(one(e!, 'content').textContent).toBe(renderBody('second thoughts'));
    expect(one(e!, 'updated').textContent).toBe('2026-11-22T12:01:30.000Z');
    expect(one(e!, 'published').textContent).toBe('2026-11-22T12:00:00.000Z');
    expect(one(feed, 'updated').textContent).toBe('2026-11-22T12:01:30.000Z');
  });

  it('holds the newest 50 visible messages, newest first', async () => {
    const t = makeTestApp();
    for (let i = 1; i <= 55; i++) t.store.addMessage({ board: 'main', author: 'a', body: `message ${i}`, poster: 'p' });
    const { feed } = await getFeed(t);
    const titles = kids(feed, 'entry').map((e) => one(e, 'title').textContent);
    expect(titles).toHaveLength(50);
    expect(titles[0]).toBe('a: message 55');
    expect(titles[49]).toBe('a: message 6');
  });

  it('an empty board is still a valid feed', async () => {
    const t = makeTestApp();
    const { feed } = await getFeed(t);
    expect(kids(feed, 'entry')).toHaveLength(0);
    expect(one(feed, 'updated').textContent).toMatch(RFC3339);
  });

  it('is cacheable like the archive, with Vary, an ETag that answers 304, and in the asked language', async () => {
    const shared = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    await shared.post({ body: 'hello' });
    const { res } = await getFeed(shared, '/b/main/feed.atom', { 'accept-language': 'it' });
    expect(res.headers.get('cache-control')).toBe('public, max-age=10');
    expect(res.headers.get('vary')).toContain('Accept-Language');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await shared.app.request('/b/main/feed.atom', { headers: { 'accept-language': 'it', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);
    // Another language is another document with another ETag.
    const fr = await getFeed(shared, '/b/main/feed.atom?lang=fr');
    expect(fr.feed.getAttribute('xml:lang')).toBe('fr');
    expect(fr.res.headers.get('etag')).not.toBe(etag);
    // A new message changes the ETag.
    await shared.post({ body: 'another' }, { ip: '198.51.100.9' });
    expect((await shared.app.request('/b/main/feed.atom', { headers: { 'accept-language': 'it', 'if-none-match': etag } })).status).toBe(200);

    // Links built from the request's Host (no PUBLIC_URL) stay out of shared caches.
    const local = makeTestApp();
    expect((await getFeed(local)).res.headers.get('cache-control')).toBe('private, max-age=10');
    expect((await local.app.request('/b/nope/feed.atom')).status).toBe(404);
  });

  it('is announced by the widget page and the archive', async () => {
    const t = makeTestApp();
    for (const url of ['/b/main', '/b/main/archive', '/b/main?lang=it']) {
      const html = await (await t.app.request(url)).text();
      const link = /<link rel="alternate" type="application\/atom\+xml"[^>]*>/.exec(html)?.[0];
      expect(link, url).toBeDefined();
      expect(link).toContain(`href="/b/main/feed.atom${url.endsWith('it') ? '?lang=it' : ''}"`);
    }
  });
});
