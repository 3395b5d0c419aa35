/**
 * @module lock
 * One Holler process per DATA_DIR. The store keeps every board's rev in memory, so a second
 * writer on the same database would make polls miss changes. The lock is an exclusive SQLite
 * transaction on `DATA_DIR/holler.lock`, held for the life of the process: SQLite's locks are
 * POSIX file locks, which the kernel releases when the process dies however it dies, so a
 * crash (SIGKILL, power cut) never leaves a stale lock and a restart needs no manual step.
 * The lock is on its own file, not on holler.db, so `npm run admin -- backup` can still read
 * the database while the server runs.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { makePrivate } from './db.ts';

export const LOCK_FILE = 'holler.lock';

export class DataDirLockedError extends Error {}

export type DataDirLock = { release: () => void };

function tryLock(file: string): DataDirLock | null {
  makePrivate(file);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    return { release: () => db.close() };
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw err;
  }
}

/**
 * Takes the DATA_DIR lock, waiting up to `waitMs` for a previous Holler that is still shutting
 * down (e.g. one whose `npm start` parent was killed a moment ago) to let go.
 */
export async function lockDataDir(dir: string, opts: { waitMs?: number; onWait?: () => void } = {}): Promise<DataDirLock> {
  const file = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + (opts.waitMs ?? 15_000);
  let waited = false;
  for (;;) {
    const lock = tryLock(file);
    if (lock) return lock;
    if (Date.now() >= deadline) {
      throw new DataDirLockedError(
        `another Holler is already running on DATA_DIR=${dir}: stop it first, or give this one another DATA_DIR`,
      );
    }
    if (!waited) opts.onWait?.();
    waited = true;
    await sleep(100);
  }
}
