/**
 * @module store-moderation
 * The moderation half of the store (split from store.ts only for size; createStore spreads it
 * in, so callers see one Store). Tables: sessions (hashed ids), bans (poster key, expiry),
 * audit (every moderator action), board settings, pins, the moderator's message list.
 * Like store.ts: every statement prepared once, synchronous, board map updated after COMMIT.
 */
import type { Db } from './db.ts';
import type { Board, Message, MessageStatus } from './store.ts';

export type MessageRow = Omit<Message, 'staff' | 'pinned'> & { staff: number; pinned: number };

export type BoardSettings = Omit<Board, 'slug' | 'rev'>;

export type Ban = Readonly<{ poster: string; reason: string; createdAt: number; expiresAt: number | null }>;

export type AuditEntry = Readonly<{
  seq: number;
  at: number;
  action: string;
  board: string | null;
  message: string | null;
  poster: string | null;
  details: string;
}>;

/** Filters of the moderator's list; every one optional. `poster` is a prefix (the 8-char tag). */
export type ModFilter = { board?: string; status?: MessageStatus; poster?: string; q?: string; before?: number; after?: number };

export type AuditFilter = { action?: string; board?: string; before?: number };

type Ctx = {
  db: Db;
  now: () => number;
  boards: Map<string, Board>;
  withNewRev: <T>(slug: string, write: (rev: number) => T) => T;
  reloadBoard: (slug: string) => Board | undefined;
  toMessage: (r: MessageRow) => Message;
  messageColumns: string;
};

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function moderationStore({ db, now, boards, withNewRev, reloadBoard, toMessage, messageColumns }: Ctx) {
  const q = {
    insertBoard: db.prepare<[string, string, number]>(`INSERT OR IGNORE INTO boards (slug, title, created_at) VALUES (?, ?, ?)`),
    updateBoard: db.prepare(
      `UPDATE boards SET title = @title, max_length = @maxLength, lang = @lang, closed = @closed, slow_mode = @slowMode,
       premoderate = @premoderate, links_allowed = @linksAllowed, words = @words, words_action = @wordsAction,
       poll_interval = @pollInterval, presence = @presence WHERE slug = @slug`,
    ),
    pinned: db.prepare<[string], MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE board = ? AND status = 'visible' AND pinned = 1 ORDER BY seq DESC LIMIT 10`,
    ),
    setPinned: db.prepare<[number, number, string]>(`UPDATE messages SET pinned = ?, rev = ? WHERE id = ?`),
    byId: db.prepare<[string], MessageRow>(`SELECT ${messageColumns} FROM messages WHERE id = ?`),
    // One statement for every filter combination: a NULL parameter switches its condition off.
    modList: db.prepare(
      `SELECT ${messageColumns} FROM messages
       WHERE (@board IS NULL OR board = @board) AND (@status IS NULL OR status = @status)
         AND (@poster IS NULL OR poster LIKE @poster ESCAPE '\\')
         AND (@q IS NULL OR body LIKE @q ESCAPE '\\' OR author LIKE @q ESCAPE '\\')
         AND seq < @before AND seq > @after
       ORDER BY seq DESC LIMIT @limit`,
    ),
    posterSince: db.prepare<[string, number], { id: string; status: MessageStatus }>(
      `SELECT id, status FROM messages WHERE poster = ? AND created_at >= ? AND status != 'deleted'`,
    ),
    lastPostAt: db.prepare<[string, string], { at: number | null }>(
      `SELECT max(created_at) AS at FROM messages WHERE poster = ? AND board = ?`,
    ),
    exportRange: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${messageColumns} FROM messages WHERE board = ? AND status = 'visible' AND created_at >= ? AND created_at < ? ORDER BY seq`,
    ),
    putBan: db.prepare(
      `INSERT INTO bans (poster, reason, created_at, expires_at) VALUES (@poster, @reason, @createdAt, @expiresAt)
       ON CONFLICT (poster) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    deleteBan: db.prepare<[string]>(`DELETE FROM bans WHERE poster = ?`),
    ban: db.prepare<[string, number], Ban>(
      `SELECT poster, reason, created_at AS createdAt, expires_at AS expiresAt FROM bans
       WHERE poster = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    bans: db.prepare<[number], Ban>(
      `SELECT poster, reason, created_at AS createdAt, expires_at AS expiresAt FROM bans
       WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at DESC`,
    ),
    insertSession: db.prepare<[string, number, number]>(`INSERT INTO sessions (id_hash, created_at, last_seen) VALUES (?, ?, ?)`),
    session: db.prepare<[string], { createdAt: number; lastSeen: number }>(
      `SELECT created_at AS createdAt, last_seen AS lastSeen FROM sessions WHERE id_hash = ?`,
    ),
    touchSession: db.prepare<[number, string]>(`UPDATE sessions SET last_seen = ? WHERE id_hash = ?`),
    deleteSession: db.prepare<[string]>(`DELETE FROM sessions WHERE id_hash = ?`),
    deleteAllSessions: db.prepare(`DELETE FROM sessions`),
    pruneSessions: db.prepare<[number, number]>(`DELETE FROM sessions WHERE last_seen < ? OR created_at < ?`),
    lastSeen: db.prepare<[], { at: number | null }>(`SELECT max(last_seen) AS at FROM sessions`),
    insertAudit: db.prepare(
      `INSERT INTO audit (at, action, board, message, poster, details) VALUES (@at, @action, @board, @message, @poster, @details)`,
    ),
    audit: db.prepare(
      `SELECT seq, at, action, board, message, poster, details FROM audit
       WHERE (@action IS NULL OR action = @action) AND (@board IS NULL OR board = @board) AND seq < @before
       ORDER BY seq DESC LIMIT @limit`,
    ),
    heldCount: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM messages WHERE status = 'held'`),
    getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
    putSetting: db.prepare<[string, string]>(
      `INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  };

  // When an admin session was last active: read on every widget render, so kept in memory.
  let adminSeenAt = q.lastSeen.get()?.at ?? 0;

  return {
    listBoards: (): Board[] => [...boards.values()].sort((a, b) => a.slug.localeCompare(b.slug)),

    /** Creates a board with default settings; undefined if the slug is taken. */
    createBoard(slug: string, title: string): Board | undefined {
      if (q.insertBoard.run(slug, title, now()).changes === 0) return undefined;
      return reloadBoard(slug);
    },

    /** Writes every setting of a board; the in-memory map is refreshed, so it applies at once. */
    updateBoard(slug: string, s: BoardSettings): Board | undefined {
      const flag = (b: boolean) => (b ? 1 : 0);
      q.updateBoard.run({
        ...s, slug, closed: flag(s.closed), premoderate: flag(s.premoderate), linksAllowed: flag(s.linksAllowed), presence: flag(s.presence),
      });
      return reloadBoard(slug);
    },

    /** Pinned visible messages of a board, newest first (they lead the widget). */
    pinned: (board: string): Message[] => q.pinned.all(board).map(toMessage),

    /** Pins or unpins; bumps the board rev so open widgets pick it up. */
    setPinned(id: string, pinned: boolean): boolean {
      const msg = q.byId.get(id);
      if (!msg) return false;
      return withNewRev(msg.board, (rev) => q.setPinned.run(pinned ? 1 : 0, rev, id).changes === 1);
    },

    /** The moderator's list across boards, newest first, keyset-paginated by seq. */
    modList(f: ModFilter, limit = 50): Message[] {
      const rows = q.modList.all({
        board: f.board ?? null,
        status: f.status ?? null,
        poster: f.poster ? `${likeEscape(f.poster)}%` : null,
        q: f.q ? `%${likeEscape(f.q)}%` : null,
        before: f.before ?? Number.MAX_SAFE_INTEGER,
        after: f.after ?? 0,
        limit,
      }) as MessageRow[];
      return rows.map(toMessage);
    },

    /** How many messages wait for approval, on all boards. */
    heldCount: (): number => q.heldCount.get()!.n,

    /** A poster's not-deleted messages since `since` (ms), on every board: id and status. */
    posterMessagesSince: (poster: string, since: number) => q.posterSince.all(poster, since),

    /** When this poster last posted on this board (slow mode), or null. */
    lastPostAt: (board: string, poster: string): number | null => q.lastPostAt.get(poster, board)?.at ?? null,

    /** Visible messages of a board with from <= created_at < to, oldest first. */
    exportRange: (board: string, from: number, to: number): Message[] => q.exportRange.all(board, from, to).map(toMessage),

    ban(poster: string, reason: string, expiresAt: number | null): void {
      q.putBan.run({ poster, reason, createdAt: now(), expiresAt });
    },
    unban: (poster: string): boolean => q.deleteBan.run(poster).changes === 1,
    /** The ban in force on this poster now, if any (an expired ban is ignored, not deleted). */
    activeBan: (poster: string): Ban | undefined => q.ban.get(poster, now()),
    bans: (): Ban[] => q.bans.all(now()),

    createSession(idHash: string): void {
      const t = now();
      q.insertSession.run(idHash, t, t);
      adminSeenAt = t;
    },
    getSession: (idHash: string) => q.session.get(idHash),
    touchSession(idHash: string): void {
      const t = now();
      q.touchSession.run(t, idHash);
      adminSeenAt = Math.max(adminSeenAt, t);
    },
    deleteSession: (idHash: string): void => void q.deleteSession.run(idHash),
    deleteAllSessions: (): void => void q.deleteAllSessions.run(),
    pruneSessions: (idleBefore: number, createdBefore: number): void => void q.pruneSessions.run(idleBefore, createdBefore),
    /** An admin page is open (a background poll): presence only, nothing written. */
    noteAdminSeen: (): void => void (adminSeenAt = Math.max(adminSeenAt, now())),
    /** Last activity of any admin session (ms), for the widget's presence line. */
    adminSeenAt: (): number => adminSeenAt,

    audit(e: { action: string; board?: string | null; message?: string | null; poster?: string | null; details?: string }): void {
      q.insertAudit.run({ at: now(), action: e.action, board: e.board ?? null, message: e.message ?? null, poster: e.poster ?? null, details: e.details ?? '' });
    },
    auditList: (f: AuditFilter, limit = 100): AuditEntry[] =>
      q.audit.all({ action: f.action ?? null, board: f.board ?? null, before: f.before ?? Number.MAX_SAFE_INTEGER, limit }) as AuditEntry[],

    getSetting: (key: string): string | undefined => q.getSetting.get(key)?.value,
    putSetting: (key: string, value: string): void => void q.putSetting.run(key, value),
  };
}
