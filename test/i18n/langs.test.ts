/**
 * Which language a page is in: `?lang=`, the board's default, Accept-Language with q-values;
 * Arabic pages right to left; moderation pages only in the languages they are complete in.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LANGS, dictionary, dirOf, LANGS, pickLang, t } from '../../src/i18n/i18n.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { makeTestApp } from '../support/app.ts';

describe('pickLang', () => {
  it('takes ?lang= first, then the board default, then Accept-Language, then English', () => {
    expect(pickLang('es', 'de', 'fr')).toBe('es');
    expect(pickLang('xx', 'de', 'fr')).toBe('de');
    expect(pickLang(undefined, 'pt', 'fr')).toBe('fr');
    expect(pickLang(undefined, null, 'pt-BR, ja;q=0.5')).toBe('en');
    expect(pickLang(undefined, null, undefined)).toBe('en');
  });

  it('ranks Accept-Language by q-value, ignores q=0, and matches regional tags to their language', () => {
    expect(pickLang(undefined, null, 'de;q=0.5, ar;q=0.9, en;q=0.1')).toBe('ar');
    expect(pickLang(undefined, null, 'es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pickLang(undefined, null, 'pt-BR, de-AT;q=0.8, fr;q=0.7')).toBe('de');
    expect(pickLang(undefined, null, 'ar;q=0, it;q=0.2')).toBe('it');
    expect(pickLang(undefined, null, 'fr, de')).toBe('fr'); // equal q: the header's order
    expect(pickLang(undefined, null, 'AR-EG')).toBe('ar');
  });

  it('for admin pages, picks only among the languages the moderation pages are complete in', () => {
    expect(pickLang('es', null, 'ar', ['en', 'it'])).toBe('en');
    expect(pickLang(undefined, null, 'de, fr;q=0.5', ['en', 'fr'])).toBe('fr');
  });
});

describe('six languages', () => {
  it('formats numbers per language and writes Arabic right to left', () => {
    expect(t('de')('here_now', { count: 1234 })).toBe('1.234 weitere Personen gerade hier');
    expect(t('en')('here_now', { count: 1234 })).toBe('1,234 other people here now');
    expect(LANGS.map(dirOf)).toEqual(['ltr', 'ltr', 'ltr', 'ltr', 'ltr', 'rtl']);
  });

  it('the moderation pages are complete in English, Italian and French, and at the time of writing in all six', () => {
    // A language missing a moderation string drops out of ADMIN_LANGS (its admin pages are English);
    // en/it/fr cannot: their type demands every key.
    expect(ADMIN_LANGS).toEqual(expect.arrayContaining(['en', 'it', 'fr']));
    for (const lang of ADMIN_LANGS.filter((l) => l !== 'en')) expect(dictionary(lang).admin_login, lang).not.toBe(dictionary('en').admin_login);
    expect(ADMIN_LANGS).toEqual(LANGS);
  });

  it('every visitor page in Arabic is <html lang="ar" dir="rtl"> (the fragment a <section dir="rtl">)', async () => {
    const { app } = makeTestApp();
    for (const path of ['/b/main?lang=ar', '/b/main/archive?lang=ar&before=9', '/?lang=ar', '/b/nope?lang=ar']) {
      expect(await (await app.request(path)).text(), path).toContain('<html lang="ar" dir="rtl"');
    }
    expect(await (await app.request('/b/main/fragment?lang=ar')).text()).toMatch(/^<section class="holler-fragment" lang="ar" dir="rtl">/);
    const de = await (await app.request('/b/main', { headers: { 'accept-language': 'de-CH, en;q=0.5' } })).text();
    expect(de).toContain('<html lang="de" dir="ltr"');
    expect(de).toContain('Nachricht');
  });

  it('admin pages come in the moderator’s language when it is complete (Arabic right to left), else in English', async () => {
    const app = makeAdminApp();
    const a = await asAdmin(app);
    for (const lang of LANGS) {
      const page = await (await a.get(`/admin?lang=${lang}`)).text();
      const shown = ADMIN_LANGS.includes(lang) ? lang : 'en';
      expect(page).toContain(`<html lang="${shown}" dir="${dirOf(shown)}"`);
      expect(page).toContain(`>${dictionary(shown).admin_logout as string}<`);
    }
    const de = await (await app.app.request('/admin/login', { headers: { 'accept-language': 'de-DE, en;q=0.5' } })).text();
    expect(de).toContain(ADMIN_LANGS.includes('de') ? 'Anmeldung für Moderatoren' : 'Moderator login');
  });

  it('a board defaults to any of the six languages, named in itself in the settings', async () => {
    const app = makeAdminApp();
    const a = await asAdmin(app);
    const settings = await (await a.get('/admin/boards/main')).text();
    for (const name of ['English', 'italiano', 'français', 'Deutsch', 'español', 'العربية']) expect(settings).toContain(`>${name}</option>`);
    const b = app.store.getBoard('main')!;
    const res = await a.post('/admin/boards/main', {
      title: b.title, maxLength: String(b.maxLength), slowMode: String(b.slowMode), pollInterval: '', lang: 'ar', words: b.words, wordsAction: b.wordsAction,
    });
    expect(res.status).toBe(303);
    expect(app.store.getBoard('main')!.lang).toBe('ar');
    const page = await (await app.app.request('/b/main', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('<html lang="ar" dir="rtl"');
    // ?lang= still wins over the board's default.
    expect(await (await app.app.request('/b/main?lang=es')).text()).toContain('<html lang="es" dir="ltr"');
  });
});
