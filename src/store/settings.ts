/**
 * @module store/settings
 * Table `settings` (key/value): the generated secrets (poster keys, form tokens), the admin
 * password hash, and the like.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

/** How long a read of the poster-key secret is reused (a CLI rotation applies within it). */
export const SECRET_TTL_MS = 5000;

export function createSettingStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    get: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
    putOnce: db.prepare<[string, string]>(`INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)`),
    put: db.prepare<[string, string]>(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
  };
  const newSecret = () => randomBytes(32).toString('base64url');
  let secretCache: { value: string; at: number } | null = null;

  return {
    getSetting: (key: string): string | undefined => q.get.get(key)?.value,
    putSetting: (key: string, value: string): void => void tracked(() => q.put.run(key, value)),

    /** The secret behind poster keys, generated on first use and kept in the database. */
    posterSecret(): string {
      // Re-read every few seconds, so a rotation by the CLI (another process) applies within
      // SECRET_TTL_MS without a query on every post: a plain read, which works while another
      // writer holds the lock or the disk is read-only; written only the first time.
      if (secretCache && now() - secretCache.at < SECRET_TTL_MS) return secretCache.value;
      let row = q.get.get('poster_secret');
      if (!row) {
        q.putOnce.run('poster_secret', newSecret());
        row = q.get.get('poster_secret')!;
      }
      secretCache = { value: row.value, at: now() };
      return row.value;
    },

    /**
     * Replaces the poster-key secret. Old poster keys stop matching new posts from the same
     * address: rate limits, duplicate checks and anything keyed by poster start afresh.
     */
    rotatePosterSecret(): void {
      tracked(() => q.put.run('poster_secret', newSecret()));
      secretCache = null;
    },

    /** The secret that signs form tokens (posting/form-token.ts), generated on first use. */
    formSecret(): string {
      q.putOnce.run('form_secret', newSecret());
      return q.get.get('form_secret')!.value;
    },
  };
}
