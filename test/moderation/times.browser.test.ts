/**
 * Times in the future as time.js shows them in a real browser: a ban ending tomorrow read
 * "Ends: now" (every future time did), the tooltip alone had the date.
 */
import { expect, it } from 'vitest';
import { describeBrowser, serverAndBrowser } from '../support/browser.ts';

const PASSWORD = 'browser-test-password';
const HOUR = 3_600_000;

describeBrowser('future times', () => {
  const t = serverAndBrowser({ ADMIN_PASSWORD: PASSWORD });

  it('the Bans page shows a ban ending tomorrow as tomorrow\'s date, one ending in 20 minutes as "in 20 min"', async () => {
    // The browser reads the real clock: the server's must agree for "tomorrow" to be tomorrow.
    t.server.clock.set(Date.now());
    const tomorrow = Date.now() + 24 * HOUR;
    t.server.store.ban('a'.repeat(43), 'day ban', tomorrow);
    t.server.store.ban('b'.repeat(43), 'short ban', Date.now() + 20 * 60_000 + 20_000);
    const page = await (await t.browser.newContext({ timezoneId: 'UTC' })).newPage();
    await page.goto(`${t.server.url}/admin/login`);
    await page.fill('#a-password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.server.url}/admin`);
    await page.goto(`${t.server.url}/admin/bans`);
    const ends = async (reason: string) => {
      const cell = page.locator('tr', { hasText: reason }).locator('td').nth(4).locator('time span[aria-hidden]');
      await cell.waitFor();
      return cell.textContent();
    };
    const day = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(tomorrow); // in the page's lang, as time.js
    const dayEnd = await ends('day ban');
    expect(dayEnd).not.toMatch(/now/i);
    expect(dayEnd).toContain(day);
    expect(await ends('short ban')).toMatch(/^in 20 min\.?$/);

    // Past times read as before, and "now" stays for the past only.
    const shown = await page.evaluate(async ([five, now]) => {
      const add = (ms: number) => {
        const t = document.createElement('time');
        t.setAttribute('datetime', new Date(ms).toISOString());
        document.body.append(t);
        return t;
      };
      const a = add(five!), b = add(now!);
      await new Promise((r) => setTimeout(r, 50)); // time.js renders added nodes (MutationObserver)
      return [a.querySelector('span')?.textContent, b.querySelector('span')?.textContent];
    }, [Date.now() - 5 * 60_000, Date.now() - 2000]);
    // (the box's short form for the past: "5m", as time.js writes it in the page's language)
    expect(shown).toEqual([new Intl.NumberFormat('en', { style: 'unit', unit: 'minute', unitDisplay: 'narrow' }).format(5), 'now']);
  });
});
