import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb, readMigrations, SchemaTooNewError } from '../../src/store/db.ts';
import { tempDir } from '../support/app.ts';

const tables = (db: ReturnType<typeof openDb>) =>
  (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

describe('openDb', () => {
  it('turns on WAL, full sync, busy timeout and foreign keys', () => {
    const dir = tempDir();
    const db = openDb(path.join(dir, 'h.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('migrate', () => {
  it('applies every migration in order, once, and records the version', () => {
    const db = openDb(':memory:');
    const all = readMigrations();
    expect(migrate(db)).toEqual(all.map((m) => m.name));
    expect(db.pragma('user_version', { simple: true })).toBe(all.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['boards', 'messages', 'settings']));
    expect(migrate(db)).toEqual([]);
    expect(db.prepare(`SELECT slug FROM boards`).all()).toEqual([{ slug: 'main' }]);
  });

  it('009 keeps the bans of an older database, as bans on every board', () => {
    const old = tempDir('holler-mig-');
    for (const m of readMigrations().filter((x) => x.version <= 8)) fs.writeFileSync(path.join(old, m.name), m.sql);
    const db = openDb(':memory:');
    migrate(db, old);
    db.prepare(`INSERT INTO bans (poster, reason, created_at, expires_at) VALUES ('p1', 'spam', 1, NULL), ('p2', '', 2, 99)`).run();
    expect(migrate(db)).toEqual(readMigrations().filter((x) => x.version > 8).map((x) => x.name));
    expect(db.prepare(`SELECT poster, board, reason, created_at, expires_at FROM bans ORDER BY poster`).all()).toEqual([
      { poster: 'p1', board: '', reason: 'spam', created_at: 1, expires_at: null },
      { poster: 'p2', board: '', reason: '', created_at: 2, expires_at: 99 },
    ]);
  });

  it('rolls a failing migration back whole and keeps the earlier ones', () => {
    const dir = tempDir('holler-mig-');
    fs.writeFileSync(path.join(dir, '001_a.sql'), 'CREATE TABLE a (x INTEGER);');
    fs.writeFileSync(path.join(dir, '002_b.sql'), 'CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1); THIS IS NOT SQL;');
    const db = openDb(':memory:');
    expect(() => migrate(db, dir)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(['a']);
    expect(db.prepare('SELECT count(*) AS n FROM a').get()).toEqual({ n: 0 });
  });

  it('refuses a database whose schema is newer than the code', () => {
    const db = openDb(':memory:');
    db.pragma('user_version = 999');
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(() => migrate(db)).toThrow(/schema version 999/);
  });

  it('rejects badly named or gapped migration files', () => {
    const dir = tempDir('holler-mig-');
    fs.writeFileSync(path.join(dir, '001_a.sql'), '');
    fs.writeFileSync(path.join(dir, '003_c.sql'), '');
    expect(() => readMigrations(dir)).toThrow(/without gaps/);
    fs.writeFileSync(path.join(dir, 'init.sql'), '');
    expect(() => readMigrations(dir)).toThrow(/NNN_name/);
  });
});
