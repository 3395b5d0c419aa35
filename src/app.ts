/**
 * @module app
 * createApp(deps): global middleware, static assets, the routers, error pages. No I/O of its
 * own: the store, clock, limiter and logger come in, so tests build the real app in-process.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { sendAsset, type Assets } from './http/assets.ts';
import type { Config } from './config.ts';
import { databaseUnavailable, RETRY_AFTER_S } from './store/faults.ts';
import { pickLang, t } from './i18n/i18n.ts';
import { sendHtml } from './http/respond.ts';
import { isHtmx } from './http/request.ts';
import { linkOrigin } from './http/origin.ts';
import { varyOnReadHeaders } from './http/vary.ts';
import { ROUTE_MAY_SET, securityHeaders } from './http/security.ts';
import type { Logger } from './log.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Poll } from './widget/poll.ts';
import type { Store } from './store/store.ts';
import { escapeHtml } from './posting/text.ts';
import { documentHtml } from './http/layout.tsx';
import { LandingPage, MessagePage } from './http/pages.tsx';
import { embedRoutes } from './widget/embed.tsx';
import { createPosting } from './posting/pipeline.ts';
import { widgetRoutes } from './widget/routes.tsx';
import { createFirstView } from './widget/first-view.ts';
import { ownRoutes, type OwnChange } from './widget/own.tsx';
import { hereRoutes } from './widget/here-route.tsx';
import { atomRoutes } from './widget/atom.ts';
import { subscribeRoutes } from './widget/subscribe.tsx';
import { replyLinkRoutes } from './widget/reply-links.tsx';
import { replyFeedRoutes } from './widget/reply-feed.ts';
import { adminRoutes } from './moderation/routes.tsx';
import { apiRoutes } from './api/routes.ts';
import { apiPageError, isApiPath } from './api/errors.ts';
import { createSessions } from './moderation/auth.ts';
import type { NotifyControl } from './moderation/views.tsx';

import { keepProxyRequestId, requestId, type AppEnv } from './http/request-id.ts';
import { accessLog } from './http/access-log.ts';
import { healthRoutes } from './http/health.ts';
import type { Metrics } from './http/metrics.ts';
import { countRequests, metricsRoutes } from './http/metrics-route.ts';
import type { BackupStatus } from './store/backup.ts';
import type { ReplicaStatus } from './store/replica.ts';

export type Deps = {
  config: Config;
  store: Store;
  limiter: RateLimiter;
  now: () => number;
  log: Logger;
  assets: Assets;
  /** The no-change poll, shared with server.ts's fast path (poll.ts). */
  poll: Poll;
  /** The notification worker (notify/worker.ts): the admin's test and retry buttons use it. */
  notifier?: NotifyControl;
  /** Told when an author edits or deletes their own message (widget/own.tsx), after the commit. */
  onOwnChange?: (change: OwnChange) => void;
  /** Counters for /metrics (http/metrics.ts); absent when METRICS_TOKEN is not set. */
  metrics?: Metrics;
  /** How the scheduled backups fare (store/backup.ts); absent without BACKUP_DIR. */
  backups?: BackupStatus | undefined;
  /** Litestream's replica, when Holler runs under it with LITESTREAM_ADDR (store/replica.ts). */
  replica?: () => ReplicaStatus;
};

/** Largest request body we read. A maximal message in emoji, URL-encoded, is well under it. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Largest request head (request line + headers) Node accepts for us (server.ts); past it: 431. */
export const MAX_HEADER_BYTES = 8 * 1024;

/**
 * A request refused before its body was read (413, a foreign admin POST, an unknown board)
 * leaves the rest of that body on the socket; the server drains only so much, so long, then
 * resets it, and the client's next request on that keep-alive connection got no answer. Such
 * answers close the connection instead. Under app.request() (tests, no socket) a 413 counts.
 */
function bodyLeftUnread(c: Context): boolean {
  const h = c.req.raw.headers;
  if (!h.has('transfer-encoding') && !(Number(h.get('content-length')) > 0)) return false;
  const incoming = (c.env as { incoming?: { complete: boolean } } | undefined)?.incoming;
  return incoming ? !incoming.complete : c.res.status === 413;
}

export function createApp(deps: Deps) {
  const { assets, log } = deps;
  const app = new Hono<AppEnv>();

  const langOf = (c: Context) => pickLang(c.req.query('lang'), null, c.req.header('accept-language'));
  const messagePage = (
    c: Context,
    status: 404 | 413 | 500 | 503,
    titleKey: 'not_found_title' | 'error_title' | 'unavailable_title',
    textKey: 'not_found' | 'error_text' | 'err_too_large' | 'unavailable_text',
  ) => {
    if (isApiPath(c.req.path)) return apiPageError(c, status, textKey);
    const lang = langOf(c);
    const tr = t(lang);
    return sendHtml(c, documentHtml(MessagePage({ lang, assets, title: tr(titleKey), text: tr(textKey) })), status);
  };

  // Request id (kept from a trusted proxy), the access log (ACCESS_LOG=on; no client address in
  // it, ever), security headers. Empty answers (204/304: a no-change poll, a cached asset) carry
  // none of the headers: there is no document to protect, and the no-change poll is the hot path.
  const trust = deps.config.trustProxy;
  // HTTP requests by route and status for /metrics: mounted only with METRICS_TOKEN (costs nothing otherwise).
  if (deps.metrics) app.use(countRequests(deps.metrics));
  if (trust.hops > 0 || trust.ranges) app.use(keepProxyRequestId(trust));
  if (deps.config.accessLog) app.use(accessLog(log));
  const security = securityHeaders(deps.config);
  app.use(async (c, next) => {
    await next();
    // Set on the answer's own headers: c.header() once the handler has answered rebuilds the
    // Response each call (a Web Response, its body turned into a stream and read back): most of
    // a cached page's cost before.
    const res = c.res;
    const h = res.headers;
    if (bodyLeftUnread(c)) h.set('Connection', 'close');
    if (res.status === 204 || res.status === 304) return;
    h.set('X-Request-Id', requestId(c));
    const html = h.get('content-type')?.startsWith('text/html') ?? false;
    for (const [name, value] of Object.entries(security(c.req.path, html))) {
      if (!ROUTE_MAY_SET.has(name) || !h.has(name)) h.set(name, value);
    }
  });

  app.use(varyOnReadHeaders());

  // Only requests with a body pay for the limit.
  const tooLarge = (c: Context) => {
    if (/^\/b\/[^/]+\/messages$/.test(c.req.path)) deps.metrics?.refused('too_large');
    const fromForm = isHtmx(c) && c.req.path.endsWith('/messages') && !isApiPath(c.req.path);
    if (!fromForm) return messagePage(c, 413, 'error_title', 'err_too_large');
    // htmx form post: the body was never read, so we can't hand the text back. Put the
    // reason at the top of the form instead of replacing it, so what was typed stays.
    c.header('HX-Retarget', '#post-form');
    c.header('HX-Reswap', 'afterbegin');
    c.header('Cache-Control', 'no-store');
    return c.html(`<p class="error" role="alert">${escapeHtml(t(langOf(c))('err_too_large'))}</p>`, 413);
  };
  const limit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Hono's bodyLimit reads c.req.raw.body first, which makes @hono/node-server build a whole Web
  // Request and a stream over the socket for every post (a tenth of a post's CPU). A declared
  // length is judged from the header, as bodyLimit itself does (Node's parser reads no further);
  // a chunked body still goes through bodyLimit, which counts its bytes.
  app.post('*', async (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return limit(c, next);
    if (parseInt(length, 10) > MAX_BODY_BYTES) return tooLarge(c);
    await next();
  });

  // GET /assets/:name.:hash.:ext - content-hashed, so cached for a year
  app.get('/assets/:file', (c) => {
    const asset = assets.byPath.get(c.req.path);
    if (!asset) return c.notFound();
    return sendAsset(c, asset, 'public, max-age=31536000, immutable');
  });

  // GET /livez - the process answers; GET /healthz - the database answers and takes writes (http/health.ts)
  app.route('/', healthRoutes({ store: deps.store, minFreeBytes: deps.config.diskMinFreeBytes, backups: deps.backups, replica: deps.replica }));
  // GET /metrics - Prometheus text, with METRICS_TOKEN as a bearer token (http/metrics-route.ts); else 404
  app.route('/', metricsRoutes({ metrics: deps.metrics, token: deps.config.metricsToken }));

  // GET / - the landing page: the main board live, and the three ways to embed every board
  app.get('/', (c) => {
    const lang = langOf(c);
    const { origin, fromRequest } = linkOrigin(c, deps.config);
    if (fromRequest) c.header('Cache-Control', 'private, no-cache');
    const boards = deps.store.listBoards().map((b) => b.slug);
    return sendHtml(c, documentHtml(LandingPage({ lang, t: t(lang), assets, origin, guessed: !deps.config.publicUrl, board: 'main', boards })));
  });

  app.route('/', embedRoutes(deps));
  // One posting pipeline for new posts and authors' edits: one set of rules, one memory.
  const posting = createPosting({ config: deps.config, store: deps.store, limiter: deps.limiter, now: deps.now, secret: deps.store.formSecret() });
  deps.poll.useSlowMode(posting.slowMode); // a poll is "changed" when slow mode starts or ends
  const widget = widgetRoutes({ ...deps, posting });
  app.route('/', widget);
  app.route('/', ownRoutes({ ...deps, posting }));
  app.route('/', hereRoutes(deps));
  app.route('/', atomRoutes(deps));
  // Reply mail and private reply feeds: the opt-in panel, the mails' links, the feed.
  app.route('/', subscribeRoutes(deps));
  app.route('/', replyLinkRoutes(deps));
  app.route('/', replyFeedRoutes(deps));
  app.route('/', apiRoutes(deps));
  app.route('/', adminRoutes(deps, createSessions(deps.store, deps.now, deps.config.adminPassword)));

  app.notFound((c) => messagePage(c, 404, 'not_found_title', 'not_found'));
  app.onError((err, c) => {
    // A locked, read-only or full database is an outage, not a bug: 503, a human page, and the
    // next request tries again (routes with a form, like the widget's post, answer it themselves).
    const unavailable = databaseUnavailable(err);
    if (unavailable) {
      log.warn('database unavailable', { id: requestId(c), method: c.req.method, path: c.req.path, reason: unavailable, error: err.message });
      c.header('Retry-After', String(RETRY_AFTER_S));
      c.header('Cache-Control', 'no-store');
      // A failed poll must not replace the poller (that would stop polling): htmx keeps the page as is.
      if (isHtmx(c) && c.req.method === 'GET') c.header('HX-Reswap', 'none');
      return messagePage(c, 503, 'unavailable_title', 'unavailable_text');
    }
    log.error('unhandled error', { id: requestId(c), method: c.req.method, path: c.req.path, error: err.stack ?? String(err) });
    try {
      return messagePage(c, 500, 'error_title', 'error_text');
    } catch {
      return c.text('Something went wrong. Please try again in a moment.', 500);
    }
  });

  // The plain first view, answered before Hono by server.ts (widget/first-view.ts); not while
  // the access log or /metrics is on: they count every request in the middleware above.
  const firstView = deps.config.accessLog || deps.metrics ? null : createFirstView({
    store: deps.store, page: widget.firstView.page, slot: widget.firstView.slot, issueToken: posting.issueToken, security: (path) => security(path, true),
  });
  return Object.assign(app, { firstView });
}

export type App = ReturnType<typeof createApp>;
