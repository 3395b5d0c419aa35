/**
 * The reply-mail address is personal data: after an opt-in, a confirmation and a reply mail, it
 * is in no page, API answer, export, log line or notification to the owner (who sees counts);
 * it is deleted on unsubscribe and after the board's days.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, sessionCookie } from '../support/admin.ts';
import { makeTestApp } from '../support/app.ts';
import { call } from '../api/support.ts';
import { linkIn, startSmtp } from './smtp.ts';
import { startReceiver } from './support.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { smtp = await startSmtp(); hook = await startReceiver(); });
afterAll(async () => { await smtp.close(); await hook.close(); });

const ORIGIN = 'https://chat.example.org';
const EMAIL = 'private.person@example.net';

async function subscribed(keepDays = 30) {
  const t = makeTestApp({
    env: {
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'holler@example.org', PUBLIC_URL: ORIGIN, ADMIN_PASSWORD,
      NOTIFY_EMAIL_TO: 'owner@example.org', NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret-123', ACCESS_LOG: 'on',
    },
  });
  t.store.setReplySettings('main', { mailOn: true, keepDays });
  const res = await t.post({ name: 'Ann', body: 'Where is the meeting?' });
  const [id, secret] = res.headers.get('x-holler-own')!.split(' ');
  const opt = await t.app.request(`/b/main/m/${id}/replies/mail`, {
    method: 'POST',
    headers: { 'hx-request': 'true', 'x-holler-secret': secret!, 'content-type': 'application/x-www-form-urlencoded' },
    body: `email=${encodeURIComponent(EMAIL)}`,
  });
  expect(opt.status).toBe(200);
  await t.notifier.runOnce();
  const link = linkIn(smtp.to(EMAIL).at(-1)!.raw, `${ORIGIN}/replies/confirm/`)!;
  await t.app.request(link, { method: 'POST' });
  await t.post({ name: 'Bob', body: 'At noon, room 4', reply_to: id! }, { ip: '198.51.100.50' });
  await t.notifier.runOnce();
  return { t, id: id! };
}

const count = (t: ReturnType<typeof makeTestApp>) => (t.db.prepare(`SELECT count(*) AS n FROM reply_subs WHERE email = ?`).get(EMAIL) as { n: number }).n;

describe('the reply-mail address', () => {
  it('appears in no page, API answer, export, log line or owner notification', async () => {
    const { t, id } = await subscribed();
    expect(count(t)).toBe(1);
    expect(smtp.to(EMAIL).length).toBe(2); // the confirmation and the reply: it was really used

    const seen: string[] = [];
    const get = async (path: string, init?: RequestInit) => seen.push(`${path}\n${await (await t.app.request(path, init)).text()}`);
    for (const p of ['/', '/b/main', '/b/main/feed?rev=0', '/b/main/feed.atom', '/b/main/archive', `/b/main/m/${id}`, '/b/main/fragment']) await get(p);
    // PUBLIC_URL is https: the admin logs in from that origin.
    const login = await t.app.request(`${ORIGIN}/admin/login`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'x-forwarded-for': '203.0.113.9' },
      body: new URLSearchParams({ password: ADMIN_PASSWORD }).toString(),
    });
    const admin = { get: (p: string) => t.app.request(`${ORIGIN}${p}`, { headers: { cookie: sessionCookie(login) } }) };
    for (const p of ['/admin', '/admin/replies', '/admin/notifications', '/admin/audit', '/admin/boards/main', `/admin/reply/${id}`,
      '/admin/export/download?board=main&from=2026-11-01&to=2026-12-31&format=json', '/admin/export/download?board=main&from=2026-11-01&to=2026-12-31&format=csv']) {
      const r = await admin.get(p);
      expect(r.status, p).toBe(200);
      seen.push(`${p}\n${await r.text()}`);
    }
    const replies = await admin.get('/admin/replies');
    expect(await replies.text()).toContain('1 confirmed, 0 waiting for confirmation'); // counts, not who
    const token = t.store.createToken('archiver', ['export', 'moderate', 'post'])!.token;
    for (const p of ['/api/v1/boards', '/api/v1/boards/main/messages', `/api/v1/messages/${id}`, '/api/v1/boards/main/export']) {
      seen.push(`${p}\n${await (await call(t, p, { token })).text()}`);
    }
    seen.push(JSON.stringify(t.store.exportData(null)));
    seen.push(t.logs.join('\n'));
    await t.notifier.runOnce();
    seen.push(...smtp.to('owner@example.org').map((m) => m.raw));
    seen.push(...hook.requests.map((r) => r.body));
    expect(smtp.to('owner@example.org').length).toBeGreaterThan(0);
    expect(hook.requests.length).toBeGreaterThan(0);
    expect(t.logs.some((l) => l.includes('reply mail sent'))).toBe(true);
    for (const s of seen) expect(s.toLowerCase(), s.slice(0, 80)).not.toContain(EMAIL);
  });

  it('is deleted after the board days, counted from the opt-in', async () => {
    const { t } = await subscribed(3);
    t.clock.advance(2 * 86_400_000);
    await t.notifier.runOnce();
    expect(count(t)).toBe(1);
    t.clock.advance(86_400_000 + 60_000);
    await t.notifier.runOnce();
    expect(count(t)).toBe(0);
  });

  it('is deleted on unsubscribe, from the link in the body as from the one-click header', async () => {
    const { t } = await subscribed();
    const link = linkIn(smtp.to(EMAIL).at(-1)!.raw, `${ORIGIN}/replies/unsubscribe/`)!;
    const ask = await t.app.request(link);
    expect(await ask.text()).toContain('Stop these mails');
    expect(count(t)).toBe(1); // opening the link (a mail scanner) stops nothing
    const done = await t.app.request(link, { method: 'POST' });
    expect(await done.text()).toContain('your address is deleted');
    expect(count(t)).toBe(0);
    expect((await t.app.request(link, { method: 'POST' })).status).toBe(200); // twice is fine
  });
});
