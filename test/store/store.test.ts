import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { makeClock } from '../support/app.ts';

function setup() {
  const db = openDb(':memory:');
  migrate(db);
  const clock = makeClock(1_000_000);
  return { db, clock, store: createStore(db, clock.now) };
}
const msg = (body: string, poster = 'p1') => ({ board: 'main', author: '', body, poster });

describe('store', () => {
  it('has the main board from the first start, at rev 0', () => {
    const { store } = setup();
    expect(store.getBoard('main')).toMatchObject({ slug: 'main', rev: 0, maxLength: 280, closed: false });
    expect(store.getBoard('nope')).toBeUndefined();
  });

  it('adds messages, bumping the board rev and stamping the message with it', () => {
    const { store, clock } = setup();
    const a = store.addMessage(msg('one'));
    clock.advance(1000);
    const b = store.addMessage({ ...msg('two'), author: 'Bea' });
    expect(a).toMatchObject({ body: 'one', rev: 1, status: 'visible', createdAt: 1_000_000 });
    expect(b).toMatchObject({ body: 'two', author: 'Bea', rev: 2, createdAt: 1_001_000 });
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(a.id).toMatch(/^[\w-]{12}$/);
    expect(store.getBoard('main')!.rev).toBe(2);
    expect(store.getMessage(a.id)).toEqual(a);
  });

  it('lists the latest visible messages newest first, and pages back by seq', () => {
    const { store } = setup();
    const all = Array.from({ length: 60 }, (_, i) => store.addMessage(msg(`m${i}`)));
    store.setStatus(all[59]!.id, 'deleted');
    // The widget's first page: FIRST_VIEW (30), kept per rev; any other size is read as asked.
    const latest = store.latest('main');
    expect(latest).toHaveLength(30);
    expect(latest[0]!.body).toBe('m58');
    expect(latest.at(-1)!.body).toBe('m29');
    expect(store.latest('main', 50).at(-1)!.body).toBe('m9');
    expect(store.before('main', latest.at(-1)!.seq).map((m) => m.body)).toEqual(
      Array.from({ length: 29 }, (_, i) => `m${28 - i}`),
    );
  });

  it('reports changes since a rev: none, some, removals, or a full re-render', () => {
    const { store } = setup();
    expect(store.changesSince('main', 0)).toEqual({ rev: 0, full: false, changed: [] });
    const a = store.addMessage(msg('a'));
    const b = store.addMessage(msg('b'));
    expect(store.changesSince('main', 0)!.changed.map((m) => m.body)).toEqual(['b', 'a']);
    expect(store.changesSince('main', 1)!.changed.map((m) => m.body)).toEqual(['b']);
    store.setStatus(a.id, 'deleted');
    const c = store.changesSince('main', 2)!;
    expect(c.rev).toBe(3);
    expect(c.changed).toEqual([expect.objectContaining({ id: a.id, status: 'deleted' })]);
    expect(store.changesSince('main', 99)).toEqual({ rev: 3, full: true, changed: [] });
    for (let i = 0; i < 5; i++) store.addMessage(msg(`x${i}`));
    expect(store.changesSince('main', 0, 4)).toMatchObject({ full: true });
    expect(store.changesSince('nope', 0)).toBeUndefined();
    expect(b.rev).toBe(2);
  });

  it('keeps one poster secret for the life of the database', () => {
    const { db, store } = setup();
    const s = store.posterSecret();
    expect(s.length).toBeGreaterThanOrEqual(40);
    expect(createStore(db).posterSecret()).toBe(s);
  });

  it('leaves the board rev alone when a write fails', () => {
    const { store } = setup();
    expect(() => store.addMessage({ ...msg('x'), status: 'bogus' as never })).toThrow();
    expect(store.getBoard('main')!.rev).toBe(0);
    expect(store.latest('main')).toEqual([]);
  });
});
