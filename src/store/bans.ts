/**
 * @module store/bans
 * Table `bans`: poster key, reason, created_at, expires_at (NULL = for good). An expired ban is
 * ignored at once and erased by retention.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';
import { EXCERPT_CHARS } from './audit.ts';

export type Ban = Readonly<{ poster: string; reason: string; createdAt: number; expiresAt: number | null }>;

/**
 * A ban as the Bans page shows it: with who made it and from which message, read from the
 * audit entry the ban wrote (null when there is none any more: AUDIT_RETAIN_DAYS, or older data).
 */
export type BanListing = Ban & Readonly<{ actor: string | null; board: string | null; message: string | null; excerpt: string | null; messageStatus: string | null }>;

export function createBanStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    put: db.prepare(
      `INSERT INTO bans (poster, reason, created_at, expires_at) VALUES (@poster, @reason, @createdAt, @expiresAt)
       ON CONFLICT (poster) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    delete: db.prepare<[string]>(`DELETE FROM bans WHERE poster = ?`),
    active: db.prepare<[string, number], Ban>(
      `SELECT poster, reason, created_at AS createdAt, expires_at AS expiresAt FROM bans
       WHERE poster = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    // The audit entry of a ban is the first 'ban' entry for the poster's tag written at or after
    // the ban itself (the route writes the ban, then the entry; a re-ban moves created_at on).
    listing: db.prepare<[number], BanListing>(
      `SELECT b.poster, b.reason, b.created_at AS createdAt, b.expires_at AS expiresAt,
              a.actor, a.board, a.message, substr(m.body, 1, ${EXCERPT_CHARS}) AS excerpt, m.status AS messageStatus
       FROM bans b
       LEFT JOIN audit a ON a.seq = (SELECT seq FROM audit WHERE action = 'ban' AND poster = substr(b.poster, 1, 8) AND at >= b.created_at ORDER BY seq LIMIT 1)
       LEFT JOIN messages m ON m.id = a.message
       WHERE b.expires_at IS NULL OR b.expires_at > ? ORDER BY b.created_at DESC`,
    ),
    all: db.prepare<[number], Ban>(
      `SELECT poster, reason, created_at AS createdAt, expires_at AS expiresAt FROM bans
       WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at DESC`,
    ),
    prune: db.prepare<[number]>(`DELETE FROM bans WHERE expires_at IS NOT NULL AND expires_at <= ?`),
  };

  return {
    ban(poster: string, reason: string, expiresAt: number | null): void {
      tracked(() => q.put.run({ poster, reason, createdAt: now(), expiresAt }));
    },
    unban: (poster: string): boolean => tracked(() => q.delete.run(poster)).changes === 1,
    /** The ban in force on this poster now, if any (an expired ban is ignored, not deleted). */
    activeBan: (poster: string): Ban | undefined => q.active.get(poster, now()),
    bans: (): Ban[] => q.all.all(now()),
    /** The bans in force, with their audit trail (the Bans page). */
    banListing: (): BanListing[] => q.listing.all(now()),
    /** Inside retention's transaction: ended bans protect nothing and keep a poster key. */
    pruneBans: (): void => void q.prune.run(now()),
  };
}
