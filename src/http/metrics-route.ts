/**
 * @module http/metrics-route
 * GET /metrics (the registry itself is metrics.ts, loaded only when METRICS_TOKEN is set), and
 * the middleware that counts requests for it. Kept apart so the app can mount the route without
 * loading prom-client; the middleware is mounted only with metrics on, so without METRICS_TOKEN
 * a request pays nothing for it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metrics } from './metrics.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** GET /metrics: 404 while metrics are off; 401 without the right bearer token. */
export function metricsRoutes({ metrics, token }: { metrics?: Metrics | undefined; token: string | null }) {
  const app = new Hono();
  const expected = digest(token ?? '');
  app.get('/metrics', async (c) => {
    if (!metrics || !token) return c.notFound();
    c.header('Cache-Control', 'no-store');
    const given = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    // Equal-length digests compared in constant time: the answer's timing says nothing of the token.
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="holler metrics"');
      const why = given === undefined ? 'Metrics need the header "Authorization: Bearer <METRICS_TOKEN>".' : 'That bearer token is not METRICS_TOKEN.';
      return c.text(`${why}\n`, 401);
    }
    c.header('Content-Type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  return app;
}

/**
 * Counts each answer by method, route template and status, and times it. The route is the
 * template of the handler that answered (`/b/:board/feed`), a middleware's pattern (`/*`) for
 * what no route took: never the raw path, whose variety (slugs, ids, probes for /wp-admin)
 * would grow series without end.
 */
export function countRequests(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const route = routePath(c) || '*';
    metrics.request(c.req.method, route, c.res.status, (performance.now() - start) / 1000);
  };
}
