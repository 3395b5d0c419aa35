/**
 * @module http/board
 * The board middleware: every route under a board's URL gets the board from the context
 * (c.get('board')) and never sees an unknown one.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { isSlug, type Board, type Store } from '../store/store.ts';
import type { AppEnv } from './request-id.ts';

export type BoardEnv = { Variables: AppEnv['Variables'] & { board: Board } };

/** Puts the board named by the route parameter `param` in the context, or answers 404 (`missing` words it). */
export function withBoard(
  store: Pick<Store, 'getBoard'>,
  param = 'board',
  missing?: (c: Context, slug: string) => Response | Promise<Response>,
): MiddlewareHandler<BoardEnv> {
  return async (c, next) => {
    const slug = (c.req.param() as Record<string, string>)[param] ?? '';
    // Several routers guard /b/:board/* (the widget's, the author's own, here-now): a request
    // passes each, and the board is looked up once.
    const known = c.get('board');
    if (known?.slug === slug) return next();
    const board = isSlug(slug) ? store.getBoard(slug) : undefined;
    if (!board) return missing ? missing(c, slug) : c.notFound();
    c.set('board', board);
    await next();
  };
}
