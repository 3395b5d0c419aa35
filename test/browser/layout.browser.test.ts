/** "Load older" with and without JavaScript, narrow and wide layouts, "here now" updating. */
import { beforeAll, expect, it } from 'vitest';
import { describeBrowser, serverAndBrowser, watchErrors } from '../support/browser.ts';

describeBrowser('archive and layout', () => {
  // "here" for the presence test alone: the server's clock stands still, so a beacon of an
  // earlier test's page whose goodbye did not arrive would count there for ever.
  const t = serverAndBrowser({}, { boards: [{ slug: 'here', title: 'Here' }] });
  beforeAll(() => {
    for (let i = 1; i <= 60; i++) t.server.store.addMessage({ board: 'main', author: 'Bot', body: `message ${i} https://example.org/a/very/long/link/that/must/wrap/somewhere/${i}`, poster: 'p' });
  });

  it('"Load older messages" brings the next page in place, moves focus to it, and the live list stays 30', async () => {
    const ctx = await t.browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${t.server.url}/b/main?lang=fr`);
    // The first page is the newest 30 (FIRST_VIEW); older ones come 50 at a time (here the last 30).
    expect(await page.locator('#messages li').count()).toBe(30);
    await page.click('text=Afficher les messages plus anciens');
    await page.locator('.older-chunk li', { hasText: 'message 10 ' }).waitFor();
    expect(await page.locator('.older-chunk li').count()).toBe(30);
    expect(await page.locator('#messages li').count()).toBe(30);
    expect(await page.textContent('.no-older')).toBe('Il n’y a pas de messages plus anciens.');
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.older-chunk') !== null)).toBe(true);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('without JavaScript, "Load older messages" is a page of its own', async () => {
    const ctx = await t.browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(`${t.server.url}/b/main?lang=it`);
    await Promise.all([page.waitForURL(/\/archive\?lang=it&before=31$/), page.click('text=Carica i messaggi precedenti')]);
    expect(await page.locator('.messages li').count()).toBe(30);
    await page.click('text=Torna agli ultimi messaggi');
    await page.waitForURL(`${t.server.url}/b/main?lang=it`);
    await ctx.close();
  });

  for (const width of [260, 320, 1280]) {
    it(`fits ${width} px wide without horizontal scrolling`, async () => {
      const ctx = await t.browser.newContext({ viewport: { width, height: 700 } });
      const page = await ctx.newPage();
      await page.goto(`${t.server.url}/b/main`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const button = await page.locator('button[type=submit]').boundingBox();
      expect(button!.x + button!.width).toBeLessThanOrEqual(width);
      await ctx.close();
    });
  }

  it('"here now" follows the polls', async () => {
    const ctx = await t.browser.newContext();
    const pages = await Promise.all([1, 2, 3].map(() => ctx.newPage()));
    for (const p of pages) await p.goto(`${t.server.url}/b/here`);
    await expect.poll(() => pages[0]!.textContent('#here'), { timeout: 15_000 }).toMatch(/^2 other people here now$/);
    await ctx.close();
  });
});
