import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressKey, clientIp, hopCountWarning, parseTrustProxy, posterKey, type TrustProxy } from '../../src/http/client-ip.ts';
import { makeTestApp } from '../support/app.ts';

const trust = (raw: string): TrustProxy => {
  const r = parseTrustProxy(raw);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

/** What clientIp() says for a request from `peer` (the socket address) with these headers. */
async function seen(t: TrustProxy, peer: string, xff?: string): Promise<string> {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, t)));
  const headers: Record<string, string> = xff === undefined ? {} : { 'x-forwarded-for': xff };
  const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return res.text();
}

describe('clientIp', () => {
  it('TRUST_PROXY=off: a spoofed X-Forwarded-For is ignored; the socket address counts', async () => {
    expect(await seen(trust('off'), '203.0.113.5', '1.2.3.4')).toBe('203.0.113.5');
    expect(await seen(trust('off'), '::ffff:203.0.113.5', '1.2.3.4, 5.6.7.8')).toBe('203.0.113.5');
  });

  it('a hop count takes the address the outermost of our proxies saw, never the client-chosen left end', async () => {
    expect(await seen(trust('1'), '10.0.0.2', 'spoofed, 198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(trust('2'), '10.0.0.2', '6.6.6.6, 198.51.100.4, 10.0.0.1')).toBe('198.51.100.4');
    // A mangled entry falls back to the socket address rather than a client-chosen string.
    expect(await seen(trust('1'), '10.0.0.2', 'not-an-ip')).toBe('10.0.0.2');
  });

  describe('a list of proxies (IPv4 and IPv6, addresses and CIDRs)', () => {
    const ours = trust('10.0.0.0/8, 2001:db8:ffff::/48, 192.0.2.7');

    it('walks X-Forwarded-For from the right, skipping our proxies', async () => {
      expect(await seen(ours, '10.0.0.2', '198.51.100.4')).toBe('198.51.100.4');
      expect(await seen(ours, '10.0.0.2', '6.6.6.6, 198.51.100.4, 192.0.2.7, 10.9.9.9')).toBe('198.51.100.4');
      expect(await seen(ours, '2001:db8:ffff::1', '2001:db8:1:2::99, 2001:db8:ffff::2')).toBe('2001:db8:1:2::99');
    });

    it('ignores the header when the peer is not one of our proxies (a spoofer talking to us directly)', async () => {
      expect(await seen(ours, '203.0.113.66', '198.51.100.4')).toBe('203.0.113.66');
      expect(await seen(ours, '2001:db8:1::66', '10.0.0.1')).toBe('2001:db8:1::66');
    });

    it('when every hop is ours, the leftmost is the client; garbage from a proxy never becomes an identity', async () => {
      expect(await seen(ours, '10.0.0.2', '10.0.0.9')).toBe('10.0.0.9');
      expect(await seen(ours, '10.0.0.2', 'garbage-chosen-by-client')).toBe('10.0.0.2');
      expect(await seen(ours, '10.0.0.2')).toBe('10.0.0.2');
    });
  });
});

describe('TRUST_PROXY keywords', () => {
  it('loopback trusts a proxy on this machine (IPv4, IPv6, IPv4-mapped) and nobody else', async () => {
    const lo = trust('loopback');
    expect(await seen(lo, '127.0.0.1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(lo, '::1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(lo, '::ffff:127.0.0.1', '2001:db8:1::5')).toBe('2001:db8:1::5');
    expect(await seen(lo, '10.0.0.2', '198.51.100.4')).toBe('10.0.0.2');
    // A client's own header behind the proxy: the proxy's entry is the one read.
    expect(await seen(lo, '127.0.0.1', '6.6.6.6, 198.51.100.4')).toBe('198.51.100.4');
  });

  it('private, uniquelocal and linklocal name their ranges, and mix with addresses', async () => {
    const lan = trust('private, loopback, 192.0.2.7');
    expect(await seen(lan, '172.17.0.1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(lan, 'fd00::1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(lan, '192.0.2.7', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(lan, '172.32.0.1', '198.51.100.4')).toBe('172.32.0.1');
    expect(await seen(trust('uniquelocal'), '192.168.1.1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(trust('linklocal'), 'fe80::1', '198.51.100.4')).toBe('198.51.100.4');
    expect(await seen(trust('linklocal'), '10.0.0.1', '198.51.100.4')).toBe('10.0.0.1');
  });

  it('an unknown word is refused with the word named', () => {
    const r = parseTrustProxy('loopback, lan');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('"lan"');
  });

  it('warns about a hop count only when listening beyond loopback', () => {
    expect(hopCountWarning(trust('1'), '0.0.0.0')).toMatch(/TRUST_PROXY=1 .*0\.0\.0\.0/);
    expect(hopCountWarning(trust('2'), '::')).toBeTruthy();
    expect(hopCountWarning(trust('1'), '127.0.0.1')).toBeNull();
    expect(hopCountWarning(trust('1'), 'localhost')).toBeNull();
    expect(hopCountWarning(trust('loopback'), '0.0.0.0')).toBeNull();
    expect(hopCountWarning(trust('off'), '0.0.0.0')).toBeNull();
  });
});

describe('addressKey: IPv6 clients are one client per /64', () => {
  it.each([
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1', 'fe80:0:0:0::/64'],
    ['198.51.100.7', '198.51.100.7'],
  ])('%s → %s', (ip, key) => expect(addressKey(ip)).toBe(key));

  it('two addresses in one /64 share a poster key; another /64 does not', () => {
    const a = posterKey('2001:db8:1:2::aaaa', 's');
    expect(posterKey('2001:db8:1:2:ffff:1:2:3', 's')).toBe(a);
    expect(posterKey('2001:db8:1:3::aaaa', 's')).not.toBe(a);
  });

  it('rate limits follow the /64: rotating addresses inside it does not earn more posts', async () => {
    const { post } = makeTestApp();
    for (let i = 1; i <= 3; i++) expect((await post({ body: `m${i}` }, { ip: `2001:db8:7:7::${i}` })).status).toBe(200);
    expect((await post({ body: 'm4' }, { ip: '2001:db8:7:7:dead:beef:0:4' })).status).toBe(429);
    expect((await post({ body: 'm5' }, { ip: '2001:db8:7:8::1' })).status).toBe(200);
  });
});

describe('bans follow the /64 too', () => {
  it('a ban on one IPv6 address holds for every address in its /64, not for the next /64', async () => {
    const t = makeTestApp();
    t.store.ban(posterKey('2001:db8:5:5::1', t.store.posterSecret()), 'spam', null);
    const refused = await t.post({ body: 'from a fresh address' }, { ip: '2001:db8:5:5:abcd::99' });
    expect(refused.status).toBe(403);
    expect((await t.post({ body: 'neighbour network' }, { ip: '2001:db8:5:6::1' })).status).toBe(200);
  });
});

describe('flood guard and board slow mode are one mechanism', () => {
  it("during a flood the longer of the board's slow mode and the flood's applies, and says which", async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '3', FLOOD_SLOW: '30' } });
    for (let i = 0; i < 3; i++) expect((await t.post({ body: `wave ${i}` }, { ip: `198.51.100.${i + 50}` })).status).toBe(200);
    expect((await t.post({ body: 'one' }, { ip: '192.0.2.9' })).status).toBe(200);
    const flood = await t.post({ body: 'two' }, { ip: '192.0.2.9' });
    expect(flood.status).toBe(429);
    expect(await flood.text()).toContain('This board is very busy, so slow mode is on');
  });
});
