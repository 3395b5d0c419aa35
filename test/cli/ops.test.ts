/**
 * Issue 21 item 15, the CLI as scripts use it: `boards list --json` and `bans list --json`, a
 * data problem exits 1 (2 is kept for usage mistakes), counts in the right number, a restore
 * into an empty DATA_DIR sets nothing aside; and the Atom feed of an empty board is dated by
 * the board's creation, not 1970.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

/** The CLI on a DATA_DIR of its own, stdout and stderr apart. */
function cli(dataDir = tempDir('holler-ops-cli-')) {
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { dataDir, run };
}

describe('CLI for scripts', () => {
  it('boards list --json: every board with its settings, as JSON', async () => {
    const { run } = cli();
    expect((await run('boards', 'create', 'club', '--title', 'Il club')).code).toBe(0);
    expect((await run('boards', 'close', 'club')).code).toBe(0);
    const res = await run('boards', 'list', '--json');
    expect(res.code).toBe(0);
    const boards = JSON.parse(res.out) as Array<{ slug: string; title: string; closed: boolean }>;
    expect(boards.map(({ slug, title, closed }) => ({ slug, title, closed }))).toEqual([
      { slug: 'club', title: 'Il club', closed: true },
      { slug: 'main', title: 'Shoutbox', closed: false },
    ]);
    expect((await run('boards', 'create', 'x', '--json')).code).toBe(2);
  });

  it('bans list --json: poster, board, reason and UTC times (null = for good)', async () => {
    const { dataDir, run } = cli();
    const t = makeTestApp({ dbFile: path.join(dataDir, 'holler.db') });
    t.store.ban('k'.repeat(43), 'spam', Date.UTC(2099, 0, 2, 3, 4, 5), null);
    t.store.ban('j'.repeat(43), '', null, 'main');
    t.db.close();
    const res = await run('bans', 'list', '--json');
    expect(res.code).toBe(0);
    const bans = JSON.parse(res.out) as Array<Record<string, unknown>>;
    expect(bans).toHaveLength(2);
    expect(bans).toContainEqual({ poster: 'k'.repeat(43), board: null, reason: 'spam', createdAt: expect.stringMatching(/^\d{4}-.*Z$/), expiresAt: '2099-01-02T03:04:05Z' });
    expect(bans).toContainEqual(expect.objectContaining({ poster: 'j'.repeat(43), board: 'main', expiresAt: null }));
    expect(JSON.parse((await cli().run('bans', 'list', '--json')).out)).toEqual([]);
  });

  it('a data problem exits 1 with the reason on stderr, no usage; a usage mistake stays 2', async () => {
    const { dataDir, run } = cli();
    const notJson = path.join(dataDir, 'all.json');
    fs.writeFileSync(notJson, '> holler@0.1.0 admin\n{}');
    const a = await run('import', notJson);
    expect(a).toMatchObject({ code: 1, err: expect.stringMatching(/^holler import: the file is not JSON/) });
    expect(a.err).not.toContain('usage:');
    const csv = path.join(dataDir, 'old.csv');
    fs.writeFileSync(csv, 'yesterday,Bea,hi\n');
    expect(await run('import', csv, '--board', 'main')).toMatchObject({ code: 1, err: expect.stringContaining('line 1: "yesterday" is not a time') });
    expect((await run('import', path.join(dataDir, 'missing.json'))).code).toBe(1);
    expect((await run('import')).code).toBe(2);
  });

  it('says "1 board", "1 message", "1 older backup" (no "1 boards")', async () => {
    const { dataDir, run } = cli();
    const t = makeTestApp({ dbFile: path.join(dataDir, 'holler.db') });
    expect((await t.post({ body: 'only one' })).status).toBe(200);
    t.db.close();
    const file = path.join(dataDir, 'main.json');
    expect((await run('export', '--board', 'main', '--out', file)).out).toBe(`Exported 1 board and 1 message to ${file}.`);
    const other = cli();
    fs.rmSync(path.join(other.dataDir, 'holler.db'), { force: true });
    const imported = await other.run('import', file);
    expect(imported.out).toBe(`Imported 1 message, 0 boards and 0 bans from ${file}.`); // main exists in a new database
    expect((await other.run('import', file)).out).toContain('1 message was already there (same id) and left as it was.');
    const dir = path.join(dataDir, 'backups');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'holler-20240101-000000.db'), 'old');
    const backup = await run('backup', dir, '--keep', '1');
    expect(backup.out).toMatch(/: 1 message, \d+ KB, schema \d+\.\nRemoved 1 older backup: holler-20240101-000000\.db\.$/);
  });

  it('restore into an empty DATA_DIR sets no empty database aside', async () => {
    const from = cli();
    expect((await from.run('boards', 'create', 'club')).code).toBe(0);
    const file = path.join(tempDir('holler-ops-bk-'), 'b.db');
    expect((await from.run('backup', file)).code).toBe(0);
    const empty = cli(path.join(tempDir('holler-ops-new-'), 'data'));
    const res = await empty.run('restore', file);
    expect(res.code).toBe(0);
    expect(res.out).not.toContain('previous database');
    expect(fs.readdirSync(empty.dataDir).filter((f) => f.includes('before-restore'))).toEqual([]);
    expect(JSON.parse((await empty.run('boards', 'list', '--json')).out).map((b: { slug: string }) => b.slug)).toEqual(['club', 'main']);
    // A database that was there is still kept aside.
    const again = await empty.run('restore', file);
    expect(again.out).toContain('The previous database was kept as');
  });
});

describe('check', () => {
  it('notes a variable that nearly names a setting (RATE_BRUST)', async () => {
    const out: string[] = [];
    await main(['check'], { DATA_DIR: tempDir('holler-ops-cli-'), RATE_BRUST: '10' }, (l) => out.push(l), () => {});
    expect(out).toContain('note     RATE_BRUST is not a Holler setting and is ignored: did you mean RATE_BURST?');
  });
});

describe('the Atom feed of an empty board', () => {
  it('is dated by the board\'s creation, not 1970', async () => {
    const t = makeTestApp();
    const created = t.clock.now();
    t.store.createBoard('quiet', 'Quiet');
    t.clock.advance(3_600_000);
    const res = await t.app.request('/b/quiet/feed.atom');
    expect(res.status).toBe(200);
    const feedUpdated = /<feed[^]*?<updated>([^<]+)<\/updated>/.exec(await res.text())?.[1];
    expect(feedUpdated).toBe(new Date(created).toISOString());
  });
});
