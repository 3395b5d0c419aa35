/** The public API: the widget's visibility rules, cursors, caching, CORS, errors in the caller's language. */
import { describe, expect, it } from 'vitest';
import { dictionary } from '../../src/i18n/i18n.ts';
import { apiApp, call } from './support.ts';

type Page = { board: string; rev: number; full: boolean; more: boolean; messages: Array<Record<string, unknown>>; removed: string[] };
const page = async (res: Response) => (await res.json()) as Page;

describe('public API', () => {
  it('lists every board with slug, title and closed', async () => {
    const { t } = await apiApp();
    t.store.createBoard('quiet', 'Quiet room');
    t.store.updateBoard('quiet', { ...t.store.getBoard('quiet')!, closed: true });
    const res = await call(t, '/api/v1/boards');
    expect(await res.json()).toEqual({ boards: [{ slug: 'main', title: t.store.getBoard('main')!.title, closed: false }, { slug: 'quiet', title: 'Quiet room', closed: true }] });
  });

  it('shows what the widget shows: visible messages only, never the poster key', async () => {
    const { t, visitor } = await apiApp();
    const board = t.store.getBoard('main')!;
    await t.post({ body: 'second' }, { ip: '198.51.100.9' });
    t.store.updateBoard('main', { ...board, premoderate: true });
    await t.post({ body: 'held one' }, { ip: '198.51.100.10' });
    t.store.updateBoard('main', board);
    const second = t.store.latest('main')[0]!;
    t.store.setStatus(second.id, 'deleted');
    const body = await page(await call(t, '/api/v1/boards/main/messages'));
    expect(body.messages.map((m) => m.body)).toEqual(['hello from a visitor']);
    expect(body.full).toBe(true);
    const raw = JSON.stringify(body);
    expect(raw).not.toContain(visitor.poster);
    expect(body.messages[0]).not.toHaveProperty('poster');
    expect(body.messages[0]).toMatchObject({ id: visitor.id, author: 'Ada', status: 'visible', html: 'hello from a visitor' });
    for (const id of [second.id, t.store.modList({ status: 'held' })[0]!.id]) {
      expect((await call(t, `/api/v1/messages/${id}`)).status).toBe(404);
    }
    expect(await (await call(t, `/api/v1/messages/${visitor.id}`)).json()).toMatchObject({ message: { id: visitor.id, body: 'hello from a visitor' } });
  });

  it('reads forward with after=, backward with before=, and changes with rev=', async () => {
    const { t } = await apiApp();
    for (let i = 1; i <= 4; i++) await t.post({ body: `message ${i}` }, { ip: `198.51.100.${20 + i}` });
    const all = await page(await call(t, '/api/v1/boards/main/messages'));
    const seqs = all.messages.map((m) => m.seq as number);
    expect(all.messages.map((m) => m.body)).toEqual(['hello from a visitor', 'message 1', 'message 2', 'message 3', 'message 4']);
    const fwd = await page(await call(t, `/api/v1/boards/main/messages?after=${seqs[1]}&limit=2`));
    expect([fwd.messages.map((m) => m.body), fwd.more]).toEqual([['message 2', 'message 3'], true]);
    const back = await page(await call(t, `/api/v1/boards/main/messages?before=${seqs[3]}&limit=2`));
    expect([back.messages.map((m) => m.body), back.more]).toEqual([['message 1', 'message 2'], true]);
    // A change since the client's rev: a deletion shows up as a removed id, a pin as an update.
    const rev = all.rev;
    t.store.setStatus(all.messages[0]!.id as string, 'deleted');
    t.store.setPinned(all.messages[1]!.id as string, true);
    const changes = await page(await call(t, `/api/v1/boards/main/messages?rev=${rev}`));
    expect(changes).toMatchObject({ rev: rev + 2, full: false, removed: [all.messages[0]!.id] });
    expect(changes.messages.map((m) => [m.body, m.pinned])).toEqual([['message 1', true]]);
    expect(await page(await call(t, `/api/v1/boards/main/messages?rev=${rev + 2}`))).toMatchObject({ messages: [], removed: [] });
    // A client ahead of the board (a restored backup) gets the whole page again.
    expect(await page(await call(t, `/api/v1/boards/main/messages?rev=${rev + 99}`))).toMatchObject({ full: true, rev: rev + 2 });
  });

  it('is cacheable like the poll and readable from any origin, without credentials', async () => {
    const { t } = await apiApp();
    const res = await call(t, '/api/v1/boards/main/messages', { headers: { origin: 'https://blog.example' } });
    expect(res.headers.get('cache-control')).toBe('public, max-age=1');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers a CORS preflight', async () => {
    const { t } = await apiApp();
    const res = await t.app.request('/api/v1/boards/main/messages', {
      method: 'OPTIONS',
      headers: { origin: 'https://blog.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-max-age')).toBe('86400');
  });

  it('answers bad input with a JSON error in the caller’s language, the pages’ sentence, never a 500', async () => {
    const { t } = await apiApp();
    const nope = await call(t, '/api/v1/boards/nope/messages', { lang: 'fr-FR,fr;q=0.9' });
    expect(nope.status).toBe(404);
    expect(nope.headers.get('cache-control')).toBe('no-store');
    expect(nope.headers.get('vary')).toContain('Accept-Language');
    expect(nope.headers.get('content-type')).toBe('application/problem+json');
    expect(await nope.json()).toEqual({ type: 'about:blank', title: 'Not Found', status: 404, code: 'board_not_found', detail: dictionary('fr').not_found });
    // The same sentence as the site's own 404 page.
    expect(await (await t.app.request('/nope', { headers: { 'accept-language': 'fr' } })).text()).toContain(`<p>${dictionary('fr').not_found as string}</p>`);
    const bad = ['limit=0', 'limit=101', 'limit=abc', 'after=-1', 'after=1e3', 'rev=x', 'before=1&after=2', 'after=99999999999999999999', 'limit=%00'];
    for (const q of bad) {
      const res = await call(t, `/api/v1/boards/main/messages?${q}`, { lang: 'it' });
      expect([q, res.status]).toEqual([q, 400]);
      expect((await res.json()) as object).toMatchObject({ status: 400, code: 'bad_parameter' });
    }
    for (const path of ['/api/v1/messages/%ff', '/api/v1/boards/%2e%2e/messages', '/api/v1/nothing', '/api/v2/boards']) {
      const res = await call(t, path);
      expect([path, res.status, (await res.json()) as object]).toMatchObject([path, 404, { code: expect.any(String) }]);
    }
  });

  it('documents itself as a page with curl examples, under the pages’ CSP', async () => {
    const { t } = await apiApp();
    const res = await call(t, '/api', { lang: 'it' });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain(dictionary('it').api_title);
    expect(html).toContain('curl -fsS -H &quot;Authorization: Bearer $HOLLER_TOKEN&quot;');
    expect(html).toContain('POST /api/v1/messages/{id}/ban');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)|\sstyle=|<style/);
  });
});
