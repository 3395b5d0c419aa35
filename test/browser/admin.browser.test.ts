import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, serverAndBrowser } from '../support/browser.ts';

const PASSWORD = 'browser-test-password';

describeBrowser('moderation in a real browser', () => {
  const t = serverAndBrowser({ ADMIN_PASSWORD: PASSWORD });

  const watch = (p: Page, errors: string[]) => {
    p.on('pageerror', (e) => errors.push(String(e)));
    p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  };

  it('a moderator deletes a message; it disappears from an open visitor widget; undo brings it back', async () => {
    const errors: string[] = [];
    const visitor = await (await t.browser.newContext()).newPage();
    const mod = await (await t.browser.newContext()).newPage();
    watch(visitor, errors);
    watch(mod, errors);

    await visitor.goto(`${t.server.url}/b/main`);
    await visitor.fill('#h-body', 'This is abuse');
    await visitor.click('button[type=submit]');
    await visitor.fill('#h-body', 'This is fine');
    await visitor.click('button[type=submit]');
    const abuse = visitor.locator('#messages li', { hasText: 'This is abuse' });
    await abuse.waitFor({ timeout: 15_000 });
    await visitor.locator('#messages li', { hasText: 'This is fine' }).waitFor({ timeout: 15_000 });

    await mod.goto(`${t.server.url}/admin`);
    expect(new URL(mod.url()).pathname).toBe('/admin/login');
    await mod.fill('#a-password', PASSWORD);
    await mod.click('button[type=submit]');
    await mod.waitForURL(`${t.server.url}/admin`);
    const row = mod.locator('li.mod-row', { hasText: 'This is abuse' });
    await row.locator('button', { hasText: 'Delete' }).click();
    // The row is swapped in place (htmx), with an immediate Undo.
    const undo = mod.locator('li.mod-row', { hasText: 'This is abuse' }).locator('button', { hasText: 'Undo' });
    await undo.waitFor({ timeout: 15_000 });
    expect(new URL(mod.url()).pathname).toBe('/admin');

    // POLL_INTERVAL is 1 s in browser tests: gone from the visitor's open widget at a poll (the
    // generous waits here are for a loaded machine, not a speed goal).
    await abuse.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await visitor.locator('#messages li', { hasText: 'This is fine' }).count()).toBe(1);

    await undo.click();
    await visitor.locator('#messages li', { hasText: 'This is abuse' }).waitFor({ timeout: 15_000 });

    // New messages stream into the moderator's open list, and can be acted on at once.
    await visitor.fill('#h-body', 'Posted while the moderator watches');
    await visitor.click('button[type=submit]');
    const fresh = mod.locator('li.mod-row', { hasText: 'Posted while the moderator watches' });
    await fresh.waitFor({ timeout: 15_000 });
    await fresh.locator('button', { hasText: 'Pin' }).click();
    await visitor.locator('#pinned li', { hasText: 'Posted while the moderator watches' }).waitFor({ timeout: 15_000 });

    // Enter in a row's reason field with a message selected does not fire the bulk delete.
    await fresh.locator('input[type=checkbox]').check();
    await fresh.locator('summary').click();
    await fresh.locator('input[name^="reason-"]').fill('spam');
    // Implicit submission fires `submit` within the key press itself: counted in the page, no
    // fixed sleep to guess when a navigation would have started.
    await mod.evaluate(() => document.addEventListener('submit', () => ((window as unknown as { submits: number }).submits = ((window as unknown as { submits?: number }).submits ?? 0) + 1), true));
    await fresh.locator('input[name^="reason-"]').press('Enter');
    expect(await mod.evaluate(() => (window as unknown as { submits?: number }).submits ?? 0)).toBe(0);
    expect(new URL(mod.url()).search).toBe('');
    expect(t.server.store.modList({ q: 'moderator watches' })[0]!.status).toBe('visible');
    expect(errors).toEqual([]);
  });

  it('admin pages have no serious accessibility problems (axe-core)', async () => {
    // bypassCSP only so the test can inject axe; the pages themselves run under the real CSP.
    const page = await (await t.browser.newContext({ bypassCSP: true })).newPage();
    const axe = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
    const check = async () => {
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(async () => {
        const r = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string; impact: string }> }> } }).axe.run();
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
      });
      return result;
    };
    await page.goto(`${t.server.url}/admin/login`);
    expect(await check()).toEqual([]);
    await page.fill('#a-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.server.url}/admin`);
    for (const path of ['/admin', '/admin/boards', '/admin/boards/main', '/admin/boards/main?created=1', '/admin/bans', '/admin/audit', '/admin/export', '/admin/tokens']) {
      await page.goto(`${t.server.url}${path}`);
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

  /** A moderator's page at this width, logged in. */
  const moderatorAt = async (width: number) => {
    const page = await (await t.browser.newContext({ viewport: { width, height: 800 } })).newPage();
    await page.goto(`${t.server.url}/admin/login`);
    await page.fill('#a-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.server.url}/admin`);
    return page;
  };
  type Box = { x: number; y: number; width: number; height: number };
  const box = async (p: Page, selector: string): Promise<Box> => (await p.locator(selector).first().boundingBox())!;
  const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
  const overflows = (p: Page) => p.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

  it('the board address pattern compiles with the v flag, and the browser itself refuses a bad address', async () => {
    const page = await moderatorAt(1000);
    await page.goto(`${t.server.url}/admin/boards`);
    const pattern = await page.locator('#b-slug').getAttribute('pattern');
    expect(await page.evaluate((p) => { new RegExp(p, 'v'); return true; }, pattern!)).toBe(true);
    await page.fill('#b-slug', 'Bad Slug!');
    await page.fill('#b-title', 'Never created');
    expect(await page.locator('#b-slug').evaluate((el: HTMLInputElement) => el.validity.patternMismatch)).toBe(true);
    // The browser's refusal is an `invalid` event at the field and no `submit`, both within the
    // click itself: counted in the page, no fixed sleep to guess when a navigation would start.
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      document.getElementById('b-slug')!.addEventListener('invalid', () => w.seen.push('invalid'));
      document.addEventListener('submit', () => w.seen.push('submit'), true);
    });
    await page.click('form.post button[type=submit]');
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['invalid']);
    expect(new URL(page.url()).pathname).toBe('/admin/boards');
    expect(t.server.store.listBoards().map((b) => b.title)).not.toContain('Never created');
  });

  it.each([360, 1000])('at %i px: a refused address is explained under its field, styled; a new board gets its snippets', async (width) => {
    const page = await moderatorAt(width);
    await page.goto(`${t.server.url}/admin/boards`);
    await page.fill('#b-slug', 'main');
    await page.fill('#b-title', 'Second main');
    await page.click('form.post button[type=submit]');
    const error = page.locator('#b-slug-error');
    await error.waitFor();
    const [input, err] = [await box(page, '#b-slug'), await box(page, '#b-slug-error')];
    expect(err.y - (input.y + input.height)).toBeGreaterThanOrEqual(0);
    expect(err.y - (input.y + input.height)).toBeLessThan(16); // right under the field
    expect(await error.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.inputValue('#b-slug')).toBe('main');
    expect(await page.inputValue('#b-title')).toBe('Second main');
    await page.fill('#b-slug', `made-at-${width}`);
    await page.click('form.post button[type=submit]');
    await page.waitForURL(`${t.server.url}/admin/boards/made-at-${width}?created=1`);
    await page.locator('.created p.notice-line[role=status]').waitFor();
    expect(await page.locator(`#snippet-made-at-${width}-iframe`).inputValue()).toContain('height:480px');
    expect(await page.locator('.created button.copy').first().isVisible()).toBe(true); // copy.js ran
    expect(await overflows(page)).toBe(false);
  });

  it.each([360, 1000])('at %i px: each poster action sits in its own box with its own fields', async (width) => {
    t.server.store.addMessage({ board: 'main', author: 'Flood', body: `poster actions at ${width}`, poster: `f${width}`.padEnd(43, 'x') });
    const page = await moderatorAt(width);
    const row = page.locator('li.mod-row', { hasText: `poster actions at ${width}` });
    await row.locator('summary').click();
    const q = (s: string) => `li.mod-row:has-text("poster actions at ${width}") ${s}`;
    const [ban, purge] = [await box(page, q('fieldset.ban')), await box(page, q('fieldset.purge'))];
    for (const s of ['select[name^="duration-"]', 'input[name^="reason-"]', 'button.danger']) expect(inside(await box(page, q(`fieldset.ban ${s}`)), ban), s).toBe(true);
    const hours = await box(page, q('input[name^="hours-"]'));
    expect(inside(hours, purge)).toBe(true);
    expect(inside(hours, ban)).toBe(false);
    expect(ban.y + ban.height).toBeLessThanOrEqual(purge.y); // stacked, not side by side
    expect(await overflows(page)).toBe(false);
  });

  it('audit log, bans and settings fit a phone and a desktop, in English and Arabic', async () => {
    for (const width of [360, 1000]) {
      const page = await moderatorAt(width);
      for (const lang of ['en', 'ar']) {
        for (const path of ['/admin', '/admin/boards', '/admin/boards/main?created=1', '/admin/bans', '/admin/audit', '/admin/notifications']) {
          await page.goto(`${t.server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          expect(await overflows(page), `${path} ${lang} ${width}`).toBe(false);
        }
      }
    }
  });
});
