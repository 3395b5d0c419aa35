/**
 * @module http/health
 * GET /livez and /healthz for monitors, orchestrators and the Docker HEALTHCHECK, and the
 * free-space watch on DATA_DIR.
 *   /livez: liveness. 200 whenever the process answers at all (an answer proves the event loop
 *   turns). It never looks at the disk or the database: a liveness probe that failed on a full
 *   disk would have the orchestrator restart Holler in a loop, which frees nothing.
 *   /healthz: readiness, as below.
 *   200 ok               the database answers, and writes work (or none has failed)
 *   503 <reason>         a real write failed (disk full, read-only, i/o) and nothing since has
 *                        proved that the database takes new data again (see store/writes.ts)
 * The body also names low free space and a failed scheduled backup, so a human reading it sees
 * trouble coming.
 */
import { Hono } from 'hono';
import type { Logger } from '../log.ts';
import { databaseUnavailable } from '../store/faults.ts';
import type { Store } from '../store/store.ts';
import type { BackupStatus } from '../store/backup.ts';
import { replicaTrouble, type ReplicaStatus } from '../store/replica.ts';

type HealthStore = Pick<Store, 'ping' | 'writeFault' | 'probeWrite' | 'freeBytes'>;

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** Why writes fail right now, in the words /healthz and the moderation banner use; null when fine. */
export function writeTrouble(store: Pick<HealthStore, 'writeFault'>): string | null {
  const fault = store.writeFault();
  return fault ? `${databaseUnavailable(fault) ?? 'error'}: ${fault.message}` : null;
}

export function healthRoutes({ store, minFreeBytes, backups, replica }: { store: HealthStore; minFreeBytes: number; backups?: Pick<BackupStatus, 'failure'> | undefined; replica?: (() => ReplicaStatus) | undefined }) {
  const app = new Hono();
  app.get('/livez', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.text('ok');
  });
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    try {
      store.ping();
      if (store.writeFault()) store.probeWrite();
    } catch (err) {
      // The real write's failure is the reason to show while it stands; else what the probe met.
      const reason = writeTrouble(store) ?? `${databaseUnavailable(err) ?? 'error'}: ${(err as Error).message}`;
      return c.text(`database unavailable: ${reason}`, 503);
    }
    // Still ready (200): a failed backup stops no visitor, but whoever reads the body learns of it.
    const notes: string[] = [];
    const free = store.freeBytes();
    if (free !== null && free < minFreeBytes) notes.push(`low disk space: ${mib(free)} free in DATA_DIR`);
    if (backups?.failure) notes.push(`the last scheduled backup failed: ${backups.failure.error}`);
    // Posting works either way, but a replica that is not current is said, never hidden.
    const lag = replicaTrouble(replica?.());
    if (lag) notes.push(lag);
    return c.text(notes.length ? `ok (${notes.join('; ')})` : 'ok');
  });
  return app;
}

/**
 * Logs a warning when free space where the database lives drops under `minFreeBytes`, and an
 * info line when it is back above it (once per crossing, not every check). Returns stop().
 */
export function watchDiskSpace({ store, log, minFreeBytes, intervalMs = 60_000 }: { store: Pick<HealthStore, 'freeBytes'>; log: Logger; minFreeBytes: number; intervalMs?: number }): () => void {
  let low = false;
  const check = () => {
    const free = store.freeBytes();
    if (free === null) return;
    if (!low && free < minFreeBytes) {
      low = true;
      log.warn('low disk space in DATA_DIR', { free: mib(free), threshold: mib(minFreeBytes) });
    } else if (low && free >= minFreeBytes) {
      low = false;
      log.info('disk space in DATA_DIR back above the threshold', { free: mib(free) });
    }
  };
  check();
  const timer = setInterval(check, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
