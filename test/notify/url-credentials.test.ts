/**
 * R3 (SECURITY.md): a webhook URL with user-info (user:password@) is refused where it is set, in
 * the environment and in the admin, with a sentence; one stored before is not sent, and neither
 * the password nor the URL's path reaches a log line, an audit entry or an error.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

const URL_WITH_PASSWORD = 'https://holler:hunter2-pass@hooks.example.org/services/T0/B0/path-secret';

describe('webhook URLs with a user name or password', () => {
  it('are refused in the environment with a sentence that repeats neither', () => {
    const r = loadConfig({ NOTIFY_WEBHOOK_URL: URL_WITH_PASSWORD, NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret' });
    expect(r.ok).toBe(false);
    const errors = r.ok ? '' : r.errors.join('\n');
    expect(errors).toContain('NOTIFY_WEBHOOK_URL must not contain a user name or password (user:password@)');
    expect(errors).not.toMatch(/hunter2|path-secret/);
    const bad = loadConfig({ NOTIFY_WEBHOOK_URL: 'htps://x/path-secret', NOTIFY_WEBHOOK_SECRET: 'a-long-enough-secret' });
    expect(bad.ok ? '' : bad.errors.join('\n')).not.toContain('path-secret');
  });

  it('are refused in the admin form, and one stored before is never sent nor logged', async () => {
    const t = makeAdminApp({ NOTIFY_ALLOW_PRIVATE: 'on' });
    const a = await asAdmin(t);
    const res = await a.post('/admin/notifications/main', { events: ['message.posted'], webhookUrl: URL_WITH_PASSWORD, webhookSecret: 'board-secret-123456', webhookFormat: 'slack', emailTo: '', emailDigest: '0' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('must not contain a user name or password (user:password@…): Holler does not send them, and they would end up in logs.');
    expect(t.store.boardNotify('main').webhookUrl).toBe('');

    t.store.setBoardNotify('main', { events: ['message.posted'], webhookUrl: URL_WITH_PASSWORD, webhookSecret: '', webhookFormat: 'slack', emailTo: [], emailDigest: 0 });
    await t.post({ body: 'hi' });
    await t.notifier.runOnce();
    expect(t.store.failingDeliveries()[0]!.lastError).toBe('the URL has a user name or password, which Holler never sends');
    await a.post('/admin/notifications/test', { dest: 'board-webhook', board: 'main' });
    const everything = [t.logs.join('\n'), JSON.stringify(t.store.auditList({})), JSON.stringify(t.store.failingDeliveries()), await (await a.get('/admin/notifications')).text()].join('\n');
    expect(everything).not.toMatch(/hunter2|path-secret/);
  });
});
