/**
 * @module http/request-id
 * The request id that ties an answer (X-Request-Id) to its log lines. A proxy of ours (TRUST_PROXY)
 * may bring one in X-Request-Id, so its logs and ours name a request alike: then it is kept.
 * From anyone else the header is ignored (a client must not pick the id our logs file its
 * request under). Otherwise one is made on first use: only answers with a body or a log line
 * need one, and the no-change poll must stay cheap.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { nanoid } from 'nanoid';
import { fromTrustedProxy, type TrustProxy } from './client-ip.ts';

/** Per-request values set by our middleware. */
export type AppEnv = { Variables: { requestId: string } };

// What we echo in a header and write in logs: visible ASCII, no spaces or quotes, bounded
// (nginx's $request_id, UUIDs, AWS trace ids all fit).
const INBOUND_ID = /^[A-Za-z0-9._:;=+/@-]{1,128}$/;

/** The inbound X-Request-Id if it is usable, else null. */
export const inboundRequestId = (header: string | undefined | null): string | null =>
  header && INBOUND_ID.test(header) ? header : null;

export const newRequestId = (): string => nanoid(10);

export function requestId<E extends AppEnv>(c: Context<E>): string {
  const vars = c as unknown as Context<AppEnv>; // any env that extends ours has the variable
  let id = vars.get('requestId');
  if (!id) vars.set('requestId', (id = newRequestId()));
  return id;
}

/** Keeps the X-Request-Id of requests that come through a trusted proxy. */
export function keepProxyRequestId(trust: TrustProxy): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const inbound = inboundRequestId(c.req.header('x-request-id'));
    if (inbound && fromTrustedProxy(c, trust)) c.set('requestId', inbound);
    await next();
  };
}
