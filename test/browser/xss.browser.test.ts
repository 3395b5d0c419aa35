import { expect, it } from 'vitest';
import { describeBrowser, serverAndBrowser } from '../support/browser.ts';
import { FIRST_VIEW } from '../../src/store/store.ts';
import { XSS_VECTORS as VECTORS } from '../support/xss-vectors.ts';

describeBrowser('XSS corpus posted in a real browser', () => {
  const t = serverAndBrowser({ MAX_LINKS: '50', FLOOD_POSTS: '0', RATE_BURST: '1000' });

  it('runs no script, opens no dialog, logs no error and requests nothing foreign or unexpected', async () => {
    const context = await t.browser.newContext();
    const foreign: string[] = [];
    const unexpected: string[] = [];
    const dialogs: string[] = [];
    const errors: string[] = [];
    // Every request the page makes must be one the widget itself makes.
    await context.route('**/*', (route) => {
      const req = route.request();
      const url = new URL(req.url());
      if (url.origin !== t.server.url) {
        foreign.push(req.url());
        return route.abort();
      }
      const htmx = req.headers()['hx-request'] === 'true';
      const ok =
        (req.method() === 'GET' && url.pathname === '/b/main' && !htmx) ||
        (req.method() === 'GET' && url.pathname.startsWith('/assets/')) ||
        (req.method() === 'POST' && url.pathname === '/b/main/messages' && htmx) ||
        (req.method() === 'GET' && url.pathname === '/b/main/feed' && /^\?rev=\d+$/.test(url.search) && htmx) ||
        (req.method() === 'POST' && url.pathname === '/b/main/here' && /^\?id=[a-z0-9]{12}(&leave=1)?$/.test(url.search) && !htmx);
      if (!ok) unexpected.push(`${req.method()} ${url.pathname}${url.search} hx=${htmx}`);
      return route.continue();
    });
    const watch = async () => {
      const p = await context.newPage();
      p.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      p.on('pageerror', (e) => errors.push(String(e)));
      // Chromium logs every 4xx answer as a console error; our refusals (409/422) are expected.
      p.on('console', (m) => {
        if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (409|422) /.test(m.text())) errors.push(m.text());
      });
      await p.goto(`${t.server.url}/b/main`);
      return p;
    };

    // One visitor posts the whole corpus through the real form (htmx submit, swap, fresh
    // token each time); a second one only watches, so every vector also arrives by poll.
    const page = await watch();
    const watcher = await watch();
    const statuses: number[] = [];
    // The posts' answers only (after the first post, widget.js also loads /assets/messages.*.js).
    page.on('response', (r) => new URL(r.url()).pathname === '/b/main/messages' && statuses.push(r.status()));
    // Driven from inside the page (one round trip, not six per vector): the machine is shared.
    await page.evaluate(async (vectors) => {
      const $ = <T extends Element>(sel: string) => document.querySelector(sel) as T;
      for (const [i, v] of vectors.entries()) {
        const before = $<HTMLInputElement>('input[name=token]').value;
        // Ready for the next post once htmx has initialised the swapped-in form (fresh token).
        const ready = new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no answer to vector #${i}`)), 15_000);
          const onInit = (e: Event) => {
            const form = e.target as Element;
            if (form.id !== 'post-form' || form.querySelector<HTMLInputElement>('input[name=token]')?.value === before) return;
            document.removeEventListener('htmx:after:init', onInit);
            clearTimeout(timer);
            resolve();
          };
          document.addEventListener('htmx:after:init', onInit);
        });
        $<HTMLInputElement>('#h-name').value = `v${i}`;
        $<HTMLTextAreaElement>('#h-body').value = v;
        $<HTMLFormElement>('#post-form').requestSubmit();
        await ready;
      }
    }, VECTORS);
    expect(statuses).toHaveLength(VECTORS.length);
    // 422: longer than 280 characters; 409: a case variant of an earlier vector (duplicate guard).
    expect(statuses.filter((s) => ![200, 409, 422].includes(s))).toEqual([]);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(100);
    // Let both pollers (1 s here) run at least once more after the last post.
    await Promise.all([page, watcher].map((p) => p.waitForResponse((r) => r.url().includes('/feed'))));
    // The watcher's list fills by its polls (swapped in after their answers): a condition, not a sleep.
    await expect.poll(() => watcher.locator('#messages li').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(50);
    await page.reload();

    const dom = await page.evaluate(() => {
      const bad: string[] = [];
      for (const el of document.querySelectorAll('#messages .body *')) {
        if (!['A', 'BR'].includes(el.tagName)) bad.push(`<${el.tagName}>`);
        for (const attr of el.getAttributeNames()) {
          if (!['href', 'rel', 'target'].includes(attr)) bad.push(`${el.tagName} ${attr}`);
        }
        if (el instanceof HTMLAnchorElement && !/^https?:$/.test(new URL(el.href).protocol)) bad.push(`href ${el.href}`);
      }
      return { bad, shown: document.querySelectorAll('#messages li').length, pwned: (window as unknown as { __pwned?: unknown }).__pwned };
    });
    expect(dom.shown).toBe(FIRST_VIEW); // the page's first 30; the archive shows the rest (the in-process corpus test reads them all)
    expect(dom.bad).toEqual([]);
    expect(dom.pwned).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    expect(unexpected).toEqual([]);
    await context.close();
  }, 120_000);
});
