/**
 * @module admin/guard
 * Middleware every /admin request passes: never framed, never cached, CSRF-checked on POST,
 * and (but for the login page) only with a live session.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { fromOwnOrigin } from '../http/origin.ts';
import { ADMIN_LANGS, pickLang, t } from '../i18n/i18n.ts';
import { sessionActor, type Sessions } from './auth.ts';
import { isHtmx } from '../http/request.ts';

/** `__Host-` pins the cookie to our exact origin (no Domain, Path=/, Secure): only possible over https. */
export const cookieName = (config: Config) => (isHttps(config) ? '__Host-holler_admin' : 'holler_admin');
export const isHttps = (config: Config) => config.publicUrl?.startsWith('https:') ?? false;

export const sessionId = (c: Context, config: Config) => getCookie(c, cookieName(config));

/** Who is acting, for the audit log: the moderator session of this request. */
export const actorOf = (c: Context, config: Config) => sessionActor(sessionId(c, config));

export function adminGuard(config: Config, sessions: Sessions): MiddlewareHandler {
  return async (c, next) => {
    const tr = () => t(pickLang(c.req.query('lang'), null, c.req.header('accept-language'), ADMIN_LANGS));
    if (c.req.method === 'POST' && !fromOwnOrigin(c, config)) {
      c.header('Cache-Control', 'no-store');
      return c.text(tr()('admin_forbidden'), 403);
    }
    const open = c.req.path === '/admin/login';
    // The list's background poll is not the moderator acting: it must not keep a session alive.
    const active = c.req.path !== '/admin/feed';
    if (!open && !sessions.check(sessionId(c, config), active)) {
      c.header('Cache-Control', 'no-store');
      if (c.req.method === 'GET' && !isHtmx(c)) return c.redirect('/admin/login', 303);
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
