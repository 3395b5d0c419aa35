/**
 * @module api/auth
 * Bearer tokens (made in /admin/tokens, only their SHA-256 stored: store/tokens.ts). A route
 * names the scope it needs; the token's name becomes the audit log's actor, `token:<name>`.
 * Each use is noted (to the minute) and rate-limited per token.
 * Token answers hold private data or act: never cached.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/request-id.ts';
import { createRateLimiter, secondsUp } from '../rate-limit.ts';
import type { ApiToken, Scope, Store } from '../store/store.ts';
import { apiFail } from './errors.ts';

/**
 * Each token may make TOKEN_BURST calls at once, then one a second: a program stuck in a loop
 * (or a leaked token) can't flood a board with staff messages or the audit log with entries.
 */
export const TOKEN_BURST = 30;
const TOKEN_INTERVAL_MS = 1000;
export type TokenLimiter = ReturnType<typeof createRateLimiter>;
export const createTokenLimiter = (now: () => number): TokenLimiter => createRateLimiter({ burst: TOKEN_BURST, intervalMs: TOKEN_INTERVAL_MS, now });

export type TokenEnv = { Variables: AppEnv['Variables'] & { token: ApiToken } };

/** The audit log's actor for the token of this request. */
export const tokenActor = (c: Context<TokenEnv>) => `token:${c.get('token').name}`;

export function requireScope(store: Pick<Store, 'findToken' | 'tokenUsed'>, scope: Scope, limiter: TokenLimiter): MiddlewareHandler<TokenEnv> {
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
    // Any call with a live token is a use of it, even one it lacks the scope for.
    try {
      store.tokenUsed(token.id);
    } catch {
      // A failed write is the fault tracker's (health reports it); the call itself goes on.
    }
    if (!token.scopes.includes(scope)) {
      c.header('WWW-Authenticate', `Bearer realm="holler", error="insufficient_scope", scope="${scope}"`);
      return apiFail(c, 403, 'token_scope', 'api_token_scope', { scope });
    }
    const rate = limiter.take(`token:${token.id}`);
    if (!rate.ok) {
      const seconds = secondsUp(rate.retryAfterMs);
      c.header('Retry-After', String(seconds));
      return apiFail(c, 429, 'token_rate', 'api_token_rate', { seconds });
    }
    c.set('token', token);
    await next();
  };
}
