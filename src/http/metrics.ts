/**
 * @module http/metrics
 * GET /metrics in Prometheus' text format (prom-client), for operators. Off unless
 * METRICS_TOKEN is set (then 404, like any unknown path), and then only for a scraper that sends
 * `Authorization: Bearer <METRICS_TOKEN>`: the numbers say how busy a board is and how much
 * moderation waits, which is nobody else's business.
 *
 * Counting costs the request paths next to nothing: posts and commits increment prom-client
 * counters and histograms (a few per post); the poll, the hot path, only bumps plain numbers
 * (widget/poll.ts) that are read here at scrape time, as are the database, the held queue, the
 * outbox and the free disk space. Nothing is computed between scrapes.
 *
 * server.ts imports this module only when METRICS_TOKEN is set: prom-client and its default
 * metrics cost about 2 MB of memory that an instance without a scraper should not carry. The
 * route itself (metrics-route.ts) is always there, answering 404 while metrics are off.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { REFUSAL_CODES, type RefusalCode } from '../posting/refusal.ts';
import type { Store } from '../store/store.ts';
import type { BackupStatus } from '../store/backup.ts';
import pkg from '../../package.json' with { type: 'json' };
import type { ReplicaStatus } from '../store/replica.ts';
import { replicaGauges } from './replica-metrics.ts';

export type MetricsSources = {
  store: Pick<Store, 'heldCount' | 'databaseBytes' | 'freeBytes' | 'outboxCounts'>;
  /** The poll's running counts (widget/poll.ts PollCounts). */
  polls: { readonly polls: number; readonly unchanged: number };
  /** Notification deliveries since start, by outcome (notify/worker.ts stats()). */
  deliveries?: () => { sent: number; retried: number; failed: number };
  /** The scheduled backups' status (store/backup.ts), with BACKUP_DIR. */
  backups?: BackupStatus | undefined;
  now?: () => number;
  /** Litestream's replica, when Holler runs under it with LITESTREAM_ADDR (store/replica.ts). */
  replica?: (() => ReplicaStatus) | undefined;
};

// Group commit: a batch is 1 post when it is quiet, more under load (posting/writer.ts).
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256];
// Most answers take well under a millisecond; an archive page or a post with its fsync, a few.
const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// A commit waits for an fsync: well under a millisecond on SSD, tens of ms on slow disks.
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createMetrics({ store, polls, deliveries, backups, replica, now = Date.now }: MetricsSources) {
  const registry = new Registry();
  const registers = [registry];
  // Process and runtime: RSS (process_resident_memory_bytes), event-loop lag
  // (nodejs_eventloop_lag_seconds and its percentiles), heap, GC, open file descriptors.
  collectDefaultMetrics({ register: registry });
  // Gauges named *_total break Prometheus' naming rules (promtool check metrics fails on them);
  // the same numbers are there by type as nodejs_active_{handles,requests,resources}.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) registry.removeSingleMetric(name);
  new Gauge({ name: 'holler_build_info', help: 'Always 1: the Holler version and the Node.js version running it', labelNames: ['version', 'node'], registers }).set({ version: pkg.version, node: process.versions.node }, 1);

  // HTTP RED: by route template (/b/:board/feed, never the raw path: the series stay few) and status.
  const requests = new Counter({ name: 'holler_http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers });
  const requestSeconds = new Histogram({ name: 'holler_http_request_duration_seconds', help: 'Time to answer a request that reached the app (the no-change polls answered before it take microseconds and are only counted)', labelNames: ['method', 'route'], buckets: REQUEST_BUCKETS, registers });

  const accepted = new Counter({ name: 'holler_posts_accepted_total', help: 'Visitor posts stored, by status: visible, or held for a moderator', labelNames: ['status'], registers });
  const refused = new Counter({ name: 'holler_posts_refused_total', help: 'Visitor posts refused, by reason (the posting pipeline\'s refusal code)', labelNames: ['reason'], registers });
  // Every series exists from the start, so rate() and alerts see a 0 rather than nothing.
  for (const status of ['visible', 'held']) accepted.inc({ status }, 0);
  for (const reason of REFUSAL_CODES) refused.inc({ reason }, 0);

  const batchSize = new Histogram({ name: 'holler_post_commit_batch_size', help: 'Posts written by one group commit', buckets: BATCH_BUCKETS, registers });
  const commitSeconds = new Histogram({ name: 'holler_post_commit_duration_seconds', help: 'Time one group commit took, fsync included', buckets: COMMIT_BUCKETS, registers });

  // Read at scrape time. A counter's value is set by clearing it and adding the running total.
  new Counter({
    name: 'holler_polls_total', help: 'Widget polls answered (GET /b/:board/feed)', registers,
    collect() { this.reset(); this.inc(polls.polls); },
  });
  new Counter({
    name: 'holler_polls_unchanged_total', help: 'Polls answered 204 from memory because nothing changed', registers,
    collect() { this.reset(); this.inc(polls.unchanged); },
  });
  if (deliveries) {
    new Counter({
      name: 'holler_notification_deliveries_total', help: 'Notification delivery attempts, by outcome: sent, retried (failed, tried again later), given_up', labelNames: ['outcome'], registers,
      collect() {
        const s = deliveries();
        this.reset();
        this.inc({ outcome: 'sent' }, s.sent);
        this.inc({ outcome: 'retried' }, s.retried);
        this.inc({ outcome: 'given_up' }, s.failed);
      },
    });
  }
  new Gauge({
    name: 'holler_notifications_waiting', help: 'Outbox deliveries not sent: pending (due or retrying) and failed (given up)', labelNames: ['status'], registers,
    collect() {
      const c = store.outboxCounts(Number.MAX_SAFE_INTEGER);
      this.set({ status: 'pending' }, c.pending);
      this.set({ status: 'failed' }, c.failed);
    },
  });
  new Gauge({ name: 'holler_held_messages', help: 'Messages waiting for a moderator\'s approval', registers, collect() { this.set(store.heldCount()); } });
  new Gauge({
    name: 'holler_database_bytes', help: 'Size of the SQLite database: its pages (file="db") and its write-ahead log (file="wal")', labelNames: ['file'], registers,
    collect() {
      const b = store.databaseBytes();
      this.set({ file: 'db' }, b.db);
      this.set({ file: 'wal' }, b.wal);
    },
  });
  // Only where there is a filesystem to ask (not for an in-memory database).
  if (store.freeBytes() !== null) {
    new Gauge({
      name: 'holler_data_dir_free_bytes', help: 'Free space for Holler on the filesystem holding DATA_DIR (see DISK_MIN_FREE_MB)', registers,
      collect() {
        const free = store.freeBytes();
        if (free !== null) this.set(free);
      },
    });
  }

  if (backups) {
    // With no backup yet: timestamp 0 and age +Inf, so an alert on the age fires (not silence).
    new Gauge({
      name: 'holler_backup_last_success_timestamp_seconds', help: 'Unix time of the newest good backup in BACKUP_DIR (0 = none yet)', registers,
      collect() { this.set((backups.lastSuccess ?? 0) / 1000); },
    });
    new Gauge({
      name: 'holler_backup_age_seconds', help: 'Seconds since the newest good backup in BACKUP_DIR was written (+Inf = none yet)', registers,
      collect() { this.set(backups.lastSuccess === null ? Infinity : Math.max(0, (now() - backups.lastSuccess) / 1000)); },
    });
    new Counter({
      name: 'holler_backup_failures_total', help: 'Scheduled backups that failed since start (tried again hourly)', registers,
      collect() { this.reset(); this.inc(backups.failures); },
    });
  }
  if (replica) replicaGauges(registers, replica);

  const children = new Map<string, { count: ReturnType<typeof requests.labels>; time: ReturnType<typeof requestSeconds.labels> }>();

  return {
    registry,
    /** A visitor's post was stored (held: it waits for a moderator). */
    accepted: (held: boolean) => accepted.inc({ status: held ? 'held' : 'visible' }),
    refused: (code: RefusalCode) => refused.inc({ reason: code }),
    /** One answered request (http/metrics-route.ts's middleware; `seconds` undefined: counted only). */
    request(method: string, route: string, status: number, seconds?: number) {
      // Each series' child once: inc() and observe() on it skip hashing the labels per request.
      const key = `${method} ${route} ${status}`;
      let child = children.get(key);
      if (!child) children.set(key, (child = { count: requests.labels(method, route, String(status)), time: requestSeconds.labels(method, route) }));
      child.count.inc();
      if (seconds !== undefined) child.time.observe(seconds);
    },
    /** For posting/writer.ts's OnCommit. */
    commit(size: number, seconds: number) {
      batchSize.observe(size);
      commitSeconds.observe(seconds);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
