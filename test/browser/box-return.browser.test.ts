/**
 * Issue 22: coming back, and what the box remembers. A returning visitor's summary jumps inside
 * the box (never scrolling the host page), their own message is never news, "in reply to"
 * scrolls the box's own scroller, a held message stays greyed for its author, and where the
 * browser blocks third-party storage (this Chromium does for a frame of another site) the box
 * says what it cannot remember and offers the Storage Access API.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, startHostPage, startServer, type RunningServer } from '../support/browser.ts';

describeBrowser('the box: coming back, and what it remembers (issue 22)', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: Awaited<ReturnType<typeof startHostPage>>;
  let thirdParty: Awaited<ReturnType<typeof startHostPage>>;
  // A blog: a header above the box and a long page below, so any scroll of the page shows.
  const blog = (src: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blog</title></head><body>
    <h1 style="height:150px">Blog</h1><script src="${src}/embed.js" data-board="main" async></script><div style="height:3000px"></div></body></html>`;
  beforeAll(async () => {
    server = await startServer({}, { boards: [{ slug: 'held', title: 'Held' }] });
    server.store.updateBoard('held', { ...server.store.getBoard('held')!, premoderate: true });
    host = await startHostPage(blog, server.url);
    // localhost and 127.0.0.1 are different sites: the frame is third-party for the browser.
    thirdParty = await startHostPage(() => blog(server.url.replace('127.0.0.1', 'localhost')), server.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await host?.close();
    await thirdParty?.close();
  });

  const frameOf = async (page: Page): Promise<Frame> => {
    const frame = (await (await page.waitForSelector('iframe')).contentFrame())!;
    await frame.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
    return frame;
  };
  const inScroller = (frame: Frame, sel: string) =>
    frame.$eval(sel, (el) => {
      const s = document.getElementById('scroller')!.getBoundingClientRect(), r = el.getBoundingClientRect();
      return r.top >= s.top - 1 && r.bottom <= s.bottom + 1;
    });

  it('a returning visitor gets "N new since your last visit · 1 for you"; own messages are not new; each part jumps inside the box only', async () => {
    const ctx = await browser.newContext({ viewport: { width: 300, height: 480 } });
    const page = await ctx.newPage();
    await page.goto(host.url);
    let f = await frameOf(page);
    for (let i = 1; i <= 5; i++) server.store.addMessage({ board: 'main', author: 'Old', body: `seen before ${i}`, poster: 'p-old' });
    await f.locator('#messages li', { hasText: 'seen before 5' }).waitFor({ timeout: 15_000 });
    // The visitor posts as Marta and leaves at once.
    await f.locator('#h-body').fill('hello, Marta here');
    await f.locator('#h-name').fill('Marta');
    await f.locator('#h-body').press('Enter');
    await f.locator('#messages li', { hasText: 'Marta here' }).waitFor();
    await page.close();
    // Meanwhile: a mention of Marta, then enough talk to push it out of view.
    server.store.addMessage({ board: 'main', author: 'Hana', body: '@Marta welcome back!', poster: 'p-hana' });
    for (let i = 1; i <= 14; i++) server.store.addMessage({ board: 'main', author: 'Sofia', body: `later message ${i}`, poster: 'p-sofia' });

    const again = await ctx.newPage();
    await again.goto(host.url);
    f = await frameOf(again);
    const summary = f.locator('#summary');
    await summary.waitFor({ timeout: 15_000 });
    expect(await summary.textContent()).toBe('15 new since your last visit · 1 for you');
    // The divider sits above the oldest message from others (Hana's), not above Marta's own.
    expect(await f.locator('#messages li[data-divider]').textContent()).toContain('@Marta welcome back!');
    expect(await inScroller(f, '#messages li.mention')).toBe(false);
    await summary.locator('button', { hasText: '1 for you' }).click();
    await expect.poll(() => inScroller(f, '#messages li.mention')).toBe(true);
    await summary.locator('button', { hasText: '15 new' }).click();
    await expect.poll(() => inScroller(f, '#messages li[data-divider]')).toBe(true);
    expect(await again.evaluate(() => window.scrollY)).toBe(0); // the host page never moved
    await ctx.close();
  }, 90_000);

  it('"in reply to" scrolls the box\'s own scroller to the original, not the host page', async () => {
    const orig = server.store.addMessage({ board: 'main', author: 'Ann', body: 'the original question', poster: 'p-ann' });
    for (let i = 1; i <= 20; i++) server.store.addMessage({ board: 'main', author: 'Bo', body: `filler ${i}`, poster: 'p-bo' });
    server.store.addMessage({ board: 'main', author: 'Cy', body: 'the answer', poster: 'p-cy', replyTo: orig.id, replyName: 'Ann' });
    const page = await (await browser.newContext({ viewport: { width: 300, height: 480 } })).newPage();
    await page.goto(host.url);
    const f = await frameOf(page);
    await f.locator('#messages li', { hasText: 'the answer' }).locator('.in-reply a').click();
    await expect.poll(() => inScroller(f, `#m-${orig.id}`), { timeout: 15_000 }).toBe(true);
    expect(await f.locator(`#m-${orig.id}`).getAttribute('class')).toContain('flash');
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.context().close();
  });

  it('the author of a held message sees it greyed, "only you can see this"; others do not see it', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/b/held`);
    await page.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
    await page.fill('#h-body', 'waiting for approval');
    await page.press('#h-body', 'Enter');
    const held = page.locator('#messages li.held', { hasText: 'waiting for approval' });
    await held.waitFor({ timeout: 15_000 });
    expect(await held.textContent()).toContain('Only you can see this — waiting for a moderator.');
    expect(Number(await held.evaluate((el) => getComputedStyle(el).opacity))).toBeLessThan(1);
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.url}/b/held`);
    expect(await other.locator('#messages li', { hasText: 'waiting for approval' }).count()).toBe(0);
    await page.context().close();
    await other.context().close();
  }, 60_000);

  it('where third-party storage is blocked, the box says what is not remembered and offers the Storage Access API', async () => {
    const ctx = await browser.newContext({ viewport: { width: 300, height: 480 } });
    const page = await ctx.newPage();
    await page.goto(thirdParty.url);
    const f = await frameOf(page);
    expect(await f.evaluate(() => { try { localStorage.setItem('x', '1'); return true; } catch { return false; } })).toBe(false);
    expect(await f.locator('#storage').isVisible()).toBe(false); // said when it matters
    await f.locator('#h-body').focus();
    const line = f.locator('#storage');
    await line.waitFor({ timeout: 15_000 });
    expect(await line.textContent()).toContain('your name and the Edit/Delete of your messages are forgotten');
    // Nothing promises "remembered here".
    expect(await f.locator('body').textContent()).not.toMatch(/remembered here/);
    const offered = await f.evaluate(() => typeof document.requestStorageAccess === 'function');
    expect(await f.locator('#storage-ask').isVisible()).toBe(offered);
    await ctx.close();
  });
});
