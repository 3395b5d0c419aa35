/**
 * @module text
 * The one path from what a visitor typed to HTML:
 *   normalise → validate → (store plain text) → render: escape, autolink, emoticons, newlines,
 *   then sanitize-html with a tiny allowlist as the last guard.
 * Nothing else in Holler turns user text into markup.
 */
import sanitizeHtml from 'sanitize-html';
import unhomoglyph from 'unhomoglyph';
import { splitLinks } from './links.ts';
import { refusal, type Refusal } from './refusal.ts';

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Length as a person counts it: 👍🏽 or é is one, whatever its code units. */
export const graphemes = (s: string): number => {
  let n = 0;
  for (const _ of segmenter.segment(s)) n++;
  return n;
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

function clean(s: string): string {
  return s
    .replace(JUNK, '')
    .replace(STRAY_TAGS, '')
    .normalize('NFC')
    .replace(STRAY_JOINERS, '')
    .replace(MARK_STACK, '$1');
}

/** Normalises a message body: idempotent, keeps line breaks, at most one blank line in a row. */
export function normaliseBody(input: string): string {
  return clean(input.replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n').replace(/\t/g, ' '))
    .replace(/[^\S\n]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Normalises a display name: one line, single spaces. */
export function normaliseName(input: string): string {
  return clean(input).replace(/\s+/g, ' ').trim();
}

export const NAME_MAX = 24;

// Names only a moderator may appear under, in the languages we ship. Compared by skeleton,
// so "Adm1n", "ADMIN", "Ádmin", Cyrillic "Аdmіn" and "adrnin" are refused too.
const RESERVED = ['admin', 'administrator', 'administrateur', 'amministratore', 'moderator', 'moderatore',
  'moderateur', 'mod', 'staff', 'holler', 'system', 'sistema', 'systeme', 'owner', 'root'];
// Digits and signs read as letters in names; TR39 maps only 0 and 1 (and to capitals).
const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };
const stripMarks = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');

/**
 * A visual skeleton for comparing names: the Unicode TR39 confusables mapping (the unhomoglyph
 * package carries Unicode's confusables.txt), with accents off, case folded and leetspeak read
 * as letters. Mapped before and after lowercasing, since lowercase forms have confusables of
 * their own ("m" looks like "rn").
 */
export function nameSkeleton(name: string): string {
  const once = unhomoglyph(stripMarks(name)).replace(/[013457@$!|]/g, (ch) => LEET[ch] ?? ch);
  return stripMarks(unhomoglyph(once.toLowerCase()).toLowerCase())
    .replace(/[^\p{L}]/gu, '')
    .replace(/i/g, 'l');
}
const RESERVED_SKELETONS = new Set(RESERVED.map(nameSkeleton));

/** The text rules of a post (normalised body and name). Staff may use the reserved names. */
export function checkPost(body: string, author: string, maxLength: number, { staff = false } = {}): Refusal | null {
  if (!body) return refusal('empty');
  const length = graphemes(body);
  if (length > maxLength) return refusal('too_long', { max: maxLength, count: length });
  if (graphemes(author) > NAME_MAX) return refusal('name_too_long', { count: NAME_MAX });
  if (!staff && author && RESERVED_SKELETONS.has(nameSkeleton(author))) return refusal('name_reserved');
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

function linkHtml(raw: string): string {
  let href: string;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return escapeHtml(raw);
    href = url.href;
  } catch {
    return escapeHtml(raw);
  }
  return `<a href="${escapeHtml(href)}" rel="${LINK_REL}" target="_blank">${escapeHtml(raw)}</a>`;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'br'],
  allowedAttributes: { a: ['href', 'rel', 'target'] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: LINK_REL, target: '_blank' }) },
};

/** Stored plain text → safe HTML. Only MessageBody (message-body.tsx) puts it in a page. */
export function renderBody(text: string): string {
  const html = splitLinks(text)
    .map((t) =>
      t.link
        ? linkHtml(t.text)
        : escapeHtml(t.text.replace(EMOTICON_RE, (e) => EMOTICONS[e] ?? e)).replace(/\n/g, '<br>'),
    )
    .join('');
  return sanitizeHtml(html, SANITIZE);
}
