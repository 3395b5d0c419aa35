/**
 * @module store/outbox
 * Tables `outbox` (one row per delivery of an event to one destination) and `notify_boards`
 * (a board's own destinations). Rows are written in the transaction of the change they report
 * (messages.ts calls `enqueue` inside addMessages' transaction), so a post that is committed
 * has its deliveries committed with it, and nothing is written when nothing is configured.
 * The delivery worker (notify/worker.ts) reads due rows and records each outcome here.
 */
import { nanoid } from 'nanoid';
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';
import { isNotifyEvent, type NotifyConfig, type NotifyEvent, type WebhookFormat } from '../config.ts';

export type Dest = 'instance-webhook' | 'instance-email' | 'board-webhook' | 'board-email';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export type Delivery = Readonly<{
  seq: number;
  id: string;
  event: NotifyEvent;
  board: string;
  dest: Dest;
  /** The event as JSON (notify/format.ts adds the delivery id and turns it into each format). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAt: number;
  lastError: string;
  createdAt: number;
  sentAt: number | null;
}>;

/** A board's own destinations; `events` is what they get. */
export type BoardNotify = Readonly<{
  events: readonly NotifyEvent[];
  webhookUrl: string;
  webhookSecret: string;
  webhookFormat: WebhookFormat;
  emailTo: readonly string[];
  /** Minutes between two mails to the board's addresses (0 = one per event). */
  emailDigest: number;
}>;

export const NO_BOARD_NOTIFY: BoardNotify = { events: [], webhookUrl: '', webhookSecret: '', webhookFormat: 'generic', emailTo: [], emailDigest: 10 };

const COLUMNS = `seq, id, event, board, dest, payload, status, attempts, next_at AS nextAt, last_error AS lastError, created_at AS createdAt, sent_at AS sentAt`;
type BoardRow = { board: string; events: string; webhookUrl: string; webhookSecret: string; webhookFormat: WebhookFormat; emailTo: string; emailDigest: number };
const toBoardNotify = (r: BoardRow): BoardNotify => ({
  ...r,
  events: r.events.split(',').filter(isNotifyEvent),
  emailTo: r.emailTo.split(',').filter(Boolean),
});

export function createOutboxStore(db: Db, now: () => number, { tracked }: Writes, instance: NotifyConfig | null) {
  const q = {
    insert: db.prepare(
      `INSERT INTO outbox (id, event, board, dest, payload, next_at, created_at) VALUES (@id, @event, @board, @dest, @payload, @at, @at)`,
    ),
    due: db.prepare<[number, number], Delivery>(`SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND next_at <= ? ORDER BY seq LIMIT ?`),
    nextDue: db.prepare<[], { at: number | null }>(`SELECT min(next_at) AS at FROM outbox WHERE status = 'pending'`),
    nextAtOf: db.prepare<[string], { at: number }>(`SELECT next_at AS at FROM outbox WHERE id = ? AND status = 'pending'`),
    sent: db.prepare<[number, string]>(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ? AND status = 'pending'`),
    retryLater: db.prepare<[number, string, string]>(`UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?`),
    giveUp: db.prepare<[string, string]>(`UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?`),
    defer: db.prepare<[number, string]>(`UPDATE outbox SET next_at = ? WHERE id = ? AND status = 'pending'`),
    lastSent: db.prepare<[string, string], { at: number | null }>(`SELECT max(sent_at) AS at FROM outbox WHERE dest = ? AND board = ? AND status = 'sent'`),
    failing: db.prepare<[number], Delivery>(
      `SELECT ${COLUMNS} FROM outbox WHERE status = 'failed' OR (status = 'pending' AND attempts > 0) ORDER BY seq DESC LIMIT ?`,
    ),
    failingCount: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE status = 'failed' OR (status = 'pending' AND attempts > 0)`),
    counts: db.prepare<[number], { pending: number; failed: number; sent: number }>(
      `SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'failed') AS failed,
              count(*) FILTER (WHERE status = 'sent' AND sent_at >= ?) AS sent FROM outbox`,
    ),
    retry: db.prepare<[number, string]>(`UPDATE outbox SET status = 'pending', next_at = ?, attempts = 0 WHERE id = ? AND status != 'sent'`),
    retryAll: db.prepare<[number]>(`UPDATE outbox SET status = 'pending', next_at = ?, attempts = 0 WHERE status = 'failed' OR (status = 'pending' AND attempts > 0)`),
    // Spread over `spread` ms, not all at once: a restart must not fire every receiver's backlog together.
    wakeAll: db.prepare<[{ at: number; spread: number }]>(`UPDATE outbox SET next_at = @at + abs(random() % @spread) WHERE status = 'pending' AND next_at > @at`),
    sleeping: db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE status = 'pending' AND next_at > ?`),
    pruneSent: db.prepare<[number]>(`DELETE FROM outbox WHERE status != 'pending' AND created_at < ?`),
    boards: db.prepare<[], BoardRow>(
      `SELECT board, events, webhook_url AS webhookUrl, webhook_secret AS webhookSecret, webhook_format AS webhookFormat,
              email_to AS emailTo, email_digest AS emailDigest FROM notify_boards`,
    ),
    putBoard: db.prepare(
      `INSERT INTO notify_boards (board, events, webhook_url, webhook_secret, webhook_format, email_to, email_digest)
       VALUES (@board, @events, @webhookUrl, @webhookSecret, @webhookFormat, @emailTo, @emailDigest)
       ON CONFLICT (board) DO UPDATE SET events = excluded.events, webhook_url = excluded.webhook_url,
         webhook_secret = excluded.webhook_secret, webhook_format = excluded.webhook_format,
         email_to = excluded.email_to, email_digest = excluded.email_digest`,
    ),
  };

  // Read on every post, changed from the admin only: kept in memory (this store is the only writer).
  const boardSettings = new Map<string, BoardNotify>();
  for (const row of q.boards.all()) boardSettings.set(row.board, toBoardNotify(row));
  const boardNotify = (slug: string): BoardNotify => boardSettings.get(slug) ?? NO_BOARD_NOTIFY;

  /** Where an event of this board goes now; empty when nothing is configured for it. */
  function destinations(event: NotifyEvent, board: string): Dest[] {
    const dests: Dest[] = [];
    if (instance?.events.includes(event)) {
      if (instance.webhook) dests.push('instance-webhook');
      if (instance.smtp && instance.emailTo.length) dests.push('instance-email');
    }
    const own = boardNotify(board);
    if (own.events.includes(event)) {
      if (own.webhookUrl) dests.push('board-webhook');
      if (instance?.smtp && own.emailTo.length) dests.push('board-email');
    }
    return dests;
  }

  /**
   * Writes the deliveries of one event. Call it INSIDE the transaction of the change it reports
   * (it is not a transaction of its own), so both commit or neither does. Returns how many.
   */
  function enqueue(event: NotifyEvent, board: string, title: string, data: Record<string, unknown> | (() => Record<string, unknown>)): number {
    const dests = destinations(event, board);
    if (dests.length === 0) return 0;
    const at = now();
    // `data` may be a function: every post calls this, and most boards notify no one.
    const payload = JSON.stringify({ event, board: { slug: board, title }, at: new Date(at).toISOString(), ...(typeof data === 'function' ? data() : data) });
    for (const dest of dests) q.insert.run({ id: nanoid(16), event, board, dest, payload, at });
    return dests.length;
  }

  return {
    enqueue,

    /** Its own transaction, or a savepoint of the caller's: for events that change no row (slow mode). */
    notify: (event: NotifyEvent, board: string, title: string, data: Record<string, unknown> = {}): number =>
      tracked(() => db.transaction(() => enqueue(event, board, title, data))()),

    /** Pending deliveries whose time has come, oldest first. */
    dueDeliveries: (limit = 50): Delivery[] => q.due.all(now(), limit),
    /** When the next pending delivery is due (ms), or null when none waits. */
    nextDueAt: (): number | null => q.nextDue.get()!.at,
    /** When a pending delivery is tried next, or null (sent, given up, unknown). */
    deliveryNextAt: (id: string): number | null => q.nextAtOf.get(id)?.at ?? null,
    /** Marks deliveries sent (one transaction for an email digest's rows). */
    markSent: (ids: readonly string[]): void =>
      tracked(() => db.transaction(() => ids.forEach((id) => q.sent.run(now(), id)))()),
    markRetry: (ids: readonly string[], nextAt: number, error: string): void =>
      tracked(() => db.transaction(() => ids.forEach((id) => q.retryLater.run(nextAt, error.slice(0, 500), id)))()),
    markFailed: (ids: readonly string[], error: string): void =>
      tracked(() => db.transaction(() => ids.forEach((id) => q.giveUp.run(error.slice(0, 500), id)))()),
    /** Moves deliveries to a later time without counting an attempt (an email digest waiting). */
    defer: (ids: readonly string[], at: number): void => tracked(() => db.transaction(() => ids.forEach((id) => q.defer.run(at, id)))()),
    /** When the last mail (or webhook) to this destination for this board went out. */
    lastSentAt: (dest: Dest, board: string): number | null => q.lastSent.get(dest, board)!.at,

    /** Deliveries that failed at least once and are not sent: retrying, or given up. Newest first. */
    failingDeliveries: (limit = 100): Delivery[] => q.failing.all(limit),
    outboxCounts: (since: number) => q.counts.get(since)!,
    /** How many deliveries failed and are not sent (the admin bar's badge). */
    failingCount: (): number => q.failingCount.get()!.n,
    /** The owner's retry: one delivery (or every failing one) is due now with a fresh day of retries. */
    retryDelivery: (id: string): boolean => tracked(() => q.retry.run(now(), id)).changes === 1,
    retryAllDeliveries: (): number => tracked(() => q.retryAll.run(now())).changes,
    /** At start: every pending delivery is due within seconds (a restart is often what fixed the cause), spread out. */
    wakeDeliveries: (): number => {
      const at = now();
      // A quarter second per delivery, at most 30 s: a short backlog goes out at once.
      const spread = Math.max(1, Math.min(30_000, q.sleeping.get(at)!.n * 250));
      return tracked(() => q.wakeAll.run({ at, spread })).changes;
    },
    /** Forgets sent and given-up deliveries created before `before`. */
    pruneDeliveries: (before: number): number => tracked(() => q.pruneSent.run(before)).changes,

    boardNotify,
    setBoardNotify(board: string, s: BoardNotify): void {
      tracked(() => q.putBoard.run({ ...s, board, events: s.events.join(','), emailTo: s.emailTo.join(',') }));
      boardSettings.set(board, s);
    },
  };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
