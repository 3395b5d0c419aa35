/**
 * @module store
 * Every SQL statement of Holler, prepared once. The store is synchronous (better-sqlite3) and
 * is the only writer of its database: one Holler process per DATA_DIR. That is what lets it
 * keep each board's `rev` in memory, so a poll that finds nothing new costs no SQL at all.
 *
 * Tables (see migrations/): settings (key/value), boards (slug, title, settings, rev),
 * messages (seq cursor, public id, board, author, body as plain text, poster hash, status,
 * staff, pinned, created_at, rev of its last change).
 */
import { randomBytes } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Db } from './db.ts';
import { Lru } from '../lru.ts';
import { moderationStore, type MessageRow } from './moderation.ts';

/** How long a read of the poster-key secret is reused (a CLI rotation applies within it). */
export const SECRET_TTL_MS = 5000;

export type MessageStatus = 'visible' | 'held' | 'deleted';

/** A board's slug, as URLs, forms and the boards table's CHECK accept it. */
export const SLUG_PATTERN = '[a-z0-9-]{1,32}';
const SLUG_RE = new RegExp(`^${SLUG_PATTERN}$`);
export const isSlug = (s: string): boolean => SLUG_RE.test(s);

export type Board = Readonly<{
  slug: string;
  title: string;
  maxLength: number;
  lang: string | null;
  closed: boolean;
  rev: number;
  /** Seconds a poster must wait between posts on this board (0 = off). */
  slowMode: number;
  premoderate: boolean;
  linksAllowed: boolean;
  /** Filtered words, one per line; `wordsAction` says whether a match is refused or held. */
  words: string;
  wordsAction: 'block' | 'hold';
  /** Poll interval in seconds; null = the instance's POLL_INTERVAL. */
  pollInterval: number | null;
  /** Show "a moderator is online" in the widget. */
  presence: boolean;
}>;

export type Message = Readonly<{
  seq: number;
  id: string;
  board: string;
  author: string;
  body: string;
  poster: string;
  status: MessageStatus;
  staff: boolean;
  pinned: boolean;
  createdAt: number;
  rev: number;
}>;

export type NewMessage = { board: string; author: string; body: string; poster: string; status?: MessageStatus; staff?: boolean };

/** What changed on a board since a rev: `full` when the client must re-render the whole list. */
export type Changes = { rev: number; full: boolean; changed: Message[] };

const MESSAGE_COLUMNS = `seq, id, board, author, body, poster, status, staff, pinned, created_at AS createdAt, rev`;
const BOARD_COLUMNS = `slug, title, max_length AS maxLength, lang, closed, rev, slow_mode AS slowMode, premoderate,
  links_allowed AS linksAllowed, words, words_action AS wordsAction, poll_interval AS pollInterval, presence`;

type BoardFlag = 'closed' | 'premoderate' | 'linksAllowed' | 'presence';
type BoardRow = Omit<Board, BoardFlag> & Record<BoardFlag, number>;

const toMessage = (r: MessageRow): Message => ({ ...r, staff: r.staff === 1, pinned: r.pinned === 1 });
const toBoard = (r: BoardRow): Board => ({
  ...r,
  closed: r.closed === 1,
  premoderate: r.premoderate === 1,
  linksAllowed: r.linksAllowed === 1,
  presence: r.presence === 1,
});

export function createStore(db: Db, now: () => number = Date.now) {
  const q = {
    allBoards: db.prepare<[], BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards`),
    bumpRev: db.prepare<[string]>(`UPDATE boards SET rev = rev + 1 WHERE slug = ? RETURNING rev`),
    insert: db.prepare(
      `INSERT INTO messages (id, board, author, body, poster, status, staff, created_at, rev)
       VALUES (@id, @board, @author, @body, @poster, @status, @staff, @createdAt, @rev)`,
    ),
    byId: db.prepare<[string], MessageRow>(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id = ?`),
    latest: db.prepare<[string, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE board = ? AND status = 'visible' ORDER BY seq DESC LIMIT ?`,
    ),
    before: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages
       WHERE board = ? AND status = 'visible' AND seq < ? ORDER BY seq DESC LIMIT ?`,
    ),
    changedSince: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE board = ? AND rev > ? ORDER BY seq DESC LIMIT ?`,
    ),
    setStatus: db.prepare<[MessageStatus, number, string]>(`UPDATE messages SET status = ?, rev = ? WHERE id = ?`),
    getSetting: db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`),
    putSettingOnce: db.prepare<[string, string]>(`INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)`),
    putSetting: db.prepare<[string, string]>(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    pruneVisible: db.prepare<[number], { board: string }>(`DELETE FROM messages WHERE created_at < ? AND status != 'deleted' RETURNING board`),
    purgeDeleted: db.prepare<[number]>(`DELETE FROM messages WHERE created_at < ? AND status = 'deleted'`),
    pruneBans: db.prepare<[number]>(`DELETE FROM bans WHERE expires_at IS NOT NULL AND expires_at <= ?`),
    // Reads the file (not just the connection), so a vanished or unreadable database shows.
    ping: db.prepare(`SELECT count(*) FROM boards`),
    touch: db.prepare(`UPDATE settings SET value = value WHERE key = 'poster_secret'`),
    boardBySlug: db.prepare<[string], BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards WHERE slug = ?`),
  };

  // The last write failure, until a write succeeds: health checks report a disk that filled up
  // or a database that went read-only, which a read alone would not notice.
  let writeFault: Error | null = null;
  const tracked = <T>(write: () => T): T => {
    try {
      const result = write();
      writeFault = null;
      return result;
    } catch (err) {
      writeFault = err as Error;
      throw err;
    }
  };

  // Boards are few and change rarely; their rows (and so every board's rev) live in memory.
  // Safe because this store is the only writer, and the map is updated only after COMMIT.
  const boards = new Map<string, Board>();
  for (const row of q.allBoards.all()) boards.set(row.slug, toBoard(row));

  let secretCache: { value: string; at: number } | null = null;

  // The first page of each board as of its rev: most page views ask for exactly this.
  const latestCache = new Lru<string, { rev: number; rows: Message[] }>(1000);

  /** Bumps the board's rev and runs `write` with it, all in one transaction. */
  function withNewRev<T>(slug: string, write: (rev: number) => T): T {
    const board = boards.get(slug);
    if (!board) throw new Error(`unknown board ${slug}`);
    const [result, rev] = tracked(() =>
      db.transaction(() => {
        const { rev } = q.bumpRev.get(slug) as { rev: number };
        return [write(rev), rev] as const;
      }).immediate(),
    );
    boards.set(slug, { ...board, rev });
    return result;
  }

  function addMessages(list: NewMessage[]): Message[] {
    const made = tracked(() => db.transaction(() =>
      list.map((m) => {
        if (!boards.has(m.board)) throw new Error(`unknown board ${m.board}`);
        const { rev } = q.bumpRev.get(m.board) as { rev: number };
        const row = {
          id: nanoid(12),
          board: m.board,
          author: m.author,
          body: m.body,
          poster: m.poster,
          status: m.status ?? 'visible',
          staff: m.staff ? 1 : 0,
          createdAt: now(),
          rev,
        };
        const seq = Number(q.insert.run(row).lastInsertRowid);
        return toMessage({ ...row, seq, pinned: 0 });
      }),
    ).immediate());
    // Only now, after COMMIT, do the in-memory revs move (revs only grow within a board).
    for (const m of made) boards.set(m.board, { ...boards.get(m.board)!, rev: m.rev });
    return made;
  }

  /** Re-reads a board's row into the map after a settings write (so it applies at once). */
  const reloadBoard = (slug: string): Board | undefined => {
    const row = q.boardBySlug.get(slug);
    if (row) boards.set(slug, toBoard(row));
    return row && toBoard(row);
  };

  return {
    ...moderationStore({ db, now, boards, withNewRev, reloadBoard, toMessage, messageColumns: MESSAGE_COLUMNS }),

    getBoard: (slug: string): Board | undefined => boards.get(slug),

    /** The newest `limit` visible messages, newest first; the default page is kept per board rev. */
    latest(board: string, limit = 50): Message[] {
      const rev = boards.get(board)?.rev;
      const hit = latestCache.get(board);
      if (limit === 50 && hit && hit.rev === rev) return hit.rows;
      const rows = q.latest.all(board, limit).map(toMessage);
      if (limit === 50 && rev !== undefined) latestCache.set(board, { rev, rows });
      return rows;
    },

    /** Visible messages older than `seq`, newest first (keyset pagination). */
    before: (board: string, seq: number, limit = 50): Message[] => q.before.all(board, seq, limit).map(toMessage),

    getMessage: (id: string): Message | undefined => {
      const row = q.byId.get(id);
      return row && toMessage(row);
    },

    /**
     * What a client at `rev` must apply to be current. Answered from memory when nothing
     * changed. A client ahead of us (a restored backup) or more than `limit` changes behind
     * gets `full: true` and re-renders its list.
     */
    changesSince(slug: string, rev: number, limit = 50): Changes | undefined {
      const board = boards.get(slug);
      if (!board) return undefined;
      if (rev === board.rev) return { rev, full: false, changed: [] };
      if (rev > board.rev || rev < 0) return { rev: board.rev, full: true, changed: [] };
      const changed = q.changedSince.all(slug, rev, limit + 1).map(toMessage);
      if (changed.length > limit) return { rev: board.rev, full: true, changed: [] };
      return { rev: board.rev, full: false, changed };
    },

    /** Stores a message; committed (fsynced) when this returns. */
    addMessage: (m: NewMessage): Message => addMessages([m])[0]!,

    /**
     * Stores several messages in ONE transaction, so they share one fsync (group commit; see
     * src/writer.ts). All or none: committed when this returns, nothing written if it throws.
     */
    addMessages,

    /** Changes a message's status (delete, restore, hold, approve); false if there is no such message. */
    setStatus(id: string, status: MessageStatus): boolean {
      const msg = q.byId.get(id);
      if (!msg) return false;
      return withNewRev(msg.board, (rev) => q.setStatus.run(status, rev, id).changes === 1);
    },

    /** The secret behind poster keys, generated on first use and kept in the database. */
    posterSecret(): string {
      // Re-read every few seconds, so a rotation by the CLI (another process) applies within
      // SECRET_TTL_MS without a query on every post: a plain read, which works while another
      // writer holds the lock or the disk is read-only; written only the first time.
      if (secretCache && now() - secretCache.at < SECRET_TTL_MS) return secretCache.value;
      let row = q.getSetting.get('poster_secret');
      if (!row) {
        q.putSettingOnce.run('poster_secret', randomBytes(32).toString('base64url'));
        row = q.getSetting.get('poster_secret')!;
      }
      secretCache = { value: row.value, at: now() };
      return row.value;
    },

    /**
     * Replaces the poster-key secret. Old poster keys stop matching new posts from the same
     * address: rate limits, duplicate checks and anything keyed by poster start afresh.
     */
    rotatePosterSecret(): void {
      q.putSetting.run('poster_secret', randomBytes(32).toString('base64url'));
      secretCache = null;
    },

    /** The secret that signs form tokens (form-token.ts), generated on first use. */
    formSecret(): string {
      q.putSettingOnce.run('form_secret', randomBytes(32).toString('base64url'));
      return q.getSetting.get('form_secret')!.value;
    },

    /**
     * Retention: deletes for good messages posted before `keepBefore` (all but deleted ones; 0
     * skips) and deleted ones posted before `purgeDeletedBefore` (0 skips). Returns the counts.
     * A board that lost shown messages gets a new rev, so no cached page or list keeps them.
     * Expired bans go too: they protect nothing and keep a poster key (the audit log has them).
     */
    prune({ keepBefore, purgeDeletedBefore }: { keepBefore: number; purgeDeletedBefore: number }): { pruned: number; purged: number } {
      const [pruned, purged, revs] = db.transaction(() => {
        const gone = keepBefore > 0 ? q.pruneVisible.all(keepBefore) : [];
        const purged = purgeDeletedBefore > 0 ? q.purgeDeleted.run(purgeDeletedBefore).changes : 0;
        q.pruneBans.run(now());
        const touched = [...new Set(gone.map((r) => r.board))].filter((b) => boards.has(b));
        const revs = touched.map((b) => [b, (q.bumpRev.get(b) as { rev: number }).rev] as const);
        return [gone.length, purged, revs] as const;
      }).immediate();
      for (const [slug, rev] of revs) boards.set(slug, { ...boards.get(slug)!, rev });
      return { pruned, purged };
    },

    /** A cheap query proving the database answers (health checks). */
    ping: (): boolean => q.ping.get() !== undefined,

    /** The error of the last write, if it failed and none has succeeded since. */
    writeFault: (): Error | null => writeFault,

    /** A harmless one-row write, so health can see a write fault clear without visitor traffic. */
    probeWrite: (): void => tracked(() => void db.transaction(() => q.touch.run()).immediate()),
  };
}

export type Store = ReturnType<typeof createStore>;
