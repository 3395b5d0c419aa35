/**
 * @module widget/first-view
 * The plain first view of a widget (`GET /b/<board>`, no query, brotli or gzip accepted: what
 * every embed's iframe asks for) answered straight from Node's request listener, like the no-change
 * poll (poll.ts), from the page the widget route caches per board state (routes.tsx,
 * `firstView`) with a fresh form token spliced in (respond.ts, `splicedWithSlot`).
 *
 * Through Hono, building the Request, Context, Web Response and header objects for this answer
 * cost about three times the page's own work. The answer here is the same, byte for byte apart
 * from the token and the request id: the same body, the same headers (the security headers
 * come from the one function app.ts uses, `securityHeaders`), and the same Vary. Anything else
 * (a query, no compression accepted, a body, a proxy's request id, HEAD, an unknown board) falls
 * through to Hono, as does everything while the access log or /metrics is on, so they see
 * every request. test/widget/first-view.test.ts compares both paths header by header.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { encodingFor } from '../http/assets.ts';
import { newRequestId } from '../http/request-id.ts';
import { splicedWithSlot, type HtmlVariants } from '../http/respond.ts';
import { SLUG_PATTERN, type Board, type Store } from '../store/store.ts';
import { viewFor } from './view.tsx';
import type { View } from './views.tsx';

const PAGE_URL = new RegExp(`^/b/(${SLUG_PATTERN})$`);

export type FirstViewDeps = {
  store: Pick<Store, 'getBoard'>;
  /** The widget route's cached page for a board and view, and the stand-in its token replaces. */
  page: (board: Board, view: View) => HtmlVariants;
  slot: string;
  issueToken: (board: string) => string;
  /** The headers the app's middleware adds to an HTML answer at `path` (app.ts). */
  security: (path: string) => Record<string, string>;
};

/** A request listener's front: answers a plain first view and returns true, or returns false. */
export function createFirstView({ store, page, slot, issueToken, security }: FirstViewDeps) {
  const counts = { answered: 0 };
  const answer = (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'GET' || !req.url) return false;
    const m = PAGE_URL.exec(req.url);
    if (!m) return false;
    const h = req.headers;
    if (h['x-request-id'] !== undefined || h['content-length'] !== undefined || h['transfer-encoding'] !== undefined) return false;
    if (!encodingFor(h['accept-encoding'])) return false;
    const board = store.getBoard(m[1]!);
    if (!board) return false;
    // The view exactly as the route makes it: no query, the language from Accept-Language.
    const view = viewFor(plainRequest(h['accept-language']), board);
    const body = splicedWithSlot(page(board, view), slot, issueToken(board.slug), h['accept-encoding']);
    if (!body) return false;
    counts.answered++;
    res.writeHead(200, {
      'Cache-Control': 'no-cache',
      'Content-Type': 'text/html; charset=UTF-8',
      'Content-Encoding': body.encoding,
      'Content-Length': body.bytes.length,
      // As varyOnReadHeaders leaves it: respond.ts's own, then the read Accept-Language.
      Vary: 'Accept-Encoding, Accept-Language',
      'X-Request-Id': newRequestId(),
      ...security(req.url),
    });
    res.end(body.bytes);
    return true;
  };
  return {
    counts,
    /** Wraps the app's listener (server.ts): plain first views here, the rest to `listener`. */
    listener: (listener: RequestListener): RequestListener => (req, res) => {
      if (!answer(req, res)) listener(req, res);
    },
  };
}

export type FirstView = ReturnType<typeof createFirstView>;

/** What viewFor reads of a request without a query string. */
const plainRequest = (acceptLanguage: string | undefined) =>
  ({ req: { query: () => undefined, header: (name: string) => (name.toLowerCase() === 'accept-language' ? acceptLanguage : undefined) } }) as unknown as Context;
