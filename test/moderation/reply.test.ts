/**
 * Owners who answer: Reply in the admin's message list and the Reply link of a new-message mail
 * and webhook both lead to a form that posts a staff reply in the right thread; reply mail's
 * settings need SMTP and PUBLIC_URL and say so; the notifications page sends a test mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { startSmtp } from '../notify/smtp.ts';
import { startReceiver } from '../notify/support.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hook: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { smtp = await startSmtp(); hook = await startReceiver(); });
afterAll(async () => { await smtp.close(); await hook.close(); });

// The admin helpers log in from http://localhost: PUBLIC_URL is that origin here.
const PUBLIC = 'http://localhost';
const mailEnv = () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'holler@example.org', PUBLIC_URL: PUBLIC });

async function answer(t: ReturnType<typeof makeAdminApp>, a: Awaited<ReturnType<typeof asAdmin>>, url: string, body: string) {
  const form = await a.get(url);
  expect(form.status).toBe(200);
  const html = await form.text();
  const action = /<form method="post" action="(\/admin\/reply\/[\w-]+)"/.exec(html)![1]!;
  const res = await a.post(action, { body, name: 'Mod' });
  expect(res.status).toBe(303);
  return { html, posted: t.store.latest('main')[0]! };
}

describe("the owner's Reply", () => {
  it('from the admin list posts a staff reply to that message, shown in its thread', async () => {
    const t = makeAdminApp();
    await t.post({ name: 'Ann', body: 'Is the shop open on Sunday?' });
    const asked = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    const list = await (await a.get('/admin')).text();
    expect(list).toContain(`href="/admin/reply/${asked.id}"`);
    const { html, posted } = await answer(t, a, `/admin/reply/${asked.id}`, 'Yes, from 10 to 1.');
    expect(html).toContain('Is the shop open on Sunday?');
    expect(posted).toMatchObject({ body: 'Yes, from 10 to 1.', author: 'Mod', staff: true, replyTo: asked.id, replyName: 'Ann', board: 'main' });
    const widget = await (await t.app.request('/b/main')).text();
    expect(widget).toContain('in reply to Ann');
  });

  it('from the link in the new-message mail and webhook', async () => {
    const t = makeAdminApp({ ...mailEnv(), NOTIFY_EMAIL_TO: 'owner@example.org', NOTIFY_WEBHOOK_URL: hook.url, NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret-123', NOTIFY_EVENTS: 'message.posted' });
    await t.post({ name: 'Ann', body: 'Anyone there?' });
    const asked = t.store.latest('main')[0]!;
    await t.notifier.runOnce();
    const link = `${PUBLIC}/admin/reply/${asked.id}`;
    const event = JSON.parse(hook.requests.at(-1)!.body) as { replyUrl: string };
    expect(event.replyUrl).toBe(link);
    expect(smtp.to('owner@example.org').at(-1)!.raw).toContain(`Reply: ${link}`);
    const a = await asAdmin(t);
    const { posted } = await answer(t, a, link.slice(PUBLIC.length), 'Here!');
    expect(posted).toMatchObject({ staff: true, replyTo: asked.id, body: 'Here!' });
  });

  it('refuses a message that is not shown, and a reply past the length limit', async () => {
    const t = makeAdminApp();
    await t.post({ name: 'Ann', body: 'soon deleted' });
    const m = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    const tooLong = await a.post(`/admin/reply/${m.id}`, { body: 'x'.repeat(5000) });
    expect(tooLong.status).toBe(422);
    t.store.setStatus(m.id, 'deleted');
    expect((await a.get(`/admin/reply/${m.id}`)).status).toBe(404);
    expect((await a.post(`/admin/reply/${m.id}`, { body: 'late' })).status).toBe(404);
    expect(t.store.latest('main')).toHaveLength(0);
  });
});

describe('reply mail settings and the test mail', () => {
  it('cannot be switched on without SMTP and PUBLIC_URL, and the page says why', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const page = await (await a.get('/admin/replies')).text();
    expect(page).toContain('it needs a mail server (SMTP_URL or SMTP_HOST) and PUBLIC_URL');
    expect(page).toMatch(/name="mailOn" value="1" disabled/);
    expect((await a.post('/admin/replies/main', { mailOn: '1', keepDays: '30' })).status).toBe(200);
    expect(t.store.replySettings('main').mailOn).toBe(false);
  });

  it('is off by default and saved with its days when the instance can send mail', async () => {
    const t = makeAdminApp(mailEnv());
    expect(t.store.replySettings('main')).toEqual({ mailOn: false, keepDays: 30 });
    const a = await asAdmin(t);
    expect((await a.post('/admin/replies/main', { mailOn: '1', keepDays: '0' })).status).toBe(422);
    expect((await a.post('/admin/replies/main', { mailOn: '1', keepDays: '10' })).status).toBe(200);
    expect(t.store.replySettings('main')).toEqual({ mailOn: true, keepDays: 10 });
  });

  it('sends a test mail from the notifications page', async () => {
    const t = makeAdminApp(mailEnv());
    const a = await asAdmin(t);
    expect(await (await a.get('/admin/notifications')).text()).toContain('action="/admin/test-mail"');
    expect((await a.post('/admin/test-mail', { to: 'not-an-address' })).status).toBe(422);
    const res = await a.post('/admin/test-mail', { to: 'me@example.org' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('The mail server accepted the test mail');
    expect(smtp.to('me@example.org')).toHaveLength(1);
    expect(t.logs.join('\n')).not.toContain('me@example.org');
  });
});
