import { describe, expect, it } from 'vitest';
import { commands, type CliContext } from '../../src/cli.ts';
import { sessionHash } from '../../src/moderation/auth.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

describe('the audit log says who acted', () => {
  it('a moderator session by a short tag of its stored hash (never the cookie), the CLI as cli', async () => {
    const t = makeAdminApp();
    const m = t.store.addMessage({ board: 'main', author: '', body: 'to delete', poster: 'p' });
    const one = await asAdmin(t);
    const two = await asAdmin(t);
    expect((await one.post(`/admin/m/${m.id}/delete`)).status).toBe(303);
    expect((await two.post(`/admin/m/${m.id}/restore`)).status).toBe(303);
    expect((await two.post('/admin/boards', { slug: 'news', title: 'News' })).status).toBeLessThan(400);

    const tag = (cookie: string) => `session:${sessionHash(cookie.split('=')[1]!).slice(0, 8)}`;
    const byAction = (action: string) => t.store.auditList({ action }).map((e) => e.actor);
    expect(byAction('login')).toEqual([tag(two.cookie), tag(one.cookie)]);
    expect(byAction('delete')).toEqual([tag(one.cookie)]);
    expect(byAction('restore')).toEqual([tag(two.cookie)]);
    expect(byAction('board_create')).toEqual([tag(two.cookie)]);
    expect(tag(one.cookie)).not.toBe(tag(two.cookie));
    for (const e of t.store.auditList({})) expect(e.actor).not.toContain(one.cookie.split('=')[1]!.slice(0, 8));

    const ctx: CliContext = { config: t.config, db: t.db, store: t.store, readSecret: async () => 'a-new-password-123', print: () => {} };
    await commands['set-password']!.run(ctx, []);
    expect(byAction('set_password')).toEqual(['cli']);

    // The audit page shows it.
    const page = await (await asAdmin(t)).get('/admin/audit');
    expect(await page.text()).toContain('<th>Who</th>');
  });
});
