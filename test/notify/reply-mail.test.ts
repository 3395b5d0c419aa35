/**
 * Reply mail, in-process with a real SMTP server: the opt-in from the author's own message, the
 * confirmation (nothing else before it), one mail per reply with the text escaped, replies
 * within a few minutes gathered, held, deleted and one's own replies sending nothing, RFC 8058
 * one-click unsubscribe, the limits, and the settings that must be on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_PER_DAY, BOARD_PER_HOUR } from '../../src/store/store.ts';
import { postAsStaff } from '../../src/posting/staff.ts';
import { GATHER_MS } from '../../src/notify/reply-mail.ts';
import { makeTestApp } from '../support/app.ts';
import { headerOf, linkIn, partOf, startSmtp } from './smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => { smtp = await startSmtp(); });
afterAll(() => smtp.close());

export const ORIGIN = 'https://chat.example.org';
type T = ReturnType<typeof makeTestApp>;

export function replyApp(env: Record<string, string> = {}, mailOn = true) {
  const t = makeTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Holler <holler@example.org>', PUBLIC_URL: ORIGIN, ...env } });
  if (mailOn) t.store.setReplySettings('main', { mailOn: true, keepDays: 30 });
  return t;
}

/** Posts with htmx as a visitor at `ip`; the id and owner secret of the answer. */
async function postOwn(t: T, fields: Record<string, string>, ip = '198.51.100.1') {
  const res = await t.post(fields, { ip });
  const [id, secret] = (res.headers.get('x-holler-own') ?? '').split(' ');
  return { id: id!, secret: secret! };
}
const optIn = (t: T, m: { id: string; secret: string }, email: string, lang = 'en') =>
  t.app.request(`/b/main/m/${m.id}/replies/mail?lang=${lang}`, {
    method: 'POST',
    headers: { 'hx-request': 'true', 'x-holler-secret': m.secret, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email }).toString(),
  });
const reply = (t: T, to: string, body: string, ip = '198.51.100.77') => t.post({ name: 'Bob', body, reply_to: to }, { ip });
const post = (t: T, url: string, body = '') => t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

/** Opts in and confirms through the mail's link; returns the message. */
async function confirmed(t: T, email: string, lang = 'en') {
  const m = await postOwn(t, { name: 'Ann', body: 'Does anyone know the way?' });
  expect((await optIn(t, m, email, lang)).status).toBe(200);
  await t.notifier.runOnce();
  const link = linkIn(smtp.to(email).at(-1)!.raw, `${ORIGIN}/replies/confirm/`)!;
  expect((await post(t, link)).status).toBe(200);
  return m;
}

describe('reply mail', () => {
  it('confirms first, then mails each reply with its text escaped, a permalink and one-click unsubscribe', async () => {
    const t = replyApp();
    const email = 'ann@example.net';
    const m = await postOwn(t, { name: 'Ann', body: 'Does anyone know the way?' });
    const res = await optIn(t, m, email);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain(email);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(1);
    const confirmation = smtp.to(email)[0]!.raw;
    expect(headerOf(confirmation, 'Subject')).toContain('Confirm reply mail');

    // Unconfirmed: a reply sends nothing, and opening the link (as a mail scanner does) confirms nothing.
    await reply(t, m.id, 'first answer, before confirming');
    await t.notifier.runOnce();
    const link = linkIn(confirmation, `${ORIGIN}/replies/confirm/`)!;
    const page = await t.app.request(link);
    expect(await page.text()).toContain('Yes, mail me the replies');
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(1);
    expect((await post(t, link)).status).toBe(200);

    await reply(t, m.id, '<b>Left</b> at the "old" mill & then <img src=https://evil.example/t.gif>');
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(2);
    const mail = smtp.to(email)[1]!.raw;
    expect(headerOf(mail, 'Subject')).toContain('New reply to your message');
    expect(mail).toContain('Bob replied:');
    const html = partOf(mail, 'text/html');
    const text = partOf(mail, 'text/plain');
    // The HTML part escapes the visitor's markup and loads nothing from elsewhere; the text part is the text.
    expect(html).toContain('&lt;b&gt;Left&lt;/b&gt; at the &quot;old&quot; mill &amp; then &lt;img');
    expect(html).not.toContain('<b>Left');
    expect(html).not.toMatch(/<img|<link|<style|<script|<iframe/i);
    expect(text).toContain('> <b>Left</b> at the "old" mill & then');
    expect(text).toContain('first answer, before confirming'); // waited for the confirmation, then came along
    const reply1 = t.store.latest('main')[0]!;
    expect(mail).toContain(`${ORIGIN}/b/main/m/${reply1.id}#m-${reply1.id}`);
    const unsub = /^<(https:\/\/[^>]+)>$/.exec(headerOf(mail, 'List-Unsubscribe')!)![1]!;
    expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mail).toContain(unsub); // also in the body

    // RFC 8058: the mail client POSTs this body to the URL, nothing else.
    const one = await post(t, unsub, 'List-Unsubscribe=One-Click');
    expect(one.status).toBe(200);
    expect(t.db.prepare(`SELECT count(*) AS n FROM reply_subs WHERE email = ?`).get(email)).toEqual({ n: 0 });
    await reply(t, m.id, 'after unsubscribing');
    t.clock.advance(GATHER_MS);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(2);
  });

  it('gathers replies within a few minutes into one mail; held, deleted and own replies send nothing', async () => {
    const t = replyApp();
    const email = 'gather@example.net';
    const m = await confirmed(t, email);
    await reply(t, m.id, 'one');
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(2);
    await reply(t, m.id, 'two', '198.51.100.78');
    await reply(t, m.id, 'three', '198.51.100.79');
    await reply(t, m.id, 'my own follow-up', '198.51.100.1'); // the author, same poster
    const gone = await reply(t, m.id, 'deleted before it was mailed', '198.51.100.80');
    expect(gone.status).toBe(200);
    t.store.setStatus(t.store.latest('main')[0]!.id, 'deleted');
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(2); // still gathering
    t.clock.advance(GATHER_MS);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(3);
    const mail = smtp.to(email)[2]!.raw;
    expect(mail).toContain('two');
    expect(mail).toContain('three');
    expect(mail).not.toContain('my own follow-up');
    expect(mail).not.toContain('deleted before');

    // Held for review: nothing.
    const { slug: _s, rev: _r, ...settings } = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...settings, premoderate: true });
    await reply(t, m.id, 'held for review', '198.51.100.81');
    t.clock.advance(GATHER_MS);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(3);
  });

  it('writes the mail in the language the visitor used', async () => {
    const t = replyApp();
    const email = 'it@example.net';
    const m = await confirmed(t, email, 'it');
    expect(headerOf(smtp.to(email)[0]!.raw, 'Subject')).toMatch(/Conferma|=\?/);
    await reply(t, m.id, 'ciao');
    await t.notifier.runOnce();
    expect(smtp.to(email)[1]!.raw).toContain('Bob ha risposto:');
  });

  it('sends at most the limit of confirmations to one address, however many opt-ins', async () => {
    const t = replyApp();
    const email = 'victim@example.net';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const m = await postOwn(t, { name: 'Mallory', body: `opt-in number ${i}` }, `198.51.100.${100 + i}`);
      statuses.push((await optIn(t, m, email)).status);
    }
    expect(statuses.filter((s) => s === 429)).toHaveLength(10 - ADDRESS_PER_DAY);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(ADDRESS_PER_DAY);
  });

  it('takes at most the limit of opt-ins an hour on one board', async () => {
    const t = replyApp();
    const statuses: number[] = [];
    for (let i = 0; i <= BOARD_PER_HOUR; i++) {
      const m = await postOwn(t, { name: 'Many', body: `question ${i}` }, `198.51.101.${i}`);
      statuses.push((await optIn(t, m, `person${i}@example.net`)).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(BOARD_PER_HOUR);
    expect(statuses.at(-1)).toBe(429);
    t.clock.advance(60 * 60_000 + 1000);
    const later = await postOwn(t, { name: 'Many', body: 'an hour later' }, '198.51.102.1');
    expect((await optIn(t, later, 'later@example.net')).status).toBe(200);
  });

  it("mails the owner's staff reply too (answered from the admin)", async () => {
    const t = replyApp();
    const email = 'asks-the-owner@example.net';
    const m = await confirmed(t, email);
    const posted = postAsStaff(t.store, 'test', t.store.getBoard('main')!, { body: 'We open at nine.', name: 'Owner', replyTo: { id: m.id, name: 'Ann' } }, 'Staff');
    expect('message' in posted).toBe(true);
    await t.notifier.runOnce();
    expect(smtp.to(email)).toHaveLength(2);
    expect(smtp.to(email)[1]!.raw).toContain('Owner replied:');
  });

  it('is offered only with a mail server, PUBLIC_URL and the board switch on', async () => {
    for (const t of [replyApp({}, false), replyApp({ SMTP_HOST: '' }), replyApp({ PUBLIC_URL: '' })]) {
      const m = await postOwn(t, { name: 'Ann', body: 'hello there' });
      const panel = await t.app.request(`/b/main/m/${m.id}/replies`, { headers: { 'hx-request': 'true', 'x-holler-secret': m.secret } });
      expect(await panel.text()).toContain('Reply mail is not available on this board');
      expect((await optIn(t, m, 'nobody@example.net')).status).toBe(422);
    }
    expect(smtp.to('nobody@example.net')).toHaveLength(0);
  });

  it('refuses an opt-in without the author secret, and a bad address in the visitor language', async () => {
    const t = replyApp();
    const m = await postOwn(t, { name: 'Ann', body: 'hello there' });
    expect((await optIn(t, { id: m.id, secret: 'wrong' }, 'x@example.net')).status).toBe(403);
    const bad = await optIn(t, m, 'not an address', 'fr');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('ne ressemble pas à une adresse e-mail');
  });
});
