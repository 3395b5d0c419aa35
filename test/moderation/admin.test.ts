import { describe, expect, it } from 'vitest';
import { asAdmin, login, makeAdminApp, ORIGIN, sessionCookie } from '../support/admin.ts';
import { makeTestApp } from '../support/app.ts';

describe('admin login', () => {
  it('sends an unauthenticated /admin to the login page, which is not frameable nor cached', async () => {
    const t = makeAdminApp();
    const res = await t.app.request('/admin');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login');
    const page = await t.app.request('/admin/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<input id="a-password" name="password" type="password"');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Sub-pages and actions too.
    for (const url of ['/admin/boards', '/admin/audit', '/admin/export/download?board=main&from=2026-01-01&to=2026-12-31&format=csv']) {
      expect((await t.app.request(url)).status).toBe(303);
    }
  });

  it('sets an HttpOnly, SameSite=Strict session cookie on a good password (no Secure over http)', async () => {
    const t = makeAdminApp();
    const res = await login(t);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^holler_admin=[\w-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const page = await t.app.request('/admin', { headers: { cookie: sessionCookie(res) } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    // Only a hash of the session id is stored.
    const id = sessionCookie(res).split('=')[1]!;
    const rows = t.db.prepare('SELECT id_hash FROM sessions').all() as Array<{ id_hash: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).not.toBe(id);
  });

  it('uses the __Host- prefix and Secure when PUBLIC_URL is https', async () => {
    const t = makeAdminApp({ PUBLIC_URL: 'https://chat.example.org' });
    const res = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://chat.example.org' },
      body: 'password=a-long-test-password',
    });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-holler_admin=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // Logging out clears that same cookie and ends the session on the server.
    const session = sessionCookie(res);
    const out = await t.app.request('/admin/logout', { method: 'POST', headers: { cookie: session, origin: 'https://chat.example.org' } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-holler_admin=;.*Max-Age=0/);
    expect((await t.app.request('/admin', { headers: { cookie: session } })).status).toBe(303);
  });

  it('throttles after 5 wrong passwords with 429 and the wait, per client; another client still logs in', async () => {
    const t = makeAdminApp();
    for (let i = 0; i < 4; i++) {
      const res = await login(t, 'wrong-password');
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('Wrong password');
    }
    const fifth = await login(t, 'wrong-password');
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe('60');
    expect(await fifth.text()).toContain('Too many attempts. Please try again in 60 seconds.');
    // Even the right password waits now, and the answer counts down with the clock.
    t.clock.advance(20_000);
    const sixth = await login(t);
    expect(sixth.status).toBe(429);
    expect(await sixth.text()).toContain('try again in 40 seconds');
    expect(sixth.headers.get('set-cookie')).toBeNull();
    expect((await login(t, undefined, '203.0.113.50')).status).toBe(303);
    t.clock.advance(40_000);
    expect((await login(t)).status).toBe(303);
  });

  it('throttles globally when many clients guess', async () => {
    const t = makeAdminApp();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(t, 'nope-nope-nope', `198.18.0.${i}`)).status);
    expect(statuses.slice(0, 19).every((s) => s === 401)).toBe(true);
    expect(statuses[19]).toBe(429);
    expect(statuses[20]).toBe(429);
  });

  it('logout revokes the session on the server; idle sessions expire', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect((await a.get('/admin')).status).toBe(200);
    expect((await a.post('/admin/logout')).status).toBe(303);
    expect((await a.get('/admin')).status).toBe(303);
    expect(t.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });

    const b = await asAdmin(t);
    t.clock.advance(2 * 60 * 60 * 1000 + 1);
    expect((await b.get('/admin')).status).toBe(303);
  });

  it('an open list polling in the background does not keep an idle session alive', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    for (let m = 0; m < 119; m++) {
      t.clock.advance(60_000);
      expect((await a.get('/admin/feed?after=0')).status).toBe(204);
    }
    t.clock.advance(60_000);
    expect((await a.get('/admin/feed?after=0')).status).toBe(303); // to the login page
  });

  it('expires a busy session after 12 hours anyway (absolute expiry)', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    for (let h = 0; h < 12; h++) {
      t.clock.advance(60 * 60 * 1000);
      expect((await a.get('/admin')).status).toBe(h < 11 ? 200 : 303);
    }
  });
});

describe('CSRF', () => {
  it('refuses an admin POST from a foreign Origin with 403 and changes nothing', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'keep me' });
    const id = t.store.latest('main')[0]!.id;
    const a = await asAdmin(t);
    const auditBefore = t.store.auditList({}).length;
    for (const [path, fields] of [
      [`/admin/m/${id}/delete`, {}],
      ['/admin/bulk', { action: 'delete', id }],
      [`/admin/m/${id}/ban`, { [`duration-${id}`]: 'forever' }],
      ['/admin/boards', { slug: 'evil', title: 'Evil' }],
      ['/admin/boards/main', { title: 'Pwned', maxLength: '280', slowMode: '0' }],
      ['/admin/logout', {}],
    ] as const) {
      const res = await a.post(path, fields, { origin: 'https://evil.example' });
      expect(res.status, path).toBe(403);
    }
    // Without Origin and without Sec-Fetch-Site: same-origin, also refused.
    expect((await a.post(`/admin/m/${id}/delete`, {}, { origin: null })).status).toBe(403);
    expect(t.store.getMessage(id)!.status).toBe('visible');
    expect(t.store.activeBan(t.store.getMessage(id)!.poster, 'main')).toBeUndefined();
    expect(t.store.getBoard('evil')).toBeUndefined();
    expect(t.store.getBoard('main')!.title).toBe('Shoutbox');
    expect(t.store.auditList({})).toHaveLength(auditBefore);
    expect((await a.get('/admin')).status).toBe(200); // the logout was refused too
    // The same POST from our own origin works.
    expect((await a.post(`/admin/m/${id}/delete`, {}, { origin: ORIGIN })).status).toBe(303);
  });

  it('refuses a cross-site login POST', async () => {
    const t = makeAdminApp();
    const res = await t.app.request('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'password=a-long-test-password',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('delete and undo', () => {
  it('removes the message from the widget and the poll for others, undo brings it back, both audited', async () => {
    const t = makeAdminApp();
    await t.post({ name: 'Troll', body: 'something nasty' }, { ip: '198.51.100.7' });
    await t.post({ name: 'Bea', body: 'hello all' }, { ip: '198.51.100.8' });
    const nasty = t.store.latest('main').find((m) => m.body === 'something nasty')!;
    const visitorRev = t.store.getBoard('main')!.rev;
    const a = await asAdmin(t);

    const del = await a.post(`/admin/m/${nasty.id}/delete`, {}, { htmx: true });
    expect(del.status).toBe(200);
    const row = await del.text();
    expect(row).toContain(`id="r-${nasty.id}"`);
    expect(row).toContain('Deleted.');
    expect(row).toContain(`hx-post="/admin/m/${nasty.id}/restore"`);
    expect(row).toContain('>Undo</button>');

    const widget = await (await t.app.request('/b/main')).text();
    expect(widget).not.toContain('something nasty');
    expect(widget).toContain('hello all');
    const poll = await t.app.request(`/b/main/feed?rev=${visitorRev}`);
    expect(poll.status).toBe(200);
    expect(await poll.text()).toContain(`<hx-partial hx-target="#m-${nasty.id}" hx-swap="delete"></hx-partial>`);

    const undo = await a.post(`/admin/m/${nasty.id}/restore`, {}, { htmx: true });
    expect(undo.status).toBe(200);
    expect(await undo.text()).toContain(`hx-post="/admin/m/${nasty.id}/delete"`);
    expect(await (await t.app.request('/b/main')).text()).toContain('something nasty');
    const back = await (await t.app.request(`/b/main/feed?rev=${visitorRev + 1}`)).text();
    expect(back).toContain(`id="m-${nasty.id}"`);

    const audit = t.store.auditList({ board: 'main' });
    expect(audit.map((e) => [e.action, e.message])).toEqual([
      ['restore', nasty.id],
      ['delete', nasty.id],
    ]);
    expect(audit[0]!.poster).toBe(nasty.poster.slice(0, 8));
    const page = await (await a.get('/admin/audit?action=delete')).text();
    expect(page).toContain(nasty.id);
    expect(page).toContain('<td data-label="Action">deleted</td>');
    expect(page).not.toContain('<td data-label="Action">restored</td>');
  });

  it('bulk-deletes and bulk-restores the selected messages', async () => {
    const t = makeAdminApp();
    for (const body of ['one', 'two', 'three']) await t.post({ body }, { ip: `198.51.100.${body.length}` });
    const [three, two] = t.store.latest('main');
    const a = await asAdmin(t);
    const res = await a.post('/admin/bulk', { action: 'delete', id: [three!.id, two!.id] });
    expect(res.status).toBe(303);
    const back = res.headers.get('location')!;
    expect(back).toBe(`/admin?done=2&undo=${three!.id},${two!.id}`);
    expect(t.store.latest('main').map((m) => m.body)).toEqual(['one']);
    // The page says what happened and offers an Undo that restores exactly those two.
    const page = await (await a.get(back)).text();
    expect(page).toContain('Done: 2 messages.');
    expect(page).toContain(`<input type="hidden" name="id" value="${three!.id}"/>`);
    expect(page).toContain('<button type="submit" class="primary">Undo</button>');
    await a.post('/admin/bulk', { action: 'restore', id: [three!.id, two!.id] });
    expect(t.store.latest('main')).toHaveLength(3);
    // Junk in the undo parameter is ignored, never echoed.
    expect(await (await a.get('/admin?done=1&undo=%3Cscript%3E,ok-id')).text()).not.toContain('<script>');
  });

  it('an unknown message or action is a clear 404, never a 500', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect((await a.post('/admin/m/nope/delete')).status).toBe(404);
    await t.post({ body: 'x' });
    expect((await a.post(`/admin/m/${t.store.latest('main')[0]!.id}/explode`)).status).toBe(404);
  });
});

describe('first start', () => {
  it('without ADMIN_PASSWORD nothing logs in until a password is set', async () => {
    const t = makeTestApp();
    expect((await login(t, '')).status).toBe(401);
  });
});
