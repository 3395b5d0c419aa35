/** Tokens: made and revoked in the admin, stored as hashes only, scoped; the token routes act like the admin. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TOKEN_BURST } from '../../src/api/auth.ts';
import { dictionary, t as translate } from '../../src/i18n/i18n.ts';
import { asAdmin } from '../support/admin.ts';
import { apiApp, call } from './support.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('API tokens in the admin', () => {
  it('are made on /admin/tokens, shown once, stored only as a SHA-256 hash, and revoked at once', async () => {
    const { t, visitor } = await apiApp();
    const admin = await asAdmin(t);
    expect(await (await admin.get('/admin')).text()).toContain('<a href="/admin/tokens">');
    const made = await admin.post('/admin/tokens', { name: 'Stream-Bot', scope: ['moderate', 'post'] });
    expect(made.status).toBe(201);
    expect(made.headers.get('cache-control')).toBe('no-store');
    const token = /id="new-token"[^>]* value="(hlr_[\w-]{43})"/.exec(await made.text())?.[1];
    expect(token).toBeDefined();
    // Shown once: the list never shows it again.
    const list = await (await admin.get('/admin/tokens')).text();
    expect(list).toContain('stream-bot');
    expect(list).not.toContain(token);
    // Only the hash is stored: no column of any row of any table holds the token.
    const rows = t.db.prepare('SELECT * FROM api_tokens WHERE name = ?').all('stream-bot') as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).toBe(sha256(token!));
    expect(rows[0]!.scopes).toBe('moderate,post');
    const tables = (t.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name);
    for (const table of tables) expect(JSON.stringify(t.db.prepare(`SELECT * FROM "${table}"`).all()), table).not.toContain(token!.slice(4));

    expect((await call(t, `/api/v1/messages/${visitor.id}/pin`, { method: 'POST', token })).status).toBe(200);
    const id = rows[0]!.id as number;
    expect((await admin.post(`/admin/tokens/${id}/revoke`)).status).toBe(303);
    const refused = await call(t, `/api/v1/messages/${visitor.id}/unpin`, { method: 'POST', token, lang: 'it' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await refused.json()).toEqual({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'token_invalid', detail: dictionary('it').api_token_invalid });
    expect(t.store.auditList({}).map((e) => [e.action, e.actor, e.details]).slice(0, 3)).toEqual([
      ['token_revoke', expect.stringMatching(/^session:/), 'stream-bot'],
      ['pin', 'token:stream-bot', ''],
      ['token_create', expect.stringMatching(/^session:/), 'stream-bot: moderate, post'],
    ]);
  });

  it('refuses a bad name, no scope, or a name already used (even by a revoked token)', async () => {
    const { t } = await apiApp();
    const admin = await asAdmin(t);
    for (const [fields, key] of [
      [{ name: 'has space', scope: 'post' }, 'tokens_bad_name'], [{ name: 'ok', scope: 'root' }, 'tokens_no_scope'], [{ name: 'poster', scope: 'post' }, 'tokens_name_taken'],
    ] as const) {
      const res = await admin.post('/admin/tokens', fields);
      expect(res.status).toBe(422);
      expect(await res.text()).toContain(dictionary('en')[key]);
    }
  });
});

describe('token routes', () => {
  it('enforce scopes: each token does only what its scopes allow', async () => {
    const { t, tokens, visitor } = await apiApp();
    const tries = {
      post: () => call(t, '/api/v1/boards/main/messages', { token: tk, body: { body: 'scoped' } }),
      moderate: () => call(t, `/api/v1/messages/${visitor.id}/pin`, { token: tk, method: 'POST' }),
      export: () => call(t, '/api/v1/boards/main/export', { token: tk }),
    };
    let tk = '';
    for (const scope of ['post', 'moderate', 'export'] as const) {
      for (const [other, attempt] of Object.entries(tries)) {
        tk = tokens[scope];
        const res = await attempt();
        expect([scope, other, res.status]).toEqual([scope, other, other === scope ? (scope === 'post' ? 201 : 200) : 403]);
        if (other !== scope) expect(await res.json()).toMatchObject({ status: 403, code: 'token_scope', detail: translate('en')('api_token_scope', { scope: other }) });
      }
    }
    for (const authorization of ['', 'Bearer', 'Basic abc', `Bearer ${tokens.all}x`, `Bearer ${tokens.all} extra`]) {
      const res = await t.app.request('/api/v1/boards/main/export', { headers: { authorization } });
      expect([authorization, res.status]).toEqual([authorization, 401]);
    }
  });

  it('post as staff through the text rules, bump the board rev, and audit as token:<name>', async () => {
    const { t, tokens } = await apiApp();
    const rev = t.store.getBoard('main')!.rev;
    const res = await call(t, '/api/v1/boards/main/messages', { token: tokens.post, body: { body: '  Hello   from the team  ', name: 'Moderator' } });
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: Record<string, unknown> };
    expect(message).toMatchObject({ body: 'Hello   from the team', author: 'Moderator', staff: true, status: 'visible' });
    expect(t.store.changesSince('main', rev)!.changed.map((m) => m.id)).toEqual([message.id]);
    expect(t.store.auditList({})[0]).toMatchObject({ action: 'staff_post', actor: 'token:poster', message: message.id });
    const long = 'x'.repeat(t.store.getBoard('main')!.maxLength + 1);
    const refused = await call(t, '/api/v1/boards/main/messages', { token: tokens.post, body: { body: long }, lang: 'fr' });
    expect(refused.status).toBe(422);
    const expected = translate('fr')('err_too_long', { count: long.length, max: long.length - 1 });
    expect(await refused.json()).toMatchObject({ status: 422, code: 'too_long', detail: expected });
    for (const body of [{ body: 3 }, { body: 'x', name: ['a'] }, 'null', '[1]', '']) {
      expect((await call(t, '/api/v1/boards/main/messages', { token: tokens.post, body })).status).toBe(400);
    }
  });

  it('moderate like the admin: the widget loses a deleted message, gets it back, and the poster is banned', async () => {
    const { t, tokens, visitor } = await apiApp();
    const del = await call(t, `/api/v1/messages/${visitor.id}/delete`, { token: tokens.moderate, method: 'POST' });
    expect(await del.json()).toMatchObject({ message: { id: visitor.id, status: 'deleted' } });
    const widget = async () => (await (await t.app.request('/b/main')).text()).includes('hello from a visitor');
    expect(await widget()).toBe(false);
    await call(t, `/api/v1/messages/${visitor.id}/restore`, { token: tokens.moderate, method: 'POST' });
    expect(await widget()).toBe(true);
    const ban = await call(t, `/api/v1/messages/${visitor.id}/ban`, { token: tokens.moderate, body: { duration: 'forever', reason: 'spam' } });
    expect(await ban.json()).toEqual({ ban: { board: 'main', message: visitor.id, duration: 'forever', scope: 'all', expiresAt: null } });
    const again = await t.post({ body: 'me again' }, { ip: '198.51.100.7' });
    expect(again.status).toBe(403);
    expect(t.store.auditList({}).slice(0, 3).map((e) => [e.action, e.actor])).toEqual([['ban', 'token:mod-bot'], ['restore', 'token:mod-bot'], ['delete', 'token:mod-bot']]);
  });

  it('export a board as the admin’s JSON transcript, audited', async () => {
    const { t, tokens } = await apiApp();
    const res = await call(t, '/api/v1/boards/main/export?from=2026-11-22&to=2026-11-22', { token: tokens.export });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ board: 'main', from: '2026-11-22T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z', messages: [{ author: 'Ada', text: 'hello from a visitor', staff: false }] });
    expect(t.store.auditList({})[0]).toMatchObject({ action: 'export', actor: 'token:archiver', board: 'main', details: 'json 2026-11-22..2026-11-22, 1 messages' });
    expect((await call(t, '/api/v1/boards/main/export?from=2026-11-23&to=2026-11-22', { token: tokens.export })).status).toBe(400);
  });
});

describe('token use', () => {
  it('the admin sees when each token was last used, written at most once a minute', async () => {
    const { t, tokens } = await apiApp();
    const admin = await asAdmin(t);
    const row = (name: string) => t.store.listTokens().find((k) => k.name === name)!;
    expect(row('archiver').lastUsedAt).toBeNull();
    expect(await (await admin.get('/admin/tokens')).text()).toContain(dictionary('en').tokens_never_used);
    const first = t.clock.now();
    await call(t, '/api/v1/boards/main/export', { token: tokens.export });
    expect(row('archiver').lastUsedAt).toBe(first);
    // Within the minute: no new write. After it: the new time.
    t.clock.advance(30_000);
    await call(t, '/api/v1/boards/main/export', { token: tokens.export });
    expect(row('archiver').lastUsedAt).toBe(first);
    t.clock.advance(31_000);
    await call(t, '/api/v1/boards/main/export', { token: tokens.export });
    expect(row('archiver').lastUsedAt).toBe(first + 61_000);
    // A call refused for its scope still counts as a use of the token; other tokens are untouched.
    await call(t, '/api/v1/boards/main/export', { token: tokens.post });
    expect(row('poster').lastUsedAt).toBe(first + 61_000);
    expect(row('mod-bot').lastUsedAt).toBeNull();
    const page = await (await admin.get('/admin/tokens')).text();
    expect(page).toContain(String(dictionary('en').tokens_used).split('{time}')[0]);
  });

  it('each token has its own rate limit: a burst, then one call a second; 429 says how long to wait, in the caller’s language', async () => {
    const { t, tokens, visitor } = await apiApp();
    for (let i = 0; i < TOKEN_BURST; i++) {
      expect((await call(t, `/api/v1/messages/${visitor.id}/${i % 2 ? 'unpin' : 'pin'}`, { token: tokens.moderate, method: 'POST' })).status).toBe(200);
    }
    const refused = await call(t, `/api/v1/messages/${visitor.id}/pin`, { token: tokens.moderate, method: 'POST', lang: 'fr' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ type: 'about:blank', title: 'Too Many Requests', status: 429, code: 'token_rate', detail: translate('fr')('api_token_rate', { seconds: 1 }) });
    // Nothing was done: the last audit entry is the 30th call's.
    expect(t.store.auditList({}).filter((e) => e.actor === 'token:mod-bot')).toHaveLength(TOKEN_BURST);
    // Another token is not held back, and a second later this one may call again.
    expect((await call(t, `/api/v1/messages/${visitor.id}/pin`, { token: tokens.all, method: 'POST' })).status).toBe(200);
    t.clock.advance(1000);
    expect((await call(t, `/api/v1/messages/${visitor.id}/unpin`, { token: tokens.moderate, method: 'POST' })).status).toBe(200);
    expect((await call(t, `/api/v1/messages/${visitor.id}/pin`, { token: tokens.moderate, method: 'POST' })).status).toBe(429);
  });
});
