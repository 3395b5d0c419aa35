/**
 * @module backup
 * Online backup and offline restore of the database.
 *
 * Backup uses SQLite's backup API (better-sqlite3 `db.backup()`), which copies a consistent
 * snapshot while the server keeps serving (WAL: readers never block the writer). The copy is
 * written next to its destination, checked (`integrity_check`), turned into a single
 * self-contained file (no -wal), and only then renamed into place, so a half-written backup
 * never looks like a good one.
 *
 * Restore needs the server stopped (it takes the DATA_DIR lock). It checks the backup first,
 * keeps the current database as `holler.db.before-restore-<time>` (its WAL checkpointed in, so
 * nothing committed is left behind in a stray -wal file), then moves the backup into place.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makePrivate, PRIVATE_DIR, PRIVATE_FILE, readMigrations, type Db } from './db.ts';
import { DataDirLockedError, lockDataDir } from './lock.ts';
import type { Logger } from '../log.ts';
import { DAY_MS } from '../time.ts';

export type BackupInfo = { file: string; bytes: number; messages: number; schema: number };

/** Checks a database file and describes it; throws with a clear reason if it is not usable. */
export function inspectBackup(file: string): BackupInfo {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`integrity check failed: ${String(integrity)}`);
    const schema = db.pragma('user_version', { simple: true }) as number;
    const known = readMigrations().length;
    if (schema > known) throw new Error(`it has schema version ${schema}, newer than this Holler's ${known}`);
    const { n } = db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number };
    return { file, bytes: fs.statSync(file).size, messages: n, schema };
  } catch (err) {
    throw new Error(`${file} is not a usable Holler backup: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}

/** Copies the live database to `dest` while it keeps serving; atomic, checked. */
export async function backupTo(db: Db, dest: string): Promise<BackupInfo> {
  const target = path.resolve(dest);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    makePrivate(partial); // a backup holds the same secrets as the database
    await db.backup(partial);
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE'); // one self-contained file
    copy.close();
    inspectBackup(partial);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return inspectBackup(target);
}

/** Replaces DATA_DIR's database with a backup. The server must be stopped. */
export async function restoreFrom(backup: string, dataDir: string, now = new Date()): Promise<BackupInfo & { previous: string | null }> {
  const info = inspectBackup(path.resolve(backup));
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR });
  const lock = await lockDataDir(dataDir, { waitMs: 0 }).catch((err) => {
    throw err instanceof DataDirLockedError ? new Error(`Holler is running on DATA_DIR=${dataDir}: stop it before restoring`) : err;
  });
  try {
    const live = path.join(dataDir, 'holler.db');
    let previous: string | null = null;
    if (fs.existsSync(live)) {
      // Fold the WAL into the file before moving it aside: a stray -wal must never meet the
      // restored file (SQLite would replay it into the wrong database).
      const old = new Database(live);
      old.pragma('wal_checkpoint(TRUNCATE)');
      old.close();
      previous = `${live}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(live, previous);
      fs.chmodSync(previous, PRIVATE_FILE);
    }
    for (const stale of ['-wal', '-shm', '-journal']) fs.rmSync(live + stale, { force: true });
    const incoming = `${live}.restoring`;
    fs.copyFileSync(info.file, incoming);
    fs.chmodSync(incoming, PRIVATE_FILE); // copyFile keeps the source's mode
    const fd = fs.openSync(incoming, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(incoming, live);
    return { ...inspectBackup(live), previous };
  } finally {
    lock.release();
  }
}

const STAMPED = /^holler-(\d{8}-\d{6})\.db$/;
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/** The dated backups in `dir`, newest first (only files this module names, nothing else). */
export function listBackups(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => STAMPED.test(f)).sort().reverse().map((f) => path.join(dir, f));
}

/**
 * A checked backup named by its time (`holler-YYYYMMDD-HHMMSS.db`) in `dir`, then only the newest
 * `keep` dated backups are kept (0 keeps all). Returns the new backup and the files removed.
 */
export async function backupInto(db: Db, dir: string, keep: number, now = new Date()): Promise<BackupInfo & { removed: string[] }> {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  const info = await backupTo(db, path.join(dir, `holler-${stamp(now)}.db`));
  const removed = keep > 0 ? listBackups(dir).slice(keep) : [];
  for (const f of removed) fs.rmSync(f, { force: true });
  return { ...info, removed };
}


/** How the scheduled backups fare, for /metrics, /healthz and the admin pages. */
export type BackupStatus = {
  dir: string;
  /** When the newest good backup was written (ms; from the newest file's time at start), or null. */
  lastSuccess: number | null;
  /** The last scheduled try, when it failed (cleared by the next success). */
  failure: { at: number; error: string } | null;
  failures: number;
};

/** A fresh status for `dir`: the newest dated backup already there counts as the last success. */
export function backupStatus(dir: string): BackupStatus {
  const newest = listBackups(dir)[0];
  return { dir, lastSuccess: newest ? fs.statSync(newest).mtimeMs : null, failure: null, failures: 0 };
}

/**
 * The start's check of BACKUP_DIR: created if missing, a file written and removed in it. Returns
 * the sentence to stop on, or null. Without it, an unwritable folder (systemd's ProtectSystem=strict
 * makes any folder outside the unit's own read-only) failed once a day, in the log only.
 */
export function checkBackupDir(dir: string): string | null {
  const probe = path.join(dir, `.holler-write-test-${process.pid}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const user = process.getuid ? ` (uid ${process.getuid()})` : '';
    return `BACKUP_DIR=${dir} cannot be written (${code}): make it writable by the user running Holler${user}; under systemd with ProtectSystem=strict, add ReadWritePaths=${dir} to the unit; or unset BACKUP_DIR`;
  }
}

type ScheduleOptions = { db: Db; dir: string; keep: number; now: () => number; log: Pick<Logger, 'info' | 'error'>; status?: BackupStatus };

/**
 * One check of the daily schedule: a backup is taken when the newest dated one is a day old or
 * missing, so restarts neither skip nor double a day. A failure is logged and kept in `status`
 * (shown on /metrics, /healthz and the admin pages), not thrown: the next check tries again.
 */
export async function scheduledBackup(o: ScheduleOptions): Promise<'written' | 'fresh' | 'failed'> {
  try {
    const newest = listBackups(o.dir)[0];
    if (newest && o.now() - fs.statSync(newest).mtimeMs < DAY_MS) return 'fresh';
    const info = await backupInto(o.db, o.dir, o.keep, new Date(o.now()));
    o.log.info('scheduled backup written', { file: info.file, messages: info.messages, bytes: info.bytes, removed: info.removed.length });
    if (o.status) Object.assign(o.status, { lastSuccess: o.now(), failure: null });
    return 'written';
  } catch (err) {
    o.log.error('scheduled backup failed', { dir: o.dir, error: (err as Error).message });
    if (o.status) Object.assign(o.status, { failure: { at: o.now(), error: (err as Error).message }, failures: o.status.failures + 1 });
    return 'failed';
  }
}

/** Daily backups while the server runs (BACKUP_DIR, BACKUP_KEEP): checked now and hourly. */
export function startScheduledBackups(o: Omit<ScheduleOptions, 'status'>): { status: BackupStatus; stop: () => void } {
  const status = backupStatus(o.dir);
  let running: Promise<unknown> | null = null;
  const check = () => {
    running ??= scheduledBackup({ ...o, status }).finally(() => (running = null));
  };
  check();
  const timer = setInterval(check, 60 * 60 * 1000);
  timer.unref();
  return { status, stop: () => clearInterval(timer) };
}
