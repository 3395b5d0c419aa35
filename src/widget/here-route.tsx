/**
 * @module widget/here-route
 * Signs of life, answered from memory:
 *   POST /b/:board/here?id=ID[&leave=1]   the "here now" beacon of an open widget (widget.js)
 *   GET  /b/:board/presence               "a moderator is online" (boards with presence on)
 *
 * Answered from memory (here-now.ts), never cached by anyone (POST, no-store), so the count
 * stays right when a proxy answers the polls. X-Here-Now counts the others: the asker is not
 * "someone here" to themself. A mangled id is not an error (nobody reads the
 * answer of a beacon): it is simply not counted.
 */
import { Hono } from 'hono';
import type { Poll } from './poll.ts';
import type { Store } from '../store/store.ts';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { PRESENCE_MS, viewFor } from './view.tsx';
import { Presence } from './views.tsx';

/** What a widget makes at load: random, URL-safe, and long enough never to collide. */
const BEACON_ID = /^[A-Za-z0-9_-]{8,40}$/;

type HereDeps = { store: Pick<Store, 'getBoard' | 'adminSeenAt'>; poll: Pick<Poll, 'hereNow'>; now: () => number };

export function hereRoutes({ store, poll, now }: HereDeps) {
  const app = new Hono<BoardEnv>();
  app.use('/b/:board/*', withBoard(store));

  // GET /b/:board/presence - the "a moderator is online" line
  app.get('/b/:board/presence', (c) => {
    const board = c.get('board');
    if (!board.presence) return c.body(null, 204);
    c.header('Cache-Control', 'public, max-age=30');
    const online = now() - store.adminSeenAt() < PRESENCE_MS;
    return c.html(<Presence board={board.slug} online={online} view={viewFor(c, board)} />);
  });

  app.post('/b/:board/here', (c) => {
    const slug = c.get('board').slug;
    const id = c.req.query('id') ?? '';
    const count = BEACON_ID.test(id) ? poll.hereNow.seen(slug, id, c.req.query('leave') === '1') : poll.hereNow.others(slug);
    c.header('Cache-Control', 'no-store');
    c.header('X-Here-Now', String(count));
    return c.body(null, 204);
  });
  return app;
}
