import { expect, it } from 'vitest';
import { firstViewBytes } from '../../bench/support.ts';
import { makeTestApp } from '../support/app.ts';

// Issue 13 asks that the first view (widget page, its CSS and every script it loads, 50 messages)
// stay within 20 KB compressed; the bench reports the same number from a running server. It is
// 22.7 KB today (22,682 B: htmx alone is 12 KB, the gzip-spliced page 4.3 KB): this ratchet keeps it from
// growing until the page or its scripts shrink further (see CHANGELOG).
// Message ids are random, so the gzip size moves by a few bytes from run to run: the ratchet has
// 200 bytes of room over the 22,801 B measured after this round's merges.
const BUDGET = 23_000;
it('a first view of a 50-message board does not grow past its measured weight', async () => {
  const { app, store } = makeTestApp();
  for (let i = 0; i < 60; i++) {
    // The bench's seed messages: a name on two in three, a link and a smiley in each.
    store.addMessage({ board: 'main', author: i % 3 ? `Visitor ${i % 97}` : '', body: `Seed message ${i}: hello https://example.com/${i} :)`, poster: `p${i}` });
  }
  const bytes = await firstViewBytes('http://localhost', (url, init) => app.request(url, init));
  const urls = bytes.parts.map((p) => p.url.replace(/\.[\w-]{10}\./, '.'));
  // Everything the page loads is counted: the page, its CSS, htmx and our widget script.
  expect(urls).toEqual(expect.arrayContaining(['/b/main', '/assets/css.css', '/assets/htmx.js', '/assets/widget.js']));
  expect(bytes.parts.every((p) => p.encoding !== 'identity'), JSON.stringify(bytes.parts)).toBe(true);
  // messages.js (replies, own messages) is not part of it: widget.js loads it on first use.
  expect(urls.some((u) => u.startsWith('/assets/messages'))).toBe(false);
  expect(bytes.total, bytes.parts.map((p) => `${p.url} ${p.wire}`).join(', ')).toBeLessThanOrEqual(BUDGET);
});
