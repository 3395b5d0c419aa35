/**
 * @module http/request-id
 * The request id that ties an answer (X-Request-Id) to its log lines. Made on first use: only
 * answers with a body or a log line need one, and the no-change poll must stay cheap.
 */
import type { Context } from 'hono';
import { nanoid } from 'nanoid';

/** Per-request values set by our middleware. */
export type AppEnv = { Variables: { requestId: string } };

export function requestId<E extends AppEnv>(c: Context<E>): string {
  const vars = c as unknown as Context<AppEnv>; // any env that extends ours has the variable
  let id = vars.get('requestId');
  if (!id) vars.set('requestId', (id = nanoid(10)));
  return id;
}
