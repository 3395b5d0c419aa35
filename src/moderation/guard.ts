/**
 * @module admin/guard
 * Middleware every /admin request passes: never framed, never cached, CSRF-checked on POST,
 * and (but for the login page) only with a live session.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { ADMIN_LANGS, pickLang, t } from '../i18n/i18n.ts';
import type { Sessions } from './auth.ts';

/** `__Host-` pins the cookie to our exact origin (no Domain, Path=/, Secure): only possible over https. */
export const cookieName = (config: Config) => (isHttps(config) ? '__Host-holler_admin' : 'holler_admin');
export const isHttps = (config: Config) => config.publicUrl?.startsWith('https:') ?? false;

export const sessionId = (c: Context, config: Config) => getCookie(c, cookieName(config));

/**
 * A POST must come from our own pages. Browsers send Origin on every cross-site POST (and on
 * same-origin form posts); when it is absent we accept only Sec-Fetch-Site: same-origin. The
 * SameSite=Strict cookie is the second wall. Public URL first: behind a TLS-terminating proxy
 * the request URL says http while the browser's Origin says https.
 */
export function sameOrigin(c: Context, config: Config): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === (config.publicUrl ?? new URL(c.req.url).origin) || origin === new URL(c.req.url).origin;
  return c.req.header('sec-fetch-site') === 'same-origin';
}

export function adminGuard(config: Config, sessions: Sessions): MiddlewareHandler {
  return async (c, next) => {
    const tr = () => t(pickLang(c.req.query('lang'), null, c.req.header('accept-language'), ADMIN_LANGS));
    if (c.req.method === 'POST' && !sameOrigin(c, config)) {
      c.header('Cache-Control', 'no-store');
      return c.text(tr()('admin_forbidden'), 403);
    }
    const open = c.req.path === '/admin/login';
    // The list's background poll is not the moderator acting: it must not keep a session alive.
    const active = c.req.path !== '/admin/feed';
    if (!open && !sessions.check(sessionId(c, config), active)) {
      c.header('Cache-Control', 'no-store');
      if (c.req.method === 'GET' && c.req.header('hx-request') !== 'true') return c.redirect('/admin/login', 303);
      // htmx (a poll, a button) after the session ended: send the whole page to the login form.
      c.header('HX-Redirect', '/admin/login');
      return c.text(tr()('admin_session_ended'), 401);
    }
    await next();
    // Admin pages hold other people's data and act on a click: never cached, never framed.
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    c.header('Content-Security-Policy', ADMIN_CSP);
  };
}

export const ADMIN_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
