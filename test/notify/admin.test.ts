/** The Notifications admin: destinations shown (secrets not), failing deliveries retried, tests sent, board settings kept. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { startReceiver } from './support.ts';

const SECRET = 'admin-page-secret-1234';
let rx: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(() => rx.close());

const setup = async (env: Record<string, string> = {}) => {
  // The receivers are on 127.0.0.1: board webhooks may reach them only with NOTIFY_ALLOW_PRIVATE.
  const t = makeAdminApp({ NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_SECRET: SECRET, NOTIFY_ALLOW_PRIVATE: 'on', ...env });
  return { t, a: await asAdmin(t) };
};

describe('/admin/notifications', () => {
  it('is linked from the admin nav and shows the destinations without their secrets', async () => {
    const { a } = await setup({ NOTIFY_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/very-secret', NOTIFY_WEBHOOK_FORMAT: 'slack' });
    const nav = await (await a.get('/admin')).text();
    expect(nav).toContain('href="/admin/notifications"');
    const page = await (await a.get('/admin/notifications')).text();
    expect(page).toContain('<code>https://hooks.slack.com/…</code>');
    expect(page).not.toContain('very-secret');
    expect(page).not.toContain(SECRET);
    const it = await (await a.get('/admin/notifications?lang=it')).text();
    expect(it).toContain('Invii non riusciti');
  });

  it('lists failing deliveries with the error, and retries them on request', async () => {
    const { t, a } = await setup();
    rx.setStatus(500);
    await t.post({ body: 'failing for now' });
    await t.notifier.runOnce();
    rx.setStatus(204);
    const page = await (await a.get('/admin/notifications')).text();
    expect(page).toContain('HTTP 500');
    expect(page).toContain('1 waiting, 0 given up, 0 sent in the last 24 hours.');
    expect(page).toContain('<a href="/admin/notifications#failing" class="badge">1 failing delivery</a>');
    const [d] = t.store.failingDeliveries();
    const res = await a.post('/admin/notifications/retry', { id: d!.id });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/notifications?retried=1');
    expect(t.store.dueDeliveries()).toHaveLength(1); // due now, without waiting for the backoff
    await t.notifier.runOnce();
    const after = await (await a.get('/admin/notifications?retried=1')).text();
    expect(after).toContain('Retrying 1 delivery now.');
    expect(after).toContain('No failing deliveries.');
  });

  it('sends a test to a destination and says how it went', async () => {
    const { t, a } = await setup();
    rx.requests.length = 0;
    const ok = await (await a.post('/admin/notifications/test', { dest: 'instance-webhook', board: 'main' })).text();
    expect(ok).toContain('Test sent (HTTP 204).');
    expect(rx.requests[0]!.headers['x-holler-event']).toBe('test');
    expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ event: 'test', board: { slug: 'main' } });
    const down = await startReceiver();
    await down.close();
    t.store.setBoardNotify('main', { events: [], webhookUrl: down.url, webhookSecret: SECRET, webhookFormat: 'generic', emailTo: [], emailDigest: 0 });
    const failed = await a.post('/admin/notifications/test', { dest: 'board-webhook', board: 'main' });
    expect(await failed.text()).toContain('The test could not be delivered: ECONNREFUSED.');
    const bad = await a.post('/admin/notifications/test', { dest: 'somewhere', board: 'main' });
    expect(bad.status).toBe(422);
  });

  it("saves a board's own destinations, names the bad field and keeps the edits", async () => {
    const { t, a } = await setup();
    const form = { events: ['message.held', 'board.slow_mode'], webhookUrl: 'ftp://nope', webhookSecret: '', webhookFormat: 'generic', emailTo: 'desk@example.org', emailDigest: '5' };
    const refused = await a.post('/admin/notifications/main', form);
    expect(refused.status).toBe(422);
    const html = await refused.text();
    expect(html).toContain('The field “Webhook URL” must be an address starting with http:// or https://.');
    expect(html).toContain('value="ftp://nope"');
    expect(html).toContain('value="desk@example.org"');
    const saved = await a.post('/admin/notifications/main', { ...form, webhookUrl: rx.url, webhookSecret: 'board-secret-123456' });
    expect(saved.status).toBe(303);
    expect(t.store.boardNotify('main')).toEqual({
      events: ['message.held', 'board.slow_mode'], webhookUrl: rx.url, webhookSecret: 'board-secret-123456', webhookFormat: 'generic', emailTo: ['desk@example.org'], emailDigest: 5,
    });
    // The secret is never shown, and an empty field keeps it.
    expect(await (await a.get('/admin/notifications/main')).text()).not.toContain('board-secret-123456');
    await a.post('/admin/notifications/main', { ...form, webhookUrl: rx.url, webhookSecret: '', emailDigest: '0' });
    expect(t.store.boardNotify('main')).toMatchObject({ webhookSecret: 'board-secret-123456', emailDigest: 0 });
    const audit = await (await a.get('/admin/audit')).text();
    expect(audit).toContain('notifications changed');
  });
});
