import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { MAX_BODY_BYTES } from '../../src/app.ts';
import { describeBrowser, launchBrowser, startServer, type RunningServer } from './harness.ts';

describeBrowser('refusals in a real browser keep what the visitor typed', () => {
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

  it('a body over the size cap shows the 413 reason in the form, and the text stays in the textarea', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/b/main?lang=it`);
    const huge = 'x'.repeat(MAX_BODY_BYTES + 1000);
    await page.fill('#h-body', huge);
    const answer = page.waitForResponse((r) => r.url().includes('/messages'));
    await page.click('#post-form button[type=submit]');
    expect((await answer).status()).toBe(413);
    await page.locator('#post-form .error', { hasText: 'Troppo testo da inviare in una volta.' }).waitFor({ timeout: 3000 });
    expect((await page.inputValue('#h-body')).length).toBe(huge.length);
    expect(errors).toEqual([]);
  });

  it('a double click sends one message', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/b/main`);
    await page.fill('#h-body', 'double click test');
    await page.dblclick('#post-form button[type=submit]');
    await page.locator('#messages li', { hasText: 'double click test' }).waitFor({ timeout: 3000 });
    await page.waitForTimeout(500);
    expect(server.store.latest('main').filter((m) => m.body === 'double click test')).toHaveLength(1);
  });
});
