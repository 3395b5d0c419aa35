import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { makeClock } from '../support/app.ts';

function setup() {
  const db = openDb(':memory:');
  migrate(db);
  const clock = makeClock();
  return { db, clock, store: createStore(db, clock.now) };
}

describe('moderation store', () => {
  it('bans expire exactly at expires_at; forever bans never; re-banning replaces', () => {
    const { store, clock } = setup();
    store.ban('p1', 'spam', clock.now() + 1000);
    store.ban('p2', '', null);
    expect(store.activeBan('p1', 'main')?.reason).toBe('spam');
    clock.advance(999);
    expect(store.activeBan('p1', 'main')).toBeDefined();
    clock.advance(1);
    expect(store.activeBan('p1', 'main')).toBeUndefined();
    expect(store.bans().map((b) => b.poster)).toEqual(['p2']);
    store.ban('p2', 'changed', clock.now() + 5);
    expect(store.activeBan('p2', 'main')).toMatchObject({ reason: 'changed', expiresAt: clock.now() + 5 });
    expect(store.unban('p2')).toBe(true);
    expect(store.unban('p2')).toBe(false);
  });

  it('a ban on one board holds there only; an every-board ban holds everywhere; each ends and lifts alone', () => {
    const { store, clock } = setup();
    store.ban('p1', 'off topic', clock.now() + 60_000, 'main');
    expect(store.activeBan('p1', 'main')).toMatchObject({ board: 'main', reason: 'off topic' });
    expect(store.activeBan('p1', 'other')).toBeUndefined();
    // An every-board ban on top: it applies on both; where both apply, the one that ends last.
    store.ban('p1', 'spam', clock.now() + 1000);
    expect(store.activeBan('p1', 'other')).toMatchObject({ board: null, reason: 'spam' });
    expect(store.activeBan('p1', 'main')).toMatchObject({ board: 'main', reason: 'off topic' });
    expect(store.bans().map((b) => [b.poster, b.board]).sort()).toEqual([['p1', null], ['p1', 'main']]);
    clock.advance(1000);
    expect(store.activeBan('p1', 'other')).toBeUndefined();
    expect(store.activeBan('p1', 'main')).toBeDefined();
    expect(store.unban('p1', 'main')).toBe(true);
    expect(store.activeBan('p1', 'main')).toBeUndefined();
  });

  it('export and import carry where a ban holds; a file from before board bans means every board', () => {
    const from = setup().store;
    from.ban('p1', 'spam', null);
    from.ban('p2', 'off topic', null, 'main');
    const data = from.exportData(null);
    expect(data.bans.map((b) => [b.poster, b.board])).toEqual([['p1', null], ['p2', 'main']]);
    const to = setup().store;
    const { board: _dropped, ...old } = data.bans[1]!; // as an older Holler wrote it
    expect(to.importData({ ...data, bans: [data.bans[0]!, old, { ...data.bans[1]!, poster: 'p3' }] }).bans).toBe(3);
    expect(to.bans().map((b) => [b.poster, b.board]).sort()).toEqual([['p1', null], ['p2', null], ['p3', 'main']]);
  });

  it('text and poster filters treat % _ and \\ literally', () => {
    const { store } = setup();
    for (const body of ['100%', '100 percent', 'a_b', 'axb', 'back\\slash']) store.addMessage({ board: 'main', author: '', body, poster: 'poster_1' });
    expect(store.modList({ q: '100%' }).map((m) => m.body)).toEqual(['100%']);
    expect(store.modList({ q: 'a_b' }).map((m) => m.body)).toEqual(['a_b']);
    expect(store.modList({ q: '\\' }).map((m) => m.body)).toEqual(['back\\slash']);
    expect(store.modList({ poster: 'poster_' })).toHaveLength(5);
    expect(store.modList({ poster: 'posterX' })).toHaveLength(0);
  });

  it('board settings are written and visible through getBoard at once; settings and pins bump the rev', () => {
    const { store } = setup();
    const main = store.getBoard('main')!;
    store.updateBoard('main', { ...main, title: 'Live', slowMode: 10, premoderate: true, words: 'x', wordsAction: 'hold', pollInterval: 9 });
    expect(store.getBoard('main')).toMatchObject({ title: 'Live', slowMode: 10, premoderate: true, wordsAction: 'hold', pollInterval: 9, rev: main.rev + 1 });
    // The rev moves with settings so open widgets' next poll is not a 204 (a closed board shows at once).
    const m = store.addMessage({ board: 'main', author: '', body: 'pin me', poster: 'p' });
    store.setPinned(m.id, true);
    expect(store.getBoard('main')!.rev).toBe(m.rev + 1);
    expect(store.pinned('main').map((x) => x.id)).toEqual([m.id]);
    expect(store.createBoard('main', 'again')).toBeUndefined();
    expect(store.createBoard('news', 'News')).toMatchObject({ slug: 'news', title: 'News', rev: 0, linksAllowed: true });
  });

  it('held count, export range bounds, last post time', () => {
    const { store, clock } = setup();
    const t0 = clock.now();
    store.addMessage({ board: 'main', author: '', body: 'a', poster: 'p' });
    clock.advance(1000);
    store.addMessage({ board: 'main', author: '', body: 'b', poster: 'p', status: 'held' });
    expect(store.heldCount()).toBe(1);
    expect(store.lastPostAt('main', 'p')).toBe(t0 + 1000);
    expect(store.lastPostAt('main', 'nobody')).toBeNull();
    expect(store.exportRange('main', t0, t0 + 1).map((m) => m.body)).toEqual(['a']);
    expect(store.exportRange('main', t0 + 1, t0 + 5000)).toEqual([]); // held is not exported
  });
});
