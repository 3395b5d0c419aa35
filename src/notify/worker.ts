/**
 * @module notify/worker
 * Delivers the outbox (store/outbox.ts), off the request path: a post only writes rows in its
 * own transaction; this worker, on an unref'd timer, sends what is due and records the outcome.
 * A row is marked sent only after the receiver said 2xx (or the mail server accepted the mail),
 * so a crash in between means one more delivery with the same id (at-least-once; receivers
 * dedupe on webhook-id), and the normal case is exactly once: one process per DATA_DIR,
 * and a row being sent is never picked up twice (`inFlight`).
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Delivery, Dest, Store } from '../store/store.ts';
import { nextTryAt, retryAfterMs, type FailureHints } from './backoff.ts';
import { mailFor, parsePayload, webhookBody, type EventPayload } from './format.ts';
import { createMailer, postWebhook, WebhookError, type Mailer } from './send.ts';
import { createReplyMail } from './reply-mail.ts';

/** How often the worker looks for due rows when it has nothing scheduled sooner. */
export const POLL_MS = 2000;
const BATCH = 100;
const PARALLEL = 4;
const KEEP_DONE_MS = 7 * 86_400_000;

type NotifierDeps = {
  store: Store;
  config: Pick<Config, 'notify' | 'publicUrl'>;
  now: () => number;
  log: Logger;
  /** Per-request timeout of webhooks and SMTP, ms. */
  timeoutMs?: number;
  /** The jitter's dice (tests pass a constant). */
  random?: () => number;
};

export type TestResult = { ok: boolean; detail: string };
export type NotifyStats = { sent: number; retried: number; failed: number };

export function createNotifier({ store, config, now, log, timeoutMs, random = Math.random }: NotifierDeps) {
  const { notify } = config;
  let mailer: Mailer | null = null;
  const mail = () => (mailer ??= createMailer(notify.smtp!, timeoutMs));
  const inFlight = new Set<string>();
  const stats: NotifyStats = { sent: 0, retried: 0, failed: 0 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let started = false;
  const seconds = () => Math.floor(now() / 1000);
  // Visitors' reply mail (reply-mail.ts) rides on this worker's rounds and SMTP client.
  const replyMail = createReplyMail({ store, config, now, log, mail });

  /** Where a destination points now (settings may have changed since the row was written). */
  function target(dest: Dest, board: string) {
    const own = store.boardNotify(board);
    switch (dest) {
      case 'instance-webhook': return notify.webhook ? { kind: 'webhook' as const, ...notify.webhook } : null;
      // A moderator's URL may not reach this machine or the private network unless the operator allows it.
      case 'board-webhook': return own.webhookUrl ? { kind: 'webhook' as const, url: own.webhookUrl, secret: own.webhookSecret, format: own.webhookFormat, publicOnly: !notify.allowPrivate } : null;
      case 'instance-email': return notify.smtp && notify.emailTo.length ? { kind: 'email' as const, to: notify.emailTo, digestMin: notify.emailDigestMinutes } : null;
      case 'board-email': return notify.smtp && own.emailTo.length ? { kind: 'email' as const, to: own.emailTo, digestMin: own.emailDigest } : null;
    }
  }

  /** Records a failed try of these rows: a later retry, or giving up after a day. */
  function failed(rows: Delivery[], error: string, hints: FailureHints = {}) {
    const oldest = Math.min(...rows.map((d) => d.createdAt));
    const failures = Math.max(...rows.map((d) => d.attempts)) + 1;
    const at = nextTryAt(oldest, failures, now(), { random, ...hints });
    const ids = rows.map((d) => d.id);
    if (at === null) {
      store.markFailed(ids, error);
      stats.failed += ids.length;
      log.error('notification given up', { ids: ids.join(','), dest: rows[0]!.dest, board: rows[0]!.board, attempts: failures, error });
    } else {
      store.markRetry(ids, at, error);
      stats.retried += ids.length;
      log.warn('notification failed, will retry', { ids: ids.join(','), dest: rows[0]!.dest, retryInS: Math.round((at - now()) / 1000), error });
    }
  }

  /**
   * `down`: receivers that failed in this round, with when to try them next. Their other rows
   * wait until then without a try of their own, so a dead receiver costs one timeout per round,
   * not one per waiting delivery.
   */
  async function deliverWebhook(d: Delivery, down: Map<string, number>) {
    const t = target(d.dest, d.board);
    if (!t || t.kind !== 'webhook') return failed([d], 'no longer configured');
    const waitUntil = down.get(t.url);
    if (waitUntil !== undefined) return store.defer([d.id], waitUntil);
    const body = webhookBody(parsePayload(d.id, d.payload), t.format, config.publicUrl);
    try {
      await postWebhook({ url: t.url, secret: t.secret, event: d.event, deliveryId: d.id, body, at: seconds(), publicOnly: 'publicOnly' in t && t.publicOnly }, timeoutMs);
    } catch (err) {
      const e = err as Error;
      const hints = e instanceof WebhookError ? { retryAfterMs: retryAfterMs(e.retryAfter, now()), gone: e.status === 404 || e.status === 410 } : {};
      failed([d], e.message, hints);
      down.set(t.url, store.deliveryNextAt(d.id) ?? now());
      return;
    }
    store.markSent([d.id]);
    stats.sent++;
  }

  /** One mail for a board's waiting events, unless the digest says the last one was too recent. */
  async function deliverEmail(rows: Delivery[]) {
    const { dest, board } = rows[0]!;
    const t = target(dest, board);
    if (!t || t.kind !== 'email') return failed(rows, 'no longer configured');
    const last = store.lastSentAt(dest, board);
    const wait = last === null ? 0 : last + t.digestMin * 60_000 - now();
    if (wait > 0) return store.defer(rows.map((d) => d.id), now() + wait);
    const events = rows.map((d) => parsePayload(d.id, d.payload));
    const { subject, text } = mailFor(events, config.publicUrl);
    try {
      await mail().send({ from: notify.emailFrom, to: t.to, subject, text, deliveryId: rows.map((d) => d.id).join(' ') });
    } catch (err) {
      return failed(rows, (err as Error).message);
    }
    store.markSent(rows.map((d) => d.id));
    stats.sent += rows.length;
  }

  /** Sends everything due now; resolves when done. Tests call this directly with their clock. */
  async function runOnce(): Promise<void> {
    await replyMail.runOnce().catch((err: Error) => log.error('reply mail worker', { error: err.message }));
    for (let round = 0; round < 10; round++) {
      const due = store.dueDeliveries(BATCH).filter((d) => !inFlight.has(d.id));
      if (due.length === 0) return;
      const jobs: Array<{ rows: Delivery[]; run: () => Promise<void> }> = [];
      const mails = new Map<string, Delivery[]>();
      const down = new Map<string, number>();
      for (const d of due) {
        if (d.dest.endsWith('webhook')) jobs.push({ rows: [d], run: () => deliverWebhook(d, down) });
        else mails.set(`${d.dest} ${d.board}`, [...(mails.get(`${d.dest} ${d.board}`) ?? []), d]);
      }
      for (const rows of mails.values()) jobs.push({ rows, run: () => deliverEmail(rows) });
      for (const j of jobs) j.rows.forEach((d) => inFlight.add(d.id));
      let next = 0;
      const lane = async () => {
        while (next < jobs.length) {
          const j = jobs[next++]!;
          try {
            await j.run();
          } catch (err) {
            log.error('notification worker', { error: (err as Error).stack ?? String(err) });
          } finally {
            j.rows.forEach((d) => inFlight.delete(d.id));
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, jobs.length) }, lane));
      if (due.length < BATCH) return;
    }
  }

  function schedule(ms: number) {
    if (!started) return;
    if (timer) clearTimeout(timer);
    // unref: a pending delivery never keeps the process alive on its own.
    timer = setTimeout(tick, Math.max(0, ms));
    timer.unref();
  }

  function tick() {
    timer = null;
    if (running) return;
    running = (async () => {
      try {
        await runOnce();
        store.pruneDeliveries(now() - KEEP_DONE_MS);
      } catch (err) {
        log.error('notification worker', { error: (err as Error).message });
      } finally {
        running = null;
        const due = started ? store.nextDueAt() : null;
        schedule(due === null ? POLL_MS : Math.min(POLL_MS, due - now()));
      }
    })();
  }

  return {
    runOnce,
    /** Starts the timer; every pending delivery is tried at once (a restart often fixed the cause). */
    start() {
      started = true;
      const woken = store.wakeDeliveries();
      if (woken) log.info('notifications: retrying pending deliveries now', { count: woken });
      schedule(0);
    },
    /** Look now (after the owner's retry). */
    kick: () => schedule(0),
    /** Stops the timer and waits for the deliveries under way (each bounded by its timeout). */
    async stop() {
      started = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
      mailer?.close();
    },
    stats: (): NotifyStats => ({ ...stats }),
    /** The instance-wide test mail (notifications page) to an address typed there. */
    testMail: replyMail.testMail,

    /** Sends a test event straight to a destination (not through the outbox) and says how it went. */
    async test(dest: Dest, board: string): Promise<TestResult> {
      const t = target(dest, board);
      if (!t) return { ok: false, detail: 'not configured' };
      const b = store.getBoard(board);
      const p: EventPayload = { id: `test-${Date.now().toString(36)}`, event: 'test', board: { slug: board, title: b?.title ?? board }, at: new Date(now()).toISOString(), text: `Test notification from Holler for ${b?.title ?? board} (${board}): this destination works.` };
      try {
        const detail = t.kind === 'webhook'
          ? await postWebhook({ url: t.url, secret: t.secret, event: 'test', deliveryId: p.id, body: webhookBody(p, t.format, config.publicUrl), at: seconds(), publicOnly: 'publicOnly' in t && t.publicOnly }, timeoutMs)
          : await mail().send({ from: notify.emailFrom, to: t.to, deliveryId: p.id, ...mailFor([p], config.publicUrl) });
        return { ok: true, detail };
      } catch (err) {
        return { ok: false, detail: (err as Error).message };
      }
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
