import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, startServer, type RunningServer } from './harness.ts';

describeBrowser('widget in a real browser', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('visitor A posts, sees it at once with the form cleared; visitor B sees it within a poll', async () => {
    const errors: string[] = [];
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    for (const p of [a, b]) {
      p.on('pageerror', (e) => errors.push(String(e)));
      p.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    }
    await a.goto(`${server.url}/b/main`);
    await b.goto(`${server.url}/b/main`);
    await a.fill('#h-name', 'Alice');
    await a.fill('#h-body', 'Hello from A');
    // A's poller is still at rev 0, so its next poll brings A's own message back once more.
    const aCatchesUp = a.waitForResponse((r) => r.url().includes('/feed') && r.status() === 200);
    await a.click('button[type=submit]');
    await a.locator('#messages li', { hasText: 'Hello from A' }).waitFor({ timeout: 3000 });
    expect(await a.inputValue('#h-body')).toBe('');
    expect(await a.inputValue('#h-name')).toBe('Alice');
    // POLL_INTERVAL is 1 s here: two intervals is generous.
    await b.locator('#messages li', { hasText: 'Hello from A' }).waitFor({ timeout: 2500 });
    // ...and it must still show once (upsert by id), not twice.
    await aCatchesUp;
    await a.waitForFunction(() => document.querySelector('#poller')?.getAttribute('hx-get')?.endsWith('rev=1'));
    expect(await a.locator('#messages li').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
