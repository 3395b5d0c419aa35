/**
 * @module api/routes
 * The JSON API v1 and its documentation, mounted by app.ts:
 *   /api/v1/*            public reads (public.ts) and token routes (write.ts), CORS for every origin
 *   GET /api/openapi.json  the OpenAPI 3.1 document (openapi.ts)
 *   GET /api             the same, as a page (docs.tsx)
 * Any other /api/ address is a JSON 404.
 */
import { Hono, type Context, type Next } from 'hono';
import { cors } from 'hono/cors';
import type { Config } from '../config.ts';
import type { Assets } from '../http/assets.ts';
import { documentHtml } from '../http/layout.tsx';
import { noneMatch, weakTag } from '../http/etag.ts';
import { linkOrigin } from '../http/origin.ts';
import type { AppEnv } from '../http/request-id.ts';
import { sendHtml } from '../http/respond.ts';
import { t } from '../i18n/i18n.ts';
import type { Store } from '../store/store.ts';
import { ApiDocPage } from './docs.tsx';
import { apiFail, apiLang } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { apiPublicRoutes } from './public.ts';
import { apiWriteRoutes } from './write.ts';

export type ApiDeps = { store: Store; config: Config; now: () => number; assets: Assets };

/**
 * Any site may call the API from a browser. No credentials: the API never reads cookies, so
 * a visitor's browser can't be made to act with the moderator's session; tokens travel in
 * Authorization, which a page must set itself. CORP cross-origin lets pages under COEP read it.
 */
const apiCors = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type', 'Accept-Language'],
  exposeHeaders: ['Retry-After', 'X-Request-Id', 'WWW-Authenticate'],
  maxAge: 86400,
});

const DOCUMENT = JSON.stringify(openApiDocument);

/**
 * Every successful read gets a weak ETag of its body, and an If-None-Match that names it (by the
 * weak comparison: http/etag.ts) gets a 304 with the same caching headers: a poller re-reading an
 * unchanged board transfers nothing.
 */
async function withETag(c: Context, next: Next) {
  await next();
  // GET only: a HEAD answer has no body to name.
  if (c.req.method !== 'GET' || c.res.status !== 200) return;
  const tag = weakTag(new Uint8Array(await c.res.clone().arrayBuffer()));
  c.header('ETag', tag);
  if (!noneMatch(c.req.header('if-none-match'), tag)) return;
  const headers = new Headers(c.res.headers);
  for (const h of ['content-type', 'content-length', 'content-encoding']) headers.delete(h);
  c.res = new Response(null, { status: 304, headers });
}

export function apiRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const crossOrigin = async (c: Context, next: Next) => {
    await next();
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
  };
  app.use('/api/v1/*', apiCors, crossOrigin, withETag);
  app.use('/api/openapi.json', apiCors, crossOrigin, withETag);

  app.route('/', apiPublicRoutes(deps));
  app.route('/', apiWriteRoutes(deps));

  // GET /api/openapi.json - the same for everyone; may change only with an upgrade
  app.get('/api/openapi.json', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(DOCUMENT, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  // GET /api - the documentation page; its examples name this instance's address
  app.get('/api', (c) => {
    const lang = apiLang(c);
    const { origin, fromRequest } = linkOrigin(c, deps.config);
    if (fromRequest) c.header('Cache-Control', 'private, no-cache');
    return sendHtml(c, documentHtml(ApiDocPage({ lang, t: t(lang), assets: deps.assets, origin })));
  });

  app.all('/api/*', (c) => apiFail(c, 404, 'not_found', 'api_no_route'));
  return app;
}
