/**
 * @module store/subscriptions
 * Tables `reply_subs` (opt-ins to reply mail, one per message and address), `reply_feeds` and
 * `reply_feed_messages` (private reply feeds, by the SHA-256 of their token), `reply_settings`
 * (a board's reply-mail switch and how long an address is kept). The address is personal data:
 * nothing here returns it except to the mail worker (`dueConfirmations`, `dueReplyMails`), and
 * the owner's view gets counts only. Replies are found by reading `messages` (reply_to, status,
 * poster) when mail is due: the posting hot path writes nothing for this.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';
import { COLUMNS, toMessage, type Message, type MessageRow } from './messages.ts';
import { DAY_MS } from '../time.ts';

const HOUR_MS = 60 * 60_000;

/** A flood of opt-ins to one address sends at most this many confirmation mails a day. */
export const ADDRESS_PER_DAY = 3;
/** And a board takes at most this many opt-ins an hour (all addresses together). */
export const BOARD_PER_HOUR = 20;
/** An opt-in not confirmed within this time is deleted (its address with it). */
export const CONFIRM_TTL_MS = 2 * DAY_MS;
/** A feed lists replies to at most this many of its visitor's messages (the newest ones added). */
const FEED_MESSAGES = 50;

export type ReplySettings = Readonly<{ mailOn: boolean; keepDays: number }>;
export const DEFAULT_REPLY_SETTINGS: ReplySettings = { mailOn: false, keepDays: 30 };

/** What the worker needs to write one mail. `email` leaves the store only in these two shapes. */
export type SubMail = Readonly<{ id: string; board: string; message: string; email: string; lang: string }>;
export type ReplyMail = SubMail & { replies: Message[] };

type SubRow = SubMail & { lastMailAt: number | null };

export function createSubscriptionStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    settings: db.prepare<[string], { mailOn: number; keepDays: number }>(`SELECT mail_on AS mailOn, keep_days AS keepDays FROM reply_settings WHERE board = ?`),
    putSettings: db.prepare(
      `INSERT INTO reply_settings (board, mail_on, keep_days) VALUES (@board, @mailOn, @keepDays)
       ON CONFLICT (board) DO UPDATE SET mail_on = excluded.mail_on, keep_days = excluded.keep_days`,
    ),
    secret: db.prepare<[], { value: string }>(`SELECT value FROM settings WHERE key = 'reply_link_secret'`),
    putSecret: db.prepare<[string]>(`INSERT OR IGNORE INTO settings (key, value) VALUES ('reply_link_secret', ?)`),
    byAddress: db.prepare<[string, number], { n: number }>(`SELECT count(*) AS n FROM reply_subs WHERE email = ? AND created_at >= ?`),
    byBoard: db.prepare<[string, number], { n: number }>(`SELECT count(*) AS n FROM reply_subs WHERE board = ? AND created_at >= ?`),
    exists: db.prepare<[string, string], { id: string }>(`SELECT id FROM reply_subs WHERE message = ? AND email = ?`),
    newest: db.prepare<[string], { seq: number | null }>(`SELECT max(seq) AS seq FROM messages WHERE board = ?`),
    insert: db.prepare(
      `INSERT INTO reply_subs (id, board, message, email, lang, created_at, last_seq) VALUES (@id, @board, @message, @email, @lang, @at, @lastSeq)`,
    ),
    get: db.prepare<[string], { id: string; board: string; message: string; lang: string; confirmedAt: number | null }>(
      `SELECT id, board, message, lang, confirmed_at AS confirmedAt FROM reply_subs WHERE id = ?`,
    ),
    confirm: db.prepare<[number, string]>(`UPDATE reply_subs SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL`),
    remove: db.prepare<[string]>(`DELETE FROM reply_subs WHERE id = ?`),
    dueConfirm: db.prepare<[number], SubMail>(
      `SELECT id, board, message, email, lang FROM reply_subs WHERE confirm_sent IS NULL AND confirmed_at IS NULL AND next_try_at <= ? ORDER BY created_at LIMIT 50`,
    ),
    confirmSent: db.prepare<[number, string]>(`UPDATE reply_subs SET confirm_sent = ?, failures = 0 WHERE id = ?`),
    failed: db.prepare<[number, string]>(`UPDATE reply_subs SET failures = failures + 1, next_try_at = ? WHERE id = ?`),
    failures: db.prepare<[string], { n: number }>(`SELECT failures AS n FROM reply_subs WHERE id = ?`),
    // Direct replies newer than the last one mailed, shown, and not by the original's own poster.
    dueReplies: db.prepare<[number], SubRow & { seq: number }>(
      `SELECT s.id, s.board, s.message, s.email, s.lang, s.last_mail_at AS lastMailAt, r.seq
         FROM reply_subs s JOIN messages o ON o.id = s.message
         JOIN messages r ON r.reply_to = s.message AND r.seq > s.last_seq AND r.status = 'visible' AND r.board = s.board AND r.poster != o.poster
        WHERE s.confirmed_at IS NOT NULL AND s.next_try_at <= ?
        ORDER BY s.id, r.seq LIMIT 500`,
    ),
    message: db.prepare<[number], MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE seq = ?`),
    mailed: db.prepare<[number, number, string]>(`UPDATE reply_subs SET last_seq = max(last_seq, ?), last_mail_at = ?, failures = 0, next_try_at = 0 WHERE id = ?`),
    counts: db.prepare<[string], { confirmed: number; waiting: number }>(
      `SELECT count(*) FILTER (WHERE confirmed_at IS NOT NULL) AS confirmed, count(*) FILTER (WHERE confirmed_at IS NULL) AS waiting FROM reply_subs WHERE board = ?`,
    ),
    prune: db.prepare<{ now: number; day: number; ttl: number }>(
      `DELETE FROM reply_subs WHERE created_at < @now - @day * coalesce((SELECT keep_days FROM reply_settings WHERE board = reply_subs.board), 30)
          OR (confirmed_at IS NULL AND created_at < @now - @ttl)`,
    ),
    feed: db.prepare<[string], { board: string; lang: string }>(`SELECT board, lang FROM reply_feeds WHERE hash = ?`),
    newFeed: db.prepare<[string, string, string, number]>(`INSERT INTO reply_feeds (hash, board, lang, created_at) VALUES (?, ?, ?, ?)`),
    feedAdd: db.prepare<[string, string]>(`INSERT OR IGNORE INTO reply_feed_messages (hash, message) VALUES (?, ?)`),
    feedTrim: db.prepare<[string, string, number]>(
      `DELETE FROM reply_feed_messages WHERE hash = ? AND message NOT IN (SELECT fm.message FROM reply_feed_messages fm JOIN messages m ON m.id = fm.message WHERE fm.hash = ? ORDER BY m.seq DESC LIMIT ?)`,
    ),
    feedHas: db.prepare<[string, string], { one: number }>(`SELECT 1 AS one FROM reply_feed_messages WHERE hash = ? AND message = ?`),
    feedRevoke: db.prepare<[string]>(`DELETE FROM reply_feeds WHERE hash = ?`),
    feedReplies: db.prepare<[string, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE status = 'visible' AND reply_to IN (SELECT message FROM reply_feed_messages WHERE hash = ?)
        ORDER BY seq DESC LIMIT ?`,
    ),
  };

  let secret: string | null = null;
  /** The key of the links in reply mails, made once and kept in `settings`. */
  const linkSecret = (): string => {
    if (secret) return secret;
    q.putSecret.run(randomBytes(32).toString('base64url'));
    return (secret = q.secret.get()!.value);
  };
  const mac = (purpose: string, id: string) => createHmac('sha256', linkSecret()).update(`${purpose}:${id}`).digest('base64url').slice(0, 32);

  return {
    replySettings: (board: string): ReplySettings => {
      const r = q.settings.get(board);
      return r ? { mailOn: r.mailOn === 1, keepDays: r.keepDays } : DEFAULT_REPLY_SETTINGS;
    },
    setReplySettings: (board: string, s: ReplySettings): void =>
      void tracked(() => q.putSettings.run({ board, mailOn: s.mailOn ? 1 : 0, keepDays: s.keepDays })),

    /**
     * An opt-in (unconfirmed) for mail about replies to `message`. Refused past the per-address
     * and per-board limits; a second opt-in of the same address to the same message is 'exists'
     * and sends nothing more.
     */
    addReplySub(s: { board: string; message: string; email: string; lang: string }): { id: string } | 'exists' | 'address_limit' | 'board_limit' {
      const email = s.email.trim().toLowerCase();
      return tracked(() => db.transaction(() => {
        if (q.exists.get(s.message, email)) return 'exists' as const;
        if (q.byAddress.get(email, now() - DAY_MS)!.n >= ADDRESS_PER_DAY) return 'address_limit' as const;
        if (q.byBoard.get(s.board, now() - HOUR_MS)!.n >= BOARD_PER_HOUR) return 'board_limit' as const;
        const id = randomBytes(12).toString('base64url');
        q.insert.run({ id, board: s.board, message: s.message, email, lang: s.lang, at: now(), lastSeq: q.newest.get(s.board)!.seq ?? 0 });
        return { id };
      }).immediate());
    },

    /** The token of a link in a mail: the opt-in's id and an HMAC of it for this purpose. */
    replyLinkToken: (purpose: 'confirm' | 'unsubscribe', id: string): string => `${id}.${mac(purpose, id)}`,
    /** The opt-in a link's token names; 'bad' for a forged or mangled token, undefined when it is gone. */
    replySubByToken(purpose: 'confirm' | 'unsubscribe', token: string): 'bad' | { id: string; board: string; message: string; lang: string; confirmed: boolean } | undefined {
      const m = /^([\w-]{16})\.([\w-]{32})$/.exec(token);
      if (!m) return 'bad';
      const want = Buffer.from(mac(purpose, m[1]!));
      if (!timingSafeEqual(want, Buffer.from(m[2]!))) return 'bad';
      // A right HMAC for a row that is gone: unsubscribed or expired already.
      const row = q.get.get(m[1]!);
      return row && { id: row.id, board: row.board, message: row.message, lang: row.lang, confirmed: row.confirmedAt !== null };
    },
    confirmReplySub: (id: string): boolean => tracked(() => q.confirm.run(now(), id)).changes === 1,
    /** Unsubscribe: the row and its address are deleted at once. */
    deleteReplySub: (id: string): boolean => tracked(() => q.remove.run(id)).changes === 1,

    /** Opt-ins whose confirmation mail is due. */
    dueConfirmations: (): SubMail[] => q.dueConfirm.all(now()),
    markConfirmationSent: (id: string): void => void tracked(() => q.confirmSent.run(now(), id)),
    /** A failed mail to this opt-in: tried again `delay(failures so far)` ms from now. */
    markReplyMailFailed(id: string, delay: (failures: number) => number): void {
      const failures = (q.failures.get(id)?.n ?? 0) + 1;
      tracked(() => q.failed.run(now() + delay(failures), id));
    },

    /**
     * Confirmed opt-ins with replies not yet mailed, each with those replies (oldest first) and
     * when the last mail went out (the worker gathers replies that come within a few minutes).
     */
    dueReplyMails(): Array<ReplyMail & { lastMailAt: number | null }> {
      const subs = new Map<string, ReplyMail & { lastMailAt: number | null }>();
      for (const { seq, ...s } of q.dueReplies.all(now())) {
        const sub = subs.get(s.id) ?? { ...s, replies: [] };
        sub.replies.push(toMessage(q.message.get(seq)!));
        subs.set(s.id, sub);
      }
      return [...subs.values()];
    },
    markReplyMailSent: (id: string, lastSeq: number): void => void tracked(() => q.mailed.run(lastSeq, now(), id)),

    /** What the owner may see: how many, never who. */
    replySubCounts: (board: string): { confirmed: number; waiting: number } => q.counts.get(board)!,
    /** Deletes opt-ins past their board's days, and unconfirmed ones past CONFIRM_TTL_MS. */
    pruneReplySubs: (): number => tracked(() => q.prune.run({ now: now(), day: DAY_MS, ttl: CONFIRM_TTL_MS })).changes,

    /** A reply feed by the SHA-256 of its token; undefined once revoked. */
    replyFeed: (hash: string): { board: string; lang: string } | undefined => q.feed.get(hash),
    /** Makes the feed (if new) and adds `message` to it; keeps its newest FEED_MESSAGES. */
    addToReplyFeed(hash: string, board: string, lang: string, message: string): void {
      tracked(() => db.transaction(() => {
        if (!q.feed.get(hash)) q.newFeed.run(hash, board, lang, now());
        q.feedAdd.run(hash, message);
        q.feedTrim.run(hash, hash, FEED_MESSAGES);
      })());
    },
    replyFeedHas: (hash: string, message: string): boolean => !!q.feedHas.get(hash, message),
    revokeReplyFeed: (hash: string): boolean => tracked(() => q.feedRevoke.run(hash)).changes === 1,
    /** The shown direct replies to the feed's messages, newest first. */
    replyFeedEntries: (hash: string, limit = 50): Message[] => q.feedReplies.all(hash, limit).map(toMessage),
  };
}

export type SubscriptionStore = ReturnType<typeof createSubscriptionStore>;
