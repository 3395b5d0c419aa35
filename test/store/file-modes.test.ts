/**
 * R1 (SECURITY.md): under the usual umask 022, DATA_DIR and every file holding the database's
 * secrets (holler.db, -wal, -shm, the lock, backups, exports) are private to Holler's user.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePrivateDir, migrate, openDb } from '../../src/store/db.ts';
import { lockDataDir } from '../../src/store/lock.ts';
import { backupInto, backupTo, restoreFrom } from '../../src/store/backup.ts';
import { main } from '../../src/cli.ts';
import { tempDir } from '../support/app.ts';

const mode = (f: string) => (fs.statSync(f).mode & 0o777).toString(8);
let saved: number;
beforeAll(() => { saved = process.umask(0o022); });
afterAll(() => { process.umask(saved); });

describe('file modes under umask 022', () => {
  it('creates DATA_DIR 0700 and warns about an existing one others can read', () => {
    const dir = path.join(tempDir(), 'data');
    expect(ensurePrivateDir(dir)).toBeNull();
    expect(mode(dir)).toBe('700');
    const open = path.join(tempDir(), 'open');
    fs.mkdirSync(open, { mode: 0o755 });
    expect(ensurePrivateDir(open)).toMatch(/can be read by other users.*0755.*chmod 700/);
  });

  it('keeps holler.db, its -wal and -shm 0600, also for a database created 0644 before', () => {
    const dir = tempDir();
    const file = path.join(dir, 'holler.db');
    const db = openDb(file);
    migrate(db);
    db.prepare(`UPDATE boards SET title = 'x'`).run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, '600']);
    db.close();

    const old = path.join(tempDir(), 'holler.db');
    const raw = new Database(old); // as an older Holler left it: 0644
    raw.pragma('journal_mode = WAL');
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(mode(old)).toBe('644');
    const again = openDb(old);
    again.exec('INSERT INTO t VALUES (1)');
    for (const f of [old, `${old}-wal`, `${old}-shm`]) expect([f, mode(f)]).toEqual([f, '600']);
    again.close();
  });

  it('makes the lock, backups, a restore and an export 0600', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir);
    expect(mode(path.join(dir, 'holler.lock'))).toBe('600');
    lock.release();
    const db = openDb(path.join(dir, 'holler.db'));
    migrate(db);
    const one = await backupTo(db, path.join(tempDir(), 'one.db'));
    expect(mode(one.file)).toBe('600');
    const daily = await backupInto(db, path.join(tempDir(), 'daily'), 3);
    expect(mode(daily.file)).toBe('600');
    db.close();
    fs.chmodSync(one.file, 0o644); // a backup copied around by hand
    const restored = await restoreFrom(one.file, dir);
    expect(mode(path.join(dir, 'holler.db'))).toBe('600');
    expect(mode(restored.previous!)).toBe('600');

    const out = path.join(tempDir(), 'all.json');
    fs.writeFileSync(out, '', { mode: 0o644 });
    const data = path.join(tempDir(), 'cli');
    const code = await main(['export', '--out', out], { DATA_DIR: data }, () => {});
    expect(code).toBe(0);
    expect(mode(out)).toBe('600');
    expect(mode(data)).toBe('700');
  });
});
