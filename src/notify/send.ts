/**
 * @module notify/send
 * The two ways out: an HTTP POST (Node's fetch, with a timeout, no redirects followed) and a
 * mail through SMTP (nodemailer: it speaks SMTP, STARTTLS, AUTH and MIME encoding correctly,
 * which hand-written code would not). Both throw on failure with a short human reason.
 */
import type { Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config.ts';
import { sign } from './format.ts';

export const SEND_TIMEOUT_MS = 10_000;

export type WebhookRequest = { url: string; secret: string; event: string; deliveryId: string; body: string };

/** POSTs one webhook; resolves with the status line on a 2xx, throws otherwise. */
export async function postWebhook(r: WebhookRequest, timeoutMs = SEND_TIMEOUT_MS): Promise<string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'Holler-Webhook/1',
    'x-holler-event': r.event,
    'x-holler-delivery': r.deliveryId,
  };
  if (r.secret) headers['x-holler-signature'] = sign(r.secret, r.body);
  let res: Response;
  try {
    // redirect: 'manual': a receiver's redirect is not followed to wherever it points.
    res = await fetch(r.url, { method: 'POST', headers, body: r.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    if (e.name === 'TimeoutError') throw new Error(`no answer within ${timeoutMs / 1000} s`);
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message);
  }
  // Read (a little of) the answer so the connection can be reused, and to explain a refusal.
  const text = (await res.text().catch(() => '')).slice(0, 200).replace(/\s+/g, ' ').trim();
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}${text ? `: ${text}` : ''}`);
  return `HTTP ${res.status}`;
}

export type Mail = {
  from: string; to: readonly string[]; subject: string; text: string; deliveryId: string;
  /** Reply mail (notify/reply-mail.ts): an HTML part and its List-Unsubscribe headers. */
  html?: string; headers?: Record<string, string>;
};
export type Mailer = { send(m: Mail): Promise<string>; close(): void };

/**
 * An SMTP client for the configured server (connections are opened per mail: mails are rare).
 * nodemailer is loaded with the first mail, not at start: most instances send none, and its
 * modules would cost every idle server memory (a separate chunk of the build).
 */
export function createMailer(smtp: SmtpConfig, timeoutMs = SEND_TIMEOUT_MS): Mailer {
  const timeouts = { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: 2 * timeoutMs };
  let transport: Promise<Transporter> | undefined;
  const connect = () =>
    (transport ??= import('nodemailer').then(({ createTransport }) =>
      'url' in smtp
        ? createTransport({ url: smtp.url, ...timeouts })
        : createTransport({
          host: smtp.host, port: smtp.port, secure: smtp.secure,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass } } : {}),
          ...timeouts,
        })));
  return {
    async send(m) {
      const info = await (await connect()).sendMail({
        from: m.from, to: [...m.to], subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}),
        // Lets a mail filter or a person tell a repeated delivery from a new one.
        headers: { ...m.headers, 'X-Holler-Delivery': m.deliveryId },
      });
      return String(info.response ?? 'sent');
    },
    close: () => void transport?.then((t) => t.close()),
  };
}
