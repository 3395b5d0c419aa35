/**
 * @module notify/send
 * The two ways out: an HTTP POST (node:http, with a timeout, no redirects followed) and a
 * mail through SMTP (nodemailer: it speaks SMTP, STARTTLS, AUTH and MIME encoding correctly,
 * which hand-written code would not). Both throw on failure with a short human reason.
 */
import type http from 'node:http';
import type { Transporter } from 'nodemailer';
import type { SmtpConfig } from '../config.ts';
import { sign, standardSignature } from './format.ts';
import { privateHost, PrivateAddressError, publicOnlyLookup } from './address.ts';

export const SEND_TIMEOUT_MS = 10_000;

/** A receiver's non-2xx answer: its status and Retry-After (for the backoff), never its body. */
export class WebhookError extends Error {
  constructor(message: string, readonly status: number, readonly retryAfter: string | undefined) {
    super(message);
  }
}

export type WebhookRequest = {
  url: string; secret: string; event: string; deliveryId: string; body: string;
  /** When this try is made, Unix seconds (`webhook-timestamp`); now by default. */
  at?: number;
  /** Refuse loopback, private and link-local addresses (board webhooks, unless NOTIFY_ALLOW_PRIVATE). */
  publicOnly?: boolean;
};

/**
 * POSTs one webhook; resolves with the status line on a 2xx, throws otherwise. The error says
 * the status and content type, never the body: the receiver may be someone's internal service,
 * and its answer would reach the admin page and the audit log. node:http rather than fetch: the
 * `lookup` hook checks the very address connected to (see notify/address.ts).
 */
export async function postWebhook(r: WebhookRequest, timeoutMs = SEND_TIMEOUT_MS): Promise<string> {
  const url = new URL(r.url);
  if (url.username || url.password) throw new Error('the URL has a user name or password, which Holler never sends');
  if (r.publicOnly) {
    const host = privateHost(r.url);
    if (host) throw new Error(`${host} is this machine or a private address (set NOTIFY_ALLOW_PRIVATE=on to allow it)`);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(r.body)),
    'user-agent': 'Holler-Webhook/1',
    'x-holler-event': r.event,
    'x-holler-delivery': r.deliveryId,
    'webhook-id': r.deliveryId,
  };
  if (r.secret) {
    // Standard Webhooks: the id and time are signed; X-Holler-Signature, body only, for older receivers.
    const at = r.at ?? Math.floor(Date.now() / 1000);
    headers['webhook-timestamp'] = String(at);
    headers['webhook-signature'] = standardSignature(r.secret, r.deliveryId, at, r.body);
    headers['x-holler-signature'] = sign(r.secret, r.body);
  }
  // Not imported at the top: node:https loads TLS (some 8 MB) in every process, webhooks or not.
  const client = url.protocol === 'https:' ? process.getBuiltinModule('node:https') : process.getBuiltinModule('node:http');
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    // Redirects are not followed (node:http never does): a receiver cannot bounce us elsewhere.
    const req = client.request(url, { method: 'POST', headers, signal: AbortSignal.timeout(timeoutMs), ...(r.publicOnly ? { lookup: publicOnlyLookup } : {}) }, resolve);
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError' || err.code === 'ABORT_ERR') reject(new Error(`no answer within ${timeoutMs / 1000} s`));
      else if (err instanceof PrivateAddressError) reject(new Error(`${err.message} (set NOTIFY_ALLOW_PRIVATE=on to allow it)`));
      else reject(new Error(err.code ?? err.message));
    });
    req.end(r.body);
  });
  res.resume(); // the body is read and dropped, so the connection can be reused
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) return `HTTP ${status}`;
  const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().slice(0, 60);
  const retryAfter = res.headers['retry-after'];
  throw new WebhookError(`HTTP ${status}${type ? ` (${type})` : ''}`, status, typeof retryAfter === 'string' ? retryAfter.slice(0, 64) : undefined);
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
