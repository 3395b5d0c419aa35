/**
 * @module store/audit
 * Table `audit`: every moderator action (what, when, on which board, message or poster).
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
}>;

export type AuditFilter = { action?: string; board?: string; before?: number };

export type NewAuditEntry = { action: string; board?: string | null; message?: string | null; poster?: string | null; details?: string };

export function createAuditStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    insert: db.prepare(
      `INSERT INTO audit (at, action, board, message, poster, details) VALUES (@at, @action, @board, @message, @poster, @details)`,
    ),
    list: db.prepare(
      `SELECT seq, at, action, board, message, poster, details FROM audit
       WHERE (@action IS NULL OR action = @action) AND (@board IS NULL OR board = @board) AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    ),
  };
  return {
    audit(e: NewAuditEntry): void {
      tracked(() => q.insert.run({ at: now(), action: e.action, board: e.board ?? null, message: e.message ?? null, poster: e.poster ?? null, details: e.details ?? '' }));
    },
    auditList: (f: AuditFilter, limit = 100): AuditEntry[] =>
      q.list.all({ action: f.action ?? null, board: f.board ?? null, before: f.before ?? Number.MAX_SAFE_INTEGER, limit }) as AuditEntry[],
  };
}
