/**
 * @module http/origin
 * Which origin is ours. The Host header (and an absolute-form request target) is written by the
 * client: trusting it lets a DNS-rebinding page (evil.example resolving to our address) pass the
 * admin Origin check, and puts an attacker's name into links that shared caches keep. So:
 * with PUBLIC_URL, that is the only origin; without it, a request's own origin counts only when
 * its host is an IP address, `localhost` (or `*.localhost`), or the HOST we listen on, names no
 * one else can point at us. Anything else gets http://localhost in links and 403 on admin POSTs.
 */
import { isIP } from 'node:net';
import type { Context } from 'hono';
import type { Config } from '../config.ts';

type OriginConfig = Pick<Config, 'publicUrl' | 'host'>;

/** A host name only this machine answers to: an IP literal, a localhost name, or HOST itself. */
export function isOwnHost(hostname: string, config: Pick<Config, 'host'>): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  return isIP(h) !== 0 || h === 'localhost' || h.endsWith('.localhost') || h === config.host.toLowerCase();
}

/** The request's origin if its host is ours (see isOwnHost), else null. */
export function trustedRequestOrigin(c: Context, config: OriginConfig): string | null {
  const url = new URL(c.req.url);
  return isOwnHost(url.hostname, config) ? url.origin : null;
}

/**
 * The origin absolute links are built on, and whether it came from the request (then the answer
 * must not go into a shared cache: another client's Host would get it).
 */
export function linkOrigin(c: Context, config: OriginConfig): { origin: string; fromRequest: boolean } {
  if (config.publicUrl) return { origin: config.publicUrl, fromRequest: false };
  const own = trustedRequestOrigin(c, config);
  const port = new URL(c.req.url).port;
  return { origin: own ?? `http://localhost${port ? `:${port}` : ''}`, fromRequest: true };
}

/**
 * A POST must come from our own pages. With PUBLIC_URL, its Origin must be exactly that;
 * without, the request's own origin on a host of ours. Browsers send Origin on every cross-site
 * POST (and on same-origin form posts); when it is absent we accept only Sec-Fetch-Site:
 * same-origin, on a host of ours.
 */
export function fromOwnOrigin(c: Context, config: OriginConfig): boolean {
  const origin = c.req.header('origin');
  if (origin) return origin === (config.publicUrl ?? trustedRequestOrigin(c, config));
  return c.req.header('sec-fetch-site') === 'same-origin' && (config.publicUrl !== null || trustedRequestOrigin(c, config) !== null);
}
