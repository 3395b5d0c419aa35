/**
 * @module notify/address
 * Where a board webhook (set by a moderator in the admin, not by the operator) may point: not at
 * this machine, the private network or a cloud metadata service, unless NOTIFY_ALLOW_PRIVATE=on.
 * Names are checked as they resolve for the very connection (a `lookup` hook), so a name that
 * resolves to a public address when saved and to 127.0.0.1 when sent (DNS rebinding) is refused.
 */
import dns from 'node:dns';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const blocked = new net.BlockList();
for (const [a, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(a, bits, 'ipv4');
for (const [a, bits] of [['::', 96], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]] as const) blocked.addSubnet(a, bits, 'ipv6');

/** The 16 bytes of an IPv6 address (Node's parser via URL: `::`, embedded IPv4 and all). */
function v6Bytes(a: string): number[] {
  const groups = new URL(`http://[${a}]/`).hostname.slice(1, -1).split(':');
  const at = groups.indexOf('');
  const full = at < 0 ? groups : [...groups.slice(0, at).filter(Boolean), ...Array(8 - groups.filter(Boolean).length).fill('0'), ...groups.slice(at).filter(Boolean)];
  return full.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 255]; });
}

/** Loopback, private, link-local (169.254.169.254, the metadata service), multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true; // not an address: refuse rather than guess
  const b = v6Bytes(address);
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) reach the IPv4 address inside.
  const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255;
  const nat64 = b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.slice(4, 12).every((x) => x === 0);
  if (mapped || nat64) return blocked.check(b.slice(12).join('.'), 'ipv4');
  return blocked.check(address, 'ipv6');
}

/** The URL's host without IPv6 brackets (WHATWG URL already turned 2130706433 into 127.0.0.1). */
export const urlHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Why this URL may not be used for a board webhook, judged without DNS (null = fine so far). */
export function privateHost(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // the caller's URL rule explains this
  }
  const host = urlHost(url).toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return host;
  return net.isIP(host) && isPrivateAddress(host) ? host : null;
}

export class PrivateAddressError extends Error {}

/**
 * A `lookup` for http.request that fails on any private answer: the address checked is the one
 * connected to. (An IP literal skips lookup; `privateHost` covers those.)
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) {
      return callback(Object.assign(new PrivateAddressError(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/**
 * For the admin form: the host, if the URL's name resolves now to a private address (null when
 * it does not, is an IP literal, or does not resolve within `timeoutMs`: the check when sending
 * still applies). Gives the moderator the sentence at once instead of a failing delivery later.
 */
export async function resolvesPrivate(raw: string, timeoutMs = 2000): Promise<string | null> {
  let host: string;
  try {
    host = urlHost(new URL(raw));
  } catch {
    return null;
  }
  if (!host || net.isIP(host)) return null;
  const found = await Promise.race([
    dns.promises.lookup(host, { all: true }).catch(() => []),
    sleep(timeoutMs, [], { ref: false }),
  ]);
  return found.some((a) => isPrivateAddress(a.address)) ? host : null;
}
