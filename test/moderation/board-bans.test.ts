/** A ban on one board only (migration 009): from the admin's message row, the Bans page, and the API. */
import { describe, expect, it } from 'vitest';
import { dictionary } from '../../src/i18n/i18n.ts';
import { apiApp, call } from '../api/support.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

const IP = '198.51.100.44';

describe('bans on one board', () => {
  it('a moderator bans a poster on the message’s board only: they may still post on another board, the Bans page says where, and unbanning lifts that ban', async () => {
    const t = makeAdminApp();
    t.store.createBoard('club', 'Il club');
    expect((await t.post({ body: 'rude words' }, { ip: IP })).status).toBe(200);
    const m = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    const res = await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: '24h', [`scope-${m.id}`]: 'board', [`reason-${m.id}`]: 'rude' });
    expect(res.status).toBe(303);
    // Refused on main, with the reason; welcome on club.
    const refused = await t.post({ body: 'again' }, { ip: IP });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('rude');
    expect((await t.post({ body: 'hello club' }, { ip: IP, board: 'club' })).status).toBe(200);
    expect(t.store.auditList({ action: 'ban' })[0]!.details).toBe('24h on main only: rude');

    const page = await (await a.get('/admin/bans')).text();
    expect(page).toContain('<td data-label="Where"><code>main</code></td>');
    expect(page).toContain('<input type="hidden" name="board" value="main"/>');
    const poster = m.poster;
    expect((await a.post(`/admin/bans/${poster}/unban`, { board: 'main' })).status).toBe(303);
    expect((await t.post({ body: 'sorry' }, { ip: IP })).status).toBe(200);
    expect(t.store.auditList({ action: 'unban' })[0]).toMatchObject({ board: 'main' });
  });

  it('every board stays the default, and an unknown scope is a 422, not a ban', async () => {
    const t = makeAdminApp();
    t.store.createBoard('club', 'Il club');
    await t.post({ body: 'x' }, { ip: IP });
    const m = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    expect((await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: '1h', [`scope-${m.id}`]: 'galaxy' })).status).toBe(422);
    expect(t.store.bans()).toEqual([]);
    // No scope field (a page opened before this release): every board.
    expect((await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: '1h' })).status).toBe(303);
    expect((await t.post({ body: 'club?' }, { ip: IP, board: 'club' })).status).toBe(403);
    expect(await (await a.get('/admin/bans')).text()).toContain(`<td data-label="Where">${dictionary('en').admin_ban_every_board}</td>`);
  });

  it('through the API: scope "board" bans on the message’s board only; a bad scope is a 422', async () => {
    const { t, tokens, visitor } = await apiApp();
    t.store.createBoard('club', 'Il club');
    const bad = await call(t, `/api/v1/messages/${visitor.id}/ban`, { token: tokens.moderate, body: { duration: '1h', scope: 'everywhere' } });
    expect(bad.status).toBe(422);
    const inherited = await call(t, `/api/v1/messages/${visitor.id}/ban`, { token: tokens.moderate, body: { duration: 'constructor' } });
    expect(inherited.status).toBe(422);
    expect(t.store.bans()).toEqual([]);
    const ban = await call(t, `/api/v1/messages/${visitor.id}/ban`, { token: tokens.moderate, body: { duration: '1h', scope: 'board' } });
    expect(await ban.json()).toMatchObject({ ban: { board: 'main', scope: 'board', duration: '1h' } });
    expect(t.store.activeBan(visitor.poster, 'main')).toMatchObject({ board: 'main' });
    expect(t.store.activeBan(visitor.poster, 'club')).toBeUndefined();
  });
});
