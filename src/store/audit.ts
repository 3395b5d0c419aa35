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
  /** The start of the message's text, while the message still exists (retention may erase it). */
  excerpt: string | null;
  /** The message's status now (null once it is erased): only a visible one has a public permalink. */
  messageStatus: string | null;
}>;

/** How much of a message the audit log and the Bans page show (the view shortens it further). */
export const EXCERPT_CHARS = 200;

export type AuditFilter = { action?: string; board?: string; before?: number };

/** `actor` is required so no new call site can forget to say who acted. */
export type NewAuditEntry = { actor: string; action: string; board?: string | null; message?: string | null; poster?: string | null; details?: string };

export function createAuditStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    insert: db.prepare(
      `INSERT INTO audit (at, actor, action, board, message, poster, details) VALUES (@at, @actor, @action, @board, @message, @poster, @details)`,
    ),
    list: db.prepare(
      `SELECT a.seq, a.at, a.actor, a.action, a.board, a.message, a.poster, a.details, substr(m.body, 1, ${EXCERPT_CHARS}) AS excerpt, m.status AS messageStatus
       FROM audit a LEFT JOIN messages m ON m.id = a.message
       WHERE (@action IS NULL OR a.action = @action) AND (@board IS NULL OR a.board = @board) AND a.seq < @before
       ORDER BY a.seq DESC LIMIT @limit`,
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
