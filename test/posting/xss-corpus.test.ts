import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseBody, renderBody } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';
import { markupProblems } from '../support/markup-check.ts';

export const XSS_VECTORS: string[] = JSON.parse(fs.readFileSync(new URL('../support/xss-vectors.json', import.meta.url), 'utf8')).vectors;

/** The inside of each message body on a widget page. */
const bodiesOf = (page: string) => [...page.matchAll(/<div class="body"[^>]*>([\s\S]*?)<\/div><\/li>/g)].map((m) => m[1]!);

describe('XSS regression corpus (test/fixtures/xss-vectors.json)', () => {
  it('holds at least 100 distinct vectors', () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length);
  });

  it.each(XSS_VECTORS.map((v, i) => [i, v] as const))('#%i renders inert: %s', (_i, vector) => {
    for (const links of [true, false]) {
      const html = renderBody(normaliseBody(vector), { links });
      expect(markupProblems(html)).toEqual([]);
    }
  });

  it('every vector posted through the app shows as text on the page, in the poll and in a refused form', async () => {
    const t = makeTestApp({ env: { RATE_BURST: '1000', RATE_INTERVAL: '0', MAX_LINKS: '50', FLOOD_POSTS: '0' } });
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const res = await t.post({ name: `v${i}`, body: vector }, { ip: `198.51.100.${i % 250}` });
      const html = await res.text();
      expect([200, 422]).toContain(res.status); // 422: longer than the board's 280 characters
      if (res.status === 422) {
        // The refused form gives the text back inside the textarea, escaped.
        const kept = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '';
        expect(kept).not.toMatch(/[<>]/);
      } else {
        const upserted = bodiesOf(html);
        expect(upserted).toHaveLength(1);
        expect(markupProblems(upserted[0]!)).toEqual([]);
      }
    }
    const posted = t.store.latest('main', 1000);
    expect(posted.length).toBeGreaterThan(100);
    const feed = await (await t.app.request('/b/main/feed?rev=1')).text();
    const bodies = bodiesOf(feed);
    expect(bodies.length).toBeGreaterThan(0);
    for (const b of bodies) expect(markupProblems(b)).toEqual([]);
    const page = await (await t.app.request('/b/main')).text();
    expect(bodiesOf(page)).toHaveLength(50);
    for (const b of bodiesOf(page)) expect(markupProblems(b)).toEqual([]);
  });
});
