/**
 * @module store/own
 * Replies, permalinks and the author's own edits on the `messages` table: the owner hash (the
 * secret's SHA-256; the secret itself is never stored), the text edit, and the neighbours of a
 * message for its permalink page. Every change bumps the board rev, so open widgets get it
 * through the normal poll.
 */
import type { BoardStore } from './boards.ts';
import type { Db } from './db.ts';
import { COLUMNS, toMessage, type Message, type MessageRow, type MessageStatus } from './messages.ts';

/** What the own store borrows: the status change of messages.ts, and the notification hook of store.ts. */
export type OwnHooks = {
  setStatus: (id: string, status: MessageStatus, within?: (before: Message) => void) => Message | null;
  notify: (event: 'message.edited' | 'message.deleted', m: Message, extra?: Record<string, unknown>) => number;
};

// Writes go through boards.withNewRev, which tracks write faults like every other write. Each
// change and its notifications commit in one transaction: a crash loses both or neither.
export function createOwnStore(db: Db, now: () => number, boards: BoardStore, hooks: OwnHooks) {
  const q = {
    ownerHash: db.prepare<[string], { h: string | null }>(`SELECT owner_hash AS h FROM messages WHERE id = ?`),
    edit: db.prepare<[string, number, MessageStatus, number, string]>(
      `UPDATE messages SET body = ?, edited_at = ?, status = ?, rev = ? WHERE id = ?`,
    ),
    byId: db.prepare<[string], MessageRow>(`SELECT ${COLUMNS} FROM messages WHERE id = ?`),
    newer: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    olderFrom: db.prepare<[string, number, number], MessageRow>(
      `SELECT ${COLUMNS} FROM messages WHERE board = ? AND status = 'visible' AND seq <= ? ORDER BY seq DESC LIMIT ?`,
    ),
  };

  return {
    /** The SHA-256 (hex) of the message's owner secret; null if it has none (no-JS, staff, old rows). */
    ownerHash: (id: string): string | null => q.ownerHash.get(id)?.h ?? null,

    /**
     * The author's new text (already through the posting rules), stamped as edited. `status`
     * is 'held' when the new text must wait for a moderator. Bumps the board rev (one
     * transaction), so every open widget upserts or removes it at its next poll.
     */
    editText(id: string, body: string, status: MessageStatus): Message | undefined {
      const msg = q.byId.get(id);
      if (!msg) return undefined;
      return boards.withNewRev(msg.board, (rev) => {
        q.edit.run(body, now(), status, rev, id);
        const edited = toMessage(q.byId.get(id)!);
        hooks.notify('message.edited', edited, { previous: msg.body });
        return edited;
      });
    },

    /** The author deletes their message: gone from every list at the next poll, notified in the same transaction. */
    // Inside the status change's own transaction: an outer one here would make it a savepoint,
    // and its in-memory rev would move before the outer commit.
    deleteOwn: (id: string): boolean =>
      hooks.setStatus(id, 'deleted', (before) => void hooks.notify('message.deleted', { ...before, status: 'deleted' })) !== null,

    /** Visible messages newer than `seq`, oldest first (the API reads forward with it). */
    after: (board: string, seq: number, limit: number): Message[] => q.newer.all(board, seq, limit).map(toMessage),

    /**
     * A message in its conversation, newest first: up to `newer` visible messages after it,
     * itself, and up to `older` before it. `more` tells whether older ones remain.
     */
    around(board: string, seq: number, newer: number, older: number): { messages: Message[]; more: boolean; hasNewer: boolean } {
      const after = q.newer.all(board, seq, newer + 1);
      const before = q.olderFrom.all(board, seq, older + 2);
      const hasNewer = after.length > newer;
      const more = before.length > older + 1;
      const list = [...after.slice(0, newer).reverse(), ...before.slice(0, older + 1)];
      return { messages: list.map(toMessage), more, hasNewer };
    },
  };
}

export type OwnStore = ReturnType<typeof createOwnStore>;
