/** Issue 22 (busy boards), in a real Chromium: slow mode reaches an open box by its poll, start and end. */
import { expect, it } from 'vitest';
import { describeBrowser, serverAndBrowser, watchErrors } from '../support/browser.ts';

describeBrowser('busy boards', () => {
  const t = serverAndBrowser({ FLOOD_POSTS: '3', FLOOD_SLOW: '30' });

  it('an open box shows slow mode when a flood starts it and clears it when it ends, with no post of its own', async () => {
    const ctx = await t.browser.newContext();
    const errors = await watchErrors(ctx);
    const page = await ctx.newPage();
    await page.goto(`${t.server.url}/b/main?lang=fr`);
    const line = page.locator('#slow-mode');
    expect(await line.textContent()).toBe('');
    // The live region must stay the same element (outerMorph), or screen readers may miss it.
    await page.evaluate(() => ((document.getElementById('slow-mode') as HTMLElement & { mark?: number }).mark = 1));

    for (let i = 0; i < 3; i++) await t.server.post({ body: `vague ${i}` }, { ip: `192.0.2.${i + 1}` });
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('Mode lent activé pour quelques minutes : un message toutes les 30 secondes par personne.');
    expect(Number(await line.getAttribute('data-until'))).toBe(t.server.clock.now() + 10 * 60_000);
    expect(await line.getAttribute('data-seconds')).toBe('30');
    expect(await page.evaluate(() => (document.getElementById('slow-mode') as HTMLElement & { mark?: number }).mark)).toBe(1);
    await expect.poll(() => page.getAttribute('#poller', 'hx-get')).toMatch(/&slow=\d+$/);

    t.server.clock.advance(10 * 60_000 + 1);
    await expect.poll(() => line.textContent(), { timeout: 10_000 }).toBe('');
    expect(await line.getAttribute('data-until')).toBeNull();
    expect(await page.evaluate(() => (document.getElementById('slow-mode') as HTMLElement & { mark?: number }).mark)).toBe(1);
    expect(errors).toEqual([]);
    await ctx.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`names are coloured per poster in the ${theme} theme; staff keep their green`, async () => {
      await t.server.post({ name: 'Ada', body: `hi from Ada ${theme}` }, { ip: '198.51.100.31' });
      t.server.store.addMessage({ board: 'main', author: 'Mod', body: `staff ${theme}`, poster: 'staff', staff: true });
      const ctx = await t.browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${t.server.url}/b/main?theme=${theme}`);
      const colours = await page.evaluate(() => {
        const of = (sel: string) => getComputedStyle(document.querySelector(sel)!).color;
        return { body: getComputedStyle(document.body).color, poster: of('#messages .author[class*=pc]'), staff: of('#messages .staff .author') };
      });
      expect(colours.poster).not.toBe(colours.body);
      expect(colours.poster).not.toBe(colours.staff);
      expect(colours.staff).toBe(theme === 'light' ? 'rgb(26, 127, 55)' : 'rgb(86, 211, 100)');
      await ctx.close();
    });
  }
});
