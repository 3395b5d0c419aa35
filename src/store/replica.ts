/**
 * @module store/replica
 * Whether Litestream's replica of holler.db is current, for /metrics, /healthz and the admin
 * (README "Scaling and failover"). Litestream runs beside Holler (usually as its parent,
 * `litestream replicate -exec`) and serves Prometheus metrics at its `addr:`; deploy/litestream.yml
 * takes that from LITESTREAM_ADDR, and Holler given the same variable reads them every few
 * seconds, off the request path. Without LITESTREAM_ADDR nothing is watched and nothing is shown.
 *
 * "Current" means the replica holds what Litestream had read of the WAL (its shadow WAL: index
 * and size) at a recent reading - Litestream reads the WAL every second, so that is Holler's
 * commits up to a few seconds back. Under steady posting the replica is always a sync behind the
 * newest reading, by design, so the lag is measured against earlier readings, and the state
 * turns `behind` only once the replica has not caught up for `maxLagMs`. If Litestream's metrics
 * stop answering (Litestream stopped or crashed: nothing is being replicated) the state is
 * `unreachable`; a replica is never reported current without Litestream saying so.
 */

export type ReplicaState = 'current' | 'behind' | 'unreachable' | 'starting';

export type ReplicaStatus = {
  state: ReplicaState;
  /** How old the newest reading of Litestream's that every replica holds is, seconds (0 = the latest). */
  lagSeconds: number;
  /** Litestream's failed syncs since it started (its litestream_sync_error_count). */
  syncErrors: number;
  /** When the metrics were last read, ms since the epoch; null before the first answer. */
  checkedAt: number | null;
  /** Where the metrics are read, for messages. */
  source: string;
};

export type ReplicaWatch = { status(): ReplicaStatus; check(): Promise<void>; stop(): void };

/** LITESTREAM_ADDR as Litestream takes it (host:port, or :port for every interface) → its metrics URL; null when unset. */
export function litestreamMetricsUrl(addr: string | undefined): { url: string } | { error: string } | null {
  const raw = addr?.trim();
  if (!raw) return null;
  const m = /^(\[[0-9a-f:.]+\]|[\w.-]*):(\d{1,5})$/i.exec(raw);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) return { error: `LITESTREAM_ADDR must be host:port as in deploy/litestream.yml, e.g. 127.0.0.1:9097 (got "${raw}")` };
  const host = !m[1] || m[1] === '0.0.0.0' ? '127.0.0.1' : m[1] === '[::]' ? '[::1]' : m[1];
  return { url: `http://${host}:${m[2]}/metrics` };
}

type Sample = { shadow: Map<string, [number, number]>; replicas: Map<string, [number, number]>; errors: number };

/** The few Litestream series that say where the WAL and each replica are, by database. */
export function parseLitestreamMetrics(text: string, dbSuffix = 'holler.db'): Sample {
  const s: Sample = { shadow: new Map(), replicas: new Map(), errors: 0 };
  const put = (map: Map<string, [number, number]>, key: string, i: 0 | 1, v: number) => {
    const cur = map.get(key) ?? [0, 0];
    cur[i] = v;
    map.set(key, cur);
  };
  for (const line of text.split('\n')) {
    const m = /^(litestream_\w+)\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[2]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (!labels.db?.endsWith(dbSuffix)) continue;
    const v = Number(m[3]);
    const replica = `${labels.db}\u0000${labels.name ?? ''}`;
    if (m[1] === 'litestream_shadow_wal_index') put(s.shadow, labels.db, 0, v);
    else if (m[1] === 'litestream_shadow_wal_size') put(s.shadow, labels.db, 1, v);
    else if (m[1] === 'litestream_replica_wal_index') put(s.replicas, replica, 0, v);
    else if (m[1] === 'litestream_replica_wal_offset') put(s.replicas, replica, 1, v);
    else if (m[1] === 'litestream_sync_error_count') s.errors += v;
  }
  return s;
}

type Position = [index: number, offset: number];
const atLeast = (a: Position, b: Position) => a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]);

/** Holler's database as Litestream sees it: what it has read of the WAL, and the least any replica holds. */
function positions(s: Sample): { shadow: Position; replica: Position } | null {
  const [db, shadow] = [...s.shadow][0] ?? [];
  const replicas = [...s.replicas].filter(([key]) => key.split('\u0000')[0] === db).map(([, p]) => p);
  if (!shadow || !replicas.length) return null;
  return { shadow, replica: replicas.reduce((min, p) => (atLeast(p, min) ? min : p)) };
}

export function createReplicaWatch({ url, now = Date.now, intervalMs = 2000, maxLagMs = 30_000, fetchFn = fetch }: { url: string; now?: () => number; intervalMs?: number; maxLagMs?: number; fetchFn?: typeof fetch }): ReplicaWatch {
  const started = now();
  // Under steady posting the replica is always a sync behind what Litestream just read, so
  // "current" is judged against the past: the newest earlier reading the replica now covers.
  let readings: { at: number; shadow: Position }[] = [];
  let lastCurrent: number | null = null;
  let checkedAt: number | null = null;
  let reachable = false;
  let syncErrors = 0;
  let prevErrors: number | null = null;

  async function check() {
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(2000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const sample = parseLitestreamMetrics(await res.text());
      reachable = true;
      checkedAt = now();
      syncErrors = sample.errors;
      // A sync that failed since the last look: the positions may agree only because nothing moves.
      const failing = prevErrors !== null && sample.errors > prevErrors;
      prevErrors = sample.errors;
      const p = positions(sample);
      if (!p || failing) return;
      readings = [...readings.filter((r) => checkedAt! - r.at < 2 * maxLagMs), { at: checkedAt, shadow: p.shadow }];
      const covered = readings.filter((r) => atLeast(p.replica, r.shadow)).map((r) => r.at);
      if (covered.length) lastCurrent = Math.max(lastCurrent ?? 0, ...covered);
    } catch {
      reachable = false;
    }
  }
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  void check();

  return {
    check,
    stop: () => clearInterval(timer),
    status(): ReplicaStatus {
      const t = now();
      const lagMs = lastCurrent === null ? t - started : lastCurrent === checkedAt && reachable ? 0 : t - lastCurrent;
      const state: ReplicaState =
        lastCurrent === null && t - started < maxLagMs ? 'starting' : !reachable ? 'unreachable' : lagMs <= maxLagMs ? 'current' : 'behind';
      return { state, lagSeconds: Math.round(lagMs / 1000), syncErrors, checkedAt, source: url };
    },
  };
}

/** The words /healthz adds after "ok" when the replica is not current; null when it is (or unwatched). */
export function replicaTrouble(status: ReplicaStatus | null | undefined): string | null {
  if (!status || status.state === 'current' || status.state === 'starting') return null;
  return status.state === 'unreachable'
    ? `replica unknown: Litestream's metrics at ${status.source} do not answer, so nothing may be replicating`
    : `replica behind: Litestream's replica has not caught up for ${status.lagSeconds} s`;
}
