/**
 * @module store/messages
 * Table `messages`: integer `seq` (order and cursor), public `id` (nanoid), board, author,
 * body as plain text (rendered on read), poster key, status visible | held | deleted, staff,
 * pinned, created_at, and `rev`: the board rev of the row's last change, which the poll reads.
 * Replies and the author's own edits (reply_to, reply_name, edited_at, owner_hash) are read
 * here and written by own.ts.
 * Every visible change bumps the board's rev in the same transaction (boards.ts).
 */
import { nanoid } from 'nanoid';
import type { BoardStore } from './boards.ts';
import type { Db } from './db.ts';
import { Lru } from '../lru.ts';
import type { Writes } from './writes.ts';
import type { OutboxStore } from './outbox.ts';

export type MessageStatus = 'visible' | 'held' | 'deleted';
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
  /** The answered message's public id and its author's name then (null: not a reply). */
  replyTo: string | null;
  replyName: string | null;
  /** When the author last changed the text, or null. */
  editedAt: number | null;
}>;

export type NewMessage = {
  board: string; author: string; body: string; poster: string; status?: MessageStatus; staff?: boolean;
  /** A reply: the answered message (already checked: same board, visible) and its author's name. */
  replyTo?: string | null; replyName?: string | null;
  /** SHA-256 of the secret the author's device keeps to edit or delete this message (own.ts). */
  ownerHash?: string | null;
};

/** What changed on a board since a rev: `full` when the client must re-render the whole list. */
export type Changes = { rev: number; full: boolean; changed: Message[] };

/** Filters of the moderator's list; every one optional. `poster` is a prefix (the 8-char tag); `id` one message. */
export type ModFilter = { board?: string; status?: MessageStatus; poster?: string; q?: string; id?: string; before?: number; after?: number };

export type MessageRow = Omit<Message, 'staff' | 'pinned'> & { staff: number; pinned: number };
export const COLUMNS = `seq, id, board, author, body, poster, status, staff, pinned, created_at AS createdAt, rev,
  reply_to AS replyTo, reply_name AS replyName, edited_at AS editedAt`;
export const toMessage = (r: MessageRow): Message => ({ ...r, staff: r.staff === 1, pinned: r.pinned === 1 });
const toMessageOrNull = (r: MessageRow | undefined): Message | null => (r ? toMessage(r) : null);
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** PAGE_SIZE: "load older", the archive, the API. FIRST_VIEW: the widget's first page (cached per
 * board rev), a few screens of its box: 50 made the first view weigh over its 20 KB. */
export const PAGE_SIZE = 50;
export const FIRST_VIEW = 30;

/** Written with every message transaction: the spent form tokens of those posts (store/spent-tokens.ts). */
export type WithPosts = { write(): void; committed(): void };

/** A message as notification events carry it (no poster key: it would follow a visitor across boards). */
export const messageData = (m: Message) => ({
  message: { id: m.id, author: m.author, body: m.body, status: m.status, staff: m.staff, createdAt: new Date(m.createdAt).toISOString() },
});

export function createMessageStore(db: Db, now: () => number, { tracked }: Writes, boards: BoardStore, withPosts?: WithPosts, outbox?: Pick<OutboxStore, 'enqueue'>) {
  const q = {
    insert: db.prepare(
      `INSERT INTO messages (id, board, author, body, poster, status, staff, created_at, rev, reply_to, reply_name, owner_hash)
       VALUES (@id, @board, @author, @body, @poster, @status, @staff, @createdAt, @rev, @replyTo, @replyName, @ownerHash)`,
    ),
    byId: db.prepare<[string], MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = ?`),
    latest: db.prepare<[string, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' ORDER BY seq DESC LIMIT ?`,
    ),
    before: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' AND seq < ? ORDER BY seq DESC LIMIT ?`,
    ),
    changedSince: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND rev > ? ORDER BY seq DESC LIMIT ?`,
    ),
    // deleted_at: set on the first deletion (re-deleting keeps it), cleared by restore or approval.
    setStatus: db.prepare<{ status: MessageStatus; rev: number; id: string; now: number }, MessageRow>(
      `UPDATE messages SET status = @status, rev = @rev,
       deleted_at = CASE WHEN @status = 'deleted' THEN coalesce(deleted_at, @now) END WHERE id = @id RETURNING ${COLUMNS}`,
    ),
    pinned: db.prepare<[string], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' AND pinned = 1 ORDER BY seq DESC LIMIT 10`,
    ),
    setPinned: db.prepare<[number, number, string], MessageRow>(`UPDATE messages SET pinned = ?, rev = ? WHERE id = ? RETURNING ${COLUMNS}`),
    // One statement for every filter combination: a NULL parameter switches its condition off.
    modList: db.prepare(
      `SELECT ${COLUMNS} FROM messages
       WHERE (@board IS NULL OR board = @board) AND (@status IS NULL OR status = @status)
         AND (@poster IS NULL OR poster LIKE @poster ESCAPE '\\')
         AND (@q IS NULL OR body LIKE @q ESCAPE '\\' OR author LIKE @q ESCAPE '\\')
         AND (@id IS NULL OR id = @id) AND seq < @before AND seq > @after
       ORDER BY seq DESC LIMIT @limit`,
    ),
    posterSince: db.prepare<[string, number], { id: string; status: MessageStatus }>(
      `SELECT id, status FROM messages WHERE poster = ? AND created_at >= ? AND status != 'deleted'`,
    ),
    lastPostAt: db.prepare<[string, string], { at: number | null }>(
      `SELECT max(created_at) AS at FROM messages WHERE poster = ? AND board = ?`,
    ),
    exportRange: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' AND created_at >= ? AND created_at < ? ORDER BY seq`,
    ),
    recentPosts: db.prepare<[number], { board: string; poster: string; body: string; createdAt: number }>(
      `SELECT board, poster, body, created_at AS createdAt FROM messages WHERE created_at >= ? AND staff = 0 ORDER BY created_at, seq`,
    ),
    heldCount: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM messages WHERE status = 'held'`),
    pruneVisible: db.prepare<[number], { board: string }>(`DELETE FROM messages WHERE created_at < ? AND status != 'deleted' RETURNING board`),
    purgeDeleted: db.prepare<[number]>(`DELETE FROM messages WHERE status = 'deleted' AND deleted_at < ?`),
  };
  // The first page of each board as of its rev: most page views ask for exactly this.
  const latestCache = new Lru<string, { rev: number; rows: Message[] }>(1000);

  // Made once: db.transaction() builds a wrapper and its variants per call.
  const insertAll = db.transaction((list: NewMessage[]): Message[] => {
    withPosts?.write();
    return list.map((m) => {
      const board = boards.getBoard(m.board);
      if (!board) throw new Error(`unknown board ${m.board}`);
      const rev = boards.bumpRev(m.board);
      const row = {
        id: nanoid(12), board: m.board, author: m.author, body: m.body, poster: m.poster,
        status: m.status ?? 'visible', staff: m.staff ? 1 : 0, createdAt: now(), rev,
        replyTo: m.replyTo ?? null, replyName: m.replyTo ? (m.replyName ?? '') : null,
      };
      const made = toMessage({ ...row, seq: Number(q.insert.run({ ...row, ownerHash: m.ownerHash ?? null }).lastInsertRowid), pinned: 0, editedAt: null });
      // Its notifications commit with it, or not at all (staff posts are the owner's own).
      if (outbox && !made.staff) outbox.enqueue(made.status === 'held' ? 'message.held' : 'message.posted', board.slug, board.title, () => messageData(made));
      return made;
    });
  });

  function addMessages(list: NewMessage[]): Message[] {
    const made = tracked(() => insertAll.immediate(list));
    for (const m of made) boards.publishRev(m.board, m.rev); // only now, after COMMIT, do the in-memory revs move
    withPosts?.committed();
    return made;
  }

  return {
    /** The newest `limit` visible messages, newest first; the widget's first page is kept per board rev. */
    latest(board: string, limit = FIRST_VIEW): Message[] {
      const rev = boards.getBoard(board)?.rev;
      const hit = latestCache.get(board);
      if (limit === FIRST_VIEW && hit && hit.rev === rev) return hit.rows;
      const rows = q.latest.all(board, limit).map(toMessage);
      if (limit === FIRST_VIEW && rev !== undefined) latestCache.set(board, { rev, rows });
      return rows;
    },

    /** Visible messages older than `seq`, newest first (keyset pagination). */
    before: (board: string, seq: number, limit = PAGE_SIZE): Message[] => q.before.all(board, seq, limit).map(toMessage),

    getMessage: (id: string): Message | undefined => toMessageOrNull(q.byId.get(id)) ?? undefined,

    /**
     * What a client at `rev` must apply to be current. Answered from memory when nothing
     * changed. A client ahead of us (a restored backup) or more than `limit` changes behind
     * gets `full: true` and re-renders its list.
     */
    changesSince(slug: string, rev: number, limit = PAGE_SIZE): Changes | undefined {
      const board = boards.getBoard(slug);
      if (!board) return undefined;
      if (rev === board.rev) return { rev, full: false, changed: [] };
      if (rev > board.rev || rev < 0) return { rev: board.rev, full: true, changed: [] };
      const changed = q.changedSince.all(slug, rev, limit + 1).map(toMessage);
      if (changed.length > limit) return { rev: board.rev, full: true, changed: [] };
      return { rev: board.rev, full: false, changed };
    },

    /** Stores a message; committed (fsynced) when this returns. */
    addMessage: (m: NewMessage): Message => addMessages([m])[0]!,

    /** Several in ONE transaction, one fsync (group commit, posting/writer.ts): all or none, committed on return. */
    addMessages,

    /** Changes a message's status: the message as it now is, or null if there is none. `within` runs in its transaction (a notification). */
    setStatus(id: string, status: MessageStatus, within?: (before: Message) => void): Message | null {
      const msg = q.byId.get(id);
      if (!msg) return null;
      return boards.withNewRev(msg.board, (rev) => {
        const after = toMessageOrNull(q.setStatus.get({ status, rev, id, now: now() }));
        if (after) within?.(toMessage(msg));
        return after;
      });
    },

    /** Pinned visible messages of a board, newest first (they lead the widget). */
    pinned: (board: string): Message[] => q.pinned.all(board).map(toMessage),

    /** Pins or unpins, bumping the board rev so open widgets pick it up: the message as it now is, or null if there is none. */
    setPinned(id: string, pinned: boolean): Message | null {
      const msg = q.byId.get(id);
      if (!msg) return null;
      return boards.withNewRev(msg.board, (rev) => toMessageOrNull(q.setPinned.get(pinned ? 1 : 0, rev, id)));
    },

    /** The moderator's list across boards, newest first, keyset-paginated by seq. */
    modList(f: ModFilter, limit = PAGE_SIZE): Message[] {
      const rows = q.modList.all({
        board: f.board ?? null,
        status: f.status ?? null,
        poster: f.poster ? `${likeEscape(f.poster)}%` : null,
        q: f.q ? `%${likeEscape(f.q)}%` : null, id: f.id ?? null,
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

    /** Visitors' posts since `since` (ms), oldest first: the spam guards rebuild their state from them at start. */
    recentPosts: (since: number) => q.recentPosts.all(since),

    /** When this poster last posted on this board (slow mode), or null. */
    lastPostAt: (board: string, poster: string): number | null => q.lastPostAt.get(poster, board)?.at ?? null,

    /** Visible messages of a board with from <= created_at < to, oldest first. */
    exportRange: (board: string, from: number, to: number): Message[] => q.exportRange.all(board, from, to).map(toMessage),

    /**
     * Inside retention's transaction: erases messages posted before `keepBefore` (all but
     * deleted ones; 0 skips) and deleted ones deleted before `purgeDeletedBefore` (0 skips).
     * Returns the counts and the boards that lost shown messages (they need a new rev).
     */
    pruneMessages(keepBefore: number, purgeDeletedBefore: number): { pruned: number; purged: number; boards: string[] } {
      const gone = keepBefore > 0 ? q.pruneVisible.all(keepBefore) : [];
      const purged = purgeDeletedBefore > 0 ? q.purgeDeleted.run(purgeDeletedBefore).changes : 0;
      return { pruned: gone.length, purged, boards: [...new Set(gone.map((r) => r.board))] };
    },
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;
