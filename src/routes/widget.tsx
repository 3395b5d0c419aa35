/**
 * @module routes/widget
 * The public shoutbox:
 *   GET  /b/:board           the widget page (iframe target; works without JavaScript)
 *   GET  /b/:board/feed      the poll: 204 from memory when nothing changed, else the changes
 *   POST /b/:board/messages  post: htmx gets the fresh form + the message, no-JS a 303
 */
import { Hono, type Context } from 'hono';
import type { Deps } from '../app.ts';
import { clientIp, posterKey } from '../client-ip.ts';
import { isLang, pickLang, t, type Translate } from '../i18n.ts';
import type { Board } from '../store.ts';
import { checkPost, normaliseBody, normaliseName, type TextProblem } from '../text.ts';
import { Lru } from '../lru.ts';
import { createWriter } from '../writer.ts';
import { sendHtml, type HtmlVariants } from '../respond.ts';
import { documentHtml, Layout } from '../views/layout.tsx';
import { ChangesFragment, Poller, UpsertMessages, PostForm, Widget, boardUrl, type FormState, type View } from '../views/widget.tsx';

const SLUG = /^[a-z0-9-]{1,32}$/;

export function problemText(tr: Translate, p: TextProblem): string {
  switch (p.code) {
    case 'empty': return tr('err_empty');
    case 'too_long': return tr('err_too_long', { max: p.max, length: p.length });
    case 'name_too_long': return tr('err_name_too_long', { max: p.max });
    case 'name_reserved': return tr('err_name_reserved');
  }
}

/** The language and the query string every widget URL carries forward. */
export function viewFor(c: Context, board: Board | undefined): View {
  const q = c.req.query('lang');
  const lang = pickLang(q, board?.lang, c.req.header('accept-language'));
  return { lang, t: t(lang), query: isLang(q) ? `?lang=${q}` : '' };
}

export function widgetRoutes(deps: Deps) {
  const { store, config, limiter, assets, log } = deps;
  const secret = store.posterSecret();
  const writer = createWriter(store);
  const app = new Hono();
  const isHtmx = (c: Context) => c.req.header('hx-request') === 'true';

  /** The full widget document, for page loads and for no-JS answers with a form state. */
  const widgetPage = (board: Board, view: View, state?: FormState) =>
    documentHtml(
      <Layout lang={view.lang} title={board.title} assets={assets} bodyClass="widget">
        <Widget board={board} messages={store.latest(board.slug)} pollMs={config.pollIntervalMs} view={view} state={state} />
      </Layout>,
    );

  /** A refused post: the form with the visitor's text kept and the reason, as fragment or page. */
  const refuse = (c: Context, board: Board, view: View, status: 403 | 413 | 422 | 429, state: FormState) => {
    c.header('Cache-Control', 'no-store');
    const html = isHtmx(c) ? String(<PostForm board={board} view={view} state={state} />) : widgetPage(board, view, state);
    return sendHtml(c, html, status);
  };

  // Every /b/:board… route (this pattern matches /b/:board itself too) is for a known board.
  app.use('/b/:board/*', async (c, next) => {
    const slug = c.req.param('board');
    if (!SLUG.test(slug) || !store.getBoard(slug)) return c.notFound();
    await next();
  });

  // GET /b/:board - the widget
  app.get('/b/:board', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    c.header('Cache-Control', 'no-cache');
    const view = viewFor(c, board);
    return sendHtml(c, cached(board, `page|${view.lang}|${view.query}`, () => widgetPage(board, view)));
  });

  // Rendered answers per board: keyed by the Board object, which the store replaces on any
  // change to the board (a new rev or new settings), so an entry can never be stale; the old
  // board's entries are garbage once nothing holds it. Each board's map is bounded.
  const rendered = new WeakMap<Board, Lru<string, HtmlVariants>>();
  const cached = (board: Board, key: string, make: () => string): HtmlVariants => {
    let lru = rendered.get(board);
    if (!lru) rendered.set(board, (lru = new Lru(64)));
    return lru.getOrSet(key, () => ({ html: make() }));
  };

  // GET /b/:board/feed?rev=N - the poll (the hot path)
  app.get('/b/:board/feed', (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    const raw = c.req.query('rev') ?? '';
    // A missing or mangled cursor gets the whole list, never an error: it's a poll.
    const rev = /^\d{1,15}$/.test(raw) ? Number(raw) : -1;
    // Same URL, same answer for everyone: a CDN or the browser may reuse it for a second.
    c.header('Cache-Control', 'public, max-age=1');
    if (rev === board.rev) return c.body(null, 204); // from memory: no SQL, no rendering
    const view = viewFor(c, board);
    // Every client N behind asks the same question: render the answer once.
    const answer = cached(board, `feed|${rev}|${view.lang}|${view.query}`, () => {
      const changes = store.changesSince(board.slug, rev)!;
      const latest = changes.full ? store.latest(board.slug) : undefined;
      return String(
        <>
          <Poller board={board.slug} rev={changes.rev} pollMs={config.pollIntervalMs} view={view} />
          <ChangesFragment changes={changes} latest={latest} view={view} />
        </>,
      );
    });
    return sendHtml(c, answer);
  });

  // POST /b/:board/messages - post a message
  app.post('/b/:board/messages', async (c) => {
    const board = store.getBoard(c.req.param('board'))!;
    const view = viewFor(c, board);
    const form = await c.req.parseBody().catch(() => null);
    if (!form) return refuse(c, board, view, 422, { error: view.t('err_bad_form') });
    const field = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : '');
    const name = normaliseName(field('name'));
    const body = normaliseBody(field('body'));
    // What the visitor typed goes back into the form on any refusal: nothing they wrote is lost.
    const kept = { name: field('name'), body: field('body') };

    if (board.closed) return refuse(c, board, view, 403, { ...kept, error: view.t('err_closed') });
    const problem = checkPost(body, name, board.maxLength);
    if (problem) return refuse(c, board, view, 422, { ...kept, error: problemText(view.t, problem) });

    const poster = posterKey(clientIp(c, config.trustProxy), secret);
    const rate = limiter.take(`${board.slug}\n${poster}`);
    if (!rate.ok) {
      const seconds = Math.max(1, Math.ceil(rate.retryAfterMs / 1000));
      c.header('Retry-After', String(seconds));
      return refuse(c, board, view, 429, { ...kept, error: view.t('err_rate', { seconds }) });
    }

    const message = await writer.add({ board: board.slug, author: name, body, poster });
    log.info('message posted', { board: board.slug, id: message.id, poster: poster.slice(0, 8) });

    if (!isHtmx(c)) return c.redirect(boardUrl(board.slug, view), 303);
    c.header('Cache-Control', 'no-store');
    // The fresh form (name kept) replaces the old one; the message shows at once. The poller
    // stays at its own rev, so it still fetches what others posted meanwhile; the upsert
    // keyed by message id keeps this message from showing twice.
    return sendHtml(
      c,
      String(
        <>
          <PostForm board={board} view={view} state={{ name: field('name') }} />
          <UpsertMessages messages={[message]} view={view} />
        </>,
      ),
    );
  });

  return app;
}
