/**
 * The reads every page and feed answer makes after a change must find their rows through an
 * index, not by walking the board: on a board of 10,000 messages the pinned list walked every
 * visible message (1.2 ms a render) until migration 013 gave it a partial index.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../src/store/db.ts';
import { COLUMNS } from '../../src/store/messages.ts';
import { createStore } from '../../src/store/store.ts';

const source = fs.readFileSync(path.join(import.meta.dirname, '../../src/store/messages.ts'), 'utf8');

// The statements as store/messages.ts writes them (checked below, so they cannot drift apart).
const HOT = {
  pinned: "FROM messages WHERE board = ? AND status = 'visible' AND pinned = 1 ORDER BY seq DESC LIMIT 10",
  latest: "FROM messages WHERE board = ? AND status = 'visible' ORDER BY seq DESC LIMIT ?",
  before: "FROM messages WHERE board = ? AND status = 'visible' AND seq < ? ORDER BY seq DESC LIMIT ?",
  changedSince: 'FROM messages WHERE board = ? AND rev > ? ORDER BY seq DESC LIMIT ?',
};

function seededStore() {
  const db = openDb(':memory:');
  migrate(db);
  const store = createStore(db);
  const ids = db.transaction(() => Array.from({ length: 2_000 }, (_, i) => store.addMessage({ board: 'main', author: `A${i}`, body: `message ${i}`, poster: `p${i % 50}` }).id))();
  return { db, store, ids };
}

const plan = (db: ReturnType<typeof openDb>, from: string) => {
  const args = ['main', 1, 30].slice(0, from.split('?').length - 1);
  return (db.prepare(`EXPLAIN QUERY PLAN SELECT ${COLUMNS} ${from}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' / ');
};

describe('query plans of the reads after a change', () => {
  it('are the statements store/messages.ts runs', () => {
    for (const from of Object.values(HOT)) expect(source).toContain(from);
  });

  it('reads the pinned list through its partial index', () => {
    const { db } = seededStore();
    expect(plan(db, HOT.pinned)).toContain('USING INDEX messages_pinned');
  });

  // A SCAN (of the table, or of a whole index) reads every message of every board.
  it('none scans the messages table or a whole index of it', () => {
    const { db } = seededStore();
    for (const [name, from] of Object.entries(HOT)) expect(`${name}: ${plan(db, from)}`).not.toMatch(/\bSCAN messages\b/);
  });

  it('still lists exactly the visible pinned messages, newest first', () => {
    const { store, ids } = seededStore();
    for (const id of [ids[10]!, ids[1500]!, ids[700]!, ids[3]!]) store.setPinned(id, true);
    store.setPinned(ids[3]!, false);
    store.setStatus(ids[700]!, 'deleted');
    expect(store.pinned('main').map((m) => m.id)).toEqual([ids[1500], ids[10]]);
    expect(store.pinned('other')).toEqual([]);
  });
});
