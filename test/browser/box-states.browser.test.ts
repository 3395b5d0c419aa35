/**
 * Issue 22, "states a person can see": the connection lost and found, Sending…, a failed post
 * kept with Retry, the first emoji tap, Send over the limit, slow mode's countdown, an old error
 * cleared by a new problem; and the keyboard: Enter sends, Shift+Enter and IME composition don't.
 * The server goes down and slows down for real: the browser talks to it through a TCP relay.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchBrowser, startServer, type RunningServer } from '../support/browser.ts';
import { switchProxy } from './switch-proxy.ts';

describeBrowser('the box: states a person can see, and the keyboard (issue 22)', () => {
  let browser: Browser;
  let server: RunningServer;
  let proxy: Awaited<ReturnType<typeof switchProxy>>;
  beforeAll(async () => {
    server = await startServer();
    proxy = await switchProxy(server.url);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await proxy?.close();
    await server?.close();
  });
  beforeEach(async () => {
    proxy.slow(0);
    await proxy.up();
  });

  const open = async (path = '/b/main', viewport = { width: 300, height: 480 }): Promise<Page> => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(`${proxy.url}${path}`);
    await page.waitForFunction(() => !document.getElementById('emoji-btn')!.hidden); // widget.js has run
    return page;
  };
  const bodies = () => server.store.latest('main').map((m) => m.body);
  /** Waits for the post's "Not sent… Retry" and checks the text was kept and Send is back; returns the error. */
  const notSent = async (page: Page, typed: string, timeout: number) => {
    const error = page.locator('#post-form .error');
    await error.waitFor({ timeout });
    expect(await error.textContent()).toContain('Not sent: the shoutbox could not be reached. Your text is kept.');
    expect(await page.inputValue('#h-body')).toBe(typed);
    expect(await page.locator('.send').textContent()).toBe('Send');
    return error;
  };

  it('one failed poll shows the connection line and greys the presence dot; the next good one hides it', async () => {
    const page = await open();
    expect(await page.locator('#conn').isVisible()).toBe(false);
    await proxy.down();
    await page.locator('#conn').waitFor({ state: 'visible', timeout: 15_000 }); // polls every second here
    expect(await page.textContent('#conn')).toBe('Can’t reach the shoutbox — retrying…');
    expect(await page.locator('.box').getAttribute('class')).toContain('offline');
    // The dot takes the muted text colour of its line (it is green while connected).
    const greyed = () => page.$eval('#here', (el) => getComputedStyle(el, '::before').backgroundColor === getComputedStyle(el).color);
    expect(await greyed()).toBe(true);
    await proxy.up();
    await page.locator('#conn').waitFor({ state: 'hidden', timeout: 15_000 });
    expect(await page.locator('.box').getAttribute('class')).not.toContain('offline');
    expect(await greyed()).toBe(false);
    await page.context().close();
  });

  it('while a post is in flight, Send is disabled and says "Sending…"; then the message shows and Send is back', async () => {
    const page = await open();
    proxy.slow(1200);
    await page.fill('#h-body', 'on a slow link');
    await page.click('.send');
    // Label and state read together: asked one after the other, the answer could come between.
    await expect.poll(() => page.$eval('.send', (b) => [b.textContent, (b as HTMLButtonElement).disabled])).toEqual(['Sending…', true]);
    expect(await page.locator('#emoji-btn').isDisabled()).toBe(false); // the old hx-disable hit this one
    await page.locator('#messages li', { hasText: 'on a slow link' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('.send').textContent()).toBe('Send');
    expect(await page.locator('.send').isDisabled()).toBe(false);
    await page.context().close();
  });

  it('a post that cannot reach the server keeps its text and offers Retry, which sends it', async () => {
    const page = await open();
    await page.fill('#h-body', 'sent while offline');
    await proxy.down();
    await page.click('.send');
    // A request already on a kept-alive connection may wait for htmx's 15 s timeout instead of a refusal.
    const error = await notSent(page, 'sent while offline', 20_000);
    await proxy.up();
    await error.locator('button', { hasText: 'Retry' }).click();
    await page.locator('#messages li', { hasText: 'sent while offline' }).waitFor({ timeout: 15_000 });
    expect(bodies()).toContain('sent while offline');
    await page.context().close();
  });

  it('offline at submit (navigator.onLine false): Retry shows at once, and a poll failing after it does not take it away', async () => {
    const page = await open();
    // Polls 30 s apart (a hidden tab), so the order is the test's own: the post fails first,
    // then a poll. (A failed poll clears old errors: it took "Not sent… Retry" too, leaving the
    // text with no way to send it; it did whenever the post failed before the next poll.)
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.fill('#h-body', 'typed while offline');
    await page.context().setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.click('.send');
    // htmx gives up on a request after 15 s (HTMX_CONFIG in http/layout.tsx): an error within 10 s
    // is the browser's own refusal, shown as it comes (about 0.2 s here), not that timeout.
    const error = await notSent(page, 'typed while offline', 10_000);
    // A poll now (as widget.js's timer fires it) fails too: the box knows it is offline, Retry
    // stays, and the connection line stays out of the way ("Not sent" already says it), so two
    // notices do not push the conversation out of a 480 px box.
    await page.evaluate(() => document.getElementById('poller')!.dispatchEvent(new CustomEvent('poll')));
    await page.locator('.box.offline').waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('#conn').isVisible()).toBe(false);
    expect(await error.locator('button', { hasText: 'Retry' }).isVisible()).toBe(true);
    await page.context().setOffline(false);
    await error.locator('button', { hasText: 'Retry' }).click();
    await page.locator('#messages li', { hasText: 'typed while offline' }).waitFor({ timeout: 15_000 });
    expect(bodies()).toContain('typed while offline');
    await page.context().close();
  });

  it('the first tap on the emoji button shows at once that the picker is coming', async () => {
    const page = await open();
    proxy.slow(1500);
    // What the button says right after the tap, read in the page by a click listener that runs
    // after widget.js's: asking later raced with the picker arriving on a slow machine.
    await page.evaluate(() => document.addEventListener('click', () => {
      const b = document.getElementById('emoji-btn')!;
      (window as unknown as { atTap: unknown }).atTap ??= [b.getAttribute('aria-busy'), b.classList.contains('loading')];
    }));
    await page.click('#emoji-btn');
    expect(await page.evaluate(() => (window as unknown as { atTap: unknown }).atTap)).toEqual(['true', true]);
    await page.locator('#emoji-panel .emoji').first().waitFor({ timeout: 10000 });
    expect(await page.getAttribute('#emoji-btn', 'aria-busy')).toBe(null);
    await page.context().close();
  });

  it('over the length limit Send is disabled and says why; back under, it is enabled', async () => {
    const page = await open();
    await page.fill('#h-body', 'x'.repeat(285));
    expect(await page.locator('.send').isDisabled()).toBe(true);
    expect(await page.textContent('#h-count')).toBe('5 characters too many');
    expect(await page.locator('#h-count').isVisible()).toBe(true);
    await page.fill('#h-body', 'x'.repeat(270));
    expect(await page.locator('.send').isDisabled()).toBe(false);
    await page.context().close();
  });

  it('slow mode as the poll announces it (#slow-mode): after one\'s own post, Send counts down data-seconds, disabled, then comes back', async () => {
    const page = await open();
    // What the poll answer swaps in (slow-mode.tsx): the sentence, the end, and the wait per post.
    const announce = () => page.evaluate(() => {
      const p = document.getElementById('slow-mode')!;
      p.textContent = 'Slow mode: one message every 8 s.';
      p.setAttribute('data-until', String(Date.now() + 60_000));
      p.setAttribute('data-seconds', '8');
      document.dispatchEvent(new CustomEvent('htmx:after:swap'));
    });
    await announce();
    const send = page.locator('.send');
    // Nobody waits before their first post: slow mode is per poster.
    expect(await send.isDisabled()).toBe(false);
    await page.fill('#h-body', 'before the wait');
    await page.click('.send');
    await page.locator('#messages li', { hasText: 'before the wait' }).waitFor({ timeout: 15_000 });
    await announce(); // the answer's form is new; the line stays on
    // The wait counts from the post's answer, so it must outlast the steps from there to here on
    // a loaded machine: 8 s, not 3 (with 3, a few slow steps left no countdown to see).
    await expect.poll(() => send.textContent()).toMatch(/^Wait [1-8] s$/);
    expect(await send.isDisabled()).toBe(true);
    // Back after the per-post wait, though slow mode itself lasts another minute.
    await expect.poll(() => send.textContent(), { timeout: 20_000 }).toBe('Send');
    expect(await send.isDisabled()).toBe(false);
    await page.context().close();
  });

  it('an old error is cleared when a new problem shows', async () => {
    const page = await open();
    await page.fill('#h-body', 'x'.repeat(300)); // longer than allowed: refused by the server
    // Past the client's check; enabled and clicked in one task, since a poll's swap in between
    // would disable Send again (formReady) and leave a separate click waiting.
    await page.$eval('.send', (b) => { (b as HTMLButtonElement).disabled = false; (b as HTMLButtonElement).click(); });
    await page.locator('#post-form .error').waitFor();
    await proxy.down();
    await page.locator('#conn').waitFor({ state: 'visible', timeout: 15_000 });
    expect(await page.locator('#post-form .error').count()).toBe(0);
    await page.context().close();
  });

  it('Enter sends; Shift+Enter makes a new line; Enter while an IME is composing does not send', async () => {
    const page = await open();
    const box = page.locator('#h-body');
    await box.click();
    await page.keyboard.type('first line');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line');
    // An IME picking characters sends Enter with isComposing (keyCode 229 in older browsers).
    for (const init of [{ isComposing: true }, { keyCode: 229 }]) {
      const sent = await box.evaluate((el, i) => el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true, ...i })), init);
      expect(sent).toBe(true); // not cancelled: the IME gets its Enter
    }
    expect(bodies()).not.toContain('first line\nsecond line');
    await page.keyboard.press('Enter');
    await page.locator('#messages li', { hasText: 'second line' }).waitFor({ timeout: 15_000 });
    expect(bodies()).toContain('first line\nsecond line');
    expect(await box.inputValue()).toBe('');
    await page.context().close();
  });

  it('without JavaScript the form still posts (name and message fields shown)', async () => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.goto(`${proxy.url}/b/main`);
    await page.fill('#h-name', 'Nojs');
    await page.fill('#h-body', 'posted without scripts');
    await Promise.all([page.waitForURL(/name=Nojs/), page.click('.send')]);
    expect(await page.locator('#messages li', { hasText: 'posted without scripts' }).count()).toBe(1);
    await page.context().close();
  });
});
