/**
 * What Litestream needs from the program whose database it replicates (README "Scaling and
 * failover"): WAL mode; a busy timeout, since Litestream takes short write locks of its own to
 * checkpoint; the lock that keeps a second Holler out on its own file, never an exclusive lock on
 * holler.db; and no checkpoint that restarts or truncates the WAL while Litestream holds its
 * read transaction (a RESTART/TRUNCATE checkpoint waits for that reader: up to the busy timeout
 * with the writer stalled, and it would reset the log under Litestream's feet). Holler's own
 * checkpoints are SQLite's passive auto-checkpoint and the one at close, which leave a WAL that
 * a reader still uses alone. The drill (test/process/drill.proc.test.ts) checks the whole with
 * the real Litestream; this file says which line broke.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { lockDataDir } from '../../src/store/lock.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');
const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));

/** The WAL header's salts: SQLite changes them whenever it restarts or truncates the log. */
const walSalt = (file: string) => fs.readFileSync(`${file}-wal`).subarray(16, 24).toString('hex');

const open: { close: () => void }[] = [];
afterEach(() => open.splice(0).forEach((d) => d.close()));

describe('what Litestream needs from Holler', () => {
  it('the live database runs in WAL mode with a busy timeout and the passive auto-checkpoint', () => {
    const db = openDb(path.join(tempDir(), 'holler.db'));
    open.push(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
    // 0 would be fine under Litestream but would let the WAL grow without bound without it.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('locking_mode', { simple: true })).toBe('normal');
  });

  it('no code runs a checkpoint that restarts or truncates the WAL, or leaves WAL mode, except the offline restore', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (/^\s*(\*|\/\/)/.test(line)) return; // comments
        const rel = path.relative(SRC, file);
        if (/wal_checkpoint\s*\(\s*(RESTART|TRUNCATE|FULL)/i.test(line) || /journal_mode\s*=\s*(?!\s|WAL)/i.test(line) || /locking_mode/i.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    // restoreFrom() folds a stopped server's WAL in before moving the file aside; a backup copy
    // becomes one self-contained file; the DATA_DIR lock is exclusive on holler.lock, not holler.db.
    expect(found.map((f) => f.replace(/:\d+:/, ':'))).toEqual([
      "store/backup.ts: copy.pragma('journal_mode = DELETE'); // one self-contained file",
      "store/backup.ts: old.pragma('wal_checkpoint(TRUNCATE)');",
      "store/lock.ts: db.pragma('locking_mode = EXCLUSIVE');",
    ]);
  });

  it('the DATA_DIR lock leaves holler.db open to another process, as Litestream opens it', async () => {
    const dir = tempDir();
    const lock = await lockDataDir(dir, { waitMs: 0 });
    open.push({ close: lock.release });
    const holler = openDb(path.join(dir, 'holler.db'));
    open.push(holler);
    holler.exec('CREATE TABLE t (x)');
    const other = new Database(path.join(dir, 'holler.db'), { timeout: 0 });
    open.push(other);
    expect(other.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('posts go on past the auto-checkpoint while a reader holds a transaction, and the WAL is never reset under it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'holler.db');
    const t = makeTestApp({ dbFile: file, env: { RATE_BURST: '1000', RATE_INTERVAL: '0', FLOOD_POSTS: '0', MAX_LINKS: '0' } });
    open.push(t.db);
    expect((await t.post({ name: 'a', body: 'first' })).status).toBe(200);
    // Litestream's long-lived read transaction, on its own connection.
    const reader = new Database(file, { timeout: 0 });
    open.push(reader);
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM messages').get();
    const salt = walSalt(file);
    const big = 'x'.repeat(250);
    // Enough posts for several auto-checkpoints' worth of pages (1000 pages of 4 KiB).
    for (let i = 0; i < 150; i++) {
      const res = await t.post({ name: 'a', body: `${i} ${big}` }, { ip: `198.51.100.${(i % 250) + 1}` });
      if (res.status !== 200) throw new Error(`post ${i}: ${res.status} ${await res.text()}`);
      t.clock.advance(3000);
    }
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(1000 * 4096);
    expect(walSalt(file)).toBe(salt);
    reader.exec('COMMIT');
  });
});
