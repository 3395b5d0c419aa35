/**
 * @module api/public
 * The public, read-only API (no token; CORS for every origin: routes.ts):
 *   GET /api/v1/boards                                   every board: slug, title, closed
 *   GET /api/v1/boards/:board/messages?after|before|rev  visible messages (the widget's rules)
 *   GET /api/v1/messages/:id                             one visible message
 * The same URL gives everyone the same answer, so like the poll it is cacheable for a second.
 */
import { Hono, type Context } from 'hono';
import { parseCursor } from '../http/request.ts';
import type { AppEnv } from '../http/request-id.ts';
import { isSlug, PAGE_SIZE, type Board, type Message, type Store } from '../store/store.ts';
import { apiFail } from './errors.ts';
import { boardJson, messageJson } from './present.ts';

export type PublicStore = Pick<Store, 'listBoards' | 'getBoard' | 'getMessage' | 'latest' | 'before' | 'after' | 'changesSince'>;

export const PUBLIC_CACHE = 'public, max-age=1';
export const MAX_LIMIT = 100;
const CURSORS = ['after', 'before', 'rev'] as const;

type Page = { full: boolean; more: boolean; messages: Message[]; removed: string[] };

/** One page of a board, by at most one cursor; oldest first. */
function readPage(store: PublicStore, board: Board, cursor: { name: (typeof CURSORS)[number]; at: number } | null, limit: number): Page {
  const slice = (rows: Message[]) => ({ more: rows.length > limit, rows: rows.slice(0, limit) });
  if (cursor?.name === 'rev') {
    const changes = store.changesSince(board.slug, cursor.at, limit)!;
    if (changes.full) return readPage(store, board, null, limit);
    const shown = changes.changed.filter((m) => m.status === 'visible');
    // What a client may be showing and must drop: deleted messages, and held ones that were
    // edited (an author's edit can send a shown message back for review). A message held from
    // the start was never public: naming its id would tell everyone that something waits.
    const removed = changes.changed.filter((m) => m.status === 'deleted' || (m.status === 'held' && m.editedAt !== null)).map((m) => m.id);
    return { full: false, more: false, messages: shown.reverse(), removed };
  }
  if (cursor?.name === 'after') {
    const { more, rows } = slice(store.after(board.slug, cursor.at, limit + 1));
    return { full: false, more, messages: rows, removed: [] };
  }
  const newest = cursor ? store.before(board.slug, cursor.at, limit + 1) : store.latest(board.slug, limit + 1);
  const { more, rows } = slice(newest);
  return { full: cursor === null, more, messages: rows.reverse(), removed: [] };
}

export function apiPublicRoutes({ store }: { store: PublicStore }) {
  const app = new Hono<AppEnv>();
  const cacheable = (c: Context) => c.header('Cache-Control', PUBLIC_CACHE);

  // GET /api/v1/boards
  app.get('/api/v1/boards', (c) => {
    cacheable(c);
    return c.json({ boards: store.listBoards().map(boardJson) });
  });

  // GET /api/v1/boards/:board/messages - the newest page, or from one cursor: after=SEQ, before=SEQ, rev=REV
  app.get('/api/v1/boards/:board/messages', (c) => {
    const slug = c.req.param('board');
    const board = isSlug(slug) ? store.getBoard(slug) : undefined;
    if (!board) return apiFail(c, 404, 'board_not_found', 'not_found');
    const rawLimit = c.req.query('limit');
    const limit = rawLimit === undefined ? PAGE_SIZE : (parseCursor(rawLimit) ?? 0);
    if (limit < 1 || limit > MAX_LIMIT) return apiFail(c, 400, 'bad_parameter', 'api_bad_param', { name: 'limit' });
    const given = CURSORS.filter((k) => c.req.query(k) !== undefined);
    const at = given.length === 1 ? parseCursor(c.req.query(given[0]!)) : undefined;
    if (given.length > 1 || (given.length === 1 && at === undefined)) return apiFail(c, 400, 'bad_parameter', 'api_bad_param', { name: given.join(', ') });
    const rev = board.rev;
    const page = readPage(store, board, given.length ? { name: given[0]!, at: at! } : null, limit);
    cacheable(c);
    return c.json({ board: board.slug, rev, full: page.full, more: page.more, messages: page.messages.map(messageJson), removed: page.removed });
  });

  // GET /api/v1/messages/:id - held and deleted messages are not found, as in the widget
  app.get('/api/v1/messages/:id', (c) => {
    const m = store.getMessage(c.req.param('id'));
    if (!m || m.status !== 'visible' || !store.getBoard(m.board)) return apiFail(c, 404, 'message_not_found', 'admin_not_found');
    cacheable(c);
    return c.json({ message: messageJson(m) });
  });

  return app;
}
