/**
 * Issue 15: reserved names match as a word of a longer name and through look-alikes, while
 * ordinary names that merely contain the letters pass. The rule is in src/posting/names.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkPost, normaliseName } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

const reserved = (name: string) => checkPost('hi', normaliseName(name), 280)?.code === 'name_reserved';

describe('reserved names', () => {
  it.each([
    // a word of a longer name, in the five languages
    'The Admin', 'Staff Member', 'Team Staff', 'Admin Giulia', 'Il Moderatore', 'le modérateur', 'Der Moderator',
    'Moderatorin Anna', 'El Administrador', 'la moderadora', 'Shop Owner', 'Il Proprietario', 'Holler Team',
    // plurals and doubled letters
    'Mods', 'ADMINS', 'Moderatori', 'Moderatoren', 'Los Moderadores', 'adminn', 'Staaff', 'Addmin',
    // glued words: camelCase humps, digits, separators, fillers
    'TheAdmin', 'xXAdminXx', 'Admin123', 'Mod1', '4dmin', 'A.d.m.i.n', 'The A.d.m.i.n', 'A d m i n', 'Ad min', 'Ad\u3164min',
    'The\u3164Admin', 'admin_bob', 'bob-the-mod',
    // look-alikes inside longer names
    'The \u0410dm\u0456n', 'st4ff member', 'real adm1n', 'Ｔｈｅ Ａｄｍｉｎ', 'tHE aDMIN',
    // long role words inside a word
    'SuperModerator', 'supermoderatore', 'xxadministratorxx',
    // whole names that are not roles
    'System', 'Root', 'R00t', 'Sistema', 'Système',
    // Arabic: with and without the article, vowel marks, tatweel, hamza left off, other forms
    'المشرف', 'مشرف الموقع', 'مُشرِف', 'مـشـرف', 'المشرفة', 'المدير العام', 'الإدارة', 'الادارة', 'أدمن', 'ادمن', 'Admin أحمد',
    'مسؤول الموقع', 'المشرفون', 'النظام',
  ])('%s is refused', (name) => {
    expect(reserved(name)).toBe(true);
  });

  it.each([
    'Adam', 'Madmin fan', 'Admiral', 'Modern', 'Mood', 'Good Mood', 'Moods', 'Modesty', 'Rooted', 'Rootbeer', 'Moss', 'Sam',
    'Anna', 'Ownership', 'Ownerless', 'Hollerer', 'Hollier', 'Systematic', 'Madison', 'Stafford', 'Giulia', 'Zoé',
    'Joe Root', 'Système D', 'System of a Down', 'Sistema Solare', 'Rot', 'Mode', 'Modo', 'Admire', 'Badminton fan', 'Adminton',
    'محمد', 'سارة', 'أحمد', 'فاطمة', 'عبد الله', 'نظام الدين', 'مديحة', 'منير', 'مسرور', 'أمير', 'مالك',
  ])('%s is an ordinary name', (name) => {
    expect(reserved(name)).toBe(false);
  });

  it('moderators may still post under them (the staff badge is what marks them)', () => {
    expect(checkPost('hi', 'The Admin', 280, { staff: true })).toBeNull();
  });

  it('a visitor posting as "The Admin" is told why, in their language, and nothing is stored', async () => {
    const t = makeTestApp();
    const res = await t.post({ name: 'The Admin', body: 'hello' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('That name is reserved for the moderators.');
    expect(t.store.latest('main')).toHaveLength(0);
  });
});
