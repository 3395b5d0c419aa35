/**
 * Arabic in a real browser: the widget is laid out right to left (document direction, the
 * message header, the pinned message's edge, labels), nothing sticks out to scroll sideways,
 * widget.js announces the counter in Arabic plural forms, and axe-core finds nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeBrowser, launchBrowser, startServer, watchErrors, type RunningServer } from '../support/browser.ts';
import { axeViolations as axe } from '../support/axe.ts';



const box = (page: Page, selector: string) => page.locator(selector).first().boundingBox().then((b) => b!);

describeBrowser('Arabic, right to left', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    const { store } = server;
    const pinned = store.addMessage({ board: 'main', author: 'سارة', body: 'أهلًا بالجميع! اللقاء يوم الجمعة.', poster: 'p' });
    store.setPinned(pinned.id, true);
    store.addMessage({ board: 'main', author: 'Luca', body: 'Ciao a tutti!', poster: 'p' });
    store.addMessage({ board: 'main', author: 'كريم', body: 'مرحبا، كيف حالكم؟', poster: 'p', staff: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lays the widget out right to left, with no sideways scrolling, and no console or CSP errors', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 700 }, deviceScaleFactor: 1 });
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=ar`);
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir, getComputedStyle(document.body).direction])).toEqual(['ar', 'rtl', 'rtl']);

    // A message's header starts at the right: the author (first) is right of the time.
    const [author, time] = [await box(page, '.messages .msg .author'), await box(page, '.messages .msg time')];
    expect(author.x).toBeGreaterThan(time.x);
    // A label's text hugs the right edge of the form.
    const form = await box(page, '#post-form');
    const label = await page.$eval('label[for="h-body"]', (el) => {
      const r = document.createRange();
      r.selectNodeContents(el);
      const b = r.getBoundingClientRect();
      return { x: b.x, width: b.width };
    });
    expect(form.x + form.width - (label.x + label.width)).toBeLessThan(4);
    expect(label.x - form.x).toBeGreaterThan(form.width / 2);
    // The pinned message (its slim line on top: issue 22) has its stripe on its starting (right) edge.
    const stripe = await page.$eval('#pinned .msg.pinned', (el) => [getComputedStyle(el).borderRightWidth, getComputedStyle(el).borderLeftWidth]);
    expect(stripe).toEqual(['3px', '0px']);
    // Nothing (say, the off-screen honeypot) makes the page scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await page.fill('#h-name', 'ليلى');
    await page.fill('#h-body', 'مرحبا 👋');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'widget-ar.png'), fullPage: true });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('announces the character counter in Arabic plural forms', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=ar`);
    const max = Number(await page.getAttribute('#h-count', 'data-max'));
    const nf = (n: number) => page.evaluate((x) => new Intl.NumberFormat('ar').format(x), n);
    const live = page.locator('#h-count-live');
    // Crossing 20, 10 and the limit: 15 left (many), 5 left (few), 2 over (two).
    await page.fill('#h-body', 'ب'.repeat(max - 15));
    await expect.poll(() => live.textContent()).toBe(`تبقّى ${await nf(15)} حرفًا`);
    await page.fill('#h-body', 'ب'.repeat(max - 5));
    await expect.poll(() => live.textContent()).toBe(`تبقّى ${await nf(5)} أحرف`);
    await page.fill('#h-body', 'ب'.repeat(max + 2));
    await expect.poll(() => live.textContent()).toBe('حرفان زائدان');
    await ctx.close();
  });

  it('Arabic widget (with an error), archive and landing page: 0 axe violations', async () => {
    const ctx = await browser.newContext({ bypassCSP: true, viewport: { width: 380, height: 640 } });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=ar`);
    await page.fill('#h-body', '   ');
    await page.click('button[type=submit]');
    await page.locator('#post-form .error').waitFor();
    expect(await axe(page)).toEqual([]);
    for (const url of ['/b/main?lang=ar&theme=dark', '/b/main/archive?lang=ar&before=3', '/?lang=ar']) {
      await page.goto(server.url + url);
      expect(await page.getAttribute('html', 'dir'), url).toBe('rtl');
      expect(await axe(page), url).toEqual([]);
    }
    await ctx.close();
  });
});
