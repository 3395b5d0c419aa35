/**
 * Mail through a real SMTP server started in-process on 127.0.0.1 (smtp-server): the event
 * arrives with its delivery id, a digest collects what happens within NOTIFY_EMAIL_DIGEST,
 * board addresses get their board's events, and a refused login is retried, not lost.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { makeTestApp } from '../support/app.ts';

type Mail = { from: string; to: string[]; user: string; raw: string };
const mails: Mail[] = [];
let port = 0;

const server = new SMTPServer({
  // Plain SMTP with AUTH on loopback: no certificate to fake, and the login is still checked.
  disabledCommands: ['STARTTLS'],
  allowInsecureAuth: true,
  logger: false,
  onAuth(auth, _session, cb) {
    if (auth.username === 'holler' && auth.password === 'mail-password') cb(null, { user: auth.username });
    else cb(new Error('Invalid username or password'));
  },
  onData(stream, session, cb) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((r) => r.address),
        user: String(session.user),
        // Quoted-printable, decoded enough for ASCII checks (soft breaks and =XX).
        raw: Buffer.concat(chunks).toString('utf8').replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      });
      cb();
    });
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const app = (env: Record<string, string> = {}) =>
  makeTestApp({
    env: {
      SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_USER: 'holler', SMTP_PASS: 'mail-password',
      SMTP_FROM: 'Holler <holler@example.org>', NOTIFY_EMAIL_TO: 'owner@example.org', PUBLIC_URL: 'https://chat.example.org', ...env,
    },
  });

describe('email notifications', () => {
  it('reach the SMTP server, logged in, with the event and its delivery id', async () => {
    mails.length = 0;
    const t = app({ NOTIFY_EVENTS: 'message.held' });
    const { slug: _s, rev: _r, ...settings } = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...settings, premoderate: true });
    await t.post({ name: 'Ann', body: 'is anyone reading this' });
    await t.notifier.runOnce();
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m).toMatchObject({ from: 'holler@example.org', to: ['owner@example.org'], user: 'holler' });
    expect(m!.raw).toMatch(/^Subject: \[Holler\] Held for review on Shoutbox \(main\), from 'Ann'\r?$/m);
    expect(m!.raw).toContain('> is anyone reading this');
    expect(m!.raw).toMatch(/^X-Holler-Delivery: [\w-]{16}$/m);
    expect(m!.raw).toContain('https://chat.example.org/admin?status=held&board=main');
    expect(t.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 1 });
  });

  it('collect the events of a busy board into one mail per NOTIFY_EMAIL_DIGEST minutes', async () => {
    mails.length = 0;
    const t = app({ NOTIFY_EMAIL_DIGEST: '10', RATE_BURST: '100' });
    await t.post({ body: 'first one' });
    await t.notifier.runOnce();
    expect(mails).toHaveLength(1); // the first goes out at once
    for (const body of ['second', 'third', 'fourth']) {
      t.clock.advance(60_000);
      await t.post({ body, name: `n-${body}` }, { ip: `198.51.100.${body.length}` });
      await t.notifier.runOnce();
    }
    expect(mails).toHaveLength(1); // collected, not sent
    t.clock.advance(7 * 60_000); // 10 minutes after the first mail
    await t.notifier.runOnce();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.raw).toMatch(/^Subject: \[Holler\] 3 events on Shoutbox \(main\)$/m);
    for (const body of ['second', 'third', 'fourth']) expect(mails[1]!.raw).toContain(`> ${body}`);
    expect(t.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 4 });
  });

  it("go to a board's own addresses for the events it chose", async () => {
    mails.length = 0;
    const t = app({ NOTIFY_EMAIL_TO: '' });
    t.store.createBoard('help', 'Help desk');
    t.store.setBoardNotify('help', { events: ['message.posted'], webhookUrl: '', webhookSecret: '', webhookFormat: 'generic', emailTo: ['desk@example.org'], emailDigest: 0 });
    await t.post({ body: 'on main: nobody is told' });
    await t.post({ body: 'on help: the desk is told' }, { board: 'help' });
    await t.notifier.runOnce();
    expect(mails.map((m) => m.to)).toEqual([['desk@example.org']]);
    expect(mails[0]!.raw).toContain('the desk is told');
  });

  it('retry a mail the server refuses (a wrong login) instead of dropping it', async () => {
    mails.length = 0;
    const t = app({ SMTP_PASS: 'wrong-password' });
    await t.post({ body: 'will it arrive' });
    await t.notifier.runOnce();
    expect(mails).toHaveLength(0);
    const [d] = t.store.failingDeliveries();
    expect(d).toMatchObject({ status: 'pending', attempts: 1 });
    expect(d!.lastError).toMatch(/Invalid username or password/);
  });
});
