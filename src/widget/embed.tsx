/**
 * @module routes/embed
 * What host pages load from us, besides the widget page itself:
 *   GET /embed.js                 the script include (stable URL: host pages hard-code it)
 *   GET /theme/accent-RRGGBB[-RRGGBB].css  the accent (and its text) colour as a stylesheet (no inline styles under our CSP)
 *   GET /emoji/:lang              the emoji picker's buttons, labelled in that language (loaded on first use)
 *   GET /b/:board/fragment        the latest messages as a read-only HTML fragment (server-side includes)
 */
import { Hono } from 'hono';
import { sendAsset } from '../http/assets.ts';
import { withBoard, type BoardEnv } from '../http/board.ts';
import { linkOrigin } from '../http/origin.ts';
import { isSlug } from '../store/store.ts';
import { accentCss, parseAccent } from './theme.ts';
import { Fragment } from './fragment.tsx';
import { EmojiButtons } from './emoji.tsx';
import { isLang, t } from '../i18n/i18n.ts';
import type { WidgetDeps } from './routes.tsx';
import { viewFor } from './view.tsx';

export function embedRoutes(deps: Pick<WidgetDeps, 'assets' | 'store' | 'config'>) {
  const { assets, store, config } = deps;
  const app = new Hono<BoardEnv>();
  const embedJs = assets.byPath.get(assets.urls.embed)!;

  // GET /embed.js - not content-hashed (pasted into pages we don't control), so cached briefly;
  // readable from any origin (CORP and CORS) because that is its whole purpose.
  app.get('/embed.js', (c) => {
    c.header('Access-Control-Allow-Origin', '*');
    return sendAsset(c, embedJs, 'public, max-age=300');
  });

  // GET /theme/accent-RRGGBB.css - the URL is the content, so it is cached for good
  app.get('/theme/:file', (c) => {
    const m = /^accent-([0-9a-f]{6})(?:-([0-9a-f]{6}))?\.css$/.exec(c.req.param('file'));
    const hex = m && parseAccent(m[1]);
    if (!hex) return c.notFound();
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    return c.body(accentCss(hex, m[2] ? parseAccent(m[2]) : null));
  });

  // GET /b/:board/fragment?limit=N - read-only HTML for server-side includes; shared by everyone
  // who asks, so a few seconds of cache spare the database under many includes.
  app.get('/b/:board/fragment', withBoard(store), (c) => {
    const board = c.get('board');
    const raw = c.req.query('limit') ?? '';
    const limit = /^\d{1,2}$/.test(raw) ? Math.min(50, Math.max(1, Number(raw))) : 10;
    const view = viewFor(c, board);
    const { origin, fromRequest } = linkOrigin(c, config);
    // A link built from the request's Host must not be served to other clients by a shared cache.
    c.header('Cache-Control', fromRequest ? 'private, max-age=5' : 'public, max-age=5');
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Vary', 'Accept-Language');
    return c.html(<Fragment board={board} messages={store.latest(board.slug, limit)} view={view} href={`${origin}/b/${board.slug}${view.query}`} />);
  });

  // GET /emoji/:lang - the picker's buttons (same for everyone in a language, so cached a day)
  app.get('/emoji/:lang', (c) => {
    const lang = c.req.param('lang');
    if (!isLang(lang)) return c.notFound();
    c.header('Cache-Control', 'public, max-age=86400');
    return c.html(<EmojiButtons t={t(lang)} />);
  });

  return app;
}
