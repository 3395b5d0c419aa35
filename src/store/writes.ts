/**
 * @module store/writes
 * Write-fault tracking shared by every table module: each write runs through `tracked`, so the
 * last failed write (a full disk, a database gone read-only) is remembered until a write
 * succeeds, and health checks can report it where a read alone would not notice.
 */
import type { Db } from './db.ts';

export function createWrites(db: Db) {
  let fault: Error | null = null;
  // Reads the file (not just the connection), so a vanished or unreadable database shows.
  const ping = db.prepare(`SELECT count(*) FROM boards`);
  const touch = db.prepare(`UPDATE settings SET value = value WHERE key = 'poster_secret'`);

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

  return {
    tracked,
    /** A cheap query proving the database answers (health checks). */
    ping: (): boolean => ping.get() !== undefined,
    /** The error of the last write, if it failed and none has succeeded since. */
    writeFault: (): Error | null => fault,
    /** A harmless one-row write, so health can see a write fault clear without visitor traffic. */
    probeWrite: (): void => tracked(() => void db.transaction(() => touch.run()).immediate()),
  };
}

export type Writes = ReturnType<typeof createWrites>;
