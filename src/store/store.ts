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
import { createMessageStore, messageData, type Message } from './messages.ts';
import { createOutboxStore } from './outbox.ts';
import type { NotifyConfig, NotifyEvent } from '../config.ts';
import { createOwnStore } from './own.ts';
import { createSessionStore } from './sessions.ts';
import { createSettingStore } from './settings.ts';
import { createTransferStore } from './transfer.ts';
import { createSpentTokenStore } from './spent-tokens.ts';
import { createWrites, type WriteOptions } from './writes.ts';
import { createTokenStore } from './tokens.ts';
import { createSubscriptionStore } from './subscriptions.ts';

export { isSlug, SLUG_PATTERN, type Board, type BoardSettings } from './boards.ts';
export { FIRST_VIEW, PAGE_SIZE, type Changes, type Message, type MessageStatus, type ModFilter, type NewMessage } from './messages.ts';
export type { Ban, BanListing } from './bans.ts';
export type { AuditEntry, AuditFilter } from './audit.ts';
export type { ExportData, ExportedMessage, ImportCounts } from './transfer.ts';
export { SECRET_TTL_MS } from './settings.ts';
export { SCOPES, isScope, TOKEN_NAME_PATTERN, TOKEN_NAME_RE, type ApiToken, type Scope } from './tokens.ts';
export { ADDRESS_PER_DAY, BOARD_PER_HOUR, type ReplyMail, type ReplySettings, type SubMail } from './subscriptions.ts';
export { NO_BOARD_NOTIFY, type BoardNotify, type Delivery, type Dest } from './outbox.ts';

/** `notify`: the instance-wide notification destinations (config.notify); without it, only boards' own ones. */
export function createStore(db: Db, now: () => number = Date.now, options: WriteOptions & { notify?: NotifyConfig | null } = {}) {
  const writes = createWrites(db, options);
  const boards = createBoardStore(db, now, writes);
  const spent = createSpentTokenStore(db, now, writes);
  const outbox = createOutboxStore(db, now, writes, options.notify ?? null);
  const messages = createMessageStore(db, now, writes, boards, spent.withPosts, outbox);

  /**
   * The notification hook for changes to a message (message.edited, message.deleted by its
   * author): call it INSIDE the transaction that changes the row (e.g. in withNewRev's write),
   * so the deliveries commit with the change; outside one it is a transaction of its own.
   */
  function notifyMessage(event: NotifyEvent, m: Message, extra: Record<string, unknown> = {}): number {
    const board = boards.getBoard(m.board);
    return board ? outbox.notify(event, board.slug, board.title, { ...messageData(m), ...extra }) : 0;
  }
  const bans = createBanStore(db, now, writes);
  const audit = createAuditStore(db, now, writes);

  /**
   * Retention, in one transaction: messages past their keep date, deleted ones past their purge
   * date (counted from deletion), audit entries past AUDIT_RETAIN_DAYS, ended bans and expired
   * spent form tokens. A board that lost shown messages gets a new rev, so no cached page or
   * list keeps them.
   */
  function prune({ keepBefore, purgeDeletedBefore, auditBefore = 0 }: { keepBefore: number; purgeDeletedBefore: number; auditBefore?: number }): { pruned: number; purged: number; audit: number } {
    const [result, revs] = writes.tracked(() => db.transaction(() => {
      const r = { ...messages.pruneMessages(keepBefore, purgeDeletedBefore), audit: audit.pruneAudit(auditBefore) };
      bans.pruneBans();
      spent.pruneSpentTokens();
      const touched = r.boards.filter((b) => boards.getBoard(b));
      return [r, touched.map((b) => [b, boards.bumpRev(b)] as const)] as const;
    }).immediate());
    for (const [slug, rev] of revs) boards.publishRev(slug, rev);
    return { pruned: result.pruned, purged: result.purged, audit: result.audit };
  }

  const { bumpRev: _bump, publishRev: _publish, withNewRev: _with, ...boardApi } = boards;
  const { pruneMessages: _pm, ...messageApi } = messages;
  const { pruneBans: _pb, ...banApi } = bans;
  const { tracked: _t, ...health } = writes;
  const { pruneAudit: _pa, ...auditApi } = audit;
  const { withPosts: _wp, pruneSpentTokens: _ps, ...spentApi } = spent;
  const { enqueue: _e, ...outboxApi } = outbox;
  return {
    ...boardApi,
    ...messageApi,
    ...createOwnStore(db, now, boards, { setStatus: messages.setStatus, notify: notifyMessage }),
    ...banApi,
    ...createSessionStore(db, now, writes),
    ...auditApi,
    ...spentApi,
    ...createSettingStore(db, now, writes),
    ...createTransferStore(db, writes, boards),
    ...health,
    ...outboxApi,
    ...createTokenStore(db, now, writes),
    ...createSubscriptionStore(db, now, writes),
    notifyMessage,
    prune,
  };
}

export type Store = ReturnType<typeof createStore>;
