/**
 * Backups and upgrades: an online backup from the command line while a real server serves (and
 * takes posts), a restore into another DATA_DIR served by a real server, and schema upgrades
 * from the first migration with data in it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectBackup } from '../../src/store/backup.ts';
import { MIGRATIONS_DIR, migrate, openDb, readMigrations } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { tempDir } from '../support/app.ts';
import { formToken, killGroup, reapAll, ROOT, startHoller } from '../support/spawn.ts';

afterAll(reapAll);

const run = promisify(execFile);
const admin = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  );

const post = (url: string, dataDir: string, body: string, ip: string) =>
  fetch(`${url}/b/main/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': ip, origin: url },
    body: new URLSearchParams({ body, token: formToken(dataDir) }),
    redirect: 'manual',
  }).then((r) => r.status);

describe('backup and restore', () => {
  it('backs up while serving, restores into a new DATA_DIR, and that one serves the messages', async () => {
    const live = tempDir('holler-live-');
    const env = { DATA_DIR: live, TRUST_PROXY: '1', RATE_INTERVAL: '0', FLOOD_POSTS: '0' };
    const server = await startHoller(env);
    for (let i = 0; i < 20; i++) expect(await post(server.url, live, `before backup ${i}`, `198.51.100.${i}`)).toBe(303);

    // Posts keep being answered while the backup runs.
    const file = path.join(tempDir('holler-bk-'), 'holler-backup.db');
    let posting = true;
    const during = (async () => {
      let n = 0;
      while (posting && n < 40) expect(await post(server.url, live, `during backup ${n++}`, `203.0.113.${n % 200}`)).toBe(303);
      return n;
    })();
    const backup = await admin(live, 'backup', file);
    posting = false;
    expect(await during).toBeGreaterThan(0);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.out).toMatch(new RegExp(`^Backup written to ${file}: \\d+ messages, \\d+ KB, schema ${readMigrations().length}\\.`));
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(fs.existsSync(`${file}.partial`)).toBe(false);
    expect(inspectBackup(file).messages).toBeGreaterThanOrEqual(20);

    // Restoring where Holler runs is refused, and changes nothing.
    expect(await admin(live, 'restore', file)).toEqual({ code: 1, out: `holler: Holler is running on DATA_DIR=${live}: stop it before restoring\n` });
    killGroup(server.child, 'SIGTERM');
    await server.exited;

    // Restore into a fresh DATA_DIR and serve it.
    const fresh = tempDir('holler-restored-');
    const restored = await admin(fresh, 'restore', file);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain(`Restored ${inspectBackup(file).messages} messages from ${file}.`);
    const backedUp = new Database(file, { readonly: true });
    const newest = (backedUp.prepare('SELECT body FROM messages ORDER BY seq DESC LIMIT 1').get() as { body: string }).body;
    const before = backedUp.prepare(`SELECT count(*) AS n FROM messages WHERE body LIKE 'before backup %'`).get();
    backedUp.close();
    expect(before).toEqual({ n: 20 });
    const again = await startHoller({ DATA_DIR: fresh });
    const page = await (await fetch(`${again.url}/b/main`)).text();
    expect(page.includes(`>${newest}</div>`), `the restored board shows "${newest}"`).toBe(true);
    expect(await post(again.url, fresh, 'after restore', '198.51.100.1')).toBe(303);
    killGroup(again.child, 'SIGTERM');
    expect((await again.exited).code).toBe(0);
  }, 90_000);

  it('refuses a file that is not a good backup and keeps the database as it was', async () => {
    const dir = tempDir('holler-keep-');
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, 'not a database'.repeat(100));
    const res = await admin(dir, 'restore', junk);
    expect(res.code).toBe(1);
    expect(res.out).toBe(`holler: ${junk} is not a usable Holler backup: file is not a database\n`);
    expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect((await admin(dir, 'backup')).code).toBe(2);
  });
});

describe('schema upgrades', () => {
  it('upgrades a database made by migration 001 alone, holding data, to the latest', () => {
    const first = tempDir('holler-001-');
    fs.copyFileSync(path.join(MIGRATIONS_DIR, readMigrations()[0]!.name), path.join(first, readMigrations()[0]!.name));
    const file = path.join(tempDir('holler-up-'), 'holler.db');
    const db = openDb(file);
    expect(migrate(db, first)).toEqual(['001_init.sql']);
    // Data as the code of that time wrote it (plain SQL: today's store needs today's schema).
    db.exec(`
      INSERT INTO settings (key, value) VALUES ('poster_secret', 'old-secret');
      INSERT INTO messages (id, board, author, body, poster, status, created_at, rev) VALUES
        ('m1', 'main', 'Ann', 'first', 'p1', 'visible', 1700000000000, 1),
        ('m2', 'main', 'Ann', 'second', 'p1', 'deleted', 1700000001000, 4),
        ('m3', 'main', 'Bob', 'third', 'p2', 'visible', 1700000002000, 3);
      UPDATE boards SET rev = 4 WHERE slug = 'main';
    `);
    db.close();

    const reopened = openDb(file);
    expect(migrate(reopened)).toEqual(readMigrations().slice(1).map((m) => m.name));
    expect(reopened.pragma('user_version', { simple: true })).toBe(readMigrations().length);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    const store = createStore(reopened);
    expect(store.posterSecret()).toBe('old-secret');
    expect(store.latest('main').map((m) => m.body)).toEqual(['third', 'first']);
    expect(store.getBoard('main')?.rev).toBe(4);
    expect(store.changesSince('main', 3)).toMatchObject({ rev: 4, full: false });
    expect(store.getMessage('m2')).toMatchObject({ body: 'second', status: 'deleted', author: 'Ann' });
    // and the upgraded database takes new posts
    expect(store.addMessage({ board: 'main', author: '', body: 'after the upgrade', poster: 'p3' }).rev).toBe(5);
    reopened.close();
  });
});
