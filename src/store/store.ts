/**
 * @module store
 * Every SQL statement of Holler lives in this folder, one module per table, each statement
 * prepared once. The store is synchronous (better-sqlite3) and is the only writer of its
 * database: one Holler process per DATA_DIR (lock.ts). createStore composes the table modules
 * into the one Store the app receives; routers take narrow Picks of it.
 */
import { createAuditStore } from './audit.ts';
import { createBanStore } from './bans.ts';
import { createBoardStore } from './boards.ts';
import type { Db } from './db.ts';
import { createMessageStore } from './messages.ts';
import { createOwnStore } from './own.ts';
import { createSessionStore } from './sessions.ts';
import { createSettingStore } from './settings.ts';
import { createWrites, type WriteOptions } from './writes.ts';

export { isSlug, SLUG_PATTERN, type Board, type BoardSettings } from './boards.ts';
export { PAGE_SIZE, type Changes, type Message, type MessageStatus, type ModFilter, type NewMessage } from './messages.ts';
export type { Ban } from './bans.ts';
export type { AuditEntry, AuditFilter } from './audit.ts';
export { SECRET_TTL_MS } from './settings.ts';

export function createStore(db: Db, now: () => number = Date.now, options: WriteOptions = {}) {
  const writes = createWrites(db, options);
  const boards = createBoardStore(db, now, writes);
  const messages = createMessageStore(db, now, writes, boards);
  const bans = createBanStore(db, now, writes);

  /**
   * Retention, in one transaction: messages past their keep date, deleted ones past their purge
   * date, and ended bans. A board that lost shown messages gets a new rev, so no cached page
   * or list keeps them.
   */
  function prune({ keepBefore, purgeDeletedBefore }: { keepBefore: number; purgeDeletedBefore: number }): { pruned: number; purged: number } {
    const [result, revs] = writes.tracked(() => db.transaction(() => {
      const r = messages.pruneMessages(keepBefore, purgeDeletedBefore);
      bans.pruneBans();
      const touched = r.boards.filter((b) => boards.getBoard(b));
      return [r, touched.map((b) => [b, boards.bumpRev(b)] as const)] as const;
    }).immediate());
    for (const [slug, rev] of revs) boards.publishRev(slug, rev);
    return { pruned: result.pruned, purged: result.purged };
  }

  const { bumpRev: _bump, publishRev: _publish, withNewRev: _with, ...boardApi } = boards;
  const { pruneMessages: _pm, ...messageApi } = messages;
  const { pruneBans: _pb, ...banApi } = bans;
  const { tracked: _t, ...health } = writes;
  return {
    ...boardApi,
    ...messageApi,
    ...createOwnStore(db, now, boards),
    ...banApi,
    ...createSessionStore(db, now, writes),
    ...createAuditStore(db, now, writes),
    ...createSettingStore(db, now, writes),
    ...health,
    prune,
  };
}

export type Store = ReturnType<typeof createStore>;
