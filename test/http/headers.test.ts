import { describe, expect, it } from 'vitest';
import { encodingFor, loadAssets } from '../../src/http/assets.ts';
import { makeTestApp } from '../support/app.ts';

describe('Strict-Transport-Security', () => {
  it('is sent when PUBLIC_URL is https, and only then', async () => {
    const https = makeTestApp({ env: { PUBLIC_URL: 'https://chat.example.org' } });
    for (const url of ['/', '/b/main', '/admin/login', '/embed.js', '/nope']) {
      expect((await https.app.request(url)).headers.get('strict-transport-security'), url).toBe('max-age=31536000');
    }
    for (const env of [{}, { PUBLIC_URL: 'http://chat.example.org' }] as Array<Record<string, string>>) {
      expect((await makeTestApp({ env }).app.request('/')).headers.get('strict-transport-security')).toBeNull();
    }
  });
});

describe('Cross-Origin-Opener-Policy', () => {
  it('is same-origin on every page', async () => {
    const { app } = makeTestApp();
    for (const url of ['/', '/b/main', '/b/main/archive', '/admin/login', '/nope']) {
      expect((await app.request(url)).headers.get('cross-origin-opener-policy'), url).toBe('same-origin');
    }
  });
});

describe('Accept-Encoding q-values', () => {
  it('picks brotli, then gzip, never a coding given q=0', () => {
    expect(encodingFor('gzip, deflate, br')).toBe('br');
    expect(encodingFor('gzip;q=0')).toBeNull();
    expect(encodingFor('gzip;q=0, br;q=0')).toBeNull();
    expect(encodingFor('br;q=0, gzip')).toBe('gzip');
    expect(encodingFor('br;q=0.5, gzip;q=1.0')).toBe('gzip');
    expect(encodingFor('*')).toBe('br');
    expect(encodingFor('*;q=0')).toBeNull();
    expect(encodingFor('gzip;q=0, *')).toBe('br');
    expect(encodingFor('identity')).toBeNull();
    expect(encodingFor('GZIP')).toBe('gzip');
    expect(encodingFor('xgzip, brotli')).toBeNull();
    expect(encodingFor(undefined)).toBeNull();
  });

  it('gzip;q=0 gets no gzip: pages, the token-spliced widget, assets', async () => {
    const t = makeTestApp();
    for (let i = 0; i < 20; i++) await t.post({ body: `a message long enough to make the page worth compressing ${i}` }, { ip: `198.51.100.${i}` });
    const asset = [...loadAssets().byPath.keys()].find((p) => p.endsWith('.css'))!;
    for (const url of ['/', '/b/main', '/b/main/archive', asset]) {
      const refused = await t.app.request(url, { headers: { 'accept-encoding': 'gzip;q=0' } });
      expect(refused.headers.get('content-encoding'), url).toBeNull();
      expect(refused.status).toBe(200);
      const gz = await t.app.request(url, { headers: { 'accept-encoding': 'br;q=0, gzip;q=0.8' } });
      expect(gz.headers.get('content-encoding'), url).toBe('gzip');
    }
  });
});
