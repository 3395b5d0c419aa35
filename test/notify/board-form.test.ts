/**
 * A board's notification form. Issue 21 item 8: a new setup starts with every event ticked, a
 * form with none ticked warns that nothing will be sent, and the test buttons have distinct
 * names. R9 (SECURITY.md): the stored Slack/Discord URL is never sent back, only its origin; an
 * empty field keeps it, a box removes it.
 */
import { describe, expect, it } from 'vitest';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { NOTIFY_EVENT_NAMES } from '../../src/config.ts';

const SLACK = 'https://hooks.slack.com/services/T0001/B0002/XyZsecretPathPart';
const checked = (html: string) => [...html.matchAll(/<input type="checkbox" name="events" value="([^"]+)"([^>]*)>/g)].filter((m) => /\bchecked\b/.test(m[2]!)).map((m) => m[1]);

describe("a board's notification form", () => {
  it('ticks every event for a new setup, and warns when none is ticked', async () => {
    const t = makeAdminApp({});
    const a = await asAdmin(t);
    const fresh = await (await a.get('/admin/notifications/main')).text();
    expect(checked(fresh)).toEqual([...NOTIFY_EVENT_NAMES]);
    expect(fresh).not.toContain('nothing will be sent');
    const saved = await a.post('/admin/notifications/main', { webhookUrl: SLACK, webhookSecret: '', webhookFormat: 'slack', emailTo: '', emailDigest: '0' });
    expect(saved.status).toBe(303);
    const page = await (await a.get('/admin/notifications/main')).text();
    expect(checked(page)).toEqual([]);
    expect(page).toContain('<p class="error" role="alert">No event is ticked: nothing will be sent to this board’s webhook or addresses.</p>');
    const it = await (await a.get('/admin/notifications/main?lang=it')).text();
    expect(it).toContain('Nessun evento è selezionato');
  });

  it('gives the two test buttons of a board distinct names', async () => {
    const t = makeAdminApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    const a = await asAdmin(t);
    t.store.setBoardNotify('main', { events: ['message.held'], webhookUrl: SLACK, webhookSecret: '', webhookFormat: 'slack', emailTo: ['desk@example.org'], emailDigest: 0 });
    const page = await (await a.get('/admin/notifications')).text();
    const names = [...page.matchAll(/<button type="submit"(?: aria-label="([^"]*)")?>([^<]*)<\/button>/g)].map((m) => m[1] ?? m[2]).filter((n) => /test/i.test(n!));
    // The instance's own "Send a test mail" (to a typed address) is on the page too: every name differs.
    expect(names).toEqual(expect.arrayContaining(['Send a test webhook (main)', 'Send a test mail (main)']));
    expect(new Set(names).size).toBe(names.length);
  });

  it('never sends the stored URL back: origin only; empty keeps it, the box removes it', async () => {
    const t = makeAdminApp({});
    const a = await asAdmin(t);
    const form = { events: ['message.held'], webhookUrl: SLACK, webhookSecret: '', webhookFormat: 'slack', emailTo: '', emailDigest: '0' };
    expect((await a.post('/admin/notifications/main', form)).status).toBe(303);
    const page = await (await a.get('/admin/notifications/main')).text();
    expect(page).not.toContain('XyZsecretPathPart');
    expect(page).not.toContain('/services/');
    expect(page).toContain('Now: https://hooks.slack.com/… (the rest is not shown). Leave the field empty to keep it.');
    expect((await a.post('/admin/notifications/main', { ...form, webhookUrl: '' })).status).toBe(303);
    expect(t.store.boardNotify('main').webhookUrl).toBe(SLACK);
    // A refused save re-shows the form without the stored URL either.
    const refused = await a.post('/admin/notifications/main', { ...form, webhookUrl: '', emailTo: 'not-an-address' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).not.toContain('XyZsecretPathPart');
    expect((await a.post('/admin/notifications/main', { ...form, webhookUrl: '', removeWebhook: '1' })).status).toBe(303);
    expect(t.store.boardNotify('main').webhookUrl).toBe('');
  });
});
