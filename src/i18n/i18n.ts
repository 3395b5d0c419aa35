/**
 * @module i18n
 * Every visible string comes from a dictionary, one file per language (en.ts is the reference).
 * Views call `t(lang)` and never hold literal text, so a missing translation is a type error,
 * not an English word in an Italian page.
 */
import { en, enModeration } from './en.ts';
import { fr, frModeration } from './fr.ts';
import { it, itModeration } from './it.ts';
import { enApi } from './en-api.ts';
import { frApi } from './fr-api.ts';
import { itApi } from './it-api.ts';

export const LANGS = ['en', 'it', 'fr'] as const;
export type Lang = (typeof LANGS)[number];

export type Key = keyof typeof en | keyof typeof enModeration | keyof typeof enApi;

const DICTS: Record<Lang, Record<Key, string>> = {
  en: { ...en, ...enModeration, ...enApi },
  it: { ...it, ...itModeration, ...itApi },
  fr: { ...fr, ...frModeration, ...frApi },
};

/** The raw dictionary of a language (tests check that a page shows only its own language). */
export const dictionary = (lang: Lang): Readonly<Record<Key, string>> => DICTS[lang];

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

// One translator per language, made once: an Intl.NumberFormat is costly to build per request.
const translators = new Map<Lang, Translate>();

export function t(lang: Lang): Translate {
  let tr = translators.get(lang);
  if (tr) return tr;
  const dict = DICTS[lang];
  const nf = new Intl.NumberFormat(lang);
  tr = (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars?.[name];
      return typeof v === 'number' ? nf.format(v) : (v ?? '');
    });
  translators.set(lang, tr);
  return tr;
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** `?lang=` first, then the board's default, then the browser's Accept-Language, then English. */
export function pickLang(query: string | undefined, boardDefault: string | null | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(query)) return query;
  if (isLang(boardDefault)) return boardDefault;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  return ranked.map((x) => x.lang).find(isLang) ?? 'en';
}

const timeFormats = new Map<Lang, Intl.DateTimeFormat>();
/** A short absolute time in the page's language ("22 nov, 14:03"). */
export function formatTime(ms: number, lang: Lang): string {
  let f = timeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
    timeFormats.set(lang, f);
  }
  return f.format(ms);
}
