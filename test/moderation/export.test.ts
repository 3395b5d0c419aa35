import { describe, expect, it } from 'vitest';
import { csvCell, parseDay, toCsv } from '../../src/store/transcript.ts';
import type { Message } from '../../src/store/store.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

/** A small RFC 4180 reader, to check the CSV round-trips exactly as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain', '"plain"'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1 for that', `"'+1 for that"`],
    ['-5 degrees', `"'-5 degrees"`],
    ['@everyone', `"'@everyone"`],
    ['Ciao è 👍', '"Ciao è 👍"'],
  ])('%j → %s', (input, out) => expect(csvCell(input)).toBe(out));
});

describe('parseDay', () => {
  it.each([['2026-11-22', Date.UTC(2026, 10, 22)], ['2026-13-01', null], ['22/11/2026', null], [undefined, null]])('%s', (s, ms) =>
    expect(parseDay(s)).toBe(ms));
});

describe('transcript export', () => {
  async function setup() {
    const t = makeAdminApp({ RATE_BURST: '100' });
    const day = (n: number) => t.clock.set(Date.UTC(2026, 10, 20 + n, 10, 30));
    day(0);
    await t.post({ name: 'Before', body: 'outside the range' });
    day(1);
    await t.post({ name: 'Zoë', body: 'Ciao, "tutti"!\nSecond line' }, { ip: '198.51.100.2' });
    await t.post({ name: '', body: '=1+1' }, { ip: '198.51.100.3' });
    await t.post({ name: 'Gone', body: 'deleted one' }, { ip: '198.51.100.4' });
    day(2);
    await t.post({ name: 'Late', body: 'last day 👍' }, { ip: '198.51.100.5' });
    day(3);
    await t.post({ name: 'After', body: 'too late' });
    const a = await asAdmin(t);
    const gone = t.store.latest('main').find((m) => m.body === 'deleted one')!;
    await a.post(`/admin/m/${gone.id}/delete`);
    return { t, a };
  }

  it('JSON holds every visible message of the day range (both ends included) with time and author', async () => {
    const { a } = await setup();
    const res = await a.get('/admin/export/download?board=main&from=2026-11-21&to=2026-11-22&format=json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="holler-main-2026-11-21_2026-11-22.json"');
    const data = await res.json();
    expect(data.board).toBe('main');
    expect(data.messages.map((m: { author: string; text: string; time: string }) => [m.time, m.author, m.text])).toEqual([
      ['2026-11-21T10:30:00.000Z', 'Zoë', 'Ciao, "tutti"!\nSecond line'],
      ['2026-11-21T10:30:00.000Z', '', '=1+1'],
      ['2026-11-22T10:30:00.000Z', 'Late', 'last day 👍'],
    ]);
  });

  it('CSV has a UTF-8 BOM, CRLF rows, quoted cells that round-trip, and no live formulas', async () => {
    const { a } = await setup();
    const res = await a.get('/admin/export/download?board=main&from=2026-11-21&to=2026-11-22&format=csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['time', 'author', 'staff', 'text', 'id']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['2026-11-21T10:30:00.000Z', 'Zoë', 'no', 'Ciao, "tutti"!\nSecond line'],
      ['2026-11-21T10:30:00.000Z', '', 'no', "'=1+1"],
      ['2026-11-22T10:30:00.000Z', 'Late', 'no', 'last day 👍'],
    ]);
  });

  it('HTML is a printable transcript; bad ranges get a clear 422; every export is audited', async () => {
    const { t, a } = await setup();
    const html = await (await a.get('/admin/export/download?board=main&from=2026-11-21&to=2026-11-21&format=html')).text();
    expect(html).toContain('Zoë');
    expect(html).not.toContain('last day');
    expect(html).not.toContain('<script');
    const bad = await a.get('/admin/export/download?board=main&from=2026-11-22&to=2026-11-21&format=csv');
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('start day not after the end day');
    expect(t.store.auditList({ action: 'export' }).map((e) => e.details)).toEqual([
      'html 2026-11-21..2026-11-21, 2 messages',
    ]);
  });

  it('toCsv of nothing is just the header', () => {
    expect(toCsv([] as Message[])).toBe('\uFEFF"time","author","staff","text","id"\r\n');
  });
});
