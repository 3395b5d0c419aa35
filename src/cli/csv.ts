/**
 * @module cli/csv
 * Reading the generic CSV other shoutboxes export (time, name, text), RFC 4180, with csv-parse:
 * quoted fields may hold commas, quotes ("") and newlines; quoting is strict, because a quote
 * left open would swallow every row after it and a loose one cut a text short, and both imported
 * "fine". A header row is recognised (and skipped) by the caller.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { DataError } from './command.ts';

/** One record and the line of the file it starts on (what an operator looks for in an editor). */
export type CsvRow = { line: number; fields: string[] };

/** What a quoting mistake is, and how to mend it, by csv-parse's error code. */
const QUOTING: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a text opens with " here and its closing " is missing (every row after it would be read as part of it)',
  INVALID_OPENING_QUOTE: 'a " inside a text that does not start with one: put the whole text in double quotes and double each " inside it ("say ""hi""")',
  CSV_INVALID_CLOSING_QUOTE: 'something follows a closing " before the next comma: put the whole text in double quotes and double each " inside it',
};

/** Splits CSV text into rows of fields; a quoting mistake throws a DataError naming its line. */
export function parseCsv(text: string): CsvRow[] {
  const lines = text.split(/\r\n|\n|\r/);
  // csv-parse tells the line a record ends on; the next one starts after it, past blank lines.
  const startAfter = (end: number) => {
    let line = end + 1;
    while (line < lines.length && lines[line - 1]!.trim() === '') line++;
    return line;
  };
  const rows: CsvRow[] = [];
  let end = 0;
  try {
    parse(text, {
      bom: true,
      skip_empty_lines: true,
      // A row with too many or too few fields is reported with the others, not as the first error.
      relax_column_count: true,
      on_record: (fields: string[], context: { lines: number }) => {
        rows.push({ line: startAfter(end), fields });
        end = context.lines;
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = err.code === 'CSV_QUOTE_NOT_CLOSED' ? startAfter(end) : ((err as CsvError & { lines?: number }).lines ?? startAfter(end));
    throw new DataError(`the CSV cannot be read (nothing was imported): line ${line}: ${QUOTING[err.code] ?? err.message}`);
  }
  return rows;
}

/** A CSV time: ISO 8601, "YYYY-MM-DD HH:MM[:SS]" (taken as UTC), or Unix seconds/milliseconds. */
export function parseTime(raw: string): number | null {
  const s = raw.trim();
  if (/^\d{9,10}$/.test(s)) return Number(s) * 1000;
  if (/^\d{12,13}$/.test(s)) return Number(s);
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s) ? `${s.replace(' ', 'T')}Z` : s;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
