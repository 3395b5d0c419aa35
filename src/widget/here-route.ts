/**
 * @module widget/here-route
 *   POST /b/:board/here?id=ID[&leave=1]   the "here now" beacon of an open widget (widget.js)
 *
 * Answered from memory (here-now.ts), never cached by anyone (POST, no-store), so the count
 * stays right when a proxy answers the polls. A mangled id is not an error (nobody reads the
 * answer of a beacon): it is simply not counted.
 */
import { Hono } from 'hono';
import type { Poll } from './poll.ts';
import { isSlug, type Store } from '../store/store.ts';

/** What a widget makes at load: random, URL-safe, and long enough never to collide. */
const BEACON_ID = /^[A-Za-z0-9_-]{8,40}$/;

export function hereRoutes({ store, poll }: { store: Pick<Store, 'getBoard'>; poll: Pick<Poll, 'hereNow'> }) {
  const app = new Hono();
  app.post('/b/:board/here', (c) => {
    const slug = c.req.param('board');
    if (!isSlug(slug) || !store.getBoard(slug)) return c.notFound();
    const id = c.req.query('id') ?? '';
    const count = BEACON_ID.test(id) ? poll.hereNow.seen(slug, id, c.req.query('leave') === '1') : poll.hereNow.count(slug);
    c.header('Cache-Control', 'no-store');
    c.header('X-Here-Now', String(count));
    return c.body(null, 204);
  });
  return app;
}
