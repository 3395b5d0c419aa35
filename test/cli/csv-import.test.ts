/**
 * The CSV import (issue 21 item 5): strict quoting, each bad row named by its line, and all or
 * nothing. The two files from the issue: an unclosed quote swallowed the rows after it, and an
 * unquoted comma cut a text short, both "imported fine".
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { tempDir } from '../support/app.ts';

async function importCsv(csv: string) {
  const dataDir = tempDir('holler-csv-');
  const file = path.join(dataDir, 'old.csv');
  fs.writeFileSync(file, csv);
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['import', file, '--board', 'main'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, (l) => out.push(l), (l) => err.push(l));
  const db = new Database(path.join(dataDir, 'holler.db'), { readonly: true });
  const rows = db.prepare(`SELECT author, body FROM messages ORDER BY created_at`).all() as { author: string; body: string }[];
  db.close();
  return { code, out: out.join('\n'), err: err.join('\n'), rows };
}

describe('CSV import', () => {
  it('refuses a row whose quote is never closed, naming its line; the rows after it are not swallowed', async () => {
    const r = await importCsv('time,name,text\n2024-05-01 10:00,Ann,first\n2024-05-01 10:01,Bea,"oops, never closed\n2024-05-01 10:02,Carlo,third\n2024-05-01 10:03,Dario,fourth\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('nothing was imported');
    expect(r.err).toContain('line 3: a text opens with " here and its closing " is missing');
    expect(r.rows).toEqual([]);
  });

  it('refuses a row with an unquoted comma in its text (4 fields), never cutting the text at the comma', async () => {
    const r = await importCsv('time,name,text\n2024-05-01 10:00,Ann,fine\n2024-05-01 10:01,Priya,Thanks Priya, will try tomorrow\n2024-05-01 10:02,Bea,only\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 3: 4 fields where 3 are expected (time,name,text): put a text that holds a comma in double quotes');
    expect(r.rows).toEqual([]);
  });

  it('names every bad row by its line (too few fields, not a time, a stray quote), counting lines of quoted newlines and blank lines', async () => {
    const r = await importCsv('2024-05-01 10:00,Ann,"two\nlines"\n\n2024-05-01 10:01,Bea\nyesterday,Carlo,hi\n');
    expect(r.code).toBe(1);
    expect(r.err).toContain('line 4: 2 fields where 3 are expected');
    expect(r.err).toContain('line 5: "yesterday" is not a time');
    expect(r.rows).toEqual([]);
    const stray = await importCsv('2024-05-01 10:00,Ann,fine\n2024-05-01 10:01,Bea,say "hi" there\n');
    expect(stray).toMatchObject({ code: 1, err: expect.stringContaining('line 2: a " inside a text that does not start with one'), rows: [] });
  });

  it('imports a good file whole: BOM, CRLF, header, quoted commas, doubled quotes, newlines in quotes', async () => {
    const r = await importCsv('\uFEFFtime,name,text\r\n2024-05-01 10:00,Bea,"Thanks Priya, will try tomorrow"\r\n1714554000,Carlo,"Multi\r\nline ""quoted"""\r\n');
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/^Imported 2 messages/) });
    expect(r.rows).toEqual([
      { author: 'Carlo', body: 'Multi\nline "quoted"' },
      { author: 'Bea', body: 'Thanks Priya, will try tomorrow' },
    ]);
  });
});
