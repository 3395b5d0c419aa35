/**
 * ETags on API reads and the Atom feed, compared weakly as RFC 9110 says for If-None-Match:
 * `W/"x"` matches `"x"` (issue 24: the feed answered 200 to a weak tag). A change gives a new tag.
 */
import { describe, expect, it } from 'vitest';
import { apiApp, call } from './support.ts';

describe('ETag and If-None-Match', () => {
  it.each(['/api/v1/boards', '/api/v1/boards/main/messages', '/api/v1/boards/main/messages?rev=0', '/api/openapi.json'])('%s: 304 for its tag, weak or strong', async (url) => {
    const { t } = await apiApp();
    const first = await call(t, url);
    const tag = first.headers.get('etag')!;
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    for (const sent of [tag, tag.slice(2), `"other", ${tag}`, '*']) {
      const again = await call(t, url, { headers: { 'if-none-match': sent } });
      expect([sent, again.status]).toEqual([sent, 304]);
      expect(again.headers.get('etag')).toBe(tag);
      expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
      expect(await again.text()).toBe('');
    }
    expect((await call(t, url, { headers: { 'if-none-match': 'W/"something-else"' } })).status).toBe(200);
  });

  it('a new message changes the tag of the board page', async () => {
    const { t } = await apiApp();
    const tag = (await call(t, '/api/v1/boards/main/messages')).headers.get('etag')!;
    await t.post({ body: 'news' }, { ip: '198.51.100.44' });
    const res = await call(t, '/api/v1/boards/main/messages', { headers: { 'if-none-match': tag } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).not.toBe(tag);
  });

  it('errors carry no tag', async () => {
    const { t } = await apiApp();
    const res = await call(t, '/api/v1/boards/nope/messages');
    expect(res.status).toBe(404);
    expect(res.headers.get('etag')).toBeNull();
  });

  it('the Atom feed answers 304 to its tag sent weak', async () => {
    const { t } = await apiApp();
    const first = await t.app.request('/b/main/feed.atom');
    const tag = first.headers.get('etag')!;
    for (const sent of [tag, `W/${tag}`]) {
      expect([sent, (await t.app.request('/b/main/feed.atom', { headers: { 'if-none-match': sent } })).status]).toEqual([sent, 304]);
    }
  });
});
