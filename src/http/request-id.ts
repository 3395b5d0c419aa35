/**
 * @module http/request-id
 * The request id that ties an answer (X-Request-Id) to its log lines. Made on first use: only
 * answers with a body or a log line need one, and the no-change poll must stay cheap.
 */
import type { Context } from 'hono';
import { nanoid } from 'nanoid';

/** Per-request values set by our middleware. */
export type AppEnv = { Variables: { requestId: string } };

export function requestId(c: Context<AppEnv>): string {
  let id = c.get('requestId');
  if (!id) c.set('requestId', (id = nanoid(10)));
  return id;
}
