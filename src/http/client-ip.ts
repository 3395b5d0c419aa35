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
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * Which proxies of ours append to X-Forwarded-For: either a count of hops (0 = ignore the
 * header), or the addresses/CIDR ranges of our proxies (`ranges`, with `hops` 0).
 */
export type TrustProxy = Readonly<{ hops: number; ranges?: BlockList; list?: readonly string[] }>;

type Parsed = { ok: true; value: TrustProxy } | { ok: false; error: string };

/**
 * Named ranges, as Express's proxy-addr names them, so the common setups need no CIDR:
 * `loopback` for a proxy on the same machine, `private`/`uniquelocal` for one on the LAN or a
 * Docker network, `linklocal` for cloud metadata-style neighbours.
 */
export const TRUST_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

export function parseTrustProxy(raw: string): Parsed {
  const v = raw.trim().toLowerCase();
  if (['', 'off', 'false', 'no', '0'].includes(v)) return { ok: true, value: { hops: 0 } };
  if (['on', 'true', 'yes'].includes(v)) return { ok: true, value: { hops: 1 } };
  if (/^\d+$/.test(v) && Number(v) <= 10) return { ok: true, value: { hops: Number(v) } };
  if (/[.:]/.test(v) || v.split(',').some((s) => s.trim() in TRUST_KEYWORDS)) return parseRanges(v);
  return {
    ok: false,
    error: `must be off, a list of your proxies' addresses/CIDRs or the words loopback, private, uniquelocal, linklocal, or a hop count from 1 to 10 (got "${raw}")`,
  };
}

/** "loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.7" → a BlockList of our proxies. */
function parseRanges(v: string): Parsed {
  const ranges = new BlockList();
  const list: string[] = [];
  const items = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items.flatMap((s) => TRUST_KEYWORDS[s] ?? [s])) {
    const [addr = '', bits, extra] = item.split('/');
    const family = isIP(addr);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!family || extra !== undefined || !(prefix >= 0 && prefix <= (family === 6 ? 128 : 32))) {
      return { ok: false, error: `has "${item}", which is not an IPv4/IPv6 address, a CIDR range or one of loopback, private, uniquelocal, linklocal` };
    }
    ranges.addSubnet(addr, prefix, family === 6 ? 'ipv6' : 'ipv4');
    list.push(`${addr}/${prefix}`);
  }
  return { ok: true, value: { hops: 0, ranges, list } };
}

/**
 * A hop count trusts whatever the nearest hop wrote, so it is only safe when nothing but the
 * proxy can reach the port. Said at start when Holler listens beyond loopback with one.
 */
export function hopCountWarning(trust: TrustProxy, host: string): string | null {
  if (trust.hops === 0) return null;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || /^127\./.test(h) || h === '::ffff:127.0.0.1') return null;
  return `TRUST_PROXY=${trust.hops} (a hop count) while listening on ${host}: anyone who reaches this port directly can pick their own address (and poster identity). Set TRUST_PROXY to your proxy's address, e.g. loopback or 10.0.0.5, or listen on 127.0.0.1`;
}

const isTrusted = (ranges: BlockList, ip: string) => {
  const family = isIP(ip);
  return family !== 0 && ranges.check(ip, family === 6 ? 'ipv6' : 'ipv4');
};

type NodeEnv = { incoming?: { socket?: { remoteAddress?: string } } };

/**
 * Whether the peer is one of our proxies, so that what it wrote in a header (X-Request-Id) may be
 * believed: any peer under a hop count (that setting trusts the nearest hop, whoever it is), a
 * peer inside the ranges under an address list, nobody with TRUST_PROXY off.
 */
export function trustedPeer(remoteAddress: string | undefined, trust: TrustProxy): boolean {
  if (trust.hops > 0) return true;
  return trust.ranges !== undefined && isTrusted(trust.ranges, normalizeIp(remoteAddress ?? ''));
}

/** trustedPeer for a Hono request (no socket under app.request(): only a hop count trusts it). */
export const fromTrustedProxy = (c: Context, trust: TrustProxy): boolean =>
  trustedPeer((c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress, trust);

/** The client address as far as we can trust it; 'unknown' when there is no socket (in-process tests). */
export function clientIp(c: Context, trust: TrustProxy): string {
  const socketIp = normalizeIp((c.env as NodeEnv | undefined)?.incoming?.socket?.remoteAddress ?? '');
  const forwarded = () =>
    (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => normalizeIp(s))
      .filter(Boolean);
  if (trust.ranges) {
    // Walk from the nearest hop outwards, skipping our own proxies: the first address that is
    // not one of ours is the client. Without a trusted proxy as the peer, the header is ignored.
    const chain = [...forwarded(), socketIp || 'unknown'];
    for (let i = chain.length - 1; i >= 0; i--) {
      const hop = chain[i]!;
      if (!isIP(hop)) return i === chain.length - 1 ? hop : chain[i + 1]!;
      if (!isTrusted(trust.ranges, hop) || i === 0) return hop;
    }
  }
  if (trust.hops > 0) {
    const forwarded_ = forwarded();
    // The last `hops` entries were appended by our proxies; the one they saw is at -hops.
    const candidate = forwarded_[Math.max(0, forwarded_.length - trust.hops)];
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
  return createHmac('sha256', keyOf(secret)).update(addressKey(ip)).digest('base64url').slice(0, 22);
}

// Every post computes a poster key: the HMAC key is made once per secret, not from the string each time.
let lastKey: { secret: string; key: KeyObject } | undefined;
const keyOf = (secret: string): KeyObject => {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret, 'utf8')) };
  return lastKey.key;
};
