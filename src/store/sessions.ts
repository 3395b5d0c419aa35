/**
 * @module store/sessions
 * Table `sessions`: the moderator's sessions by the hash of their id (a database leak yields no
 * usable cookie), created_at, last_seen and the tag of the password they were opened with. Also when an admin was last active, kept in memory
 * because every widget render with presence on reads it.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

export function createSessionStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    insert: db.prepare<[string, number, number, string]>(`INSERT INTO sessions (id_hash, created_at, last_seen, password_tag) VALUES (?, ?, ?, ?)`),
    get: db.prepare<[string], { createdAt: number; lastSeen: number; passwordTag: string }>(
      `SELECT created_at AS createdAt, last_seen AS lastSeen, password_tag AS passwordTag FROM sessions WHERE id_hash = ?`,
    ),
    touch: db.prepare<[number, string]>(`UPDATE sessions SET last_seen = ? WHERE id_hash = ?`),
    delete: db.prepare<[string]>(`DELETE FROM sessions WHERE id_hash = ?`),
    deleteAll: db.prepare(`DELETE FROM sessions`),
    prune: db.prepare<[number, number]>(`DELETE FROM sessions WHERE last_seen < ? OR created_at < ?`),
    lastSeen: db.prepare<[], { at: number | null }>(`SELECT max(last_seen) AS at FROM sessions`),
  };

  let adminSeenAt = q.lastSeen.get()?.at ?? 0;

  return {
    /** `passwordTag` names the password the session was opened with (moderation/auth.ts). */
    createSession(idHash: string, passwordTag: string): void {
      const t = now();
      tracked(() => q.insert.run(idHash, t, t, passwordTag));
      adminSeenAt = t;
    },
    getSession: (idHash: string) => q.get.get(idHash),
    touchSession(idHash: string): void {
      const t = now();
      tracked(() => q.touch.run(t, idHash));
      adminSeenAt = Math.max(adminSeenAt, t);
    },
    deleteSession: (idHash: string): void => void tracked(() => q.delete.run(idHash)),
    deleteAllSessions: (): void => void tracked(() => q.deleteAll.run()),
    pruneSessions: (idleBefore: number, createdBefore: number): void => void tracked(() => q.prune.run(idleBefore, createdBefore)),
    /** An admin page is open (a background poll): presence only, nothing written. */
    noteAdminSeen: (): void => void (adminSeenAt = Math.max(adminSeenAt, now())),
    /** Last activity of any admin session (ms), for the widget's presence line. */
    adminSeenAt: (): number => adminSeenAt,
  };
}
