/**
 * @module api/present
 * What the API shows of boards and messages. Never the poster key: it is a pseudonym that
 * would let anyone follow a visitor across boards (the widget does not show it either).
 */
import type { Board, Message } from '../store/store.ts';
import { renderBody } from '../posting/text.ts';

export const boardJson = (b: Board) => ({ slug: b.slug, title: b.title, closed: b.closed });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `body` is the stored plain text; `html` is what the widget shows (posting/text.ts renderBody). */
export const messageJson = (m: Message) => ({
  id: m.id, seq: m.seq, board: m.board, author: m.author, body: m.body, html: renderBody(m.body),
  status: m.status, staff: m.staff, pinned: m.pinned, createdAt: iso(m.createdAt), editedAt: iso(m.editedAt), rev: m.rev,
  replyTo: m.replyTo, replyName: m.replyName,
});
