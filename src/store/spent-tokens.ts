/**
 * @module store/spent-tokens
 * Table `spent_tokens`: the ids of form tokens already used, until they would expire anyway.
 * In memory they were forgotten by a restart, after which a captured token could be replayed
 * once within its day. A spend is queued and written inside the next message transaction (the
 * post that spent it), so it costs no commit (and no fsync) of its own; until then the queue
 * answers for it.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

export function createSpentTokenStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    has: db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM spent_tokens WHERE id = ?`),
    insert: db.prepare<[string, number]>(`INSERT OR IGNORE INTO spent_tokens (id, expires_at) VALUES (?, ?)`),
    delete: db.prepare<[string]>(`DELETE FROM spent_tokens WHERE id = ?`),
    prune: db.prepare<[number]>(`DELETE FROM spent_tokens WHERE expires_at <= ?`),
  };
  // Spent, not yet committed: id → expiry. Written by every message transaction and dropped
  // from here only once it committed; if it rolls back they stay queued (and the failed posts'
  // undo takes theirs out), so a failed write never needs a database write to undo.
  const queued = new Map<string, number>();
  let written: string[] = [];

  return {
    isTokenSpent: (id: string): boolean => queued.has(id) || q.has.get(id) !== undefined,
    /** Marks a token id spent; written with the next message (see withPosts). */
    spendToken: (id: string, expiresAt: number): void => void queued.set(id, expiresAt),
    /** Gives a token back (its post could not be stored). */
    unspendToken(id: string): void {
      if (!queued.delete(id)) tracked(() => q.delete.run(id));
    },
    /** Goes with every message transaction (messages.ts WithPosts). */
    withPosts: {
      write(): void {
        written = [...queued.keys()];
        for (const [id, expiresAt] of queued) q.insert.run(id, expiresAt);
      },
      committed(): void {
        for (const id of written) queued.delete(id);
        written = [];
      },
    },
    /** Inside retention's transaction: forgets ids whose tokens have expired anyway. */
    pruneSpentTokens: (): number => q.prune.run(now()).changes,
  };
}
