/**
 * @module http/access-log
 * ACCESS_LOG=on: one JSON line per request at info level, written when the answer is complete,
 * its keys named as OpenTelemetry's HTTP semantic conventions name them, so Grafana, Vector and
 * Elastic read it as is:
 *   {"msg":"request","id":…,"http.request.method":"GET","url.path":"/b/main",
 *    "http.response.status_code":200,"duration_ms":3.142,"http.response.size":2412}
 * `duration_ms` is fractional milliseconds (OpenTelemetry's duration is a metric in seconds,
 * with no log attribute of its own). `url.path` never carries the query string: queries can hold a visitor's name or other words that
 * have no place in a log kept for months. No client address either (see log.ts).
 * `http.response.size` is what went out on the socket for this answer, status line and headers included (as nginx's
 * $bytes_sent); without a socket (in-process tests) the Content-Length, if any.
 *
 * The no-change poll answered before Hono (widget/poll.ts) is logged by logRawAnswer, the rest
 * by the middleware: both write the same line.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../log.ts';
import { trustedPeer, type TrustProxy } from './client-ip.ts';
import { inboundRequestId, newRequestId, requestId, type AppEnv } from './request-id.ts';

// replies: a reply feed's URL is its only key, and the links of reply mail act on an opt-in:
// their tokens stay out of logs kept for months.
const withoutTokens = (path: string) => path.replace(/^(\/replies\/(?:feed|confirm|unsubscribe)\/)[^/]+/, '$1…');

type Line = { id: string; method: string; path: string; status: number; started: number; bytes: number | null };

// Microseconds are what the clock can tell apart usefully; more digits would be noise.
const write = (log: Logger, l: Line) =>
  log.info('request', {
    id: l.id, 'http.request.method': l.method, 'url.path': l.path, 'http.response.status_code': l.status,
    duration_ms: Math.round((performance.now() - l.started) * 1000) / 1000, 'http.response.size': l.bytes,
  });

/** Logs once `res` is done (sent, or the client went away), with what the socket took since `sentBefore`. */
function whenDone(log: Logger, res: ServerResponse, line: Omit<Line, 'bytes'>, sentBefore: number) {
  const socket = res.socket;
  const done = () => write(log, { ...line, bytes: socket ? socket.bytesWritten - sentBefore : null });
  if (res.destroyed) done();
  else res.once('close', done);
}

/** The Hono middleware: every request that reaches the app. */
export function accessLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // Nothing of this answer is on the socket yet (the server writes it after the app returns).
    const sentBefore = outgoing?.socket?.bytesWritten ?? 0;
    await next();
    const line = { id: requestId(c), method: c.req.method, path: withoutTokens(c.req.path), status: c.res.status, started };
    if (outgoing) return whenDone(log, outgoing, line, sentBefore);
    const length = c.res.headers.get('content-length');
    write(log, { ...line, bytes: length === null ? null : Number(length) });
  };
}

/**
 * For an answer given before Hono (the no-change poll): the same line, with the id of a trusted
 * proxy's X-Request-Id, else a fresh one. Call it before writing the answer.
 */
export function logRawAnswer(log: Logger, trust: TrustProxy, req: IncomingMessage, res: ServerResponse) {
  const inbound = inboundRequestId(req.headers['x-request-id'] as string | undefined);
  const id = inbound && trustedPeer(req.socket.remoteAddress, trust) ? inbound : newRequestId();
  const path = (req.url ?? '/').split('?')[0]!;
  whenDone(log, res, { id, method: req.method ?? '', path, status: 204, started: performance.now() }, res.socket?.bytesWritten ?? 0);
}
