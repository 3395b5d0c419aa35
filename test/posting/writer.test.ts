import { describe, expect, it, vi } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { createWriter } from '../../src/posting/writer.ts';

function setup() {
  const db = openDb(':memory:');
  migrate(db);
  const store = createStore(db);
  return { db, store };
}
const msg = (body: string) => ({ board: 'main', author: '', body, poster: 'p' });

describe('writer (group commit)', () => {
  it('writes posts queued in one turn in one transaction, each with its own rev', async () => {
    const { store } = setup();
    const spy = vi.spyOn(store, 'addMessages');
    const writer = createWriter(store);
    const saved = await Promise.all([writer.add(msg('a')), writer.add(msg('b')), writer.add(msg('c'))]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(saved.map((m) => [m.body, m.rev])).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(store.getBoard('main')!.rev).toBe(3);
    expect(store.latest('main').map((m) => m.body)).toEqual(['c', 'b', 'a']);
    // a later post is a new batch
    await writer.add(msg('d'));
    expect(spy).toHaveBeenCalledTimes(2);
  });

  it('when the commit fails, every post of the batch fails and nothing is stored', async () => {
    const { store } = setup();
    const writer = createWriter(store);
    const results = await Promise.allSettled([writer.add(msg('ok')), writer.add({ ...msg('bad'), status: 'bogus' as never })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(store.latest('main')).toEqual([]);
    expect(store.getBoard('main')!.rev).toBe(0);
    // and the writer keeps working afterwards
    expect((await writer.add(msg('after'))).rev).toBe(1);
  });
});
