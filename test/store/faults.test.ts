/**
 * Database faults (locked beyond the busy timeout, read-only, disk full): the visitor gets a 503
 * with a human message and the typed text kept, any other page a 503 page, and everything works
 * again as soon as the fault clears, with no restart. In-process, real SQLite faults, no sleeping.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { databaseUnavailable } from '../../src/store/faults.ts';
import { watchDiskSpace } from '../../src/http/health.ts';
import { createLogger } from '../../src/log.ts';
import { ADMIN_PASSWORD, asAdmin, makeAdminApp } from '../support/admin.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  while (cleanup.length) cleanup.pop()!();
});

/** The app on a temp file, with a busy timeout of 0 so "locked beyond the timeout" needs no wait. */
function setup() {
  const file = path.join(tempDir('holler-fault-'), 'holler.db');
  const t = makeTestApp({ dbFile: file, env: { RATE_BURST: '1000', RATE_INTERVAL: '0', ADMIN_PASSWORD } });
  t.db.pragma('busy_timeout = 0');
  const other = new Database(file, { timeout: 0 });
  cleanup.push(() => {
    other.close();
    t.db.close();
  });
  return { ...t, other };
}

const health = async (app: ReturnType<typeof setup>['app']) => {
  const res = await app.request('/healthz');
  return `${res.status} ${await res.text()}`;
};

describe('faults while posting', () => {
  const faults = [
    ['locked by another writer', 'busy', (t: ReturnType<typeof setup>) => t.other.exec('BEGIN IMMEDIATE'), (t: ReturnType<typeof setup>) => t.other.exec('ROLLBACK')],
    ['read-only', 'read-only', (t: ReturnType<typeof setup>) => t.db.pragma('query_only = ON'), (t: ReturnType<typeof setup>) => t.db.pragma('query_only = OFF')],
    [
      'disk full',
      'disk full',
      (t: ReturnType<typeof setup>) => t.db.pragma(`max_page_count = ${t.db.pragma('page_count', { simple: true })}`),
      (t: ReturnType<typeof setup>) => t.db.pragma('max_page_count = 1073741823'),
    ],
  ] as const;

  it.each(faults)('%s: 503, a human message, the text kept; then it recovers by itself', async (_name, reason, breakIt, fixIt) => {
    const t = setup();
    breakIt(t);
    // A full disk may still take a few rows into pages that have room: fill them first.
    let res: Response | undefined;
    for (let i = 0; i < 200; i++) {
      res = await t.post({ name: 'Ann', body: `Ciao a tutti ${i} ${'x'.repeat(200)}` }, { ip: `198.51.100.${i % 250}`, query: '?lang=it' });
      if (res.status !== 200) break;
    }
    expect(res!.status).toBe(503);
    expect(res!.headers.get('retry-after')).toBe('10');
    const html = await res!.text();
    expect(html).toContain('Al momento la shoutbox non riesce a salvare i messaggi. Il tuo messaggio non è stato inviato ed è ancora qui');
    expect(html).toMatch(/>Ciao a tutti \d+ x+<\/textarea>/);
    expect(html).toContain('value="Ann"');
    expect(html).not.toMatch(/SQLITE|database/i);
    expect(t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'post refused: database unavailable')).toMatchObject({ level: 'warn', reason });
    const before = t.store.latest('main').length;
    // Even a full disk: the probe must need new space, so a write that fits in WAL slack can't pass for health.
    expect(await health(t.app)).toMatch(new RegExp(`^503 database unavailable: ${reason}: `));

    fixIt(t);
    const again = await t.post({ name: 'Ann', body: 'Ciao, di nuovo' }, { query: '?lang=it' });
    expect(again.status).toBe(200);
    expect(t.store.latest('main').map((m) => m.body)).toContain('Ciao, di nuovo');
    expect(t.store.latest('main', 1000)).toHaveLength(before + 1);
    expect(await health(t.app)).toBe('200 ok');
  });

  it('without JavaScript the refusal is the full widget page with the form filled in', async () => {
    const t = setup();
    t.other.exec('BEGIN IMMEDIATE');
    const res = await t.post({ name: 'Zoé', body: 'Bonjour' }, { htmx: false, query: '?lang=fr' });
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('La shoutbox ne peut pas enregistrer de messages pour le moment.');
    expect(html).toContain('>Bonjour</textarea>');
    t.other.exec('ROLLBACK');
  });

  it('health recovers without any visitor traffic once the fault clears', async () => {
    const t = setup();
    t.db.pragma('query_only = ON');
    expect((await t.post({ body: 'hi' })).status).toBe(503);
    expect(await health(t.app)).toMatch(/^503 database unavailable: read-only: /);
    t.db.pragma('query_only = OFF');
    expect(await health(t.app)).toBe('200 ok');
  });
});

describe('faults on any other page', () => {
  it('a read that fails with an I/O error: 503 page in the visitor language, polls keep their place', async () => {
    const t = setup();
    // Disk read errors can't be provoked on demand; the store throws what SQLite would throw.
    const spy = vi.spyOn(t.store, 'latest').mockImplementation(() => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_READ');
    });
    const page = await t.app.request('/b/main?lang=fr');
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('10');
    const html = await page.text();
    expect(html).toContain('Momentanément indisponible');
    expect(html).toContain('La shoutbox n’arrive pas à accéder à son stockage pour le moment.');
    expect(html).not.toMatch(/SQLITE|I\/O/);
    // A poll that needs the database answers 503 but tells htmx not to swap it over the poller.
    const poll = await t.app.request('/b/main/feed?rev=x', { headers: { 'hx-request': 'true' } });
    expect(poll.status).toBe(503);
    expect(poll.headers.get('hx-reswap')).toBe('none');
    // The logs say what happened, with the request id.
    const entry = t.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'database unavailable');
    expect(entry).toMatchObject({ level: 'warn', reason: 'i/o error', id: page.headers.get('x-request-id'), path: '/b/main' });

    spy.mockRestore();
    expect((await t.app.request('/b/main')).status).toBe(200);
  });
});

describe('databaseUnavailable', () => {
  const sqlite = (code: string) => new Database.SqliteError('x', code);
  it.each([
    ['SQLITE_BUSY', 'busy'], ['SQLITE_BUSY_SNAPSHOT', 'busy'], ['SQLITE_LOCKED', 'busy'], ['SQLITE_READONLY', 'read-only'],
    ['SQLITE_READONLY_DBMOVED', 'read-only'], ['SQLITE_FULL', 'disk full'], ['SQLITE_IOERR_WRITE', 'i/o error'],
    ['SQLITE_CANTOPEN', 'cannot open'], ['SQLITE_CONSTRAINT_UNIQUE', null], ['SQLITE_ERROR', null], ['SQLITE_CORRUPT', null],
  ])('%s → %s', (code, reason) => expect(databaseUnavailable(sqlite(code))).toBe(reason));

  it('a closed connection is unavailable; ordinary errors are not', () => {
    const db = new Database(':memory:');
    db.close();
    let closed: unknown;
    try {
      db.prepare('SELECT 1');
    } catch (err) {
      closed = err;
    }
    expect(databaseUnavailable(closed)).toBe('cannot open');
    expect(databaseUnavailable(new Error('boom'))).toBeNull();
    expect(databaseUnavailable(null)).toBeNull();
  });
});

describe('faults on the moderation pages', () => {
  it('a row action answers 503 in the row, keeps the message as it was, and works once the fault clears', async () => {
    const t = makeAdminApp();
    const admin = await asAdmin(t);
    expect((await t.post({ body: 'abuse' })).status).toBe(200);
    const m = t.store.latest('main')[0]!;
    t.db.pragma('query_only = ON');
    const res = await admin.post(`/admin/m/${m.id}/delete`, {}, { htmx: true });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    const html = await res.text();
    expect(html).toContain(`<li id="r-${m.id}" class="mod-row status-visible"`);
    expect(html).toContain('The shoutbox cannot reach its storage right now. Nothing was changed');
    expect(t.store.getMessage(m.id)?.status).toBe('visible');
    t.db.pragma('query_only = OFF');
    expect((await admin.post(`/admin/m/${m.id}/delete`, {}, { htmx: true })).status).toBe(200);
    expect(t.store.getMessage(m.id)?.status).toBe('deleted');
  });

  it('the moderation page itself answers a 503 page when the database cannot be read', async () => {
    const t = makeAdminApp();
    const admin = await asAdmin(t);
    const spy = vi.spyOn(t.store, 'heldCount').mockImplementation(() => {
      throw new Database.SqliteError('database is locked', 'SQLITE_BUSY');
    });
    const res = await admin.get('/admin?lang=it');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('Al momento la shoutbox non riesce a usare il suo archivio.');
    spy.mockRestore();
    expect((await admin.get('/admin')).status).toBe(200);
  });
});

describe('while writes fail, health and the moderator are told', () => {
  it('the moderation pages show a banner until a write succeeds again', async () => {
    const t = setup();
    const admin = await asAdmin(t);
    t.clock.advance(10 * 60 * 1000); // the next page view would refresh the session: a write
    t.db.pragma('query_only = ON');
    expect((await t.post({ body: 'hi' })).status).toBe(503);
    const page = await admin.get('/admin?lang=it');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/<p class="write-fault" role="alert">Holler non riesce a salvare nulla in questo momento \(read-only: /);
    t.db.pragma('query_only = OFF');
    expect((await t.post({ body: 'hi again' })).status).toBe(200);
    expect(await (await admin.get('/admin')).text()).not.toContain('write-fault');
  });

  it('/healthz names low free space while writes still work; the log warns once per crossing', async () => {
    const t = makeTestApp({ dbFile: path.join(tempDir('holler-space-'), 'holler.db'), env: { DISK_MIN_FREE_MB: '1000000' } });
    cleanup.push(() => t.db.close());
    expect(await health(t.app)).toMatch(/^200 ok \(low disk space: [\d.]+ MiB free in DATA_DIR\)$/);
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    const stop = watchDiskSpace({ store: t.store, log, minFreeBytes: t.config.diskMinFreeBytes, intervalMs: 3_600_000 });
    stop();
    expect(lines.map((l) => JSON.parse(l))).toMatchObject([{ level: 'warn', msg: 'low disk space in DATA_DIR' }]);
  });
});
