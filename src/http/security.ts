/**
 * @module http/security
 * The security headers of every answer with a body: what browsers may load, frame, open and use.
 */
import type { Config } from '../config.ts';

// Powerful browser features no part of Holler uses, denied to our pages and anything they frame.
const PERMISSIONS_POLICY =
  'accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), ' +
  'magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), browsing-topics=()';
// Only the widget document (framed, also by pages that set Cross-Origin-Embedder-Policy) and
// the read-only fragment are meant to be loaded by other sites; assets, embed.js and theme
// stylesheets set their own. Everything else stays same-origin.
const isEmbeddable = (path: string) => /^\/b\/[^/]+(\/fragment)?\/?$/.test(path);

// Scripts and styles only from our origin, nothing inline, nothing evaluated: injected markup
// can't run. Widget pages may be framed by any site (the product is embedding); our other
// pages may not. connect-src covers htmx's fetch().
const CSP_BASE =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; base-uri 'none'";
/** Widget pages: framed by FRAME_ANCESTORS (and by ourselves, for the landing page's demo). */
const cspWidget = (ancestors: string) => `${CSP_BASE}; frame-ancestors ${ancestors === '*' ? '*' : `'self' ${ancestors}`}`;
const CSP_PAGE = `${CSP_BASE}; frame-src 'self'; frame-ancestors 'none'`;

/**
 * The headers every answer with a body gets from the middleware in createApp, unless its route
 * set its own Cross-Origin-Resource-Policy or Content-Security-Policy: by path, and whether it
 * is an HTML document; made once per kind, not per request. Also used by the first view
 * answered before Hono (widget/first-view.ts), so both paths send the same.
 */
export function securityHeaders(config: Pick<Config, 'frameAncestors' | 'publicUrl'>) {
  const widgetCsp = cspWidget(config.frameAncestors);
  // Browsers keep to https for a year once they reached us over it. Not includeSubDomains: the
  // other names under the domain are not ours to decide for.
  const hsts = config.publicUrl?.startsWith('https:') ?? false;
  const kinds = new Map<string, Readonly<Record<string, string>>>();
  return (path: string, html: boolean): Readonly<Record<string, string>> => {
    const embeddable = isEmbeddable(path);
    const widget = path.startsWith('/b/');
    const key = `${embeddable}|${widget}|${html}`;
    let headers = kinds.get(key);
    if (!headers) {
      const h: Record<string, string> = {
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'strict-origin-when-cross-origin',
        'Permissions-Policy': PERMISSIONS_POLICY,
        'Cross-Origin-Resource-Policy': embeddable ? 'cross-origin' : 'same-origin',
        'Content-Security-Policy': widget ? widgetCsp : CSP_PAGE,
      };
      // Our pages open no cross-origin windows that need a handle on us (nor we on them).
      if (html) h['Cross-Origin-Opener-Policy'] = 'same-origin';
      if (hsts) h['Strict-Transport-Security'] = 'max-age=31536000';
      kinds.set(key, (headers = Object.freeze(h)));
    }
    return headers;
  };
}
// A route may set these itself (assets, embed.js, theme stylesheets, the API): its own stay.
export const ROUTE_MAY_SET = new Set(['Cross-Origin-Resource-Policy', 'Content-Security-Policy']);

