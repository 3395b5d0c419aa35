/**
 * @module db-errors
 * Which SQLite failures are the database being unavailable for a while (locked, read-only, disk
 * full, I/O trouble) rather than a bug. Those get a 503 with a human message and the visitor's
 * text kept; the process stays up, and the next request tries again, so Holler recovers by
 * itself when the fault clears. Anything else is a bug: a 500 page and a log line.
 */

/** SQLite primary result codes (extended codes such as SQLITE_IOERR_WRITE start with these). */
const UNAVAILABLE = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_READONLY', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL'];

export type UnavailableReason = 'busy' | 'read-only' | 'disk full' | 'i/o error' | 'cannot open';

/** The reason when `err` is the database being temporarily unusable, else null. */
export function databaseUnavailable(err: unknown): UnavailableReason | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') {
    // better-sqlite3 throws a TypeError, not a SqliteError, once the connection is closed.
    return err instanceof TypeError && /database connection is not open/.test(err.message) ? 'cannot open' : null;
  }
  const primary = UNAVAILABLE.find((c) => code === c || code.startsWith(`${c}_`));
  switch (primary) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
    case 'SQLITE_PROTOCOL':
      return 'busy';
    case 'SQLITE_READONLY':
      return 'read-only';
    case 'SQLITE_FULL':
      return 'disk full';
    case 'SQLITE_IOERR':
      return 'i/o error';
    case 'SQLITE_CANTOPEN':
      return 'cannot open';
    default:
      return null;
  }
}

/** Seconds a client should wait before retrying (Retry-After on 503 answers). */
export const RETRY_AFTER_S = 10;
