/**
 * Issue 13, must show 2, on every page at once: axe-core finds 0 violations (the full WCAG A/AA
 * and best-practice set, not only serious ones) on the widget in light, dark, with an accent and
 * its text colour, and in Arabic (RTL), on a reply form, the landing page, archive, permalink,
 * error pages and every admin page; and the same pages under the real CSP (no bypass) log no
 * console error, page error or CSP violation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { runAxe } from '../support/axe.ts';
import { describeBrowser, launchBrowser, startServer, watchErrors, type RunningServer } from '../support/browser.ts';

const PASSWORD = 'pages-test-password';

describeBrowser('every page: 0 axe violations, no console or CSP errors', () => {
  let browser: Browser;
  let server: RunningServer;
  let visitorUrls: Array<{ url: string; status: number; scheme?: 'light' | 'dark' }>;
  beforeAll(async () => {
    server = await startServer({ ADMIN_PASSWORD: PASSWORD });
    const { store } = server;
    const ann = store.addMessage({ board: 'main', author: 'Ann', body: 'Anyone around tonight? https://example.org/x', poster: 'p' });
    store.setPinned(store.addMessage({ board: 'main', author: 'Mod', body: 'Be kind.', poster: 'p', staff: true }).id, true);
    for (let i = 0; i < 12; i++) store.addMessage({ board: 'main', author: i % 2 ? 'Luca' : '', body: `filler ${i} مرحبا`, poster: 'f' });
    const reply = store.addMessage({ board: 'main', author: 'Bo', body: '@Ann yes, from 8', poster: 'p', replyTo: ann.id, replyName: 'Ann' });
    visitorUrls = [
      { url: '/b/main', status: 200, scheme: 'light' },
      { url: '/b/main', status: 200, scheme: 'dark' },
      { url: '/b/main?theme=dark&accent=ffeb3b&accent_fg=000000', status: 200 },
      { url: '/b/main?accent=0b6bcb', status: 200 },
      { url: '/b/main?lang=ar', status: 200 },
      { url: `/b/main?reply=${ann.id}`, status: 200 },
      { url: '/', status: 200 },
      { url: '/?lang=ar', status: 200 },
      { url: '/b/main/archive?before=5', status: 200 },
      { url: '/b/main/archive?before=5&lang=ar&theme=dark', status: 200 },
      { url: `/b/main/m/${reply.id}`, status: 200 },
      { url: `/b/main/m/${ann.id}?lang=ar`, status: 200 },
      { url: '/b/main/m/nope', status: 404 },
      { url: '/b/nope', status: 404 },
      { url: '/no/such/page?lang=de', status: 404 },
    ];
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Visits `url` in both contexts: axe in the one that may inject it, errors in the real one. */
  async function check(axeCtx: BrowserContext, liveCtx: BrowserContext, errors: string[], url: string, status: number) {
    const live = await liveCtx.newPage();
    const res = await live.goto(server.url + url);
    expect(res?.status(), url).toBe(status);
    // The widget polls and beacons for ever (never network-idle): its scripts have run at load.
    await live.waitForLoadState('load');
    await live.close();
    const page = await axeCtx.newPage();
    await page.goto(server.url + url);
    const { violations, passes } = await runAxe(page);
    expect(passes, url).toBeGreaterThan(10);
    expect(violations, url).toEqual([]);
    await page.close();
    // A 404 page's own status is logged by Chromium as "Failed to load resource": that is the
    // page saying what it should, not an error in it.
    const real = errors.filter((e) => !(status === 404 && e.includes('status of 404') && e.includes(server.url + url.split('?')[0])));
    expect(real, url).toEqual([]);
    errors.length = 0;
  }

  it('visitor pages: widget (light, dark, accent, Arabic, a reply under way), landing, archive, permalink, errors', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const axeCtx = await browser.newContext({ colorScheme: scheme, bypassCSP: true, viewport: { width: 380, height: 640 } });
      const liveCtx = await browser.newContext({ colorScheme: scheme, viewport: { width: 380, height: 640 } });
      const errors = await watchErrors(liveCtx);
      for (const { url, status } of visitorUrls.filter((u) => (u.scheme ?? 'light') === scheme)) await check(axeCtx, liveCtx, errors, url, status);
      await axeCtx.close();
      await liveCtx.close();
    }
  }, 240_000); // 15 pages twice, axe in each: 60-90 s on a loaded 2-core machine

  it('admin pages, after signing in', async () => {
    const axeCtx = await browser.newContext({ bypassCSP: true });
    const liveCtx = await browser.newContext();
    const errors = await watchErrors(liveCtx);
    for (const ctx of [axeCtx, liveCtx]) {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/admin/login`);
      if (ctx === axeCtx) expect((await runAxe(page)).violations, '/admin/login').toEqual([]);
      await page.fill('#a-password', PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/admin`);
      await page.close();
    }
    for (const url of ['/admin', '/admin/boards', '/admin/boards/main', '/admin/bans', '/admin/audit', '/admin/export', '/admin?lang=ar']) {
      await check(axeCtx, liveCtx, errors, url, 200);
    }
    await axeCtx.close();
    await liveCtx.close();
  }, 240_000); // the admin pages twice, axe in each: about a minute on a loaded 2-core machine
});
