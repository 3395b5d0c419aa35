/**
 * @module api/auth
 * Bearer tokens (made in /admin/tokens, only their SHA-256 stored: store/tokens.ts). A route
 * names the scope it needs; the token's name becomes the audit log's actor, `token:<name>`.
 * Token answers hold private data or act: never cached.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/request-id.ts';
import type { ApiToken, Scope, Store } from '../store/store.ts';
import { apiFail } from './errors.ts';

export type TokenEnv = { Variables: AppEnv['Variables'] & { token: ApiToken } };

/** The audit log's actor for the token of this request. */
export const tokenActor = (c: Context<TokenEnv>) => `token:${c.get('token').name}`;

export function requireScope(store: Pick<Store, 'findToken'>, scope: Scope): MiddlewareHandler<TokenEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const presented = /^Bearer +([\w-]{1,200})\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    // RFC 6750: the challenge says what was wrong, so a client knows to fetch a new token.
    if (!presented) {
      c.header('WWW-Authenticate', 'Bearer realm="holler"');
      return apiFail(c, 401, 'token_missing', 'api_token_missing');
    }
    const token = store.findToken(presented);
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="holler", error="invalid_token"');
      return apiFail(c, 401, 'token_invalid', 'api_token_invalid');
    }
    if (!token.scopes.includes(scope)) {
      c.header('WWW-Authenticate', `Bearer realm="holler", error="insufficient_scope", scope="${scope}"`);
      return apiFail(c, 403, 'token_scope', 'api_token_scope', { scope });
    }
    c.set('token', token);
    await next();
    c.header('Cache-Control', 'no-store');
  };
}
