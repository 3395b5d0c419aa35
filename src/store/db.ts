/**
 * @module db
 * Opening the SQLite file with the settings Holler relies on, and applying migrations.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT_DIR } from '../config.ts';

export type Db = Database.Database;

export const MIGRATIONS_DIR = path.join(ROOT_DIR, 'migrations');

/**
 * The database holds the poster secret (which, with a guess at an address range, re-identifies
 * posters), the form-token secret and webhook secrets: only Holler's user may read DATA_DIR and
 * its files, whatever the umask. Modes are set explicitly, not through process.umask(): SQLite
 * creates -wal, -shm and -journal with the mode of the database file (it fchmods them to match,
 * ignoring the umask), so a 0600 database keeps its companions 0600 too, and this also holds for
 * the CLI, tests and files created before a fix.
 */
export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** Makes `dir` (0700 when created here); returns a warning when an existing one is open to others. */
export function ensurePrivateDir(dir: string): string | null {
  const made = fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (made !== undefined) {
    fs.chmodSync(dir, PRIVATE_DIR); // the umask may have taken bits off the mode, never added
    return null;
  }
  const mode = fs.statSync(dir).mode & 0o777;
  if (mode & 0o077) {
    return `DATA_DIR=${dir} can be read by other users of this machine (mode ${mode.toString(8).padStart(4, '0')}): ` +
      'it holds the poster secret and webhook secrets. Run: chmod 700 ' + JSON.stringify(dir);
  }
  return null;
}

/**
 * Creates `file` empty with mode 0600 if it is missing, and sets 0600 on it and on its SQLite
 * companions (-wal, -shm, -journal) when they exist: call it before SQLite opens the file.
 */
export function makePrivate(file: string): void {
  if (file === ':memory:' || file === '') return;
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE));
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      fs.chmodSync(f, PRIVATE_FILE);
    } catch (err) {
      // EPERM: another user's file (an admin CLI run as root may meet one); it still opens.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

/**
 * WAL lets polls read while a post commits. synchronous=FULL makes a commit wait for fsync of
 * the WAL, so a post answered 2xx survives a power cut, not only a process crash; at shoutbox
 * write rates the fsync is cheap (see BENCHMARKS.md).
 */
export function openDb(file: string): Db {
  makePrivate(file); // before SQLite creates -wal and -shm, which copy the database's mode
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  return db;
}

type Migration = { version: number; name: string; sql: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const list = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const m = /^(\d{3})_[a-z0-9_-]+\.sql$/.exec(f);
      if (!m) throw new Error(`migration file name "${f}" is not NNN_name.sql`);
      return { version: Number(m[1]), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 001, 002, … without gaps: ${m.name}`);
  });
  return list;
}

export class SchemaTooNewError extends Error {}

/**
 * Applies every migration newer than PRAGMA user_version, each in its own transaction with
 * the version bump, so a failing file leaves the database exactly as it was (exec() alone
 * would stop halfway). Returns the names applied.
 */
export function migrate(db: Db, dir = MIGRATIONS_DIR): string[] {
  const migrations = readMigrations(dir);
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new SchemaTooNewError(
      `the database is at schema version ${current} but this Holler knows only ${migrations.length}: ` +
        'run the newer Holler that wrote it, or restore a backup made by this version',
    );
  }
  const applied: string[] = [];
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.name);
  }
  return applied;
}
