/**
 * @module store/boards
 * Table `boards` (slug, title, settings, rev). Boards are few and change rarely, so their rows
 * (and so every board's rev) live in memory. Safe because this store is the only writer of its
 * database (one Holler process per DATA_DIR), and the map is updated only after COMMIT. That is
 * what lets a poll that finds nothing new cost no SQL at all.
 */
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

/** A board's slug, as URLs, forms and the boards table's CHECK accept it. */
// Also the `pattern` attribute of the address fields, which browsers compile with the `v` flag:
// there a `-` inside a class must be escaped, or the pattern is invalid and silently ignored.
export const SLUG_PATTERN = '[a-z0-9\\-]{1,32}';
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
  /** Where the widget shows the newest message (and its form): 'top' or 'bottom'. */
  newestAt: 'top' | 'bottom';
  /** Minutes after posting during which the author may edit or delete their message (0 = never). */
  editWindow: number;
  /** Posts a minute (everyone together) that turn on the flood guard's slow mode; null = FLOOD_POSTS. */
  floodPosts: number | null;
}>;

export type BoardSettings = Omit<Board, 'slug' | 'rev'>;

const BOARD_COLUMNS = `slug, title, max_length AS maxLength, lang, closed, rev, slow_mode AS slowMode, premoderate,
  links_allowed AS linksAllowed, words, words_action AS wordsAction, poll_interval AS pollInterval, presence, newest_at AS newestAt, edit_window AS editWindow,
  flood_posts AS floodPosts`;

type BoardFlag = 'closed' | 'premoderate' | 'linksAllowed' | 'presence';
type BoardRow = Omit<Board, BoardFlag> & Record<BoardFlag, number>;

const toBoard = (r: BoardRow): Board => ({
  ...r,
  closed: r.closed === 1,
  premoderate: r.premoderate === 1,
  linksAllowed: r.linksAllowed === 1,
  presence: r.presence === 1,
});

export function createBoardStore(db: Db, now: () => number, { tracked }: Writes) {
  const q = {
    all: db.prepare<[], BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards`),
    bySlug: db.prepare<[string], BoardRow>(`SELECT ${BOARD_COLUMNS} FROM boards WHERE slug = ?`),
    bumpRev: db.prepare<[string], { rev: number }>(`UPDATE boards SET rev = rev + 1 WHERE slug = ? RETURNING rev`),
    insert: db.prepare<[string, string, number]>(`INSERT OR IGNORE INTO boards (slug, title, created_at) VALUES (?, ?, ?)`),
    createdAt: db.prepare<[string], number>(`SELECT created_at FROM boards WHERE slug = ?`).pluck(),
    update: db.prepare(
      `UPDATE boards SET title = @title, max_length = @maxLength, lang = @lang, closed = @closed, slow_mode = @slowMode,
       premoderate = @premoderate, links_allowed = @linksAllowed, words = @words, words_action = @wordsAction,
       poll_interval = @pollInterval, presence = @presence, newest_at = @newestAt, edit_window = @editWindow,
       flood_posts = @floodPosts WHERE slug = @slug`,
    ),
  };

  const boards = new Map<string, Board>();
  for (const row of q.all.all()) boards.set(row.slug, toBoard(row));
  // SQLite's data_version moves when another connection commits (the admin CLI beside a running
  // server: a board made, closed or opened, messages imported), never for this one's own writes.
  const dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get()!;
  const same = (a: Board, b: Board) => (Object.keys(a) as Array<keyof Board>).every((k) => a[k] === b[k]);

  /** Re-reads a board's row into the map after a settings write (so it applies at once). */
  const reload = (slug: string): Board | undefined => {
    const row = q.bySlug.get(slug);
    if (row) boards.set(slug, toBoard(row));
    return row && toBoard(row);
  };

  return {
    getBoard: (slug: string): Board | undefined => boards.get(slug),

    /**
     * Reads the boards again if another process committed since the last call; a board that did
     * not change keeps its object (the render caches are keyed by it). server.ts calls this every
     * second: one pragma, off the request path.
     */
    refreshFromOthers(): boolean {
      const version = dataVersion.get()!;
      if (version === seenVersion) return false;
      seenVersion = version;
      for (const board of q.all.all().map(toBoard)) {
        const old = boards.get(board.slug);
        if (!old || !same(old, board)) boards.set(board.slug, board);
      }
      return true;
    },
    /** When the board was made (the Atom feed's date while it has no message). */
    boardCreatedAt: (slug: string): number | undefined => q.createdAt.get(slug),
    listBoards: (): Board[] => [...boards.values()].sort((a, b) => a.slug.localeCompare(b.slug)),

    /** Creates a board with default settings; undefined if the slug is taken. */
    createBoard(slug: string, title: string): Board | undefined {
      if (tracked(() => q.insert.run(slug, title, now())).changes === 0) return undefined;
      return reload(slug);
    },

    /**
     * Writes every setting of a board; the in-memory map is refreshed, so it applies at once. The
     * rev moves too, so open widgets' next poll is not a 204 and learns (say) that the board closed.
     */
    updateBoard(slug: string, s: BoardSettings): Board | undefined {
      const flag = (b: boolean) => (b ? 1 : 0);
      const row = { ...s, slug, closed: flag(s.closed), premoderate: flag(s.premoderate), linksAllowed: flag(s.linksAllowed), presence: flag(s.presence) };
      tracked(() => db.transaction(() => { q.update.run(row); q.bumpRev.get(slug); }).immediate());
      return reload(slug);
    },

    /** Inside a transaction: the board's next rev (the caller publishes it after COMMIT). */
    bumpRev: (slug: string): number => q.bumpRev.get(slug)!.rev,

    /** After COMMIT only: the board's rev moves in memory (revs only grow within a board). */
    publishRev(slug: string, rev: number): void {
      const board = boards.get(slug);
      if (board) boards.set(slug, { ...board, rev });
    },

    /** Bumps the board's rev and runs `write` with it, all in one transaction. */
    withNewRev<T>(slug: string, write: (rev: number) => T): T {
      if (!boards.has(slug)) throw new Error(`unknown board ${slug}`);
      const [result, rev] = tracked(() =>
        db.transaction(() => {
          const rev = q.bumpRev.get(slug)!.rev;
          return [write(rev), rev] as const;
        }).immediate(),
      );
      boards.set(slug, { ...boards.get(slug)!, rev });
      return result;
    },
  };
}

export type BoardStore = ReturnType<typeof createBoardStore>;
