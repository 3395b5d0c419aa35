/**
 * Accessibility and looks in a real browser: axe-core on the widget (light and dark, with
 * messages, pinned and staff ones, and an error), the archive and the landing page; screenshots
 * of both themes as test artifacts (test-results/, git-ignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, describeBrowser, launchBrowser, startServer, watchErrors, type RunningServer } from '../support/browser.ts';
import { axeViolations as axe } from '../support/axe.ts';
import { scriptSnippet } from '../../src/http/pages.tsx';




describeBrowser('accessibility and themes', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    const { store } = server;
    store.addMessage({ board: 'main', author: 'Moderatrice', body: 'Benvenuti! Be kind, stay on topic.', poster: 'p', staff: true });
    const pinned = store.addMessage({ board: 'main', author: 'Ann', body: 'Meetup on Friday at 18:00 :) details at https://example.org/meetup', poster: 'p' });
    store.setPinned(pinned.id, true);
    store.addMessage({ board: 'main', author: '', body: 'Bonjour tout le monde 👋', poster: 'p' });
    store.addMessage({ board: 'main', author: 'Luca', body: 'Ciao a tutti! Great widget <3', poster: 'p' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`widget in ${colorScheme}: 0 axe violations, 0 console or CSP errors, screenshot saved`, async () => {
      // bypassCSP only so axe's injected script may run; the screenshots' context keeps our CSP.
      const ctx = await browser.newContext({ colorScheme, bypassCSP: true, viewport: { width: 380, height: 640 } });
      const page = await ctx.newPage();
      await page.goto(`${server.url}/b/main`);
      // An error state too: the alert must be as accessible as the rest.
      await page.fill('#h-body', '   ');
      await page.click('button[type=submit]');
      await page.locator('#post-form .error').waitFor();
      expect(await axe(page)).toEqual([]);
      await ctx.close();

      const shotCtx = await browser.newContext({ colorScheme, viewport: { width: 380, height: 640 }, deviceScaleFactor: 1 });
      const errors = await watchErrors(shotCtx);
      const shot = await shotCtx.newPage();
      await shot.goto(`${server.url}/b/main`);
      await shot.fill('#h-name', 'Zoé');
      await shot.fill('#h-body', 'Hello!');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await shot.screenshot({ path: path.join(ARTIFACTS, `widget-${colorScheme}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await shotCtx.close();
    });
  }

  it('?theme=dark forces dark on a light system, with an accent colour, still 0 violations', async () => {
    const ctx = await browser.newContext({ colorScheme: 'light', bypassCSP: true });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?theme=dark&accent=%23ffb300`);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    const button = await page.$eval('button[type=submit]', (b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]);
    expect(button).toEqual(['rgb(255, 179, 0)', 'rgb(0, 0, 0)']);
    expect(await axe(page)).toEqual([]);
    await ctx.close();
  });

  it('landing, archive, not-found and admin pages: 0 axe violations', async () => {
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    const urls = ['/', '/?lang=it', '/b/main/archive?before=3', '/b/main/archive?before=3&theme=dark', '/no/such/page'];
    // The admin pages join as soon as they exist (they come with the moderation work).
    if ((await fetch(`${server.url}/admin`)).status !== 404) urls.push('/admin');
    for (const url of urls) {
      await page.goto(server.url + url);
      expect(await axe(page), url).toEqual([]);
    }
    await ctx.close();
  });

  it('the API page, left to right and right to left: 0 axe violations', async () => {
    const ctx = await browser.newContext({ bypassCSP: true });
    const page = await ctx.newPage();
    for (const url of ['/api', '/api?lang=ar']) {
      await page.goto(server.url + url);
      expect(await axe(page), url).toEqual([]);
    }
    await ctx.close();
  });

  it('the landing page copies a snippet with its Copy button, and shows the demo through embed.js', async () => {
    const ctx = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(server.url + '/');
    await page.frameLocator('.demo-box iframe').locator('#post-form').waitFor();
    await page.click('button[data-copy="snippet-main-script"]');
    await page.locator('#copy-status', { hasText: 'Copied to the clipboard.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(scriptSnippet(server.url, 'main')); // with data-theme and its <noscript> frame (issue 22)
    expect(errors).toEqual([]);
    await ctx.close();
  });
});
