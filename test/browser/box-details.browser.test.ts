/**
 * Issue 22, point 10, each seen by a visitor: a permalink tapped in the embed opens a new tab;
 * the permalink page has a readable width; the script include takes the host page's theme and
 * has a <noscript> frame; times follow the reader's locale; the "N new" pill covers no message;
 * the bell and emoji buttons are drawn without an emoji font.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { scriptSnippet } from '../../src/http/pages.tsx';
import { describeBrowser, launchBrowser, startHostPage, startServer, type RunningServer } from '../support/browser.ts';

describeBrowser('the box: the smaller things of issue 22, point 10', () => {
  let browser: Browser;
  let server: RunningServer;
  const hosts: Awaited<ReturnType<typeof startHostPage>>[] = [];
  const hostPage = async (html: (u: string) => string) => {
    const h = await startHostPage(html, server.url);
    hosts.push(h);
    return h.url;
  };
  const page = (bg: string, src: string, extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blog</title></head>
    <body style="background:${bg}">${extra || `<script src="${src}/embed.js" data-board="main" async></script>`}</body></html>`;
  beforeAll(async () => {
    server = await startServer();
    for (let i = 1; i <= 30; i++) server.store.addMessage({ board: 'main', author: 'Ann', body: `message ${i}`, poster: 'p' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    for (const h of hosts) await h.close();
    await server?.close();
  });
  const frameOf = async (p: Page): Promise<Frame> => {
    const frame = (await (await p.waitForSelector('iframe')).contentFrame())!;
    await frame.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
    return frame;
  };

  it('a permalink tapped inside the embed opens in a new tab; the box stays', async () => {
    const url = await hostPage((u) => page('#fff', u));
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(url);
    const f = await frameOf(p);
    const [tab] = await Promise.all([ctx.waitForEvent('page'), f.locator('#messages li .permalink').first().click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/\/b\/main\/m\/[\w-]+(\?[^#]*)?#m-/);
    expect(f.url()).toBe(`${server.url}/b/main?theme=light`);
    expect(await f.locator('#post-form').count()).toBe(1);
    await ctx.close();
  });

  it('the direct permalink page has a readable width at 1280 px: Reply close to its text', async () => {
    const id = server.store.latest('main', 1)[0]!.id;
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await p.goto(`${server.url}/b/main/m/${id}`);
    const width = await p.$eval('main', (el) => el.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(700);
    await p.hover(`#m-${id}`);
    const gap = await p.$eval(`#m-${id}`, (li) => li.querySelector('.reply')!.getBoundingClientRect().left - li.querySelector('.body')!.getBoundingClientRect().right);
    expect(gap).toBeLessThan(200);
    await p.context().close();
  });

  it('by default the box takes the host page\'s look, whatever the visitor\'s system says', async () => {
    const light = await hostPage((u) => page('#ffffff', u));
    const dark = await hostPage((u) => page('#111418', u));
    for (const [url, scheme, want] of [[light, 'dark', 'theme-light'], [dark, 'light', 'theme-dark']] as const) {
      const p = await (await browser.newContext({ colorScheme: scheme })).newPage();
      await p.goto(url);
      const f = await frameOf(p);
      expect(await f.locator('html').getAttribute('class')).toBe(want);
      await p.context().close();
    }
  });

  it('the script-include snippet shows the box without JavaScript (<noscript> frame) and spells out its theme', async () => {
    const snippet = scriptSnippet(server.url, 'main');
    expect(snippet).toContain('data-theme="page"');
    const url = await hostPage(() => page('#fff', '', snippet));
    const p = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await p.goto(url);
    const frame = (await (await p.waitForSelector('iframe')).contentFrame())!;
    await frame.waitForSelector('#post-form');
    expect(await frame.locator('#messages li').count()).toBe(30);
    await p.context().close();
  });

  it('times are written the reader\'s way (en-GB: a 24-hour clock) in an English page', async () => {
    const p = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' })).newPage();
    await p.goto(`${server.url}/b/main?lang=en`);
    const time = p.locator('#messages time').first();
    await expect.poll(() => time.getAttribute('title')).not.toBe(null);
    const at = new Date((await time.getAttribute('datetime'))!);
    expect(await time.getAttribute('title')).toBe(new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/London' }).format(at));
    expect(await time.getAttribute('title')).not.toMatch(/AM|PM/);
    await p.context().close();
  });

  it('the "N new" pill covers no message: it has a row of its own above the scroller', async () => {
    const p = await (await browser.newContext({ viewport: { width: 300, height: 480 } })).newPage();
    await p.goto(`${server.url}/b/main`);
    await p.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
    await p.$eval('#scroller', (s) => { s.scrollTop = 300; });
    server.store.addMessage({ board: 'main', author: 'Bo', body: 'news while reading', poster: 'q' });
    await p.locator('#pill').waitFor({ timeout: 15_000 });
    const [pill, scroller] = await Promise.all([p.locator('#pill').boundingBox(), p.locator('#scroller').boundingBox()]);
    expect(pill!.y + pill!.height).toBeLessThanOrEqual(scroller!.y + 0.5);
    await p.context().close();
  });

  it('the bell, emoji and Refresh buttons are drawn (SVG), not emoji characters that need an emoji font', async () => {
    const p = await (await browser.newContext()).newPage();
    await p.goto(`${server.url}/b/main`);
    await p.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden);
    for (const sel of ['#sound', '#emoji-btn', '.head .refresh']) {
      expect((await p.locator(sel).textContent())!.trim()).toBe('');
      const icon = (await p.locator(`${sel} svg`).boundingBox())!;
      expect(icon.width).toBeGreaterThanOrEqual(14);
      expect(await p.locator(sel).getAttribute('aria-label')).toBeTruthy();
    }
    await p.context().close();
  });
});
