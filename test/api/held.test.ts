/**
 * R7 (SECURITY.md): on a pre-moderated board, the public API's ?rev= answer does not name a held
 * message (it was never public); a deleted one, or a shown one sent back for review by its
 * author's edit, is still listed under `removed` so clients drop it, and the edit's held text
 * reaches no public answer.
 */
import { describe, expect, it } from 'vitest';
import { apiApp, call } from './support.ts';

describe('public API ?rev= on a pre-moderated board', () => {
  it('does not list a held message under removed', async () => {
    const { t, visitor } = await apiApp();
    const board = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...board, premoderate: true });
    const rev = t.store.getBoard('main')!.rev;
    await t.post({ body: 'waiting for approval' }, { ip: '198.51.100.10' });
    const held = t.store.modList({ status: 'held' })[0]!;
    const changes = (await (await call(t, `/api/v1/boards/main/messages?rev=${rev}`)).json()) as { removed: string[]; messages: unknown[] };
    expect(changes.removed).not.toContain(held.id);
    expect(changes.messages).toEqual([]);
    expect(JSON.stringify(changes)).not.toContain(held.id);
    // A deletion is still announced.
    t.store.setStatus(visitor.id, 'deleted');
    const later = (await (await call(t, `/api/v1/boards/main/messages?rev=${rev}`)).json()) as { removed: string[] };
    expect(later.removed).toEqual([visitor.id]);
  });

  it('an own edit that sends a shown message back for review: ?rev= names it under removed, and no public answer carries the held text', async () => {
    const { t } = await apiApp();
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, words: 'casino', wordsAction: 'hold' });
    const posted = await t.post({ name: 'Kim', body: 'see you tonight' }, { ip: '198.51.100.11' });
    const [id, secret] = (posted.headers.get('x-holler-own') ?? '').split(' ');
    const rev = t.store.getBoard('main')!.rev; // a client that has the message as first shown
    const edited = await t.app.request(`/b/main/m/${id}/edit`, {
      method: 'POST',
      headers: { 'hx-request': 'true', 'x-holler-secret': secret!, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ body: 'come to the casino' }).toString(),
    });
    expect(edited.status).toBe(200);
    expect(t.store.getMessage(id!)!.status).toBe('held');
    // The API client that had it is told to drop it, without the new text.
    const changes = (await (await call(t, `/api/v1/boards/main/messages?rev=${rev}`)).json()) as { removed: string[]; messages: Array<{ id: string }> };
    expect(changes.removed).toEqual([id]);
    expect(changes.messages).toEqual([]);
    // The held text is in no public answer: API lists and the message itself, the widget's page,
    // its poll (which removes the message from open boxes), the permalink, the Atom feed.
    const answers = await Promise.all([
      call(t, '/api/v1/boards/main/messages'),
      call(t, `/api/v1/boards/main/messages?rev=${rev}`),
      call(t, `/api/v1/messages/${id}`),
      t.app.request('/b/main'),
      t.app.request(`/b/main/feed?rev=${rev}`, { headers: { 'hx-request': 'true' } }),
      t.app.request(`/b/main/m/${id}`),
      t.app.request('/b/main/feed.atom'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 200, 200, 404, 200]);
    for (const r of answers) expect(await r.text()).not.toContain('casino');
    const poll = await (await t.app.request(`/b/main/feed?rev=${rev}`, { headers: { 'hx-request': 'true' } })).text();
    expect(poll).toMatch(new RegExp(`#m-${id}[^"]*" hx-swap="delete"`)); // open boxes drop it
    expect(poll).not.toContain('see you tonight'); // nor the old text, as if still shown
  });
});
