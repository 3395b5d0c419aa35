/**
 * @module http/vary
 * `Vary` from what the handlers actually read. A body chosen by Accept-Language (the visitor's
 * language), HX-Request (a fragment instead of a page) or Accept-Encoding (compression) must
 * say so, or a shared cache serves one visitor's Italian, or a bare fragment, to the next.
 * Listing headers by hand on each route missed some (feed, archive, presence); recording the
 * reads misses none, including routes added later.
 */
import type { MiddlewareHandler } from 'hono';

/** Request headers that choose the body; others a handler reads (cookies, Origin, proxies) go with no-store or POST answers. */
const CHOOSERS: Record<string, string> = { 'accept-language': 'Accept-Language', 'hx-request': 'HX-Request', 'accept-encoding': 'Accept-Encoding' };

/** Adds `names` to the response's Vary (once each, keeping what is there). */
export function addVary(headers: Headers, names: Iterable<string>): void {
  const have = (headers.get('vary') ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const lower = new Set(have.map((v) => v.toLowerCase()));
  for (const n of names) if (!lower.has(n.toLowerCase())) have.push(n), lower.add(n.toLowerCase());
  if (have.length) headers.set('Vary', have.join(', '));
}

export function varyOnReadHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const read = new Set<string>();
    const header = c.req.header.bind(c.req) as (name?: string) => unknown;
    c.req.header = ((name?: string) => {
      const chooser = name && CHOOSERS[name.toLowerCase()];
      if (chooser) read.add(chooser);
      return header(name);
    }) as typeof c.req.header;
    await next();
    if (read.size) addVary(c.res.headers, read);
  };
}
