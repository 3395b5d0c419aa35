import { describe, expect, it } from 'vitest';
import { normaliseBody, renderBody } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';
import { FIRST_VIEW, PAGE_SIZE } from '../../src/store/store.ts';
import { markupProblems } from '../support/markup-check.ts';
import { XSS_VECTORS } from '../support/xss-vectors.ts';

/** The inside of each message body on a widget page. */
const bodiesOf = (page: string) => [...page.matchAll(/<div class="body"[^>]*>([\s\S]*?)<\/div><span class="tail">/g)].map((m) => m[1]!);

describe('XSS regression corpus (test/fixtures/xss-vectors.json)', () => {
  it('holds no vector twice', () => expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length));

  // The corpus passes only if the check can fail: it must name what unsafe rendering would let through.
  it.each([
    ['<script>alert(1)</script>', 'element <script>'],
    ['<a href="https://x.example" rel="nofollow ugc noopener noreferrer" target="_blank" onclick="x">x</a>', 'attribute onclick on <a>'],
    ['<a href="javascript:alert(1)">x</a>', 'href scheme javascript: (javascript:alert(1))'],
    ['<br hx-get="/admin">', 'attribute hx-get on <br>'],
    ['<a href="https://x.example" rel="opener">x</a>', 'rel="opener"'],
    ['<!-- x -->', 'comment'],
  ])('the check finds the problem in %s', (html, problem) => expect(markupProblems(html)).toContain(problem));

  it.each(XSS_VECTORS.map((v, i) => [i, v] as const))('#%i renders inert: %s', (_i, vector) => {
    expect(markupProblems(renderBody(normaliseBody(vector)))).toEqual([]);
  });

  it('every vector posted through the app shows as text on the page, in the poll and in a refused form', async () => {
    const t = makeTestApp({ env: { RATE_BURST: '1000', RATE_INTERVAL: '0', MAX_LINKS: '50', FLOOD_POSTS: '0' } });
    let accepted = 0;
    for (const [i, vector] of XSS_VECTORS.entries()) {
      const res = await t.post({ name: `v${i}`, body: vector }, { ip: `198.51.100.${i % 250}` });
      const html = await res.text();
      expect([200, 422]).toContain(res.status); // 422: longer than the board's 280 characters
      if (res.status === 422) {
        // The refused form gives the text back inside the textarea, escaped.
        const kept = /<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? '';
        expect(kept).not.toMatch(/[<>]/);
      } else {
        accepted++;
        const upserted = bodiesOf(html);
        expect(upserted).toHaveLength(1);
        expect(markupProblems(upserted[0]!)).toEqual([]);
      }
    }
    expect(t.store.latest('main', 1000)).toHaveLength(accepted);
    const feed = await (await t.app.request('/b/main/feed?rev=1')).text();
    const bodies = bodiesOf(feed);
    // Everything after rev 1; more than a page of changes re-renders the widget's first page.
    expect(bodies).toHaveLength(accepted - 1 > PAGE_SIZE ? FIRST_VIEW : accepted - 1);
    for (const b of bodies) expect(markupProblems(b)).toEqual([]);
    const page = await (await t.app.request('/b/main')).text();
    expect(bodiesOf(page)).toHaveLength(Math.min(accepted, FIRST_VIEW));
    for (const b of bodiesOf(page)) expect(markupProblems(b)).toEqual([]);
    // And every one of them on the archive pages, older ones included.
    let shown = 0;
    for (let before = Number.MAX_SAFE_INTEGER; ; ) {
      const html = await (await t.app.request(`/b/main/archive?before=${before}`)).text();
      for (const b of bodiesOf(html)) expect(markupProblems(b)).toEqual([]);
      shown += bodiesOf(html).length;
      const next = /archive\?before=(\d+)/.exec(html);
      if (!next) break;
      before = Number(next[1]);
    }
    expect(shown).toBe(accepted);
  });
});
