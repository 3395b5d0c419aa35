import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      publicUrl: null,
      trustProxy: { hops: 0 },
      logLevel: 'info',
      pollIntervalMs: 3000,
      rateBurst: 3,
      rateIntervalMs: 5000,
      frameAncestors: '*',
      lockWaitMs: 15000,
    });
    expect(Object.isFrozen(r.config)).toBe(true);
  });

  it('reads every option', () => {
    const r = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/tmp/x', PUBLIC_URL: 'https://chat.example.org/some/path',
      TRUST_PROXY: '2', LOG_LEVEL: 'WARN', POLL_INTERVAL: '1.5', RATE_BURST: '5', RATE_INTERVAL: '0',
      ADMIN_PASSWORD: 'correct horse battery',
      FRAME_ANCESTORS: ' https://example.org  https://*.example.net:8443 ',
      LOCK_WAIT: '2',
    });
    expect(r).toEqual({
      ok: true,
      config: {
        port: 8080, host: '0.0.0.0', dataDir: '/tmp/x', publicUrl: 'https://chat.example.org',
        trustProxy: { hops: 2 }, logLevel: 'warn', pollIntervalMs: 1500, rateBurst: 5, rateIntervalMs: 0, lockWaitMs: 2000,
        adminPassword: 'correct horse battery',
        frameAncestors: 'https://example.org https://*.example.net:8443',
      },
    });
  });

  it.each([
    ['true', 1], ['on', 1], ['off', 0], ['false', 0], ['0', 0], ['3', 3],
  ])('TRUST_PROXY=%s means %i hop(s)', (raw, hops) => {
    const r = loadConfig({ TRUST_PROXY: raw });
    expect(r.ok && r.config.trustProxy.hops).toBe(hops);
  });

  it('reports every problem at once', () => {
    const r = loadConfig({
      PORT: 'eighty', PUBLIC_URL: 'ftp://x', TRUST_PROXY: 'maybe', LOG_LEVEL: 'loud', POLL_INTERVAL: '0', RATE_BURST: '-1',
      ADMIN_PASSWORD: 'short',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(7);
    for (const name of ['PORT', 'PUBLIC_URL', 'TRUST_PROXY', 'LOG_LEVEL', 'POLL_INTERVAL', 'RATE_BURST', 'ADMIN_PASSWORD']) {
      expect(r.errors.some((e) => e.startsWith(name))).toBe(true);
    }
  });

  it.each([
    ["https://a.example; script-src *"], ["'unsafe-inline'"], ['example.org'], ['* https://example.org'], ['javascript:alert(1)'], ['https://exa mple.org/path'],
  ])('refuses FRAME_ANCESTORS=%s (it goes into a CSP header verbatim)', (raw) => {
    const r = loadConfig({ FRAME_ANCESTORS: raw });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatch(/^FRAME_ANCESTORS must be \* or origins/);
  });
});
