/**
 * "N here now" behind the shipped nginx micro-cache (issue 16): four browsers open the widget
 * through nginx, a fifth sees "3" or "4" others here now, while nginx answers the polls from its cache.
 * Debian's nginx and Chromium, a real Holler process.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchBrowser } from '../support/browser.ts';
import { tempDir } from '../support/app.ts';
import { reapAll, startHoller } from '../support/spawn.ts';
import { nginxMissing, startNginx, type Nginx } from './nginx.ts';

const missing = nginxMissing();
if (missing) console.warn(`SKIPPED: ${missing}`);

describeBrowser('"N here now" through the nginx micro-cache', () => {
  let browser: Browser;
  let nginx: Nginx;
  const contexts: BrowserContext[] = [];
  /** Every poll answer the browsers got: its X-Cache-Status and X-Here-Now. */
  const polls: { cache?: string; here?: string }[] = [];
  const beacons: { cache?: string; status: number }[] = [];

  beforeAll(async () => {
    if (missing) return;
    // Polls every second, so the cache has plenty to answer within the test.
    const holler = await startHoller({ DATA_DIR: tempDir('holler-here-'), TRUST_PROXY: 'loopback', POLL_INTERVAL: '1' });
    nginx = await startNginx(Number(new URL(holler.url).port));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await nginx?.stop();
    reapAll();
  });

  async function open(): Promise<Page> {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'en-GB' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('response', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/b/main/feed') polls.push({ cache: r.headers()['x-cache-status'], here: r.headers()['x-here-now'] });
      if (url.pathname === '/b/main/here') beacons.push({ cache: r.headers()['x-cache-status'], status: r.status() });
    });
    await page.goto(`${nginx.url}/b/main`);
    return page;
  }

  it.skipIf(missing)('four viewers open the widget, a fifth sees "3" or "4" others here now; the polls come from the cache', async () => {
    for (let i = 0; i < 4; i++) await open();
    const fifth = await open();
    const here = fifth.locator('#here');
    // Within a minute (the beacon goes at load, so it is seconds).
    await expect.poll(async () => (await here.isVisible()) && (await here.textContent()), { timeout: 60_000, interval: 250 }).toMatch(/^[34] other people here now$/);

    // Let the five widgets poll a while (a condition, not a sleep): 30 polls at one a second each.
    const originBefore = nginx.originLog().filter((l) => l.includes('/feed')).length;
    const pollsBefore = polls.length;
    await expect.poll(() => polls.length - pollsBefore, { timeout: 30_000, interval: 250 }).toBeGreaterThanOrEqual(30);
    await nginx.originRequests(); // every request so far is in the log
    const origin = nginx.originLog().filter((l) => l.includes('/feed')).length - originBefore;
    const recent = polls.slice(pollsBefore);
    // Most polls were answered by nginx; Holler saw about one per second, not five.
    expect(recent.filter((p) => p.cache === 'HIT' || p.cache === 'UPDATING' || p.cache === 'STALE').length).toBeGreaterThan(recent.length / 2);
    expect(origin, nginx.originLog().join('\n')).toBeLessThan(recent.length / 2);
    // And the polls, cached or not, carry the beacons' count of the others: 5 viewers, 4 besides the asker.
    expect(recent.at(-1)?.here).toBe('4');
    // The beacons all went through to Holler, none from a cache.
    expect(beacons.length).toBeGreaterThanOrEqual(5);
    expect(beacons.every((b) => b.status === 204 && b.cache === undefined)).toBe(true);
    expect(nginx.originLog().filter((l) => l.includes('/b/main/here?id=')).length).toBeGreaterThanOrEqual(5);
  }, 120_000);
});
