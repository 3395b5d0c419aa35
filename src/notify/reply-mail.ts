/**
 * @module notify/reply-mail
 * Mail to visitors who asked for it (widget/subscribe.tsx): the confirmation of an opt-in, and
 * then the direct replies to their message, in the language they used. Run by the notification
 * worker's rounds (worker.ts calls runOnce), so it shares its timer, clock and SMTP client.
 * Replies are read from the messages when mail is due, so a reply held or deleted before then
 * sends nothing; the first reply goes out at once and those within GATHER_MS after a mail wait
 * for one mail together. The address never reaches a log line: errors are scrubbed of it.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { ReplyMail, Store, SubMail } from '../store/store.ts';
import { isLang, t, type Translate } from '../i18n/i18n.ts';
import { escapeHtml } from '../posting/text.ts';
import { retryDelayMs } from './backoff.ts';
import type { Mail, Mailer } from './send.ts';

/** Replies that come within this time after a reply mail wait and go out together in the next one. */
export const GATHER_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60_000;

type Deps = { store: Store; config: Pick<Config, 'notify' | 'publicUrl'>; now: () => number; log: Logger; mail: () => Mailer };
type Composed = Pick<Mail, 'subject' | 'text' | 'html' | 'headers'>;

/** Error texts from a mail server may quote the recipient: never log an address. */
const scrub = (s: string) => s.replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]');

const html = (lang: string, paragraphs: string[]) =>
  // No images, no styles from elsewhere, no tracking: the text and its links only.
  `<!doctype html><html lang="${escapeHtml(lang)}"${lang === 'ar' ? ' dir="rtl"' : ''}><head><meta charset="utf-8"></head><body>\n${paragraphs.join('\n')}\n</body></html>\n`;
const p = (s: string) => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
const a = (label: string, url: string) => `<p>${escapeHtml(label)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;

export function createReplyMail({ store, config, now, log, mail }: Deps) {
  const base = config.publicUrl;
  const links = (id: string) => ({
    confirm: `${base}/replies/confirm/${store.replyLinkToken('confirm', id)}`,
    unsubscribe: `${base}/replies/unsubscribe/${store.replyLinkToken('unsubscribe', id)}`,
  });
  const tr = (lang: string): Translate => t(isLang(lang) ? lang : 'en');
  const titleOf = (slug: string) => store.getBoard(slug)?.title ?? slug;

  function confirmation(s: SubMail): Composed {
    const l = tr(s.lang);
    const board = titleOf(s.board);
    const { confirm } = links(s.id);
    return {
      subject: l('rm_confirm_subject', { board }),
      text: `${l('rm_confirm_body', { board })}\n\n${confirm}\n\n${l('rm_confirm_ignore')}\n`,
      html: html(s.lang, [p(l('rm_confirm_body', { board })), `<p><a href="${escapeHtml(confirm)}">${escapeHtml(confirm)}</a></p>`, p(l('rm_confirm_ignore'))]),
    };
  }

  function replies(s: ReplyMail): Composed {
    const l = tr(s.lang);
    const board = titleOf(s.board);
    const { unsubscribe } = links(s.id);
    const parts = s.replies.map((r) => ({
      who: l('rm_replied', { name: r.author || l('anonymous') }),
      body: r.body,
      link: `${base}/b/${r.board}/m/${r.id}#m-${r.id}`,
    }));
    const text = parts.map((r) => `${r.who}\n\n${r.body.replace(/^/gm, '> ')}\n\n${l('rm_open')} ${r.link}\n`).join('\n');
    return {
      subject: l('rm_reply_subject', { board }),
      text: `${text}\n-- \n${l('rm_why', { board })}\n${l('rm_unsub_line')} ${unsubscribe}\n`,
      html: html(s.lang, [
        ...parts.flatMap((r) => [p(r.who), `<blockquote>${p(r.body)}</blockquote>`, a(l('rm_open'), r.link)]),
        '<hr>', p(l('rm_why', { board })), a(l('rm_unsub_line'), unsubscribe),
      ]),
      // RFC 2369 and RFC 8058: the mail client's own unsubscribe button, one POST, no page.
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Auto-Submitted': 'auto-generated' },
    };
  }

  /** Whether a board's reply mail can go out now: a mail server, PUBLIC_URL for the links, the switch. */
  const on = (board: string) => !!config.notify.smtp && !!base && store.replySettings(board).mailOn;

  async function send(s: SubMail, what: 'confirmation' | 'replies', m: Composed): Promise<boolean> {
    try {
      await mail().send({ from: config.notify.emailFrom, to: [s.email], deliveryId: `reply-${s.id}-${now().toString(36)}`, ...m });
      return true;
    } catch (err) {
      store.markReplyMailFailed(s.id, retryDelayMs);
      log.warn('reply mail failed, will retry', { sub: s.id, board: s.board, what, error: scrub((err as Error).message) });
      return false;
    }
  }

  let lastPrune = -Infinity;
  let running: Promise<void> | null = null;
  async function round() {
    if (now() - lastPrune >= PRUNE_EVERY_MS) {
      lastPrune = now();
      const pruned = store.pruneReplySubs();
      if (pruned) log.info('reply mail: expired opt-ins deleted', { count: pruned });
    }
    // No mail server or no PUBLIC_URL: nothing can be sent, so nothing is read (opt-ins are refused then too).
    if (!config.notify.smtp || !base) return;
    for (const s of store.dueConfirmations()) {
      if (!on(s.board)) continue;
      if (await send(s, 'confirmation', confirmation(s))) {
        store.markConfirmationSent(s.id);
        log.info('reply mail: confirmation sent', { sub: s.id, board: s.board });
      }
    }
    for (const s of store.dueReplyMails()) {
      // Within GATHER_MS of the last mail: wait, and send what gathered in one mail then.
      if (!on(s.board) || (s.lastMailAt !== null && now() < s.lastMailAt + GATHER_MS)) continue;
      if (await send(s, 'replies', replies(s))) {
        store.markReplyMailSent(s.id, s.replies[s.replies.length - 1]!.seq);
        log.info('reply mail sent', { sub: s.id, board: s.board, replies: s.replies.length });
      }
    }
  }

  return {
    /** One round; a round already under way is waited for instead of run twice. */
    runOnce: (): Promise<void> => (running ??= round().finally(() => { running = null; })),

    /** The owner's instance-wide test (notifications page): one mail to `to`, not stored, not logged. */
    async testMail(to: string): Promise<{ ok: boolean; detail: string }> {
      if (!config.notify.smtp) return { ok: false, detail: 'no mail server' };
      try {
        const detail = await mail().send({
          from: config.notify.emailFrom, to: [to], deliveryId: `test-${now().toString(36)}`,
          subject: '[Holler] Test mail', text: 'This is a test mail from Holler: the mail server works.\n',
        });
        return { ok: true, detail };
      } catch (err) {
        return { ok: false, detail: scrub((err as Error).message) };
      }
    },
  };
}

export type ReplyMailer = ReturnType<typeof createReplyMail>;
