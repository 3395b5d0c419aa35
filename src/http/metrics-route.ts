/**
 * @module http/metrics-route
 * GET /metrics (the registry itself is metrics.ts, loaded only when METRICS_TOKEN is set). Kept
 * apart so the app can mount the route without loading prom-client.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
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
