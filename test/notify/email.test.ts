/**
 * Mail through a real SMTP server started in-process on 127.0.0.1 (smtp-server): the event
 * arrives with its delivery id, a digest collects what happens within NOTIFY_EMAIL_DIGEST,
 * board addresses get their board's events, and a refused login is retried, not lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';
import { startSmtp } from './smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtp>>;
beforeAll(async () => { smtp = await startSmtp({ login: { user: 'holler', pass: 'mail-password' } }); });
afterAll(() => smtp.close());

const app = (env: Record<string, string> = {}) =>
  makeTestApp({
    env: {
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_USER: 'holler', SMTP_PASS: 'mail-password',
      SMTP_FROM: 'Holler <holler@example.org>', NOTIFY_EMAIL_TO: 'owner@example.org', PUBLIC_URL: 'https://chat.example.org', ...env,
    },
  });

describe('email notifications', () => {
  it('reach the SMTP server, logged in, with the event and its delivery id', async () => {
    smtp.mails.length = 0;
    const t = app({ NOTIFY_EVENTS: 'message.held' });
    const { slug: _s, rev: _r, ...settings } = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...settings, premoderate: true });
    await t.post({ name: 'Ann', body: 'is anyone reading this' });
    await t.notifier.runOnce();
    expect(smtp.mails).toHaveLength(1);
    const [m] = smtp.mails;
    expect(m).toMatchObject({ from: 'holler@example.org', to: ['owner@example.org'], user: 'holler' });
    expect(m!.raw).toMatch(/^Subject: \[Holler\] Held for review on Shoutbox \(main\), from 'Ann'\r?$/m);
    expect(m!.raw).toContain('> is anyone reading this');
    expect(m!.raw).toMatch(/^X-Holler-Delivery: [\w-]{16}$/m);
    expect(m!.raw).toContain('https://chat.example.org/admin?status=held&board=main');
    expect(t.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 1 });
  });

  it('collect the events of a busy board into one mail per NOTIFY_EMAIL_DIGEST minutes', async () => {
    smtp.mails.length = 0;
    const t = app({ NOTIFY_EMAIL_DIGEST: '10', RATE_BURST: '100' });
    await t.post({ body: 'first one' });
    await t.notifier.runOnce();
    expect(smtp.mails).toHaveLength(1); // the first goes out at once
    for (const body of ['second', 'third', 'fourth']) {
      t.clock.advance(60_000);
      await t.post({ body, name: `n-${body}` }, { ip: `198.51.100.${body.length}` });
      await t.notifier.runOnce();
    }
    expect(smtp.mails).toHaveLength(1); // collected, not sent
    t.clock.advance(7 * 60_000); // 10 minutes after the first mail
    await t.notifier.runOnce();
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.raw).toMatch(/^Subject: \[Holler\] 3 events on Shoutbox \(main\)$/m);
    for (const body of ['second', 'third', 'fourth']) expect(smtp.mails[1]!.raw).toContain(`> ${body}`);
    expect(t.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 4 });
  });

  it("go to a board's own addresses for the events it chose", async () => {
    smtp.mails.length = 0;
    const t = app({ NOTIFY_EMAIL_TO: '' });
    t.store.createBoard('help', 'Help desk');
    t.store.setBoardNotify('help', { events: ['message.posted'], webhookUrl: '', webhookSecret: '', webhookFormat: 'generic', emailTo: ['desk@example.org'], emailDigest: 0 });
    await t.post({ body: 'on main: nobody is told' });
    await t.post({ body: 'on help: the desk is told' }, { board: 'help' });
    await t.notifier.runOnce();
    expect(smtp.mails.map((m) => m.to)).toEqual([['desk@example.org']]);
    expect(smtp.mails[0]!.raw).toContain('the desk is told');
  });

  it('retry a mail the server refuses (a wrong login) instead of dropping it', async () => {
    smtp.mails.length = 0;
    const t = app({ SMTP_PASS: 'wrong-password' });
    await t.post({ body: 'will it arrive' });
    await t.notifier.runOnce();
    expect(smtp.mails).toHaveLength(0);
    const [d] = t.store.failingDeliveries();
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d!.lastError).toMatch(/Invalid username or password/);
  });
});
