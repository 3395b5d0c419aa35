/**
 * Plurals: every string with a number has the forms its language needs, chosen by Intl.PluralRules.
 * Walks every plural key of every language for 0, 1, 2 and 5 (and 3, 11, 100 for Arabic's
 * few/many/other), and pins the sentences issue 13 found wrong ("Done: 1 messages.").
 */
import { describe, expect, it } from 'vitest';
import { en, enModeration } from '../../src/i18n/en.ts';
import { ADMIN_LANGS, clientPlural, dictionary, LANGS, t, type Key, type Lang, type Plural, type PluralKey } from '../../src/i18n/i18n.ts';

const COUNTS = [0, 1, 2, 5, 3, 11, 100];
const reference: Record<string, string | Plural> = { ...enModeration, ...en };
const pluralKeys = Object.keys(reference).filter((k) => typeof reference[k] !== 'string') as PluralKey[];
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
/** The keys a language translates itself: all, or the visitor ones where the moderation pages use English. */
const ownKeys = (lang: Lang) => Object.keys(reference).filter((k) => ADMIN_LANGS.includes(lang) || k in en) as Key[];

describe.each(LANGS)('plurals in %s', (lang) => {
  const dict = dictionary(lang);
  const rules = new Intl.PluralRules(lang);
  const nf = new Intl.NumberFormat(lang);
  const keys = pluralKeys.filter((k) => ownKeys(lang).includes(k));

  it('has every plural key of English, as plural forms with the same placeholders', () => {
    expect(keys.length).toBeGreaterThanOrEqual(ADMIN_LANGS.includes(lang) ? 17 : 12);
    for (const key of ownKeys(lang)) {
      const entry = dict[key], ref = reference[key]!;
      expect(typeof entry, key).toBe(typeof ref);
      const want = placeholders(typeof ref === 'string' ? ref : ref.other);
      for (const form of typeof entry === 'string' ? [entry] : Object.values(entry)) {
        // A form may leave the number out where the language says it in words ("حرف واحد").
        expect(placeholders(form).filter((p) => p !== 'count'), `${lang}.${key}: ${form}`).toEqual(want.filter((p) => p !== 'count'));
      }
    }
  });

  it.each(COUNTS.filter((n) => lang === 'ar' || n <= 5))('uses the right form for %i in every plural key', (n) => {
    const tr = t(lang);
    for (const key of keys) {
      const entry = dict[key] as Plural;
      const form = entry[rules.select(n)];
      expect(form, `${lang}.${key} lacks the "${rules.select(n)}" form used for ${n}`).toBeDefined();
      const text = tr(key, { count: n, max: 7, time: '12:00', reason: 'x' });
      expect(text).toBe(form!.replace('{count}', nf.format(n)).replace('{max}', nf.format(7)));
      // The number is shown, unless the form says it in words ("one message per second", "حرفان").
      if (form!.includes('{count}')) expect(text).toContain(nf.format(n));
      else expect(['zero', 'one', 'two'], `${lang}.${key} drops the number ${n}`).toContain(rules.select(n));
    }
  });

  it('gives widget.js the forms of its language as JSON', () => {
    const forms = JSON.parse(clientPlural(lang, 'chars_left')) as Record<string, string>;
    expect(Object.keys(forms).sort()).toEqual([...rules.resolvedOptions().pluralCategories].sort());
    expect(forms.other).toBe((dict.chars_left as Plural).other);
  });
});

describe('the sentences that were wrong', () => {
  it.each([
    ['en', 'admin_done', 1, 'Done: 1 message.'],
    ['en', 'admin_done', 5, 'Done: 5 messages.'],
    ['it', 'admin_count', 1, '1 messaggio'],
    ['it', 'admin_count', 2, '2 messaggi'],
    ['en', 'chars_over', 1, '1 character too many'],
    ['fr', 'chars_left', 0, 'Encore 0 caractère'],
    ['fr', 'chars_left', 2, 'Encore 2 caractères'],
    ['de', 'err_too_many_links', 1, 'Eine Nachricht darf höchstens 1 Link enthalten.'],
    ['de', 'err_too_many_links', 2, 'Eine Nachricht darf höchstens 2 Links enthalten.'],
    ['es', 'chars_left', 1, 'Queda 1 carácter'],
    ['es', 'chars_left', 5, 'Quedan 5 caracteres'],
    ['ar', 'chars_left', 0, 'لم يتبقَّ أي حرف'],
    ['ar', 'chars_left', 1, 'تبقّى حرف واحد'],
    ['ar', 'chars_left', 2, 'تبقّى حرفان'],
    ['ar', 'chars_left', 5, 'تبقّى 5 أحرف'],
    ['ar', 'chars_left', 11, 'تبقّى 11 حرفًا'],
    ['ar', 'chars_left', 100, 'تبقّى 100 حرف'],
    ['de', 'admin_done', 1, 'Erledigt: 1 Nachricht.'],
    ['es', 'admin_count', 1, '1 mensaje'],
    ['ar', 'admin_done', 2, 'تم: رسالتان.'],
    ['ar', 'admin_done', 5, 'تم: 5 رسائل.'],
  ] as [Lang, PluralKey, number, string][])('%s %s %i: "%s"', (lang, key, count, want) => {
    expect(t(lang)(key, { count })).toBe(want);
  });

  it('slow mode says both numbers with their own plural', () => {
    const tr = t('en');
    expect(`${tr('err_slow_mode', { count: 1 })} ${tr('wait_seconds', { count: 2 })}`).toBe(
      'This board is very busy, so slow mode is on: one message per second each. Please wait 2 seconds.',
    );
  });
});
