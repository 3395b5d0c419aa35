/** What a person perceives on a page, for the "no English" tests. */
import type { Plural } from '../../src/i18n/i18n.ts';

const SPOKEN_ATTRS = ['aria-label', 'title', 'placeholder', 'alt', 'data-tpl', 'data-left', 'data-over', 'data-done', 'data-fail'];

/** What a visitor perceives: text nodes and the attributes read aloud or shown by widget.js. */
export function perceivable(html: string): string[] {
  const body = html.replace(/<head>[\s\S]*?<\/head>/, '').replace(/<script[\s\S]*?<\/script>/g, '');
  const attrs = [...body.matchAll(new RegExp(`\\s(?:${SPOKEN_ATTRS.join('|')})="([^"]*)"`, 'g'))]
    .map((m) => decode(m[1]!))
    // Plural templates are JSON, one form per plural category: the forms are what is shown.
    .flatMap((v) => (v.startsWith('{') ? Object.values(JSON.parse(v) as Record<string, string>) : [v]));
  const parts = body.split(/<[^>]*>/);
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1] ?? '';
  return [...parts, ...attrs, title].map(decode).map((s) => s.trim()).filter(Boolean);
}
export const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
export const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? [];
/** Every text of an entry: the string, or each plural form. */
export const texts = (e: string | Plural) => (typeof e === 'string' ? [e] : Object.values(e));
/** Whether `text` shows `phrase` as a whole phrase, not part of a longer word ("Send" is in German "Senden"). */
export const shows = (text: string, phrase: string) =>
  new RegExp(`(?<![\\p{L}\\p{M}])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{M}])`, 'u').test(text);
