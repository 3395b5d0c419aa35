/**
 * @module store/transfer
 * Moving a whole instance, or one board, out and in as plain data (`npm run admin -- export`
 * and `import`): boards with their settings, messages (visible and held; deleted ones stay
 * behind) and bans. Import keeps message ids, so importing the same file twice adds nothing.
 * A file is untrusted input: everything in it passes the rules a post, a board form and a ban
 * pass (import-rules.ts), and it is imported whole or not at all.
 */
import { nanoid } from 'nanoid';
import { checkImport, ImportRefused, type ExportData, type ExportedBan, type ExportedMessage, type ImportOptions } from './import-rules.ts';
import type { BoardStore } from './boards.ts';
import type { Db } from './db.ts';
import type { Writes } from './writes.ts';

export type { ExportData, ExportedBan, ExportedBoard, ExportedMessage } from './import-rules.ts';
export type ImportCounts = { boards: number; messages: number; bans: number };

export function createTransferStore(db: Db, { tracked }: Writes, boards: BoardStore) {
  const q = {
    messages: db.prepare<[{ board: string | null }], Omit<ExportedMessage, 'staff' | 'pinned'> & { staff: number; pinned: number }>(
      `SELECT id, board, author, body, status, staff, pinned, created_at AS createdAt, poster FROM messages
       WHERE status != 'deleted' AND (@board IS NULL OR board = @board) ORDER BY seq`,
    ),
    bans: db.prepare<[], ExportedBan>(`SELECT poster, NULLIF(board, '') AS board, reason, created_at AS createdAt, expires_at AS expiresAt FROM bans ORDER BY created_at`),
    insert: db.prepare(
      `INSERT OR IGNORE INTO messages (id, board, author, body, poster, status, staff, pinned, created_at, rev)
       VALUES (@id, @board, @author, @body, @poster, @status, @staff, @pinned, @createdAt, @rev)`,
    ),
    ban: db.prepare(`INSERT OR IGNORE INTO bans (poster, board, reason, created_at, expires_at) VALUES (@poster, @board, @reason, @createdAt, @expiresAt)`),
  };

  return {
    /** Everything needed to rebuild the instance (or one board) elsewhere. Bans only with the whole instance. */
    exportData(board: string | null): ExportData {
      const chosen = boards.listBoards().filter((b) => board === null || b.slug === board);
      return {
        boards: chosen.map(({ rev: _rev, ...b }) => b),
        messages: q.messages.all({ board }).map((m) => ({ ...m, staff: m.staff === 1, pinned: m.pinned === 1 })),
        bans: board === null ? q.bans.all() : [],
      };
    },

    /**
     * Adds what `data` holds: missing boards are created with their settings (existing boards keep
     * theirs), messages are added unless their id exists, bans unless the poster is banned.
     * Checked first (ImportRefused lists every problem, nothing written), then written in one
     * transaction: a failure half-way leaves nothing behind. (The in-memory boards of this
     * process may then hold a board that was rolled back: only the one-shot CLI imports.)
     */
    importData(raw: unknown, options: ImportOptions = {}): ImportCounts {
      const data = checkImport(raw, options, (slug) => boards.getBoard(slug));
      return tracked(() => db.transaction(() => write(data))());
    },
  };

  function write(data: ExportData): ImportCounts {
    const counts: ImportCounts = { boards: 0, messages: 0, bans: 0 };
    for (const b of data.boards) {
      if (boards.getBoard(b.slug)) continue;
      const { slug, ...settings } = b;
      boards.createBoard(slug, b.title);
      boards.updateBoard(slug, settings);
      counts.boards++;
    }
    const bySlug = Map.groupBy(data.messages, (m) => m.board);
    for (const [slug, list] of bySlug) {
      if (!boards.getBoard(slug)) throw new Error(`board "${slug}" does not exist and is not in the file`);
      counts.messages += boards.withNewRev(slug, (rev) => list.reduce((n, m) => n + q.insert.run({
        id: m.id || nanoid(12), board: slug, author: m.author, body: m.body, poster: m.poster ?? 'import',
        status: m.status, staff: m.staff ? 1 : 0, pinned: m.pinned ? 1 : 0, createdAt: m.createdAt, rev,
      }).changes, 0));
    }
    counts.bans = data.bans.reduce((n, b) => n + q.ban.run({ ...b, board: typeof b.board === 'string' ? b.board : '' }).changes, 0);
    return counts;
  }
}

export { ImportRefused };
