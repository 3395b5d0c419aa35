import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countLinks, splitLinks } from '../../src/posting/links.ts';
import { nameSkeleton } from '../../src/posting/names.ts';
import { checkPost, normaliseBody, normaliseName, renderBody, renderBodySanitised } from '../../src/posting/text.ts';
import { XSS_VECTORS } from '../support/xss-vectors.ts';
import { markupProblems } from '../support/markup-check.ts';

// Strings biased towards what breaks text pipelines: markup, schemes, entities, htmx
// attributes, invisible and direction characters, combining marks, emoji pieces, lone surrogates.
const PIECES = [
  '<', '>', '"', "'", '`', '&', '&amp;', '&lt;', '&#106;', '&#x3C;', '=', '/', '\\', ' ', '\n', '\r\n', '\t',
  '<script>', '</script>', '<img src=x onerror=alert(1)>', '<a href="', '">', '<svg', '<math>', '<!--', '-->', '<![CDATA[',
  'javascript:', 'JaVaScRiPt:', 'data:', 'vbscript:', 'http://', 'https://', 'https://a.example/', 'http://b.example/?x=1&y=2',
  'hx-get=', 'hx-on:click=', 'data-hx-post=', '<hx-partial hx-target="body">', '</hx-partial>', 'on', 'onerror=',
  ':)', ':D', '<3', 'XD', '(', ')', '.', ',', '@', 'https://u:p@c.example', '\u0430', '\uff45', '%65', '\u3164', '\u2800',
  '\u202e', '\u2066', '\u200b', '\u200d', '\u200c', '\ufeff', '\u0000', '\u0085', '\u2028', '\u00ad',
  '\u0301', '\u0336', '\u0489', 'e\u0301', '👍', '🏽', '👩‍💻', '🏴', '\u{E0067}', '\u{E007F}', '\ud800', '\udfff',
];
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)), maxLength: 80 }),
  fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme-ascii', maxLength: 4 })), { maxLength: 40 }).map((a) => a.join('')),
);

const RUNS = { numRuns: 1500 };

describe('text pipeline properties (fast-check)', () => {
  it('never throws, for any input', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (body, name) => {
        const b = normaliseBody(body);
        const n = normaliseName(name);
        checkPost(b, n, 280);
        nameSkeleton(name);
        countLinks(body);
        renderBody(b);
      }),
      RUNS,
    );
  });

  it('normalisation is idempotent', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        expect(normaliseBody(normaliseBody(s))).toBe(normaliseBody(s));
        expect(normaliseName(normaliseName(s))).toBe(normaliseName(s));
      }),
      RUNS,
    );
  });

  it('normalised text holds no controls, bidi controls, stray zero-width characters or zalgo stacks', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const b = normaliseBody(s);
        expect(b).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b\ufeff\u00ad]/);
        expect(b).not.toMatch(/[\p{Mn}\p{Me}]{5}/u);
        expect(normaliseName(s)).not.toMatch(/[\n\t]/);
      }),
      RUNS,
    );
  });

  it('rendered output holds no element or attribute outside the allowlist and no scheme but http(s)', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const html = renderBody(normaliseBody(s));
        expect(markupProblems(html)).toEqual([]);
        // Outside our own tags, no markup character survives unescaped.
        expect(html.replace(/<a href="[^"<>]*" rel="[^"<>]*" target="_blank">|<\/a>|<br \/>/g, '')).not.toMatch(/[<>]/);
      }),
      RUNS,
    );
  });

  it('what a visitor typed reads back exactly (nothing is silently dropped by the sanitiser), and a link shows where it goes', () => {
    const unescape = (h: string) => h.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    fc.assert(
      fc.property(hostileString, (s) => {
        const body = normaliseBody(s);
        const html = renderBody(body);
        // A link's text names the host it reaches (no user-info, punycode): it leads where its href does.
        for (const [, href, shown] of html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
          expect(new URL(unescape(shown!)).href).toBe(unescape(href!));
        }
        // Everything else reads back as typed.
        const text = unescape(html.replace(/<a [^>]*>[^<]*<\/a>/g, '\u{F0000}').replace(/<br \/>/g, '\n'));
        const typed = splitLinks(body).map((p) => (p.link && /^https?:$/i.test(URL.parse(p.text)?.protocol ?? '') ? '\u{F0000}' : p.text)).join('');
        // Only standalone emoticons may change (into emoji); compare with them put back.
        const emoji = /🙂|😀|😉|🙁|😛|😮|❤️|😢|😆/u;
        if (!emoji.test(text) && !emoji.test(body)) expect(text).toBe(typed);
      }),
      RUNS,
    );
  });

  // renderBody skips sanitize-html for a text without links: that is only right while the
  // sanitiser would have returned the very same characters.
  it('every text renders exactly as through the sanitiser (without links, it is skipped)', () => {
    const same = (s: string) => {
      const body = normaliseBody(s);
      expect(renderBody(body)).toBe(renderBodySanitised(body));
    };
    for (const v of XSS_VECTORS) same(v);
    same('it\'s "quoted" & <b>x</b> > y\nline :) <3 &amp; &#39; &lt;');
    fc.assert(fc.property(hostileString, (s) => same(s)), { numRuns: 5000 });
  });
});
