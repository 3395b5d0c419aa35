/**
 * @module i18n
 * Every visible string comes from a dictionary, one file per language (en.ts is the reference).
 * Views call `t(lang)` and never hold literal text, so a missing translation is a type error,
 * not an English word in an Italian page. Strings with a number are plural forms chosen by the
 * `count` variable (see {@link Plural}).
 */
import { arModeration } from './ar-moderation.ts';
import { ar } from './ar.ts';
import { deModeration } from './de-moderation.ts';
import { de } from './de.ts';
import { en, enModeration, type ModerationDict, type ModerationKey, type Plural, type VisitorDict, type VisitorKey } from './en.ts';
import { esModeration } from './es-moderation.ts';
import { es } from './es.ts';
import { fr, frModeration } from './fr.ts';
import { it, itModeration } from './it.ts';
import { enApi, type ApiDict, type ApiKey } from './en-api.ts';
import { itApi } from './it-api.ts';
import { frApi } from './fr-api.ts';
import { deApi } from './de-api.ts';
import { esApi } from './es-api.ts';
import { arApi } from './ar-api.ts';

export type { Plural } from './en.ts';

/** Every language a visitor page can be shown in. */
export const LANGS = ['en', 'it', 'fr', 'de', 'es', 'ar'] as const;
export type Lang = (typeof LANGS)[number];

const VISITOR: Record<Lang, VisitorDict> = { en, it, fr, de, es, ar };
// en/it/fr must have every moderation string (the type says so); de/es/ar may lag behind when a
// key is added. A language missing any is not offered on admin pages (pickLang with ADMIN_LANGS
// never picks it), which then show English whole rather than a mix; its own missing strings fall
// back to English too.
const MODERATION: Record<Lang, Partial<ModerationDict>> = {
  en: enModeration, it: itModeration, fr: frModeration, // complete: typed ModerationDict in their files
  de: deModeration, es: esModeration, ar: arModeration,
};
/** The languages the moderation pages are complete in: the only ones an admin page is shown in. */
export const ADMIN_LANGS: readonly Lang[] = LANGS.filter((l) => Object.keys(enModeration).every((k) => k in MODERATION[l]));

/** The JSON API's sentences and the Tokens page: complete in every language (api/ answers in any). */
const API: Record<Lang, ApiDict> = { en: enApi, it: itApi, fr: frApi, de: deApi, es: esApi, ar: arApi };

export type Key = VisitorKey | ModerationKey | ApiKey;
type Entry = string | Plural;
const DICTS = Object.fromEntries(LANGS.map((l) => [l, { ...enModeration, ...MODERATION[l], ...VISITOR[l], ...API[l] }])) as Record<Lang, Readonly<Record<Key, Entry>>>;

/** The raw dictionary of a language (tests check that a page shows only its own language). */
export const dictionary = (lang: Lang): Readonly<Record<Key, Entry>> => DICTS[lang];

/** Keys whose English value has plural forms: they need a `count`. */
export type PluralKey = { [K in Key]: (typeof en & typeof enModeration & typeof enApi)[K] extends string ? never : K }[Key];
export type TextKey = Exclude<Key, PluralKey>;
type Vars = Record<string, string | number>;
export type Translate = {
  (key: PluralKey, vars: Vars & { count: number }): string;
  (key: TextKey, vars?: Vars): string;
};

/** A language's own name ("Deutsch", "العربية"), for the board's default-language choice. */
export const langName = (lang: Lang): string => new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;

/** Writing direction of a language, for `<html dir>`. */
export const dirOf = (lang: Lang): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');

// One translator per language, made once: Intl.NumberFormat and Intl.PluralRules are costly
// to build, and t(lang) runs on every page render.
const translators = new Map<Lang, Translate>();
const pluralRules = new Map<Lang, Intl.PluralRules>();
const rulesOf = (lang: Lang) => {
  let pr = pluralRules.get(lang);
  if (!pr) pluralRules.set(lang, (pr = new Intl.PluralRules(lang)));
  return pr;
};

/** The form of a plural entry for `count` in `lang` (`other` when a language leaves a category out). */
export const pluralForm = (p: Plural, count: number, lang: Lang): string => p[rulesOf(lang).select(count)] ?? p.other;

export function t(lang: Lang): Translate {
  let tr = translators.get(lang);
  if (tr) return tr;
  const dict = DICTS[lang];
  const nf = new Intl.NumberFormat(lang);
  tr = ((key: Key, vars?: Vars) => {
    const entry = dict[key];
    const text = typeof entry === 'string' ? entry : pluralForm(entry, Number(vars?.count ?? 0), lang);
    return text.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars?.[name];
      return typeof v === 'number' ? nf.format(v) : (v ?? '');
    });
  }) as Translate;
  translators.set(lang, tr);
  return tr;
}

/**
 * The plural forms of `key` in `lang` as JSON, for widget.js to fill in on the page
 * (`{count}` left in; it picks the form with Intl.PluralRules of the page's language).
 */
const clientPlurals = new Map<string, string>();
export function clientPlural(lang: Lang, key: PluralKey): string {
  // Made once per language and key: every widget form renders three of these.
  const made = clientPlurals.get(`${lang}|${key}`);
  if (made !== undefined) return made;
  const entry = DICTS[lang][key] as Plural;
  const forms: Record<string, string> = {};
  for (const cat of rulesOf(lang).resolvedOptions().pluralCategories) forms[cat] = entry[cat] ?? entry.other;
  const json = JSON.stringify(forms);
  clientPlurals.set(`${lang}|${key}`, json);
  return json;
}

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/**
 * `?lang=` first, then the board's default, then the browser's Accept-Language (by q-value),
 * then English; only among `among` (admin pages pass ADMIN_LANGS).
 */
export function pickLang<L extends Lang = Lang>(
  query: string | undefined,
  boardDefault: string | null | undefined,
  acceptLanguage: string | undefined,
  among: readonly L[] = LANGS as readonly Lang[] as readonly L[],
): L {
  const ok = (v: unknown): v is L => typeof v === 'string' && (among as readonly string[]).includes(v);
  if (ok(query)) return query;
  if (ok(boardDefault)) return boardDefault;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q); // stable: equal q keeps the header's order
  return ranked.map((x) => x.lang).find(ok) ?? ('en' as L);
}

const timeFormats = new Map<Lang, Intl.DateTimeFormat>();
/** A `<time datetime>` value: UTC, ISO 8601, to the second (milliseconds would be bytes in every message of every page). */
export const isoTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * A short absolute time in the page's language, in UTC with the zone named ("22 Nov, 14:03 UTC"):
 * what visitors without JavaScript see. With it, public/time.js shows the visitor's own zone.
 */
export function formatTime(ms: number, lang: Lang): string {
  let f = timeFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
    timeFormats.set(lang, f);
  }
  return f.format(ms);
}

/** How long something lasts, rounded up to a whole unit, plural-correct ("58 minutes", "3 ore", "2 jours"). */
export function formatDuration(ms: number, lang: Lang): string {
  const min = Math.max(1, Math.ceil(ms / 60_000));
  const [n, unit] = min < 120 ? [min, 'minute'] : min < 48 * 60 ? [Math.ceil(min / 60), 'hour'] : [Math.ceil(min / 1440), 'day'];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}
