/**
 * @module store/bans
 * Table `bans`: poster key, board ('' = every board), reason, created_at, expires_at (NULL = for
 * good). A poster may hold a ban on one board and another on every board; each ends alone. An
 * expired ban is ignored at once and erased by retention.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';
import { EXCERPT_CHARS } from './audit.ts';

/** `board`: the board the ban is on, or null for every board. */
export type Ban = Readonly<{ poster: string; board: string | null; reason: string; createdAt: number; expiresAt: number | null }>;
type BanRow = Omit<Ban, 'board'> & { board: string };
const toBan = <T extends BanRow>(r: T): T & { board: string | null } => ({ ...r, board: r.board || null });
const BAN_COLUMNS = 'poster, board, reason, created_at AS createdAt, expires_at AS expiresAt';

/**
 * A ban as the Bans page shows it: with who made it and from which message, read from the
 * audit entry the ban wrote (null when there is none any more: AUDIT_RETAIN_DAYS, or older data).
 */
export type BanListing = Ban & Readonly<{ actor: string | null; messageBoard: string | null; message: string | null; excerpt: string | null; messageStatus: string | null }>;

export function createBanStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    put: db.prepare(
      `INSERT INTO bans (poster, board, reason, created_at, expires_at) VALUES (@poster, @board, @reason, @createdAt, @expiresAt)
       ON CONFLICT (poster, board) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare<[string, string]>(`DELETE FROM bans WHERE poster = ? AND board = ?`),
    // Of the bans that apply (this board's and the every-board one), the one that ends last.
    // At most two rows (the key is poster, board): the one that ends last is picked in activeBan.
    // An ORDER BY here made SQLite open a sorter (a temporary b-tree) on every post.
    active: db.prepare<[string, string, number], BanRow>(
      `SELECT ${BAN_COLUMNS} FROM bans
       WHERE poster = ? AND board IN ('', ?) AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    // The audit entry of a ban is the first 'ban' entry for the poster's tag written at or after
    // the ban itself (the route writes the ban, then the entry; a re-ban moves created_at on),
    // and for a one-board ban, an entry on that board (a poster may hold both kinds).
    listing: db.prepare<[number], BanRow & Omit<BanListing, keyof Ban>>(
      `SELECT b.poster, b.board, b.reason, b.created_at AS createdAt, b.expires_at AS expiresAt,
              a.actor, a.board AS messageBoard, a.message, substr(m.body, 1, ${EXCERPT_CHARS}) AS excerpt, m.status AS messageStatus
       FROM bans b
       LEFT JOIN audit a ON a.seq = (SELECT seq FROM audit WHERE action = 'ban' AND poster = substr(b.poster, 1, 8) AND at >= b.created_at
         AND (b.board = '' OR audit.board = b.board) ORDER BY seq LIMIT 1)
       LEFT JOIN messages m ON m.id = a.message
       WHERE b.expires_at IS NULL OR b.expires_at > ? ORDER BY b.created_at DESC`,
    ),
    all: db.prepare<[number], BanRow>(
      `SELECT ${BAN_COLUMNS} FROM bans
       WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at DESC`,
    ),
    prune: db.prepare<[number]>(`DELETE FROM bans WHERE expires_at IS NOT NULL AND expires_at <= ?`),
  };

  return {
    /** Bans `poster` on `board`, or on every board (null); replaces a ban with the same reach. */
    ban(poster: string, reason: string, expiresAt: number | null, board: string | null = null): void {
      tracked(() => q.put.run({ poster, board: board ?? '', reason, createdAt: now(), expiresAt }));
    },
    /** Lifts the ban on `board` (null: the every-board one); false if there was none. */
    unban: (poster: string, board: string | null = null): boolean => tracked(() => q.delete.run(poster, board ?? '')).changes === 1,
    /** The ban in force on this poster on `board` now (its own or an every-board one), if any; an expired ban is ignored, not deleted. */
    activeBan(poster: string, board: string): Ban | undefined {
      let row: BanRow | undefined;
      for (const r of q.active.all(poster, board, now())) {
        if (!row || (row.expiresAt !== null && (r.expiresAt === null || r.expiresAt > row.expiresAt))) row = r;
      }
      return row && toBan(row);
    },
    bans: (): Ban[] => q.all.all(now()).map(toBan),
    /** The bans in force, with their audit trail (the Bans page). */
    banListing: (): BanListing[] => q.listing.all(now()).map(toBan),
    /** Inside retention's transaction: ended bans protect nothing and keep a poster key. */
    pruneBans: (): void => void q.prune.run(now()),
  };
}
