/**
 * The private reply feed: made from an author's own message (no address), valid Atom read by a
 * strict XML parser, exactly the shown direct replies to that visitor's messages, the token
 * stored only as its SHA-256, and revoked by its link or from the box.
 */
import { createHash } from 'node:crypto';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

const ATOM = 'http://www.w3.org/2005/Atom';
const ORIGIN = 'https://chat.example.org';
type T = ReturnType<typeof makeTestApp>;

const parseAtom = (text: string) =>
  new DOMParser({ onError: (level, message) => { throw new Error(`XML ${level}: ${message}`); } }).parseFromString(text, 'application/xml');
const kids = (el: Element, name: string): Element[] =>
  Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ATOM && (n as Element).localName === name);

async function postOwn(t: T, body: string, ip = '198.51.100.1', replyTo?: string) {
  const res = await t.post({ name: 'Ann', body, ...(replyTo ? { reply_to: replyTo } : {}) }, { ip });
  const [id, secret] = (res.headers.get('x-holler-own') ?? '').split(' ');
  return { id: id!, secret: secret! };
}
let next = 10;
/** Another visitor replies (each from an address of its own: the rate limit stays out of it). */
const reply = async (t: T, to: string, body: string) => {
  expect((await t.post({ name: 'Bob', body, reply_to: to }, { ip: `198.51.100.${next++}` })).status).toBe(200);
  return t.store.latest('main')[0]!;
};
/** "Get a private reply feed" on a message; `feed`: the token this device already holds. */
async function toFeed(t: T, m: { id: string; secret: string }, feed?: string, path = 'feed') {
  const res = await t.app.request(`/b/main/m/${m.id}/replies/${path}`, {
    method: 'POST', headers: { 'hx-request': 'true', 'x-holler-secret': m.secret, ...(feed ? { 'x-holler-feed': feed } : {}) },
  });
  expect(res.status).toBe(200);
  return res.text();
}

async function readFeed(t: T, url: string) {
  const res = await t.app.request(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  expect(res.headers.get('cache-control')).toMatch(/private/);
  const feed = parseAtom(await res.text()).documentElement!;
  expect(feed.namespaceURI).toBe(ATOM);
  for (const name of ['id', 'title', 'updated']) expect(kids(feed, name)).toHaveLength(1);
  const entries = kids(feed, 'entry');
  for (const e of entries) for (const name of ['id', 'title', 'updated', 'author', 'content']) expect(kids(e, name)).toHaveLength(1);
  return entries.map((e) => kids(e, 'id')[0]!.textContent);
}

describe('the private reply feed', () => {
  it('lists exactly the shown direct replies to the visitor messages added to it', async () => {
    const t = makeTestApp({ env: { PUBLIC_URL: ORIGIN } });
    const m1 = await postOwn(t, 'first question');
    const m2 = await postOwn(t, 'second question');
    const m3 = await postOwn(t, 'not in the feed');
    const other = await postOwn(t, 'someone else', '198.51.100.2');
    const first = await toFeed(t, m1);
    const token = /data-feed-token="([\w-]{22})"/.exec(first)![1]!;
    const url = `${ORIGIN}/replies/feed/${token}`;
    expect(first).toContain(url);
    // The same device (its token in the header) adds its next message to the same feed.
    const second = await toFeed(t, m2, token);
    expect(second).toContain(url);
    expect(second).not.toContain('data-feed-token');

    const r1 = await reply(t, m1.id, 'answer <one> & "quoted"');
    const r2 = await reply(t, m2.id, 'answer two');
    await reply(t, m3.id, 'answer to a message not in the feed');
    await reply(t, other.id, 'answer to someone else');
    await t.post({ name: 'Bob', body: 'no reply at all' }, { ip: '198.51.100.250' });
    const held = await reply(t, m1.id, 'will be held');
    t.store.setStatus(held.id, 'held');
    const gone = await reply(t, m2.id, 'will be deleted');
    t.store.setStatus(gone.id, 'deleted');

    const ids = await readFeed(t, url);
    expect(ids).toEqual([`${ORIGIN}/b/main/m/${r2.id}`, `${ORIGIN}/b/main/m/${r1.id}`]);
    // The reply's HTML as the widget shows it, read back through the XML escaping.
    const doc = parseAtom(await (await t.app.request(url)).text());
    const content = kids(kids(doc.documentElement!, 'entry')[1]!, 'content')[0]!.textContent;
    expect(content).toBe(renderBody('answer <one> & "quoted"'));
    expect(content).not.toContain('<one>');

    // Only the token's SHA-256 is stored.
    const rows = t.db.prepare(`SELECT hash FROM reply_feeds`).all() as Array<{ hash: string }>;
    expect(rows).toEqual([{ hash: createHash('sha256').update(token).digest('hex') }]);
    expect(JSON.stringify(t.db.prepare(`SELECT * FROM reply_feeds`).all())).not.toContain(token);
  });

  it('is revoked by its link: the link asks, its button revokes, then the feed is gone', async () => {
    const t = makeTestApp({ env: { PUBLIC_URL: ORIGIN } });
    const m = await postOwn(t, 'question');
    const token = /data-feed-token="([\w-]{22})"/.exec(await toFeed(t, m))![1]!;
    const revoke = `${ORIGIN}/replies/feed/${token}/revoke`;
    const ask = await t.app.request(revoke);
    expect(await ask.text()).toContain('Revoke this private reply feed?');
    expect((await t.app.request(`/replies/feed/${token}`)).status).toBe(200); // asking revokes nothing
    const done = await t.app.request(revoke, { method: 'POST' });
    expect(await done.text()).toContain('Your reply feed is revoked');
    expect((await t.app.request(`/replies/feed/${token}`)).status).toBe(404);
    expect(t.db.prepare(`SELECT count(*) AS n FROM reply_feed_messages`).get()).toEqual({ n: 0 });
  });

  it('is revoked from the box, by the device that holds it', async () => {
    const t = makeTestApp({ env: { PUBLIC_URL: ORIGIN } });
    const m = await postOwn(t, 'question');
    const token = /data-feed-token="([\w-]{22})"/.exec(await toFeed(t, m))![1]!;
    const panel = await (await t.app.request(`/b/main/m/${m.id}/replies`, { headers: { 'hx-request': 'true', 'x-holler-secret': m.secret, 'x-holler-feed': token } })).text();
    expect(panel).toContain('Revoke my reply feed');
    // Without the author's secret: refused, the feed stays.
    const denied = await t.app.request(`/b/main/m/${m.id}/replies/revoke`, { method: 'POST', headers: { 'hx-request': 'true', 'x-holler-feed': token } });
    expect(denied.status).toBe(403);
    expect((await t.app.request(`/replies/feed/${token}`)).status).toBe(200);
    const answer = await toFeed(t, m, token, 'revoke');
    expect(answer).toContain('data-feed-forget="1"');
    expect((await t.app.request(`/replies/feed/${token}`)).status).toBe(404);
  });

  it('keeps its token out of the access log', async () => {
    const t = makeTestApp({ env: { PUBLIC_URL: ORIGIN, ACCESS_LOG: 'on' } });
    const m = await postOwn(t, 'question');
    const token = /data-feed-token="([\w-]{22})"/.exec(await toFeed(t, m))![1]!;
    expect((await t.app.request(`/replies/feed/${token}`)).status).toBe(200);
    expect((await t.app.request(`/replies/feed/${token}/revoke`)).status).toBe(200);
    expect(t.logs.some((l) => l.includes('"url.path":"/replies/feed/…"'))).toBe(true);
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('answers 404 to an unknown or malformed token', async () => {
    const t = makeTestApp();
    for (const token of ['x', 'A'.repeat(22), '../../b/main']) expect((await t.app.request(`/replies/feed/${encodeURIComponent(token)}`)).status).toBe(404);
    const de = await t.app.request(`/replies/feed/${'A'.repeat(22)}`, { headers: { 'accept-language': 'de' } });
    expect(await de.text()).toContain('Dieser Link gilt nicht mehr');
  });
});
