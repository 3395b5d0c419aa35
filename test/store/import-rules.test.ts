/**
 * R6 (SECURITY.md): `admin -- import file.json` passes the same text rules as posting (names,
 * bodies, lengths, reserved names), the board form's settings ranges and the id and slug
 * formats; `staff` is kept only with --keep-staff; a file with any problem imports nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

const board = { slug: 'imported', title: 'Imported', maxLength: 500, lang: null, closed: false, slowMode: 0, premoderate: false, linksAllowed: true, words: '', wordsAction: 'block', pollInterval: null, presence: false, newestAt: 'top', editWindow: 5 };
const msg = (o: Record<string, unknown> = {}) => ({ id: 'AAAAAAAAAAAA', board: 'imported', author: 'Ann', body: 'hello', status: 'visible', staff: false, pinned: false, createdAt: Date.UTC(2026, 0, 1), ...o });
const file = (messages: unknown[], boards: unknown[] = [board], bans: unknown[] = []) => ({ format: 'holler-export', version: 1, boards, messages, bans });

afterEach(() => { vi.restoreAllMocks(); });

describe('JSON import', () => {
  it('normalises names and bodies as posting does (bidi overrides, zero-width, controls)', () => {
    const t = makeTestApp();
    t.store.importData(file([msg({ author: 'A\u202Enn\u200B', body: 'hi\u0007 \u202Ethere\u200B [link](https://\u202Eevil.example)' })]));
    const [m] = t.store.modList({ board: 'imported' });
    expect(m!.author).toBe('Ann');
    expect(m!.body).toBe('hi there [link](https://evil.example)');
  });

  it.each([
    ['a 3,000-character name', msg({ author: 'x'.repeat(3000) }), /the name is longer than 24 characters/],
    ['a 200 KB body', msg({ body: 'y'.repeat(200_000) }), /the text is longer than the board's 500 characters/],
    ['an empty body', msg({ body: '\u200B\u202E ' }), /the text is empty/],
    ['a reserved name', msg({ author: 'Admin' }), /the name is reserved for moderators/],
    ['staff + pinned on "Admin" without --keep-staff', msg({ author: 'Admin', staff: true, pinned: true }), /reserved for moderators/],
    ['a bad id', msg({ id: '../../etc/passwd' }), /the id must be 8 to 32/],
    ['a deleted status', msg({ status: 'deleted' }), /status must be "visible" or "held"/],
    ['an unknown board', msg({ board: 'nowhere' }), /board "nowhere" does not exist/],
    ['a bad poster key', msg({ poster: 'a b' }), /poster must be/],
  ])('refuses %s, and imports nothing of the file', (_, bad, why) => {
    const t = makeTestApp();
    expect(() => t.store.importData(file([msg({ id: 'BBBBBBBBBBBB' }), bad]))).toThrow(why);
    expect(t.store.getBoard('imported')).toBeUndefined();
    expect(t.store.modList({})).toHaveLength(0);
  });

  it('refuses bad board settings and slugs', () => {
    const t = makeTestApp();
    expect(() => t.store.importData(file([], [{ ...board, maxLength: 99_999, title: '\u200B' }]))).toThrow(/the title is empty[\s\S]*maxLength must be a whole number from 1 to 2000/);
    expect(() => t.store.importData(file([], [{ ...board, slug: '../Main' }]))).toThrow(/slug must be 1 to 32/);
    expect(t.store.listBoards().map((b) => b.slug)).toEqual(['main']);
  });

  it('keeps staff (and its name) only with --keep-staff', () => {
    const t = makeTestApp();
    t.store.importData(file([msg({ author: 'Admin', staff: true, pinned: true })]), { keepStaff: true });
    expect(t.store.modList({ board: 'imported' })[0]).toMatchObject({ author: 'Admin', staff: true, pinned: true });
    const u = makeTestApp();
    u.store.importData(file([msg({ author: 'Ann', staff: true })]));
    expect(u.store.modList({ board: 'imported' })[0]).toMatchObject({ author: 'Ann', staff: false });
  });

  it('through the CLI: a failing file leaves no board behind, run after run (exit 1, the reasons)', async () => {
    const dir = tempDir();
    const f = path.join(dir, 'bad.json');
    fs.writeFileSync(f, JSON.stringify(file([msg(), msg({ id: 'CCCCCCCCCCCC', author: 'x'.repeat(3000) })])));
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (errors.push(String(s)), true));
    const env = { DATA_DIR: path.join(dir, 'data') };
    for (let i = 0; i < 3; i++) expect(await main(['import', f], env, () => {})).toBe(1);
    expect(errors.join('')).toContain('message 2 (CCCCCCCCCCCC): the name is longer than 24 characters');
    const listed: string[] = [];
    await main(['boards', 'list'], env, (l) => listed.push(l));
    expect(listed.join('\n')).not.toContain('imported');
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(file([msg({ author: 'Admin', staff: true })])));
    expect(await main(['import', good, '--keep-staff'], env, () => {})).toBe(0);
  });
});
