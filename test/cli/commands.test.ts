/**
 * Every operator command, run through the real CLI entry (main) on a copy of a real database:
 * one made by the app from visitors' posts, a moderator's ban and a second board.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

let source: string; // DATA_DIR of the original; each test works on its own copy
let posterKey: string;

beforeAll(async () => {
  source = tempDir('holler-cli-src-');
  const t = makeTestApp({ dbFile: path.join(source, 'holler.db'), env: { RATE_BURST: '100', RATE_INTERVAL: '0' } });
  t.store.createBoard('club', 'Il club');
  for (const [i, body] of ['Ciao a tutti', 'Bonjour, "ami"', 'Hello, world'].entries()) {
    expect((await t.post({ name: `Ann ${i}`, body }, { ip: `198.51.100.${i + 1}` })).status).toBe(200);
  }
  posterKey = t.store.latest('main')[0]!.poster;
  t.db.close();
});

/** A fresh copy of the real database, and the CLI run against it. */
function copy() {
  const dataDir = tempDir('holler-cli-');
  fs.copyFileSync(path.join(source, 'holler.db'), path.join(dataDir, 'holler.db'));
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await main(argv, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, (l) => lines.push(l));
    return { code, out: lines.join('\n') };
  };
  const query = <T>(sql: string) => {
    const db = new Database(path.join(dataDir, 'holler.db'), { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  return { dataDir, run, query };
}

describe('npm run admin', () => {
  it('--help lists every command and exits 0; --version prints the version', async () => {
    const { run } = copy();
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const c of ['set-password', 'rotate-secret', 'config', 'check', 'boards', 'bans', 'backup', 'restore', 'export', 'import']) expect(help.out).toContain(`  ${c}`);
    expect(await run('--version')).toEqual({ code: 0, out: expect.stringMatching(/^holler \d+\.\d+\.\d+$/) });
    expect((await run('no-such-command')).code).toBe(2);
    expect((await run('boards', '--bogus')).code).toBe(2);
  });

  it('boards: list, create, close and reopen', async () => {
    const { run, query } = copy();
    expect((await run('boards')).out).toMatch(/^club\s+open\s+Il club\nmain\s+open\s+Shoutbox$/);
    expect((await run('boards', 'create', 'news', '--title', 'News desk')).code).toBe(0);
    expect((await run('boards', 'create', 'news')).code).toBe(1);
    expect((await run('boards', 'create', 'Bad Slug')).code).toBe(2);
    expect((await run('boards', 'close', 'news')).code).toBe(0);
    expect(query<{ closed: number }>(`SELECT closed FROM boards WHERE slug = 'news'`)).toEqual([{ closed: 1 }]);
    expect((await run('boards', 'open', 'news')).code).toBe(0);
    expect(query<{ closed: number }>(`SELECT closed FROM boards WHERE slug = 'news'`)).toEqual([{ closed: 0 }]);
    expect(query<{ action: string }>(`SELECT action FROM audit ORDER BY seq`).map((a) => a.action)).toEqual(['board_create', 'board_update', 'board_update']);
  });

  it('bans: add by the tag the moderation pages show, list, lift', async () => {
    const { run } = copy();
    expect((await run('bans')).out).toBe('No bans in force.');
    // The tag as /admin shows it, with its "#" (a tag may start with "-", which would read as an option).
    const added = await run('bans', 'add', `#${posterKey.slice(0, 8)}`, '--hours', '2', '--reason', 'spam');
    expect(added).toEqual({ code: 0, out: `Poster ${posterKey.slice(0, 8)} is banned for 2 hours on every board.` });
    expect((await run('bans', 'list')).out).toContain(`${posterKey}  every board  since `);
    expect((await run('bans', 'add', 'zzzzzzzz')).code).toBe(1);
    expect((await run('bans', 'add', '#-zzzzzzz')).code).toBe(1); // a tag, not an option: no such poster
    expect((await run('bans', 'lift', `#${posterKey.slice(0, 8)}`)).code).toBe(0);
    expect((await run('bans')).out).toBe('No bans in force.');
    // On one board only: listed with it, lifted with it, and an unknown board is a usage error.
    const club = await run('bans', 'add', `#${posterKey.slice(0, 8)}`, '--board', 'club', '--hours', '0');
    expect(club).toEqual({ code: 0, out: `Poster ${posterKey.slice(0, 8)} is banned for good on club.` });
    expect((await run('bans', 'list')).out).toContain(`${posterKey}  club  since `);
    expect((await run('bans', 'lift', `#${posterKey.slice(0, 8)}`)).code).toBe(1); // no every-board ban to lift
    expect((await run('bans', 'lift', `#${posterKey.slice(0, 8)}`, '--board', 'club')).code).toBe(0);
    expect((await run('bans', 'add', `#${posterKey.slice(0, 8)}`, '--board', 'nope')).code).not.toBe(0);
    expect((await run('bans')).out).toBe('No bans in force.');
  });

  it('export and import: a whole instance moves to an empty one; importing twice adds nothing', async () => {
    const from = copy();
    const file = path.join(from.dataDir, 'export.json');
    expect((await from.run('export', '--out', file)).code).toBe(0);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(data).toMatchObject({ format: 'holler-export', version: 1 });
    expect(data.messages.map((m: { body: string }) => m.body)).toEqual(['Ciao a tutti', 'Bonjour, "ami"', 'Hello, world']);

    const to = copy();
    fs.rmSync(path.join(to.dataDir, 'holler.db'));
    expect(await to.run('import', file)).toEqual({ code: 0, out: 'Imported 3 messages, 1 board and 0 bans from ' + file + '.' });
    expect(to.query<{ id: string }>(`SELECT id FROM messages ORDER BY seq`).map((m) => m.id)).toEqual(data.messages.map((m: { id: string }) => m.id));
    expect((await to.run('import', file)).out).toContain('3 messages were already there');
    const one = await from.run('export', '--board', 'club');
    expect(JSON.parse(one.out).boards.map((b: { slug: string }) => b.slug)).toEqual(['club']);
  });

  it('import: a time,name,text CSV from another shoutbox into one board; a bad row imports nothing', async () => {
    const { dataDir, run, query } = copy();
    const csv = path.join(dataDir, 'old.csv');
    fs.writeFileSync(csv, 'time,name,text\n2024-05-01 10:00,Bea,"Ciao, mondo"\n1714554000,Carlo,"Multi\nline ""quoted"""\n');
    expect((await run('import', csv)).code).toBe(2); // --board is required
    expect((await run('import', csv, '--board', 'club')).code).toBe(0);
    expect(query(`SELECT author, body, created_at AS at FROM messages WHERE board = 'club' ORDER BY created_at`)).toEqual([
      { author: 'Carlo', body: 'Multi\nline "quoted"', at: 1714554000000 },
      { author: 'Bea', body: 'Ciao, mondo', at: Date.UTC(2024, 4, 1, 10) },
    ]);
    // One bad row refuses the whole file: the good row before it is not imported either.
    fs.writeFileSync(csv, 'time,name,text\n2024-05-02 10:00,Dario,fine\nyesterday,Bea,hi\n');
    const bad = await run('import', csv, '--board', 'club');
    expect(bad.code).toBe(1); // a data problem, not a usage mistake
    expect(query(`SELECT count(*) AS n FROM messages WHERE board = 'club'`)).toEqual([{ n: 2 }]);
  });

  it('backup --keep N keeps the newest N dated backups; restore puts one back', async () => {
    const { dataDir, run } = copy();
    const dir = path.join(dataDir, 'backups');
    fs.mkdirSync(dir);
    for (const stamp of ['20240101-000000', '20240102-000000', '20240103-000000']) fs.writeFileSync(path.join(dir, `holler-${stamp}.db`), 'old');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'not ours');
    const res = await run('backup', dir, '--keep', '2');
    expect(res.code).toBe(0);
    const left = fs.readdirSync(dir).sort();
    expect(left).toHaveLength(3);
    expect(left).toContain('holler-20240103-000000.db');
    expect(left).toContain('notes.txt');
    expect(left.filter((f) => /^holler-\d{8}-\d{6}\.db$/.test(f))).toHaveLength(2);
    const backup = fs.readdirSync(dir).find((f) => f.startsWith('holler-2') && !f.includes('20240103'))!;
    expect((await run('restore', path.join(dir, backup))).out).toContain('Restored 3 messages');
  });

  it('check says everything is right on a sound copy, and exits 1 naming the problem otherwise', async () => {
    const { dataDir, run } = copy();
    expect(await run('check')).toMatchObject({ code: 1, out: expect.stringContaining('PROBLEM  no moderator password') });
    const lines: string[] = [];
    const code = await main(['check'], { DATA_DIR: dataDir, ADMIN_PASSWORD: 'a-long-password', DISK_MIN_FREE_MB: '0' }, (l) => lines.push(l));
    expect(lines.join('\n')).toContain('ok       database integrity');
    expect(code).toBe(0);
  });

  it('config prints every option with secrets masked, including those read from *_FILE', async () => {
    const { dataDir } = copy();
    const secret = path.join(dataDir, 'pw');
    fs.writeFileSync(secret, 'from-a-secret-file\n');
    const lines: string[] = [];
    const hook = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX';
    expect(await main(['config'], { DATA_DIR: dataDir, ADMIN_PASSWORD_FILE: secret, PORT: '8080', NOTIFY_WEBHOOK_URL: hook, NOTIFY_WEBHOOK_FORMAT: 'slack' }, (l) => lines.push(l))).toBe(0);
    const out = lines.join('\n');
    expect(out).toContain('ADMIN_PASSWORD=********  (from ADMIN_PASSWORD_FILE)');
    // A Slack webhook URL lets whoever reads it post to the channel.
    expect(out).toContain('NOTIFY_WEBHOOK_URL=********  (set)');
    expect(out).not.toContain('hooks.slack.com');
    expect(out).toContain('PORT=8080  (set)');
    expect(out).toContain('HOST=127.0.0.1  (default)');
    expect(out).not.toContain('from-a-secret-file');
  });
});
