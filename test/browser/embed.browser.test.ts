/**
 * The widget as site owners use it: embed.js on a page from another origin (another port, with
 * its own strict CSP), two boards on one page, two visitors, and a misconfigured tag.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, startHostPage, startServer, watchErrors, type RunningServer } from '../support/browser.ts';

const HOST_HTML = (holler: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog that embeds Holler</title></head>
<body>
  <h1>My blog</h1>
  <div id="box-main"><script src="${holler}/embed.js" data-board="main" data-title-count async></script></div>
  <p>Some text between the boxes.</p>
  <div id="box-second"><script src="${holler}/embed.js" data-board="second" data-lang="it" data-theme="dark" data-accent="#e91e63" data-height="320" async></script></div>
  <div id="box-broken"><script src="${holler}/embed.js" data-board="No Such Board!" async></script></div>
</body></html>`;

describeBrowser('embedding with embed.js from another origin', () => {
  let browser: Browser;
  let server: RunningServer;
  let host: Awaited<ReturnType<typeof startHostPage>>;
  beforeAll(async () => {
    server = await startServer({}, { boards: [{ slug: 'second', title: 'Seconda' }] });
    // The host page's own CSP is strict too: only our script and our frames.
    host = await startHostPage(HOST_HTML, server.url, `default-src 'none'; script-src ${server.url}; frame-src ${server.url}`);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await host?.close();
  });

  const frameHeight = (page: Page, box: string) => page.$eval(`${box} iframe`, (f) => (f as HTMLIFrameElement).getBoundingClientRect().height);
  const contentHeight = (frame: FrameLocator) => frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));

  it('visitor A posts; visitor B, in another browser context, sees it by its poll; the other board stays apart', async () => {
    const ctxA = await browser.newContext();
    const ctxB = await browser.newContext();
    const errorsA = await watchErrors(ctxA);
    const errorsB = await watchErrors(ctxB);
    const a = await ctxA.newPage();
    const b = await ctxB.newPage();
    await a.goto(host.url);
    await b.goto(host.url);
    const frameA = a.frameLocator('#box-main iframe');
    const frameB = b.frameLocator('#box-main iframe');
    const secondB = b.frameLocator('#box-second iframe');
    await frameB.locator('#post-form').waitFor();
    await secondB.locator('#post-form').waitFor();

    await frameA.locator('#h-name').fill('Alice');
    await frameA.locator('#h-body').fill('Hello from another origin');
    await frameA.locator('button[type=submit]').click();
    await frameA.locator('#messages li', { hasText: 'Hello from another origin' }).waitFor({ timeout: 15_000 });
    // By B's poll (every second here); the wait is long only for a loaded machine.
    await frameB.locator('#messages li', { hasText: 'Hello from another origin' }).waitFor({ timeout: 15_000 });
    expect(await secondB.locator('#messages li').count()).toBe(0);
    // The second box carries its own options: Italian, dark, accent stylesheet.
    expect(await secondB.locator('html').getAttribute('lang')).toBe('it');
    expect(await secondB.locator('html').getAttribute('class')).toBe('theme-dark');
    expect(await secondB.locator('link[href="/theme/accent-e91e63.css"]').count()).toBe(1);
    expect(await secondB.locator('button[type=submit]').textContent()).toBe('Invia');

    // Only the broken tag complained, clearly, and it inserted nothing.
    for (const errors of [errorsA, errorsB]) {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('[Holler embed.js] data-board="No Such Board!" is not a board name');
    }
    expect(await a.locator('#box-broken iframe').count()).toBe(0);
    await ctxA.close();
    await ctxB.close();
  });

  it('each frame is a box of its own height (480 px, or data-height): posts scroll inside it and never stretch the host page', async () => {
    const ctx = await browser.newContext({ viewport: { width: 420, height: 800 } });
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(host.url);
    const main = page.frameLocator('#box-main iframe');
    await main.locator('#post-form').waitFor();
    await page.frameLocator('#box-second iframe').locator('#post-form').waitFor();
    expect(await frameHeight(page, '#box-main')).toBe(480);
    expect(await frameHeight(page, '#box-second')).toBe(320);
    const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let i = 0; i < 14; i++) {
      await main.locator('#h-body').fill(`A fairly long message number ${i} that takes up a line or two of the widget`);
      await main.locator('#h-body').press('Control+Enter');
      await main.locator('#messages li', { hasText: `number ${i}` }).waitFor();
    }
    expect(await frameHeight(page, '#box-main')).toBe(480);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(pageHeight);
    // The messages scroll inside the box; the frame's own page does not.
    expect(await main.locator('#scroller').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);
    // The frame's own document does not scroll: only the message list does.
    expect(await main.locator('html').evaluate(() => { const s = document.scrollingElement!; s.scrollTop = 200; return s.scrollTop; })).toBe(0);
    expect(errors.filter((e) => !e.includes('No Such Board'))).toEqual([]);
    await ctx.close();
  });

  it('ignores unread counts that do not come from its own frame', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(host.url);
    await page.frameLocator('#box-main iframe').locator('#post-form').waitFor();
    // The host page (or any other frame) posting a fake count changes neither the title nor the box.
    // A window gets its messages in order: once a last one of the test's own has arrived,
    // embed.js has handled the two before it (no fixed sleep to guess how long that takes).
    await page.evaluate(() => new Promise<void>((resolve) => {
      window.addEventListener('message', (e) => e.data === 'test:after' && resolve());
      window.postMessage({ type: 'holler:unread', count: 99 }, '*');
      window.postMessage({ type: 'holler:height', height: 5000 }, '*');
      window.postMessage('test:after', '*');
    }));
    expect(await page.title()).toBe('A blog that embeds Holler');
    expect(await frameHeight(page, '#box-main')).toBe(480);
    await ctx.close();
  });

  it('explains every misconfiguration in the console, and still embeds when only an option is wrong', async () => {
    const bad = await startHostPage(
      (holler) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Misconfigured</title></head><body>
        <div id="no-board"><script src="${holler}/embed.js" async></script></div>
        <div id="bad-options"><script src="${holler}/embed.js" data-board="main" data-lang="pt" data-theme="pink" data-accent="red" data-max-height="tall" async></script></div>
      </body></html>`,
      server.url,
    );
    const ctx = await browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(bad.url);
    await page.frameLocator('#bad-options iframe').locator('#post-form').waitFor();
    expect(await page.locator('#no-board iframe').count()).toBe(0);
    // A wrong theme falls back to "page" (issue 22): this page is white, so light.
    expect(await page.$eval('#bad-options iframe', (f) => (f as HTMLIFrameElement).src)).toBe(`${server.url}/b/main?theme=light`);
    const text = errors.join('\n');
    for (const want of ['data-board is missing', 'data-lang="pt" is not supported', 'data-theme="pink" is not page, light, dark or auto', 'data-accent="red" is not a hex colour', 'data-max-height="tall" is not a number of pixels']) {
      expect(text).toContain(want);
    }
    expect(errors).toHaveLength(5);
    await ctx.close();
    await bad.close();
  });
});
