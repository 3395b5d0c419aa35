/**
 * @module notify/format
 * What a delivery looks like on the wire: the generic JSON event (signed), a Slack or Discord
 * incoming-webhook message, or a mail. Visitors' text goes into other people's chat tools, so
 * it is escaped for them (no Slack <!channel>, Discord @everyone or masked link), and quoted
 * apart from Holler's own line so a newline cannot forge one.
 */
import { createHmac } from 'node:crypto';
import type { WebhookFormat } from '../config.ts';

/** An event as stored in the outbox (store/outbox.ts) plus its delivery id. */
export type EventPayload = {
  id: string;
  event: string;
  board: { slug: string; title: string };
  at: string;
  message?: { id: string; author: string; body: string; status: string; staff: boolean; createdAt: string };
  slowMode?: { seconds: number; minutes: number };
  text?: string;
};

/** `sha256=<hex>` of the raw body: what X-Holler-Signature carries (kept for older receivers). */
export const sign = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * The HMAC key as Standard Webhooks reads the secret: `whsec_` + base64 is the base64-decoded
 * key (`new Webhook(secret)`); any other secret is its own bytes (`new Webhook(secret, { format: 'raw' })`).
 */
export const signingKey = (secret: string): Buffer =>
  secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');

/**
 * `webhook-signature` of Standard Webhooks (standardwebhooks.com): `v1,` + base64 HMAC-SHA-256
 * of `id.timestamp.body`. The id and the time are signed, so a captured delivery cannot be
 * replayed under a new id (to beat de-duplication) or later (to beat the time window).
 */
export const standardSignature = (secret: string, id: string, timestamp: number, body: string): string =>
  `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

export const parsePayload = (id: string, json: string): EventPayload => ({ id, ...(JSON.parse(json) as Omit<EventPayload, 'id'>) });

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Where the owner acts on it: the held queue, the board's messages, or the board settings. */
export function linkFor(p: EventPayload, publicUrl: string | null): string | null {
  if (!publicUrl) return null;
  if (p.event === 'message.held') return `${publicUrl}/admin?status=held&board=${p.board.slug}`;
  if (p.event === 'board.slow_mode') return `${publicUrl}/admin/boards/${p.board.slug}`;
  return `${publicUrl}/admin?board=${p.board.slug}`;
}

/** replies: the admin's form to answer a new message as staff (moderation/replies.tsx). */
export function replyLinkFor(p: EventPayload, publicUrl: string | null): string | null {
  return publicUrl && p.event === 'message.posted' && p.message ? `${publicUrl}/admin/reply/${p.message.id}` : null;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The event as Holler's own line (`head`) and the visitor's text apart from it (`body`, or null).
 * `esc` escapes what a visitor wrote (names, titles) for the format the line goes into; the name
 * is quoted, so "Bob: log in again at …" reads as a name, not as Holler speaking.
 */
function describe(p: EventPayload, esc: (s: string) => string): { head: string; body: string | null } {
  const where = `${esc(oneLine(p.board.title))} (${p.board.slug})`;
  const m = p.message;
  const who = `'${esc(oneLine(m?.author || 'someone'))}'`;
  const body = clip(m?.body ?? '', 300);
  switch (p.event) {
    case 'message.posted': return { head: `New message on ${where} from ${who}:`, body };
    case 'message.held': return { head: `Held for review on ${where}, from ${who}:`, body };
    case 'message.edited': return { head: `Message edited by ${who} on ${where}:`, body };
    case 'message.deleted': return { head: `Message deleted by ${who} on ${where}`, body: null };
    case 'board.slow_mode': return { head: `Slow mode switched on for ${where} by the flood guard: one post per ${p.slowMode?.seconds ?? '?'} s per visitor for ${p.slowMode?.minutes ?? '?'} minutes`, body: null };
    default: return { head: p.text ?? `Test notification from Holler for ${where}`, body: null };
  }
}

/**
 * Every line of the visitor's text behind "> ": a newline in a message cannot start a line that
 * looks like Holler's own ("New message … from Admin: log in again at …").
 */
const quote = (s: string) => s.split(/\r\n|[\n\r\u0085\u2028\u2029]/).map((l) => `> ${l}`).join('\n');
const compose = ({ head, body }: { head: string; body: string | null }, esc: (s: string) => string) =>
  body === null ? head : `${head}\n${quote(esc(body))}`;

/** The event in plain text (mail): Holler's line, then the visitor's text quoted. */
export const summary = (p: EventPayload): string => compose(describe(p, (s) => s), (s) => s);

// Slack reads &, < and > as markup (<!channel>, <url|label>): escape them, as Slack asks. Slack
// has no escape for *_~`; inside the quote they can only style the visitor's own words.
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Discord Markdown: a backslash before every sign that formats, links ([text](url) masked links)
// or starts a heading, so the visitor's text shows as typed.
const discordEscape = (s: string) => s.replace(/[\\*_~`|<>[\]()#:-]/g, '\\$&');

/** The request body for a webhook of this format. */
export function webhookBody(p: EventPayload, format: WebhookFormat, publicUrl: string | null): string {
  const link = linkFor(p, publicUrl);
  const reply = replyLinkFor(p, publicUrl);
  if (format === 'slack') {
    const text = compose(describe(p, slackEscape), slackEscape);
    return JSON.stringify({ text: `${link ? `${text}\n<${link}|Open in Holler>` : text}${reply ? ` · <${reply}|Reply>` : ''}` });
  }
  if (format === 'discord') {
    // allowed_mentions with nothing to parse: a visitor's "@everyone" pings nobody.
    const content = clip(compose(describe(p, discordEscape), discordEscape), 1900);
    return JSON.stringify({ content: `${link ? `${content}\n${link}` : content}${reply ? `\nReply: ${reply}` : ''}`, allowed_mentions: { parse: [] } });
  }
  return JSON.stringify(link ? { ...p, url: link, ...(reply ? { replyUrl: reply } : {}) } : p);
}

/** One mail for one or more events of a board (a digest collects what waited). */
export function mailFor(events: EventPayload[], publicUrl: string | null): { subject: string; text: string } {
  const first = events[0]!;
  // The subject is Holler's line alone: the visitor's text is in the body, quoted.
  const subject = events.length === 1
    ? `[Holler] ${clip(oneLine(describe(first, (s) => s).head).replace(/:$/, ''), 120)}`
    : `[Holler] ${events.length} events on ${oneLine(first.board.title)} (${first.board.slug})`;
  const link = linkFor(first, publicUrl);
  // replies: each new message's own "Reply" link, straight to the admin's answer form.
  const lines = events.map((p) => `${p.at}  ${summary(p)}${replyLinkFor(p, publicUrl) ? `\nReply: ${replyLinkFor(p, publicUrl)}` : ''}`);
  const text = `${lines.join('\n\n')}\n${link ? `\nOpen in Holler: ${link}\n` : ''}\n-- \nHoller notifications. Change them in the admin, under Notifications.\n`;
  return { subject, text };
}
