/**
 * R7 (SECURITY.md): on a pre-moderated board, the public API's ?rev= answer does not name a held
 * message (it was never public); a deleted one, or a shown one sent back for review by its
 * author's edit, is still listed under `removed` so clients drop it.
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
});
