/**
 * @module store/transcript
 * Transcripts of a board: JSON (for programs: the admin's download and the API's export), CSV
 * (for spreadsheets); the printable HTML page is moderation/board-views.tsx. Pure functions of
 * the messages, here so that both moderation/ and api/ can use them.
 */
import type { Message } from '../store/store.ts';

export type TranscriptRow = { id: string; time: string; author: string; staff: boolean; text: string };

export const transcriptRows = (messages: Message[]): TranscriptRow[] =>
  messages.map((m) => ({ id: m.id, time: new Date(m.createdAt).toISOString(), author: m.author, staff: m.staff, text: m.body }));

export function toJson(board: string, from: number, to: number, messages: Message[]): string {
  return JSON.stringify(
    { board, from: new Date(from).toISOString(), to: new Date(to).toISOString(), messages: transcriptRows(messages) },
    null,
    2,
  );
}

/**
 * One CSV cell. A cell a spreadsheet would read as a formula (= + - @, or a tab/CR that some
 * apps strip first) gets a leading apostrophe: a visitor's "=HYPERLINK(…)" stays text.
 * Quotes are doubled and every cell is quoted, so commas and newlines in messages are safe.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** RFC 4180 CSV with CRLF line ends and a UTF-8 byte order mark, so Excel reads accents and emoji right. */
export function toCsv(messages: Message[]): string {
  const lines = [['time', 'author', 'staff', 'text', 'id'].map(csvCell).join(',')];
  for (const r of transcriptRows(messages)) lines.push([r.time, r.author, r.staff ? 'yes' : 'no', r.text, r.id].map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Parses a YYYY-MM-DD date as the start of that day, UTC; null when malformed. */
export function parseDay(s: string | undefined): number | null {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const ms = Date.parse(`${s}T00:00:00Z`);
  return Number.isNaN(ms) ? null : ms;
}

