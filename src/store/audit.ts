/**
 * @module store/audit
 * Table `audit`: every moderator action (what, when, who, on which board, message or poster).
 * Entries older than AUDIT_RETAIN_DAYS are erased by retention (store.prune).
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

export type AuditEntry = Readonly<{
  seq: number;
  at: number;
  action: string;
  board: string | null;
  message: string | null;
  poster: string | null;
  details: string;
  /** Who acted: 'session:<tag>', 'cli', 'token:<name>', 'author' ('' before the column existed). */
  actor: string;
}>;

export type AuditFilter = { action?: string; board?: string; before?: number };

/** `actor` is required so no new call site can forget to say who acted. */
export type NewAuditEntry = { actor: string; action: string; board?: string | null; message?: string | null; poster?: string | null; details?: string };

export function createAuditStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    insert: db.prepare(
      `INSERT INTO audit (at, actor, action, board, message, poster, details) VALUES (@at, @actor, @action, @board, @message, @poster, @details)`,
    ),
    list: db.prepare(
      `SELECT seq, at, actor, action, board, message, poster, details FROM audit
       WHERE (@action IS NULL OR action = @action) AND (@board IS NULL OR board = @board) AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    ),
    prune: db.prepare<[number]>(`DELETE FROM audit WHERE at < ?`),
  };
  return {
    audit(e: NewAuditEntry): void {
      tracked(() => q.insert.run({ at: now(), actor: e.actor, action: e.action, board: e.board ?? null, message: e.message ?? null, poster: e.poster ?? null, details: e.details ?? '' }));
    },
    auditList: (f: AuditFilter, limit = 100): AuditEntry[] =>
      q.list.all({ action: f.action ?? null, board: f.board ?? null, before: f.before ?? Number.MAX_SAFE_INTEGER, limit }) as AuditEntry[],
    /** Inside retention's transaction: erases entries older than `before` (0 skips). */
    pruneAudit: (before: number): number => (before > 0 ? q.prune.run(before).changes : 0),
  };
}
