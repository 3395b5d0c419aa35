/** Issue 22, point 6: open boxes learn from their poll when slow mode starts and ends, not from a refused post. */
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

const FLOOD = { FLOOD_POSTS: '3', FLOOD_SLOW: '30' };
const pollerUrl = (html: string) => /<div id="poller" hx-get="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
const slowLine = (html: string) => /<p id="slow-mode"[^>]*>[^<]*<\/p>/.exec(html)?.[0] ?? '';

async function flood(t: ReturnType<typeof makeTestApp>) {
  for (let i = 0; i < 3; i++) expect((await t.post({ body: `wave ${i}` }, { ip: `192.0.2.${i + 1}` })).status).toBe(200);
}

describe('#slow-mode in the page and the polls', () => {
  it('the page shows an empty line, and a poller URL without slow=, while all is calm', async () => {
    const t = makeTestApp({ env: FLOOD });
    const html = await (await t.app.request('/b/main')).text();
    expect(slowLine(html)).toBe('<p id="slow-mode" role="status"></p>');
    expect(pollerUrl(html)).toBe('/b/main/feed?rev=0');
  });

  it('a box opened before the flood learns it from its next poll, in its language; then its polls are 204 again', async () => {
    const t = makeTestApp({ env: FLOOD });
    const page = await (await t.app.request('/b/main?lang=it')).text();
    const before = pollerUrl(page);
    expect(before).toBe('/b/main/feed?lang=it&rev=0');
    t.clock.advance(1_000);
    await flood(t);
    const since = t.clock.now();
    const until = since + 10 * 60_000;

    const res = await t.app.request(before);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      `<hx-partial hx-target="#slow-mode" hx-swap="outerMorph"><p id="slow-mode" data-until="${until}" data-seconds="30" role="status">` +
        'Modalità lenta attiva per qualche minuto: un messaggio ogni 30 secondi a testa.</p></hx-partial>',
    );
    const after = pollerUrl(html);
    expect(after).toBe(`/b/main/feed?lang=it&rev=3&slow=${since}`);
    // Up to date: the fast path before Hono and the route both say "no change".
    expect(t.poll.noChange('GET', after)).not.toBeNull();
    expect((await t.app.request(after)).status).toBe(204);
    // A page opened now shows it too, and polls with the epoch.
    const now = await (await t.app.request('/b/main?lang=it')).text();
    expect(slowLine(now)).toContain(`data-until="${until}"`);
    expect(pollerUrl(now)).toBe(after);
  });

  it('when slow mode ends, with no post at all, the next poll empties the line and drops the epoch', async () => {
    const t = makeTestApp({ env: FLOOD });
    await flood(t);
    const during = pollerUrl(await (await t.app.request('/b/main')).text());
    expect(during).toMatch(/&slow=\d+$/);
    expect((await t.app.request(during)).status).toBe(204);

    t.clock.advance(10 * 60_000 + 1);
    expect(t.poll.noChange('GET', during)).toBeNull(); // the fast path hands it on
    const res = await t.app.request(during);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<hx-partial hx-target="#slow-mode" hx-swap="outerMorph"><p id="slow-mode" role="status"></p></hx-partial>');
    const calm = pollerUrl(html);
    expect(calm).toBe('/b/main/feed?rev=3');
    expect(t.poll.noChange('GET', calm)).not.toBeNull();
    expect(slowLine(await (await t.app.request('/b/main')).text())).toBe('<p id="slow-mode" role="status"></p>');
  });

  it('the end moves while the flood goes on, and the polls carry it; ordinary polls carry no line', async () => {
    const t = makeTestApp({ env: FLOOD });
    const quiet = await t.post({ body: 'hello' });
    expect(await quiet.text()).not.toContain('slow-mode');
    const calmPoll = await (await t.app.request('/b/main/feed?rev=0')).text();
    expect(calmPoll).not.toContain('slow-mode');

    await flood(t);
    const url = pollerUrl(await (await t.app.request('/b/main')).text());
    t.clock.advance(60_000);
    for (let i = 0; i < 3; i++) await t.post({ body: `more ${i}` }, { ip: `198.51.100.${i + 20}` });
    const html = await (await t.app.request(url)).text();
    expect(slowLine(html)).toContain(`data-until="${t.clock.now() + 10 * 60_000}"`);
  });

  it("the post that starts slow mode tells its poster at once, in the answer to the post", async () => {
    const t = makeTestApp({ env: FLOOD });
    for (let i = 0; i < 2; i++) await t.post({ body: `wave ${i}` }, { ip: `192.0.2.${i + 1}` });
    const third = await (await t.post({ body: 'the third' }, { ip: '192.0.2.9', query: '?lang=de' })).text();
    expect(third).toContain('<hx-partial hx-target="#slow-mode" hx-swap="outerMorph"><p id="slow-mode" data-until=');
    expect(third).toContain('data-seconds="30" role="status">');
  });
});
