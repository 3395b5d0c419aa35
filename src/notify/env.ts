/**
 * @module notify/env
 * The notification options of the environment (NOTIFY_*, SMTP_*), read by config.ts (the one
 * reader of the environment) and the event names every part of notifications shares. A leaf:
 * it imports nothing, so the store, config and notify/ can all use it.
 */

/** What notifications can report (README, "Notifications"). */
export const NOTIFY_EVENT_NAMES = ['message.posted', 'message.held', 'message.edited', 'message.deleted', 'board.slow_mode'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENT_NAMES)[number];
export const WEBHOOK_FORMATS = ['generic', 'slack', 'discord'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const isNotifyEvent = (s: string): s is NotifyEvent => (NOTIFY_EVENT_NAMES as readonly string[]).includes(s);

/** SMTP as nodemailer takes it: a URL (smtp:// or smtps://) or host and port (465 = TLS from the start). */
export type SmtpConfig = { url: string } | { host: string; port: number; secure: boolean; user: string; pass: string };

/** The instance-wide notification destinations (each board may add its own in the admin). */
export type NotifyConfig = Readonly<{
  webhook: Readonly<{ url: string; secret: string; format: WebhookFormat }> | null;
  /** The events the instance-wide webhook and email get. */
  events: readonly NotifyEvent[];
  smtp: SmtpConfig | null;
  emailFrom: string;
  emailTo: readonly string[];
  /** At most one mail per board per this many minutes (events are collected meanwhile); 0 = one per event. */
  emailDigestMinutes: number;
  /** NOTIFY_ALLOW_PRIVATE=on: board webhooks (set in the admin) may point at loopback or private addresses. */
  allowPrivate: boolean;
}>;


// Shared with the admin's per-board form (moderation/notifications.tsx): one rule for each.
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
export const isEmail = (s: string): boolean => EMAIL.test(s);
/** A webhook secret shorter than this is refused (it signs every delivery). */
export const MIN_WEBHOOK_SECRET = 16;
/**
 * A usable signing secret: at least 16 characters, or Standard Webhooks' `whsec_` + the base64
 * of at least 16 bytes (such a secret is decoded, as receivers' libraries do: a typo in it
 * would sign with a key nobody holds).
 */
export function isWebhookSecret(s: string): boolean {
  if (!s.startsWith('whsec_')) return s.length >= MIN_WEBHOOK_SECRET;
  const b64 = s.slice(6);
  return /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64) && Buffer.from(b64, 'base64').length >= 16;
}
/** user:password@ in a URL: never sent by Holler, and it would reach logs; refused where URLs are set. */
export const hasUserInfo = (raw: string): boolean => {
  try {
    const u = new URL(raw);
    return !!(u.username || u.password);
  } catch {
    return false;
  }
};
export const isHttpUrl = (raw: string): boolean => {
  try {
    const u = new URL(raw);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

/** The NOTIFY_* and SMTP_* options. */
export function readNotify(env: Record<string, string | undefined>, get: (n: string) => string, int: (n: string, min: number, max: number) => number, errors: string[]): NotifyConfig {
  const onOff = (name: string): boolean => {
    const v = get(name).toLowerCase();
    if (v !== 'on' && v !== 'off') errors.push(`${name} must be on or off (got "${get(name)}")`);
    return v === 'on';
  };
  const events = get('NOTIFY_EVENTS').split(',').map((e) => e.trim()).filter(Boolean);
  const unknown = events.filter((e) => !isNotifyEvent(e));
  if (unknown.length) errors.push(`NOTIFY_EVENTS has unknown events (${unknown.join(', ')}): use ${NOTIFY_EVENT_NAMES.join(', ')}`);

  let webhook: NotifyConfig['webhook'] = null;
  const url = get('NOTIFY_WEBHOOK_URL');
  const secret = env.NOTIFY_WEBHOOK_SECRET ?? '';
  const format = get('NOTIFY_WEBHOOK_FORMAT') as WebhookFormat;
  if (!WEBHOOK_FORMATS.includes(format)) errors.push(`NOTIFY_WEBHOOK_FORMAT must be one of ${WEBHOOK_FORMATS.join(', ')} (got "${format}")`);
  if (secret && !isWebhookSecret(secret)) errors.push('NOTIFY_WEBHOOK_SECRET must be at least 16 characters long, or whsec_ and the base64 of at least 16 random bytes');
  if (url) {
    // The URL may be a credential (Slack, Discord): errors name neither it nor its user-info.
    if (!isHttpUrl(url)) errors.push('NOTIFY_WEBHOOK_URL must be an http(s) URL');
    else if (hasUserInfo(url)) errors.push('NOTIFY_WEBHOOK_URL must not contain a user name or password (user:password@): Holler does not send them; the receiver checks the signature made with NOTIFY_WEBHOOK_SECRET instead');
    // A receiver with no way to check the sender would act on anyone's POST.
    else if (format === 'generic' && !secret) errors.push('NOTIFY_WEBHOOK_SECRET must be set when NOTIFY_WEBHOOK_URL is (the receiver checks the signature with it)');
    else webhook = { url, secret, format };
  }

  let smtp: SmtpConfig | null = null;
  const smtpUrl = get('SMTP_URL');
  if (smtpUrl) {
    if (!/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) errors.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    else smtp = { url: smtpUrl };
  } else if (get('SMTP_HOST')) {
    const port = int('SMTP_PORT', 1, 65535);
    smtp = { host: get('SMTP_HOST'), port, secure: port === 465, user: get('SMTP_USER'), pass: env.SMTP_PASS ?? '' };
  }
  const emailFrom = get('SMTP_FROM');
  const emailTo = get('NOTIFY_EMAIL_TO').split(',').map((a) => a.trim()).filter(Boolean);
  const badTo = emailTo.filter((a) => !isEmail(a));
  if (badTo.length) errors.push(`NOTIFY_EMAIL_TO must be addresses separated by commas (got "${badTo.join(', ')}")`);
  if (emailTo.length && !smtp) errors.push('NOTIFY_EMAIL_TO needs a mail server: set SMTP_URL or SMTP_HOST');
  return Object.freeze({
    webhook,
    events: events.filter(isNotifyEvent),
    smtp,
    emailFrom,
    emailTo,
    emailDigestMinutes: int('NOTIFY_EMAIL_DIGEST', 0, 1440),
    allowPrivate: onOff('NOTIFY_ALLOW_PRIVATE'),
  });
}
