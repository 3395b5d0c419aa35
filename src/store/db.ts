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
 * WAL lets polls read while a post commits. synchronous=FULL makes a commit wait for fsync of
 * the WAL, so a post answered 2xx survives a power cut, not only a process crash; at shoutbox
 * write rates the fsync is cheap (see BENCHMARKS.md).
 */
export function openDb(file: string): Db {
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
