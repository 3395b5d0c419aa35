import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, startServer, type RunningServer } from '../support/browser.ts';

const PASSWORD = 'browser-test-password';

describeBrowser('moderation in a real browser', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ ADMIN_PASSWORD: PASSWORD });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const watch = (p: Page, errors: string[]) => {
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  };

  it('a moderator deletes a message; it disappears from an open visitor widget; undo brings it back', async () => {
    const errors: string[] = [];
    const visitor = await (await browser.newContext()).newPage();
    const mod = await (await browser.newContext()).newPage();
    watch(visitor, errors);
    watch(mod, errors);

    await visitor.goto(`${server.url}/b/main`);
    await visitor.fill('#h-body', 'This is abuse');
    await visitor.click('button[type=submit]');
    await visitor.fill('#h-body', 'This is fine');
    await visitor.click('button[type=submit]');
    const abuse = visitor.locator('#messages li', { hasText: 'This is abuse' });
    await abuse.waitFor({ timeout: 3000 });
    await visitor.locator('#messages li', { hasText: 'This is fine' }).waitFor({ timeout: 3000 });

    await mod.goto(`${server.url}/admin`);
    expect(new URL(mod.url()).pathname).toBe('/admin/login');
    await mod.fill('#a-password', PASSWORD);
    await mod.click('button[type=submit]');
    await mod.waitForURL(`${server.url}/admin`);
    const row = mod.locator('li.mod-row', { hasText: 'This is abuse' });
    await row.locator('button', { hasText: 'Delete' }).click();
    // The row is swapped in place (htmx), with an immediate Undo.
    const undo = mod.locator('li.mod-row', { hasText: 'This is abuse' }).locator('button', { hasText: 'Undo' });
    await undo.waitFor({ timeout: 3000 });
    expect(new URL(mod.url()).pathname).toBe('/admin');

    // POLL_INTERVAL is 1 s in browser tests: gone from the visitor's open widget within a few polls.
    await abuse.waitFor({ state: 'detached', timeout: 3000 });
    expect(await visitor.locator('#messages li', { hasText: 'This is fine' }).count()).toBe(1);

    await undo.click();
    await visitor.locator('#messages li', { hasText: 'This is abuse' }).waitFor({ timeout: 3000 });

    // New messages stream into the moderator's open list, and can be acted on at once.
    await visitor.fill('#h-body', 'Posted while the moderator watches');
    await visitor.click('button[type=submit]');
    const fresh = mod.locator('li.mod-row', { hasText: 'Posted while the moderator watches' });
    await fresh.waitFor({ timeout: 3000 });
    await fresh.locator('button', { hasText: 'Pin' }).click();
    await visitor.locator('#pinned li', { hasText: 'Posted while the moderator watches' }).waitFor({ timeout: 3000 });

    // Enter in a row's reason field with a message selected does not fire the bulk delete.
    await fresh.locator('input[type=checkbox]').check();
    await fresh.locator('summary').click();
    await fresh.locator('input[name^="reason-"]').fill('spam');
    await fresh.locator('input[name^="reason-"]').press('Enter');
    await mod.waitForTimeout(300); // a submission would have started navigating by now
    expect(new URL(mod.url()).search).toBe('');
    expect(server.store.modList({ q: 'moderator watches' })[0]!.status).toBe('visible');
    expect(errors).toEqual([]);
  });

  it('admin pages have no serious accessibility problems (axe-core)', async () => {
    // bypassCSP only so the test can inject axe; the pages themselves run under the real CSP.
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const check = async () => {
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      return result;
    };
    await page.goto(`${server.url}/admin/login`);
    expect(await check()).toEqual([]);
    await page.fill('#a-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${server.url}/admin`);
    for (const path of ['/admin', '/admin/boards', '/admin/boards/main', '/admin/bans', '/admin/audit', '/admin/export', '/admin/tokens']) {
      await page.goto(`${server.url}${path}`);
      expect(await check(), path).toEqual([]);
    }
    // A token made through the form (browser-side checks on), shown once in the answer.
    // The name's pattern is live in the browser (a pattern invalid under the `v` flag is ignored).
    for (const [name, bad] of [['Bad Name', true], ['-bot', true], ['browser-bot', false]] as const) {
      await page.fill('#t-name', name);
      expect([name, await page.$eval('#t-name', (el) => (el as HTMLInputElement).validity.patternMismatch)]).toEqual([name, bad]);
    }
    await page.check('input[name=scope][value=export]');
    await page.click('form[action="/admin/tokens"] button[type=submit]');
    await page.waitForSelector('#new-token');
    expect(await page.inputValue('#new-token')).toMatch(/^hlr_[\w-]{43}$/);
    expect(await check(), 'token created').toEqual([]);
  });
});
