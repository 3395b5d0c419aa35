/**
 * @module notify/format
 * What a delivery looks like on the wire: the generic JSON event (signed), a Slack or Discord
 * incoming-webhook message, or a mail. Visitors' text goes into other people's chat tools, so
 * it is escaped for them: no Slack <!channel> or Discord @everyone can be smuggled in.
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

/** `sha256=<hex>` of the raw body: what X-Holler-Signature carries. */
export const sign = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

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

/** One plain sentence about the event (notifications are for the operator: English). */
export function summary(p: EventPayload): string {
  const where = `${p.board.title} (${p.board.slug})`;
  const m = p.message;
  const who = m ? (m.author || 'someone') : '';
  switch (p.event) {
    case 'message.posted': return `New message on ${where} from ${who}: ${clip(m?.body ?? '', 300)}`;
    case 'message.held': return `Held for review on ${where}, from ${who}: ${clip(m?.body ?? '', 300)}`;
    case 'message.edited': return `Message edited by ${who} on ${where}: ${clip(m?.body ?? '', 300)}`;
    case 'message.deleted': return `Message deleted by ${who} on ${where}`;
    case 'board.slow_mode': return `Slow mode switched on for ${where} by the flood guard: one post per ${p.slowMode?.seconds ?? '?'} s per visitor for ${p.slowMode?.minutes ?? '?'} minutes`;
    default: return p.text ?? `Test notification from Holler for ${where}`;
  }
}

// Slack reads &, < and > as markup (<!channel>, <url|label>): escape them, as Slack asks.
const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The request body for a webhook of this format. */
export function webhookBody(p: EventPayload, format: WebhookFormat, publicUrl: string | null): string {
  const link = linkFor(p, publicUrl);
  const reply = replyLinkFor(p, publicUrl);
  if (format === 'slack') {
    const text = slackEscape(summary(p));
    return JSON.stringify({ text: `${link ? `${text}\n<${link}|Open in Holler>` : text}${reply ? ` · <${reply}|Reply>` : ''}` });
  }
  if (format === 'discord') {
    // allowed_mentions with nothing to parse: a visitor's "@everyone" pings nobody.
    const content = clip(summary(p), 1900);
    return JSON.stringify({ content: `${link ? `${content}\n${link}` : content}${reply ? `\nReply: ${reply}` : ''}`, allowed_mentions: { parse: [] } });
  }
  return JSON.stringify(link ? { ...p, url: link, ...(reply ? { replyUrl: reply } : {}) } : p);
}

/** One mail for one or more events of a board (a digest collects what waited). */
export function mailFor(events: EventPayload[], publicUrl: string | null): { subject: string; text: string } {
  const first = events[0]!;
  const oneLine = (s: string) => s.replace(/\s+/g, ' ');
  const subject = events.length === 1
    ? `[Holler] ${clip(oneLine(summary(first)), 120)}`
    : `[Holler] ${events.length} events on ${oneLine(first.board.title)} (${first.board.slug})`;
  const link = linkFor(first, publicUrl);
  // replies: each new message's own "Reply" link, straight to the admin's answer form.
  const lines = events.map((p) => `${p.at}  ${summary(p)}${replyLinkFor(p, publicUrl) ? `\nReply: ${replyLinkFor(p, publicUrl)}` : ''}`);
  const text = `${lines.join('\n\n')}\n${link ? `\nOpen in Holler: ${link}\n` : ''}\n-- \nHoller notifications. Change them in the admin, under Notifications.\n`;
  return { subject, text };
}
