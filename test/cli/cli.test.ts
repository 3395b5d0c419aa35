import { describe, expect, it } from 'vitest';
import { ensureAdminPassword, hashPassword, verifyPassword } from '../../src/moderation/auth.ts';
import { commands, type CliContext } from '../../src/cli.ts';
import { migrate, openDb } from '../../src/store/db.ts';
import { createStore } from '../../src/store/store.ts';
import { login, sessionCookie } from '../support/admin.ts';
import { makeTestApp, testConfig } from '../support/app.ts';

describe('password hashing', () => {
  it('scrypt hashes are salted, verify the right password only, and keep their parameters', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsE', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('first start', () => {
  it('generates a password once, stores only its hash, and it logs in', async () => {
    const db = openDb(':memory:');
    migrate(db);
    const store = createStore(db);
    const generated = await ensureAdminPassword(store, null);
    expect(generated).toMatch(/^[\w-]{20}$/);
    expect(await ensureAdminPassword(store, null)).toBeNull();
    expect(store.getSetting('admin_password')).toMatch(/^scrypt\$/);
    expect(JSON.stringify(db.prepare('SELECT * FROM settings').all())).not.toContain(generated);
    const t = makeTestApp({ db });
    expect((await login(t, generated!)).status).toBe(303);
  });

  it('does not generate one when ADMIN_PASSWORD is set', async () => {
    const db = openDb(':memory:');
    migrate(db);
    expect(await ensureAdminPassword(createStore(db), 'from-the-environment')).toBeNull();
  });
});

describe('npm run admin -- set-password', () => {
  const run = async (db: ReturnType<typeof openDb>, password: string) => {
    const lines: string[] = [];
    const ctx: CliContext = { config: testConfig(), db, store: createStore(db), readSecret: async () => password, print: (l) => lines.push(l) };
    return { code: await commands['set-password']!.run(ctx, []), lines };
  };

  it('sets the password, ends existing sessions, and is audited', async () => {
    const db = openDb(':memory:');
    migrate(db);
    await run(db, 'first-password-123');
    const t = makeTestApp({ db });
    const cookie = sessionCookie(await login(t, 'first-password-123'));
    expect((await t.app.request('/admin', { headers: { cookie } })).status).toBe(200);

    const { code, lines } = await run(db, 'second-password-456');
    expect(code).toBe(0);
    expect(lines.join('\n')).toContain('Every admin session was logged out');
    expect((await t.app.request('/admin', { headers: { cookie } })).status).toBe(303);
    expect((await login(t, 'first-password-123')).status).toBe(401);
    expect((await login(t, 'second-password-456')).status).toBe(303);
    expect(t.store.auditList({ action: 'set_password' })).toHaveLength(2);
  });

  it('refuses a short password and changes nothing', async () => {
    const db = openDb(':memory:');
    migrate(db);
    const { code, lines } = await run(db, 'short');
    expect(code).toBe(1);
    expect(lines[0]).toContain('at least 10 characters');
    expect(createStore(db).getSetting('admin_password')).toBeUndefined();
  });
});
