/**
 * Walks every GET route of the app and checks that an answer whose body depends on a request
 * header (language, htmx, compression) names that header in Vary, so no shared cache hands one
 * visitor's variant to another. A route added later fails the coverage check until listed here.
 */
import { describe, expect, it } from 'vitest';
import { loadAssets } from '../../src/http/assets.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

const VARIANTS: Array<[string, Record<string, string>, Record<string, string>]> = [
  ['Accept-Language', { 'accept-language': 'en' }, { 'accept-language': 'it' }],
  ['Accept-Language', { 'accept-language': 'en' }, { 'accept-language': 'fr-FR,fr;q=0.9' }],
  ['HX-Request', {}, { 'hx-request': 'true' }],
  ['Accept-Encoding', {}, { 'accept-encoding': 'gzip, deflate, br' }],
  ['Accept-Encoding', { 'accept-encoding': 'br' }, { 'accept-encoding': 'gzip' }],
];

/** What a cache would store: status, encoding and the bytes, with per-answer tokens blanked. */
async function snapshot(res: Response): Promise<string> {
  const bytes = Buffer.from(await res.arrayBuffer());
  const enc = res.headers.get('content-encoding') ?? '';
  const text = enc ? bytes.toString('base64') : bytes.toString('utf8').replace(/name="token" value="[^"]*"/g, 'name="token"');
  return `${res.status} ${enc} ${text}`;
}

const routeRegex = (pattern: string) => new RegExp(`^${pattern.replace(/:[a-z]+/g, '[^/]+')}$`);

describe('Vary on every answer whose body depends on a request header', () => {
  it('walks every GET route', async () => {
    const t = makeAdminApp();
    const main = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...main, presence: true });
    for (let i = 0; i < 60; i++) await t.post({ name: `Poster ${i}`, body: `message number ${i} with enough words to be compressed` }, { ip: `198.51.100.${i}` });
    const admin = await asAdmin(t);
    const oldest = (t.db.prepare('SELECT max(seq) AS s FROM messages').get() as { s: number }).s;
    const assets = [...loadAssets().byPath.keys()];
    const one = t.store.latest('main')[0]!.id;
    const urls = [
      '/', '/livez', '/healthz', '/metrics', '/embed.js', '/theme/accent-0b6bcb.css', ...assets,
      '/b/main', '/b/main?held=1', '/b/main/fragment', '/b/main/archive', `/b/main/archive?before=${oldest}`,
      '/b/main/feed?rev=0', '/b/main/feed', '/b/main/feed.atom', '/b/main/presence', '/b/nope', '/nope', '/emoji/en',
      `/b/main/m/${one}`, `/b/main/m/${one}/edit`, `/b/main/m/${one}/replies`,
      '/replies/confirm/x', '/replies/unsubscribe/x', '/replies/feed/x', '/replies/feed/x/revoke', `/admin/reply/${one}`, '/admin/replies',
      '/admin/login', '/admin', '/admin/feed?after=0', '/admin/boards', '/admin/boards/main', '/admin/bans',
      '/admin/audit', '/admin/notifications', '/admin/notifications/main', '/admin/export', '/admin/export/download?board=main&from=2026-01-01&to=2026-12-31&format=csv',
      '/admin/tokens', '/api', '/api/openapi.json', '/api/v1/boards', '/api/v1/boards/main/messages', '/api/v1/boards/main/messages?rev=0',
      '/api/v1/boards/main/messages?after=0', '/api/v1/boards/nope/messages', `/api/v1/messages/${t.store.latest('main')[0]!.id}`,
      '/api/v1/messages/nope', '/api/v1/boards/main/export', '/api/v1/nope',
    ];
    // Coverage: every GET route of the app is walked.
    const routes = [...new Set(t.app.routes.filter((r) => r.method === 'GET').map((r) => r.path))];
    for (const route of routes) expect(urls.some((u) => routeRegex(route).test(u.split('?')[0]!)), route).toBe(true);

    const checked: string[] = [];
    for (const url of urls) {
      const cookie = url.startsWith('/admin') && url !== '/admin/login' ? admin.cookie : '';
      const get = (h: Record<string, string>) => t.app.request(url, { headers: { ...h, ...(cookie ? { cookie } : {}) } });
      for (const [name, a, b] of VARIANTS) {
        const [ra, rb] = [await get(a), await get(b)];
        if ((await snapshot(ra)) === (await snapshot(rb))) continue;
        checked.push(`${url} ${name}`);
        for (const res of [ra, rb]) {
          const vary = (res.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);
          expect(vary, `${url}: the body depends on ${name}`).toContain(name.toLowerCase());
        }
      }
    }
    // The walk found real differences to check (not a vacuous pass).
    for (const must of ['/api/v1/boards/nope/messages Accept-Language', '/api/v1/boards/main/export Accept-Language', '/api Accept-Language', '/b/main/feed?rev=0 Accept-Language', '/b/main/archive Accept-Language', '/b/main/presence Accept-Language', '/b/main/archive HX-Request', '/b/main Accept-Encoding']) {
      expect(checked).toContain(must);
    }
  });
});
