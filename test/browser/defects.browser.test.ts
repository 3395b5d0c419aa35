/**
 * Issue 13's defects, each as a visitor or site owner meets it in Chromium: D3 right-to-left
 * messages in a left-to-right widget, D4 the focus ring on a light accent, D5 the counter after
 * a refused post, D8 a visible "Pinned" label, D9 an unknown board's hint in its embed frame,
 * D16 a board closed (and reopened) under an open widget, D18 relative recent times with the
 * exact time as tooltip and for screen readers, D19 the landing page's /admin link and
 * PUBLIC_URL warning, D20 the accent text colour from ?accent_fg= and data-accent-fg.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeBrowser, launchBrowser, startHostPage, startServer, watchErrors, type RunningServer } from '../support/browser.ts';

const HOST_HTML = (holler: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A blog</title></head><body>
  <div id="box-accent"><script src="${holler}/embed.js" data-board="main" data-accent="#ffeb3b" data-accent-fg="#1b1f24" async></script></div>
  <div id="box-typo"><script src="${holler}/embed.js" data-board="mian" async></script></div>
</body></html>`;

describeBrowser('the defects of issue 13 stay fixed', () => {
  let browser: Browser;
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
    server.store.addMessage({ board: 'main', author: 'Ann', body: 'Hello there', poster: 'p' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('D3: in an English widget, an Arabic message and name are laid out right to left, English ones left to right', async () => {
    server.store.addMessage({ board: 'main', author: 'سارة', body: 'مرحبا بالجميع! أراكم يوم الجمعة', poster: 'p' });
    const page = await (await browser.newContext({ viewport: { width: 360, height: 480 } })).newPage();
    await page.goto(`${server.url}/b/main`);
    const dir = (sel: string) => page.$eval(sel, (el) => getComputedStyle(el).direction);
    const arabic = page.locator('#messages li', { hasText: 'مرحبا' });
    expect(await arabic.locator('.body').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    expect(await arabic.locator('.author').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    // Its text starts at the right edge of the message.
    const [text, li] = await arabic.evaluate((el) => {
      const r = document.createRange();
      r.selectNodeContents(el.querySelector('.body')!);
      return [r.getBoundingClientRect().right, el.getBoundingClientRect().right];
    });
    expect(li - text).toBeLessThan(80); // the floated Reply link may sit beside it
    expect(await page.locator('#messages li', { hasText: 'Hello there' }).locator('.body').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    expect(await dir('html')).toBe('ltr');
    await page.context().close();
  });

  it('D4: the focus ring stays visible on a light accent (two tones: text colour around the background colour)', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/b/main?accent=ffeb3b`);
    await page.focus('#h-body');
    await page.keyboard.press('Tab'); // to the emoji button, then Send: focus by keyboard shows the ring
    await page.keyboard.press('Tab');
    const [bg, outline, width, shadow] = await page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement!);
      return [cs.backgroundColor, cs.outlineColor, cs.outlineWidth, cs.boxShadow];
    });
    expect(bg).toBe('rgb(255, 235, 59)'); // the Send button, in the accent
    expect(width).toBe('2px');
    // WCAG contrast of the ring against the accent it surrounds: at least 3:1 (it was 1.2:1).
    const lum = (c: string) => {
      const [r, g, b] = c.match(/\d+/g)!.slice(0, 3).map((v) => Number(v) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const ratio = (a: string, b: string) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x! + 0.05) / (y! + 0.05); };
    expect(ratio(outline, bg)).toBeGreaterThanOrEqual(3);
    expect(shadow).toContain('rgb(255, 255, 255)'); // the inner tone, for dark accents
    await page.context().close();
  });

  it('D5: after a refused post the text stays and so does its character counter', async () => {
    const main = server.store.getBoard('main')!;
    // Issue 22: the counter shows near the limit only (a 30-character board: 7 left).
    server.store.updateBoard('main', { ...main, linksAllowed: false, maxLength: 30 });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/b/main`);
    const text = 'see https://example.org';
    await page.fill('#h-body', text);
    expect(await page.textContent('#h-count')).toBe('7 characters left');
    await page.click('#post-form button[type=submit]');
    await page.locator('#post-form .error').waitFor();
    expect(await page.inputValue('#h-body')).toBe(text);
    expect(await page.locator('#h-count').isVisible()).toBe(true);
    expect(await page.textContent('#h-count')).toBe('7 characters left');
    server.store.updateBoard('main', main);
    await page.context().close();
  });

  it('D8: a pinned message carries a visible "Pinned" label', async () => {
    const m = server.store.addMessage({ board: 'main', author: 'Mod', body: 'House rules: be kind', poster: 'p' });
    server.store.setPinned(m.id, true);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/b/main`);
    // Issue 22: a slim line with a pin icon; tapped, it opens with its label.
    const line = page.locator('#pinned li', { hasText: 'House rules' }).locator('summary');
    expect(await line.locator('svg.i').isVisible()).toBe(true);
    await line.click();
    const label = page.locator('#pinned li', { hasText: 'House rules' }).locator('.badge.pin');
    expect(await label.isVisible()).toBe(true);
    expect(await label.textContent()).toBe('Pinned');
    const box = (await label.boundingBox())!;
    expect(box.width).toBeGreaterThan(20); // seen, not only read out
    server.store.setPinned(m.id, false);
    await page.context().close();
  });

  it('D16: an open widget learns at its next poll that its board closed, and that it opened again', async () => {
    const ctx = await browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main`);
    await page.locator('#h-body').waitFor();
    const main = server.store.getBoard('main')!;
    server.store.updateBoard('main', { ...main, closed: true });
    const closed = page.locator('#post-form.closed');
    await closed.waitFor({ timeout: 15_000 });
    expect(await closed.textContent()).toBe('This shoutbox is closed: new messages are not accepted.');
    expect(await page.locator('#h-body').count()).toBe(0);
    server.store.updateBoard('main', main);
    await page.locator('#h-body').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it('D18: recent times are relative, with the exact time as tooltip and for screen readers (Rome, Italian)', async () => {
    // The browser's clock is the real one: put the messages just before it. "5min" is 4.5 to 5.5
    // minutes (rounded): at 4 min 35 s back, it holds for the 55 s this test may take to show it
    // on a loaded machine (at exactly 5 min it held for 30 s).
    const now = Date.now();
    const fiveAgo = now - 5 * 60_000 + 25_000;
    server.clock.set(fiveAgo);
    server.store.addMessage({ board: 'main', author: 'Ann', body: 'five minutes ago', poster: 'p' });
    server.clock.set(now - 5_000);
    server.store.addMessage({ board: 'main', author: 'Ann', body: 'just now', poster: 'p' });
    const ctx = await browser.newContext({ timezoneId: 'Europe/Rome', locale: 'it-IT' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/b/main?lang=it`);
    const time = (body: string) => page.locator('#messages li', { hasText: body }).locator('time');
    const rel = new Intl.RelativeTimeFormat('it', { numeric: 'auto', style: 'short' });
    // Issue 22: minutes as short as they go ("5min"), so a message's line stays one line.
    const mins = await page.evaluate(() => new Intl.NumberFormat('it', { style: 'unit', unit: 'minute', unitDisplay: 'narrow' }).format(5)); // the browser's ICU
    await expect.poll(() => time('five minutes ago').locator('[aria-hidden=true]').textContent()).toBe(mins);
    expect(await time('just now').locator('[aria-hidden=true]').textContent()).toBe(rel.format(0, 'second'));
    // The exact time, in Rome's clock: as a tooltip, and as the only text a screen reader gets.
    const exact = new Intl.DateTimeFormat('it', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' }).format(fiveAgo);
    const title = (await time('five minutes ago').getAttribute('title'))!;
    expect(title).toContain(exact);
    expect(title).toContain(String(new Date(fiveAgo).getFullYear()));
    expect(await time('five minutes ago').locator('.sr-only').textContent()).toBe(title);
    await ctx.close();
  });

  it('D19: the landing page links to /admin and warns that its snippets use the typed address without PUBLIC_URL', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}/`);
    expect(await page.locator('a[href="/admin"]').isVisible()).toBe(true);
    const warning = page.locator('.notice-line', { hasText: 'PUBLIC_URL' });
    expect(await warning.isVisible()).toBe(true);
    expect(await warning.locator('code').textContent()).toBe(server.url);
    await page.context().close();
    const configured = await startServer({ PUBLIC_URL: 'https://chat.example.org' });
    const p2 = await (await browser.newContext()).newPage();
    await p2.goto(`${configured.url}/`);
    expect(await p2.locator('.notice-line', { hasText: 'PUBLIC_URL' }).count()).toBe(0);
    expect(await p2.locator('a[href="/admin"]').isVisible()).toBe(true);
    await p2.context().close();
    await configured.close();
  });

  it('D20 and D9 through embed.js: the owner\'s accent text colour; a mistyped board explains itself in a full-size frame', async () => {
    const host = await startHostPage(HOST_HTML, server.url);
    const page = await (await browser.newContext({ viewport: { width: 420, height: 1200 } })).newPage();
    await page.goto(host.url);
    const button = page.frameLocator('#box-accent iframe').locator('#post-form button[type=submit]');
    await button.waitFor();
    // The contrast rule alone would give black on #ffeb3b; the owner asked for #1b1f24.
    expect(await button.evaluate((b) => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color])).toEqual(['rgb(255, 235, 59)', 'rgb(27, 31, 36)']);
    const typo = page.frameLocator('#box-typo iframe');
    const hint = typo.locator('main', { hasText: 'data-board' });
    await hint.waitFor();
    expect(await hint.textContent()).toContain('“mian”');
    expect(await hint.textContent()).toContain('/admin');
    expect(await page.$eval('#box-typo iframe', (f) => f.getBoundingClientRect().height)).toBe(480);
    // Nothing cut off: the hint fits in the frame.
    expect(await typo.locator('html').evaluate((h) => h.scrollHeight <= h.clientHeight)).toBe(true);
    await page.context().close();
    await host.close();
    // Without a chosen text colour, the contrast rule picks black on this light accent.
    const p2 = await (await browser.newContext()).newPage();
    await p2.goto(`${server.url}/b/main?accent=ffeb3b`);
    expect(await p2.$eval('#post-form button[type=submit]', (b) => getComputedStyle(b).color)).toBe('rgb(0, 0, 0)');
    await p2.context().close();
  });
});
