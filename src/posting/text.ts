/**
 * @module text
 * The one path from what a visitor typed to HTML:
 *   normalise → validate → (store plain text) → render: escape, autolink, emoticons, newlines,
 *   then sanitize-html with a tiny allowlist as the last guard.
 * Nothing else in Holler turns user text into markup.
 */
import { createRequire } from 'node:module';
import type sanitizeHtml from 'sanitize-html';
import { splitLinks } from './links.ts';
import { isReservedName } from './names.ts';
import { refusal, type Refusal } from './refusal.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const PLAIN = /^[\x20-\x7e\n]*$/;

/** Length as a person counts it: 👍🏽 or é is one, whatever its code units. */
export const graphemes = (s: string): number => {
  // Printable ASCII and line feeds are one grapheme each (no CR to pair, no marks to join): most
  // posts, counted without the segmenter.
  if (PLAIN.test(s)) return s.length;
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
};

/** The first `max` graphemes of `s` (a name cut to NAME_MAX never splits an emoji). */
export const firstGraphemes = (s: string, max: number): string => {
  let out = '';
  let n = 0;
  for (const { segment } of segmenter.segment(s)) {
    if (n++ === max) break;
    out += segment;
  }
  return out;
};

// Invisible or direction-changing characters that let a message hide or reorder text:
// C0/C1 controls (newline and tab are handled apart), bidi embeddings/overrides/isolates and
// marks, zero-width spaces, word joiners, BOM, soft hyphen, Mongolian vowel separator,
// interlinear annotations. ZWJ/ZWNJ are kept only inside words (emoji sequences, Persian).
const JUNK = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;
const STRAY_JOINERS = /(?<![^\s\u200c\u200d])[\u200c\u200d]+|[\u200c\u200d]+(?![^\s\u200c\u200d])|(?<=[\u200c\u200d])[\u200c\u200d]+/g;
// Unicode tag characters exist for flag sequences like 🏴 + tags; anywhere else they hide text.
const STRAY_TAGS = /(?<!\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0000}-\u{E007F}]/gu;
// Zalgo: stacks of combining marks overflow the line box. Real scripts need a few at most.
const MARK_STACK = /([\p{Mn}\p{Me}]{4})[\p{Mn}\p{Me}]+/gu;

// Fillers: characters that draw nothing yet are neither spaces nor controls, the classic way to
// post a blank-looking name or message: Hangul fillers (U+115F, U+1160, U+3164, U+FFA0), braille
// blank (U+2800), Khmer inherent vowels, the combining grapheme joiner, Khitan filler, musical
// null notehead and formatting controls, shorthand format controls. They read as a space, so
// they become one (a filler cannot glue "Ad" and "min" together unseen).
const FILLERS = /[\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0\u{16FE4}\u{1BCA0}-\u{1BCA3}\u{1D159}\u{1D173}-\u{1D17A}]/gu;
// What draws something: anything but whitespace and default-ignorable code points (variation
// selectors, joiners, tags: they only modify a visible neighbour).
const VISIBLE = /[^\s\p{Default_Ignorable_Code_Point}]/u;

/** Text with nothing visible counts as nothing: '' (refused as empty, or shown as Anonymous). */
const orNothing = (s: string): string => (VISIBLE.test(s) ? s : '');

function clean(s: string): string {
  return s
    .replace(JUNK, '')
    .replace(FILLERS, ' ')
    .replace(STRAY_TAGS, '')
    .normalize('NFC')
    .replace(STRAY_JOINERS, '')
    .replace(MARK_STACK, '$1');
}

/** Normalises a message body: idempotent, keeps line breaks, at most one blank line in a row. */
export function normaliseBody(input: string): string {
  return orNothing(
    clean(input.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/\t/g, ' '))
      .replace(/[^\S\n]+$/gm, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}

/** Normalises a display name: one line, single spaces. */
export function normaliseName(input: string): string {
  return orNothing(clean(input).replace(/\s+/g, ' ').trim());
}

export const NAME_MAX = 24;

/** The text rules of a post (normalised body and name). Staff may use the reserved names (names.ts). */
export function checkPost(body: string, author: string, maxLength: number, { staff = false } = {}): Refusal | null {
  if (!body) return refusal('empty');
  const length = graphemes(body);
  if (length > maxLength) return refusal('too_long', { max: maxLength, count: length });
  if (graphemes(author) > NAME_MAX) return refusal('name_too_long', { count: NAME_MAX });
  if (!staff && author && isReservedName(author)) return refusal('name_reserved');
  return null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

// Emoticons become emoji only when they stand alone, so "x:D" or "http://a:)" stay as typed.
const EMOTICONS: Record<string, string> = {
  ':)': '🙂', ':-)': '🙂', ':D': '😀', ':-D': '😀', ';)': '😉', ';-)': '😉', ':(': '🙁', ':-(': '🙁',
  ':P': '😛', ':-P': '😛', ':p': '😛', ':O': '😮', ':o': '😮', '<3': '❤️', ":'(": '😢', 'XD': '😆',
};
const EMOTICON_RE = new RegExp(
  `(?<=^|\\s)(${Object.keys(EMOTICONS).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=$|\\s|[.,!?])`,
  'g',
);

const LINK_REL = 'nofollow ugc noopener noreferrer';

// Scheme and authority of a typed link: what a reader takes for the host.
const AUTHORITY = /^(https?:)[/\\]*([^/\\?#]*)/i;

/**
 * The text of a link: as typed, but naming the host the browser will really reach, so the text
 * cannot pass one site off as another. No user-info ("https://trusted.example@evil.example/"
 * shows evil.example); an internationalised host in punycode (a Cyrillic look-alike of a Latin
 * name reads xn--…); full-width letters, percent-escapes and odd IP forms resolved. The path
 * and the rest stay as typed.
 */
function shownLink(raw: string, url: URL): string {
  const m = AUTHORITY.exec(raw);
  return m ? `${m[1]}//${url.host}${raw.slice(m[0].length)}` : url.href;
}

function linkHtml(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return escapeHtml(raw);
  } catch {
    return escapeHtml(raw);
  }
  // Credentials in a link only serve to disguise it: the browser is sent without them too.
  url.username = '';
  url.password = '';
  return `<a href="${escapeHtml(url.href)}" rel="${LINK_REL}" target="_blank">${escapeHtml(shownLink(raw, url))}</a>`;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'br'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
};

// Loaded at the first message rendered, not at start: sanitize-html's parser decodes its entity
// tables when loaded, a loop hot enough for V8's optimising compiler (some 7 MB of an idle server).
let sanitizer: ((html: string) => string) | undefined;
function sanitize(html: string): string {
  if (!sanitizer) {
    const lib = createRequire(import.meta.url)('sanitize-html') as typeof sanitizeHtml;
    const options = { ...SANITIZE, transformTags: { a: lib.simpleTransform('a', { rel: LINK_REL, target: '_blank' }) } };
    sanitizer = (h) => lib(h, options);
  }
  return sanitizer(html);
}

// How sanitize-html writes the text it parsed: &, < and > escaped, quotes as they are.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const withEmoji = (s: string) => s.replace(EMOTICON_RE, (e) => EMOTICONS[e] ?? e);

/** Stored plain text → safe HTML. Only message-body.tsx puts it in a page; the API and the Atom feed carry it as data. */
export function renderBody(text: string): string {
  const parts = splitLinks(text);
  // Without a link no markup is made from what was typed: only escaped text and line breaks, which
  // the sanitiser gives back character for character (text.property.test.ts compares the two for
  // every text it generates). Skipping it there saves a parser's run and some 11 KB of garbage per
  // message; it stays the last guard wherever a visitor's URL becomes an attribute.
  if (!parts.some((t) => t.link)) return withEmoji(text).replace(/[&<>]/g, (ch) => TEXT_ESCAPES[ch]!).replace(/\n/g, '<br />');
  return sanitisedHtml(parts);
}

/** The same through sanitize-html whatever the text: what renderBody must equal (and does, with links). */
export const renderBodySanitised = (text: string): string => sanitisedHtml(splitLinks(text));

function sanitisedHtml(parts: ReturnType<typeof splitLinks>): string {
  const html = parts
    .map((t) => (t.link ? linkHtml(t.text) : escapeHtml(withEmoji(t.text)).replace(/\n/g, '<br>')))
    .join('');
  return sanitize(html);
}
