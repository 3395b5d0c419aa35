/**
 * The visitor's experience in a real browser (issue 13): the compact box embedded with the
 * snippet we hand out, times in the visitor's zone, the remembered name, mentions, the "N new"
 * pill and the "new since your last visit" line, and the emoji picker by keyboard alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeBrowser, launchBrowser, startHostPage, startServer, watchErrors, type RunningServer } from '../support/browser.ts';
import { axeViolations as axe } from '../support/axe.ts';
import { scriptSnippet } from '../../src/http/pages.tsx';


describeBrowser('the visitor experience', () => {
  let browser: Browser;
  let server: RunningServer;
  const add = (body: string, author = 'Luca') => server.store.addMessage({ board: 'main', author, body, poster: 'p' });
  beforeAll(async () => {
    server = await startServer();
    for (let i = 1; i <= 60; i++) add(`Message ${i}: ${'hello there '.repeat(i % 5 + 1)}`, i % 3 ? 'Luca' : 'سارة');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a 60-message board embedded with the copied snippet stays in its 480 px box and scrolls inside', async () => {
    const host = await startHostPage((h) => `<!doctype html><html lang="en"><head><title>Blog</title></head><body><main><h1>Blog</h1>${scriptSnippet(h, 'main')}<p id="after">After</p></main></body></html>`, server.url);
    for (const width of [360, 1000]) {
      const ctx = await browser.newContext({ viewport: { width, height: 800 } });
      const errors = await watchErrors(ctx);
      const page = await ctx.newPage();
      await page.goto(host.url);
      const frame = page.frameLocator('iframe.holler-frame');
      await frame.locator('#messages li.msg').first().waitFor();
      expect(await page.$eval('iframe.holler-frame', (f) => f.getBoundingClientRect().height)).toBe(480);
      // The host page does not grow with the messages.
      expect(await page.evaluate(() => document.body.getBoundingClientRect().height)).toBeLessThan(700);
      const [client, scroll] = await frame.locator('#scroller').evaluate((s) => [s.clientHeight, s.scrollHeight]);
      expect(scroll).toBeGreaterThan(client * 2); // 30 compact messages (issue 22)
      await frame.locator('#scroller').evaluate((s) => { s.scrollTop = 300; });
      expect(await frame.locator('#scroller').evaluate((s) => s.scrollTop)).toBe(300);
      // The form stays in view.
      expect(await frame.locator('#h-body').isVisible()).toBe(true);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, `box-${width}.png`) });
      expect(errors).toEqual([]);
      await ctx.close();
    }
    await host.close();
  });

  it("shows times in the visitor's zone (Europe/Rome, server in UTC), exact time in the tooltip; UTC named without JS", async () => {
    const ctx = await browser.newContext({ timezoneId: 'Europe/Rome', locale: 'it-IT' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=it`);
    const time = page.locator('#messages time').first();
    // The test clock stands at 22 Nov 2026 12:00 UTC: 13:00 in Rome.
    await expect.poll(() => time.textContent()).toContain('13:00');
    expect(await time.getAttribute('title')).toMatch(/22 novembre 2026.*13:00/);
    expect(await time.getAttribute('datetime')).toBe('2026-11-22T12:00:00Z');
    await ctx.close();
    const noJs = await browser.newContext({ javaScriptEnabled: false, timezoneId: 'Europe/Rome' });
    const p2 = await noJs.newPage();
    await p2.goto(`${server.url}/b/main?lang=it`);
    expect(await p2.locator('#messages time').first().textContent()).toBe('22 nov, 12:00 UTC');
    await noJs.close();
  });

  it('remembers the name on this device across a reload, and highlights messages that mention it', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main`);
    expect(await page.getAttribute('#h-name', 'maxlength')).toBe('24');
    await page.fill('#h-name', 'Zoé');
    await page.fill('#h-body', 'Hi all');
    await page.click('button[type=submit]');
    await page.locator('#messages li.msg', { hasText: 'Hi all' }).waitFor();
    await page.reload();
    expect(await page.inputValue('#h-name')).toBe('Zoé');
    add('@Zoé welcome back!');
    const mention = page.locator('#messages li.msg', { hasText: 'welcome back' });
    await mention.waitFor();
    await expect.poll(() => mention.getAttribute('class')).toContain('mention');
    expect(await page.locator('#messages li.msg', { hasText: 'Hi all' }).getAttribute('class')).not.toContain('mention');
    await ctx.close();
  });

  it('shows "new since your last visit", and a "N new" pill instead of yanking a reader back', async () => {
    const ctx = await browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main`);
    await page.locator('#messages li.msg').first().waitFor();
    expect(await page.locator('[data-divider]').count()).toBe(0); // first visit: no line
    await page.close();
    const a = add('While you were away 1'), b = add('While you were away 2');
    const again = await ctx.newPage();
    await again.goto(`${server.url}/b/main`);
    const divided = again.locator('li.msg[data-divider]');
    expect(await divided.getAttribute('id')).toBe(`m-${a.id}`);
    expect(await divided.getAttribute('data-divider')).toBe('New since your last visit');
    expect(b.seq).toBeGreaterThan(a.seq);
    // Scrolled away to read older messages: a new one does not move the view; the pill counts it.
    await again.locator('#scroller').evaluate((s) => { s.scrollTop = 300; }); // compact messages (issue 22): a shorter list
    add('Breaking news');
    await again.locator('#messages li.msg', { hasText: 'Breaking news' }).waitFor({ state: 'attached' });
    await expect.poll(() => again.locator('#pill').textContent()).toBe('1 new');
    expect(await again.locator('#scroller').evaluate((s) => s.scrollTop)).toBeGreaterThan(250);
    await again.click('#pill');
    expect(await again.locator('#scroller').evaluate((s) => s.scrollTop)).toBe(0);
    expect(await again.locator('#pill').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the emoji picker works with the keyboard alone and inserts at the caret', async () => {
    const ctx = await browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=fr`);
    await page.fill('#h-body', 'ab');
    await page.focus('#h-body');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft'); // caret between a and b
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('emoji-btn');
    await page.keyboard.press('Enter');
    await page.locator('.emoji-grid').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('visage souriant');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown'); // 1 + 6: the eighth, 😮
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#h-body')).toBe('a😮b');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('h-body');
    expect(await page.locator('#emoji-panel').isHidden()).toBe(true);
    await page.focus('#emoji-btn');
    await page.keyboard.press('Enter');
    await page.locator('.emoji-grid').waitFor();
    await page.keyboard.press('Escape');
    expect(await page.locator('#emoji-panel').isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('emoji-btn');
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('the emoji picker fits a phone and its emoji are not styled as Send buttons (more.css, loaded on first use)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 480 } });
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=it`);
    // Not part of the first view: more.css arrives with the picker.
    expect(await page.locator('link[href*="/assets/more."]').count()).toBe(0);
    await page.click('#emoji-btn');
    await page.locator('.emoji-grid').waitFor();
    expect(await page.locator('link[href*="/assets/more."]').count()).toBe(1);
    const grid = (await page.locator('.emoji-grid').boundingBox())!;
    expect(grid.x).toBeGreaterThanOrEqual(0);
    expect(grid.x + grid.width).toBeLessThanOrEqual(360);
    expect(grid.height).toBeLessThan(200); // four rows of about 30 px, not the Send button's 44 px
    const look = await page.locator('.emoji').first().evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).minHeight]);
    expect(look).toEqual(['rgba(0, 0, 0, 0)', '0px']);
    await page.screenshot({ path: `${ARTIFACTS}/emoji-picker-360.png` });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('0 axe violations with a light accent and its own text colour, newest at the bottom, mentions and the divider shown', async () => {
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 360, height: 480 } });
    await ctx.addInitScript(() => { localStorage.setItem('holler:name', 'Zoé'); localStorage.setItem('holler:seen:main', '58'); });
    const main = server.store.getBoard('main')!;
    server.store.updateBoard('main', { ...main, newestAt: 'bottom' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?accent=ffeb3b&accent_fg=1b1f24`);
    // Newest at the bottom, and shown on opening: the scroller starts at its end.
    const [top, last] = await page.evaluate(() => [document.querySelector('#scroller')!.getBoundingClientRect().bottom, document.querySelector('#messages li.msg')!.getBoundingClientRect().bottom]);
    expect(Math.abs(top - last)).toBeLessThan(20);
    await page.locator('li.mention').first().waitFor({ state: 'attached' });
    expect(await axe(page)).toEqual([]);
    await page.focus('button[type=submit]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-accent.png') });
    server.store.updateBoard('main', main);
    await ctx.close();
  });
});
