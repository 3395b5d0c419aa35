/**
 * @module store/writes
 * Write-fault tracking shared by every table module: each write runs through `tracked`, so the
 * last failed write (a full disk, a database or folder gone read-only) is remembered until a
 * write succeeds, and health checks report it where a read alone would not notice.
 *
 * Health must not be fooled: a one-row write can succeed on a full disk (it fits in the
 * write-ahead log's existing pages), so the probe that may clear a real write's failure must
 * prove the database can GROW: it commits a scratch row bigger than the WAL's slack normally is,
 * and the filesystem holding the database must have at least `minFreeBytes` free.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db.ts';

/** Bytes the growth probe writes (and deletes): several pages, so it needs new space in a full WAL. */
const PROBE_BYTES = 256 * 1024;

export type WriteOptions = { minFreeBytes?: number };

export function createWrites(db: Db, { minFreeBytes = 0 }: WriteOptions = {}) {
  let fault: Error | null = null;
  // Reads the file (not just the connection), so a vanished or unreadable database shows.
  const ping = db.prepare(`SELECT count(*) FROM boards`);
  const putProbe = db.prepare(`INSERT OR REPLACE INTO settings (key, value) VALUES ('health_probe', hex(randomblob(?)))`);
  const dropProbe = db.prepare(`DELETE FROM settings WHERE key = 'health_probe'`);
  const dir = db.memory ? null : path.dirname(db.name);
  const pages = db.prepare<[], { n: number }>(`SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()`);

  /** Runs a write; remembers its failure (and rethrows it), clears the fault on success. */
  function tracked<T>(write: () => T): T {
    try {
      const result = write();
      fault = null;
      return result;
    } catch (err) {
      fault = err as Error;
      throw err;
    }
  }

  /** Free bytes for an unprivileged writer on the filesystem holding the database; null in memory. */
  function freeBytes(): number | null {
    if (!dir) return null;
    try {
      const s = fs.statfsSync(dir);
      return s.bavail * s.bsize;
    } catch {
      return null;
    }
  }

  return {
    tracked,
    freeBytes,
    /** Bytes of the database (its pages, as SQLite counts them) and of its write-ahead log (0 in memory). */
    databaseBytes(): { db: number; wal: number } {
      let wal = 0;
      try {
        if (dir) wal = fs.statSync(`${db.name}-wal`).size;
      } catch {
        // no WAL file right now (after a checkpoint at close, or not yet written)
      }
      return { db: pages.get()!.n, wal };
    },
    /** A cheap query proving the database answers (health checks). */
    ping: (): boolean => ping.get() !== undefined,
    /** The error of the last write, if it failed and none has succeeded since. */
    writeFault: (): Error | null => fault,
    /**
     * Clears a write fault only when the database demonstrably takes new data again: a growth
     * write commits (and is removed), and the filesystem has room. Throws what blocks it.
     */
    probeWrite(): void {
      db.transaction(() => putProbe.run(Math.ceil(PROBE_BYTES / 2))).immediate();
      db.transaction(() => dropProbe.run()).immediate();
      const free = freeBytes();
      if (free !== null && free < minFreeBytes) {
        throw Object.assign(new Error(`only ${Math.floor(free / 1024)} KiB free where the database lives`), { code: 'SQLITE_FULL' });
      }
      fault = null;
    },
  };
}

export type Writes = ReturnType<typeof createWrites>;
