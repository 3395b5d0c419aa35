/** The NOTIFY_* and SMTP_* options: the README's example loads, mistakes are named. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { readmeBlock } from './support.ts';

const errorsOf = (env: Record<string, string>) => {
  const r = loadConfig(env);
  return r.ok ? [] : r.errors;
};

describe('notification options', () => {
  it("load from the README's example", () => {
    const env = Object.fromEntries(
      readmeBlock('notify-env').trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const r = loadConfig(env);
    expect(r.ok && r.config.notify).toEqual({
      webhook: { url: 'https://hooks.example.org/holler', secret: 'change-me-to-a-long-random-string', format: 'generic' },
      events: ['message.held', 'board.slow_mode'],
      smtp: { url: 'smtps://holler%40example.org:app-password@mail.example.org:465' },
      emailFrom: 'Holler <holler@example.org>',
      emailTo: ['owner@example.org', 'moderator@example.org'],
      emailDigestMinutes: 15,
      allowPrivate: false,
    });
  });

  it('default to nothing configured and every event', () => {
    const r = loadConfig({});
    expect(r.ok && r.config.notify).toMatchObject({ webhook: null, smtp: null, emailTo: [], emailDigestMinutes: 10 });
    expect(r.ok && r.config.notify.events).toHaveLength(5);
  });

  it('take SMTP host, port, user and password (465 = TLS from the start)', () => {
    const r = loadConfig({ SMTP_HOST: 'mail.example.org', SMTP_PORT: '465', SMTP_USER: 'me', SMTP_PASS: 'pw', NOTIFY_EMAIL_TO: 'a@example.org' });
    expect(r.ok && r.config.notify.smtp).toEqual({ host: 'mail.example.org', port: 465, secure: true, user: 'me', pass: 'pw' });
  });

  it('name every mistake', () => {
    expect(errorsOf({ NOTIFY_EVENTS: 'message.posted,message.liked' })).toEqual([
      'NOTIFY_EVENTS has unknown events (message.liked): use message.posted, message.held, message.edited, message.deleted, board.slow_mode',
    ]);
    expect(errorsOf({ NOTIFY_WEBHOOK_URL: 'ftp://x' })[0]).toMatch(/^NOTIFY_WEBHOOK_URL must be an http\(s\) URL/);
    expect(errorsOf({ NOTIFY_WEBHOOK_URL: 'https://x.example' })[0]).toMatch(/^NOTIFY_WEBHOOK_SECRET must be set/);
    expect(errorsOf({ NOTIFY_WEBHOOK_URL: 'https://x.example', NOTIFY_WEBHOOK_SECRET: 'short' })[0]).toMatch(/at least 16 characters/);
    expect(errorsOf({ NOTIFY_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x', NOTIFY_WEBHOOK_FORMAT: 'slack' })).toEqual([]);
    expect(errorsOf({ NOTIFY_WEBHOOK_FORMAT: 'teams' })[0]).toMatch(/^NOTIFY_WEBHOOK_FORMAT must be one of generic, slack, discord/);
    expect(errorsOf({ NOTIFY_EMAIL_TO: 'owner@example.org' })).toEqual(['NOTIFY_EMAIL_TO needs a mail server: set SMTP_URL or SMTP_HOST']);
    expect(errorsOf({ SMTP_URL: 'smtp://h', NOTIFY_EMAIL_TO: 'not an address' })[0]).toMatch(/^NOTIFY_EMAIL_TO must be addresses/);
    expect(errorsOf({ SMTP_URL: 'http://h' })[0]).toMatch(/^SMTP_URL must look like/);
    expect(errorsOf({ NOTIFY_EMAIL_DIGEST: '2000' })[0]).toMatch(/^NOTIFY_EMAIL_DIGEST must be a whole number from 0 to 1440/);
  });
});
