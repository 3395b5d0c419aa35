import { describe, expect, it } from 'vitest';
import { countLinks, scanLinks } from '../../src/posting/links.ts';
import { nameSkeleton } from '../../src/posting/names.ts';
import { checkPost, graphemes, normaliseBody, normaliseName, renderBody } from '../../src/posting/text.ts';

const REL = 'nofollow ugc noopener noreferrer';
// The only markup renderBody may produce: links with our rel/target, and line breaks.
const ALLOWED_TAG = new RegExp(`^(<a href="https?://[^"<>\\s]*" rel="${REL}" target="_blank">|</a>|<br />|<br>)$`);

const tagsOf = (html: string) => html.match(/<[^>]*>/g) ?? [];
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

// Hostile inputs: each must come out as inert text that reads exactly as typed.
const HOSTILE: Array<[string, string]> = [
  ['script tag', '<script>alert(1)</script>'],
  ['script with src', '<script src=//evil.example/x.js></script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['svg inside svg', '<svg><script>alert(1)</script></svg>'],
  ['iframe javascript', '<iframe src="javascript:alert(1)"></iframe>'],
  ['anchor javascript', '<a href="javascript:alert(1)">click</a>'],
  ['anchor data uri', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['bare javascript url', 'javascript:alert(document.cookie)'],
  ['entity-encoded javascript', '&#106;avascript:alert(1)'],
  ['hex entity tag', '&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;'],
  ['double-escaped lt', '&amp;lt;script&amp;gt;'],
  ['style expression', '<div style="background:url(javascript:alert(1))">x</div>'],
  ['body onload', '<body onload=alert(1)>'],
  ['input autofocus onfocus', '<input autofocus onfocus=alert(1)>'],
  ['details ontoggle', '<details open ontoggle=alert(1)>'],
  ['math namespace confusion', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'],
  ['comment breakout', '<!--<img src="--><img src=x onerror=alert(1)//">'],
  ['cdata', '<![CDATA[<script>alert(1)</script>]]>'],
  ['htmx hx-get', '<div hx-get="/admin" hx-trigger="load">x</div>'],
  ['htmx hx-on:click', '<button hx-on:click="alert(1)">x</button>'],
  ['htmx hx-on::before-request', '<b hx-on::before-request="fetch(\'//evil.example\')">x</b>'],
  ['htmx data-hx-post', '<span data-hx-post="/b/main/messages" data-hx-trigger="every 1s">x</span>'],
  ['htmx hx-partial tag', '<hx-partial hx-target="body" hx-swap="innerHTML"><h1>owned</h1></hx-partial>'],
  ['htmx template hx', '<template hx type="partial" hx-target="body">x</template>'],
  ['htmx attribute as plain text', 'try hx-get="/admin" hx-trigger=load'],
  ['quote breakout in link', 'https://example.com/"onmouseover="alert(1)'],
  ['angle breakout in link', 'https://example.com/<script>alert(1)</script>'],
  ['link with javascript in query', 'https://example.com/?u=javascript:alert(1)'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['base href', '<base href="https://evil.example/">'],
  ['form action', '<form action="https://evil.example"><button>go</button></form>'],
  ['object data', '<object data="javascript:alert(1)"></object>'],
  ['unclosed tag', '<img src=x onerror=alert(1)'],
  ['null byte split', '<scr\u0000ipt>alert(1)</script>'],
  ['backtick attribute', '<img src=`x` onerror=`alert(1)`>'],
  ['uppercase SCRIPT', '<SCRIPT>alert(1)</SCRIPT>'],
  ['protocol-relative link text', '//evil.example/x'],
];

describe('renderBody: hostile input stays text', () => {
  it.each(HOSTILE)('%s', (_name, input) => {
    const body = normaliseBody(input);
    const html = renderBody(body);
    for (const tag of tagsOf(html)) expect(tag).toMatch(ALLOWED_TAG);
    expect(html).not.toMatch(/<[^>]*\s(on\w+|style|hx-[\w:-]*|data-hx-[\w:-]*)\s*=/i);
    expect(textOf(html)).toBe(body); // shown as typed, escaped, not dropped
  });

  // The checks above must be able to fail: each rejects what renderBody would be wrong to let through.
  it.each([
    '<script>x</script>', '<a href="https://x.example" onclick="y">', '<a href="javascript:x">', '<b hx-get="/admin">',
    `<a href="https://x.example" rel="${REL}" target="_top">`, '<br style="x">',
  ])('the tag check refuses %s', (tag) => expect(tag).not.toMatch(ALLOWED_TAG));
  it('the text check notices a dropped character', () => expect(textOf('a&lt;b')).not.toBe('ab'));
});

describe('renderBody: formatting', () => {
  it.each([
    ['plain text', 'hello world', 'hello world'],
    ['escapes markup characters', `a < b & c > "d" 'e'`, 'a &lt; b &amp; c &gt; "d" \'e\''],
    ['links http(s) with rel and new tab', 'see https://example.com/a?b=1&c=2.', `see <a href="https://example.com/a?b=1&amp;c=2" rel="${REL}" target="_blank">https://example.com/a?b=1&amp;c=2</a>.`],
    ['keeps a balanced parenthesis', 'https://en.wikipedia.org/wiki/Foo_(bar))', `<a href="https://en.wikipedia.org/wiki/Foo_(bar)" rel="${REL}" target="_blank">https://en.wikipedia.org/wiki/Foo_(bar)</a>)`],
    ['does not link other schemes', 'ftp://example.com mailto:a@b.c', 'ftp://example.com mailto:a@b.c'],
    ['emoticons become emoji', 'hi :) :D ;) <3', 'hi 🙂 😀 😉 ❤️'],
    ['emoticons only when standalone', 'x:D a:)', 'x:D a:)'],
    ['newlines become breaks', 'one\ntwo', 'one<br />two'],
  ])('%s', (_name, input, expected) => {
    expect(renderBody(input)).toBe(expected);
  });

  it('counts links', () => {
    expect(countLinks('a https://x.example b http://y.example c')).toBe(2);
    expect(countLinks('no links here')).toBe(0);
  });

  it('finds what reads as an address for boards without links, from the same split', () => {
    expect(scanLinks('see https://x.example and www.y.example')).toEqual({ links: 1, any: true });
    for (const text of ['www.example', 'ftp://files', 'shop.example.com', 'visit mysite.io']) expect(scanLinks(text)).toEqual({ links: 0, any: true });
    for (const text of ['version 1.2', 'e.g. this', 'no links here']) expect(scanLinks(text)).toEqual({ links: 0, any: false });
  });
});

describe('normalise', () => {
  it.each([
    ['trims and keeps inner lines', '  hi\r\nthere  \n', 'hi\nthere'],
    ['collapses blank lines', 'a\n\n\n\n\nb', 'a\n\nb'],
    ['drops C0/C1 controls', 'a\u0000b\u0007c\u009bd', 'abcd'],
    ['drops bidi overrides and isolates', 'abc\u202Eevil\u202C\u2066x\u2069', 'abcevilx'],
    ['drops zero-width junk', 'a\u200Bb\uFEFFc\u2060d\u00ADe', 'abcde'],
    ['keeps ZWJ inside emoji sequences', '👩\u200D💻', '👩\u200D💻'],
    ['drops stray joiners', '\u200Dhi\u200D \u200C', 'hi'],
    ['composes to NFC', 'e\u0301', '\u00E9'],
    ['caps zalgo mark stacks', 'a' + '\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307'.repeat(4), '\u00E0\u0301\u0302\u0303\u0304'], // NFC composes à, then 4 marks stay
    ['tabs become spaces', 'a\tb', 'a b'],
  ])('%s', (_name, input, expected) => {
    expect(normaliseBody(input)).toBe(expected);
    expect(normaliseBody(expected)).toBe(expected); // idempotent
  });

  it('names are one line with single spaces', () => {
    expect(normaliseName('  Ann \n  Marie\u202E ')).toBe('Ann Marie');
  });
});

describe('checkPost', () => {
  it.each([
    ['empty', '', '', { code: 'empty' }],
    ['at the limit', 'x'.repeat(10), '', null],
    ['over the limit', 'x'.repeat(11), '', { code: 'too_long', params: { max: 10, count: 11 } }],
    ['counts graphemes, not code units', '👍🏽'.repeat(10), '', null],
    ['long name', 'hi', 'n'.repeat(25), { code: 'name_too_long', params: { count: 24 } }],
    ['reserved name', 'hi', 'Admin', { code: 'name_reserved' }],
    ['reserved look-alike', 'hi', 'M0d3rat0r', { code: 'name_reserved' }],
    ['reserved with accents', 'hi', 'Ádmín', { code: 'name_reserved' }],
    ['ordinary name', 'hi', 'Giulia', null],
  ])('%s', (_name, body, author, expected) => {
    const problem = checkPost(body, author, 10);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatchObject(expected);
  });

  it('staff may use the reserved names, not longer texts or names', () => {
    expect(checkPost('hi', 'Admin', 10, { staff: true })).toBeNull();
    expect(checkPost('x'.repeat(11), 'Admin', 10, { staff: true })?.code).toBe('too_long');
    expect(checkPost('hi', 'n'.repeat(25), 10, { staff: true })?.code).toBe('name_too_long');
  });

  it('graphemes counts what a person sees', () => {
    expect(graphemes('👩‍💻é')).toBe(2);
    // The plain-ASCII shortcut agrees with the segmenter, and leaves CR LF (one grapheme) to it.
    const segmented = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;
    for (const s of ['', 'hello world', 'two\nlines\n\n', '~!@#$%^&*()_+{}|:"<>?`-=[]\\;\',./', 'a\r\nb', 'e\u0301']) expect(graphemes(s)).toBe(segmented(s));
    expect(graphemes('a\r\nb')).toBe(3);
    expect(nameSkeleton('ADM1N')).toBe(nameSkeleton('admin'));
  });
});

describe('firstGraphemes', () => {
  it('cuts a name to NAME_MAX as a person counts, never inside an emoji', async () => {
    const { firstGraphemes, graphemes, NAME_MAX } = await import('../../src/posting/text.ts');
    const family = '👨‍👩‍👧';
    const cut = firstGraphemes(family.repeat(30), NAME_MAX);
    expect(graphemes(cut)).toBe(NAME_MAX);
    expect(cut).toBe(family.repeat(NAME_MAX));
    expect(firstGraphemes('Zoé', NAME_MAX)).toBe('Zoé');
    // The no-JS redirect's name comes back whole too (it was cut in UTF-16 units before).
    const { makeTestApp } = await import('../support/app.ts');
    const html = await (await makeTestApp().app.request(`/b/main?name=${encodeURIComponent(family.repeat(30))}`)).text();
    expect(html).toContain(`value="${family.repeat(NAME_MAX)}"`);
  });
});
