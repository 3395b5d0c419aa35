/**
 * @module store/bans
 * Table `bans`: poster key, reason, created_at, expires_at (NULL = for good). An expired ban is
 * ignored at once and erased by retention.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

export type Ban = Readonly<{ poster: string; reason: string; createdAt: number; expiresAt: number | null }>;

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
    /** Inside retention's transaction: ended bans protect nothing and keep a poster key. */
    pruneBans: (): void => void q.prune.run(now()),
  };
}
