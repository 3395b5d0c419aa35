/**
 * @module retention
 * Forgetting on schedule: visible and held messages older than RETAIN_DAYS (off by default),
 * deleted ones PURGE_DELETED_DAYS after their deletion (30 by default), and audit entries older
 * than AUDIT_RETAIN_DAYS (365 by default) are erased from the database. Runs at boot and then hourly in-process; the timer is unref'd so it never
 * keeps the process alive. The SQL is in store.prune().
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Store } from './store.ts';
import { DAY_MS } from '../time.ts';

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

type RetentionDeps = { store: Pick<Store, 'prune'>; config: Pick<Config, 'retainDays' | 'purgeDeletedDays'> & Partial<Pick<Config, 'auditRetainDays'>>; now: () => number; log: Logger };

/** One pass: what was erased. 0 days means "keep" for either setting. */
export function runRetention({ store, config, now, log }: RetentionDeps): { pruned: number; purged: number; audit: number } {
  const t = now();
  const result = store.prune({
    keepBefore: config.retainDays > 0 ? t - config.retainDays * DAY_MS : 0,
    purgeDeletedBefore: config.purgeDeletedDays > 0 ? t - config.purgeDeletedDays * DAY_MS : 0,
    auditBefore: config.auditRetainDays ? t - config.auditRetainDays * DAY_MS : 0,
  });
  if (result.pruned || result.purged || result.audit) {
    log.info('retention', { ...result, retainDays: config.retainDays, purgeDeletedDays: config.purgeDeletedDays, auditRetainDays: config.auditRetainDays });
  }
  return result;
}

/** Runs retention now and every `intervalMs`; returns stop(). A failing pass is logged, not fatal. */
export function startRetention(deps: RetentionDeps, intervalMs = RETENTION_INTERVAL_MS): () => void {
  const pass = () => {
    try {
      runRetention(deps);
    } catch (err) {
      deps.log.error('retention failed', { error: (err as Error).message });
    }
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
