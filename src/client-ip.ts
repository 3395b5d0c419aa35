/**
 * @module client-ip
 * Who is posting. The client address decides rate limits and (later) bans, so reading it is a
 * trust decision: X-Forwarded-For is written by whoever sent the request, and honouring it
 * without a proxy in front would let any bot pick a fresh identity per request. We read it only
 * when TRUST_PROXY says how many proxies of ours stand in front, and then take the address the
 * nearest untrusted hop reported, never the leftmost (client-chosen) one.
 *
 * The raw address never leaves this module's callers: it is turned into a keyed hash at once.
 */
import { createHmac } from 'node:crypto';
import { isIP } from 'node:net';
import type { Context } from 'hono';

/** How many reverse proxies of ours append to X-Forwarded-For; 0 means ignore the header. */
export type TrustProxy = Readonly<{ hops: number }>;

export function parseTrustProxy(raw: string): { ok: true; value: TrustProxy } | { ok: false; error: string } {
  const v = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no', '0'].includes(v)) return { ok: true, value: { hops: 0 } };
  if (['on', 'true', 'yes'].includes(v)) return { ok: true, value: { hops: 1 } };
  if (/^\d+$/.test(v) && Number(v) <= 10) return { ok: true, value: { hops: Number(v) } };
  return { ok: false, error: `must be off, true or a hop count from 1 to 10 (got "${raw}")` };
}

type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } };

/** The client address as far as we can trust it; 'unknown' when there is no socket (in-process tests). */
export function clientIp(c: Context, trust: TrustProxy): string {
  const socketIp = normalizeIp((c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress ?? '');
  if (trust.hops > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    // The last `hops` entries were appended by our proxies; the one they saw is at -hops.
    const candidate = forwarded[Math.max(0, forwarded.length - trust.hops)];
    if (candidate && isIP(normalizeIp(candidate))) return normalizeIp(candidate);
  }
  return socketIp || 'unknown';
}

function normalizeIp(ip: string): string {
  const v = ip.trim().toLowerCase();
  return v.startsWith('::ffff:') && isIP(v.slice(7)) === 4 ? v.slice(7) : v;
}

/**
 * The part of an address that names one client: IPv4 whole, IPv6 by its /64, because one
 * home or VPS gets a whole /64 and could otherwise rotate through 2^64 identities.
 */
export function addressKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

/** Keyed hash of the client's address: stable per secret, meaningless without it. */
export function posterKey(ip: string, secret: string): string {
  return createHmac('sha256', secret).update(addressKey(ip)).digest('base64url').slice(0, 22);
}
