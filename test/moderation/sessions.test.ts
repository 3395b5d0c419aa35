import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureAdminPassword, hashPassword, PASSWORD_SETTING, setAdminPassword } from '../../src/moderation/auth.ts';
import { login, sessionCookie } from '../support/admin.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

const A = 'first-admin-password';
const B = 'second-admin-password';

/** Starts Holler the way server.ts does (ensureAdminPassword before serving) on a database file. */
async function start(dbFile: string, adminPassword?: string) {
  const t = makeTestApp({ dbFile, env: adminPassword ? { ADMIN_PASSWORD: adminPassword } : {} });
  await ensureAdminPassword(t.store, adminPassword ?? null);
  const page = (cookie: string) => t.app.request('/admin', { headers: { cookie } });
  return { ...t, page };
}

describe('sessions are bound to the password', () => {
  it('a new ADMIN_PASSWORD at restart ends every session; the same one keeps them', async () => {
    const file = path.join(tempDir(), 'holler.db');
    const first = await start(file, A);
    const cookie = sessionCookie(await login(first, A));
    expect((await first.page(cookie)).status).toBe(200);
    first.db.close();

    const same = await start(file, A);
    expect((await same.page(cookie)).status).toBe(200);
    same.db.close();

    const changed = await start(file, B);
    expect((await changed.page(cookie)).status).toBe(303);
    expect((await changed.page(sessionCookie(await login(changed, B)))).status).toBe(200);
    changed.db.close();
  });

  it('removing ADMIN_PASSWORD (back to the stored hash) ends the sessions opened with it', async () => {
    const file = path.join(tempDir(), 'holler.db');
    const first = await start(file, A);
    const cookie = sessionCookie(await login(first, A));
    first.db.close();
    const stored = await start(file);
    expect((await stored.page(cookie)).status).toBe(303);
    stored.db.close();
  });

  it('a stored password changed behind the app\'s back (another process, no session cleanup) ends them', async () => {
    const t = makeTestApp();
    await setAdminPassword(t.store, A);
    const cookie = sessionCookie(await login(t, A));
    expect((await t.app.request('/admin', { headers: { cookie } })).status).toBe(200);
    t.store.putSetting(PASSWORD_SETTING, await hashPassword(B));
    expect((await t.app.request('/admin', { headers: { cookie } })).status).toBe(303);
  });
});
