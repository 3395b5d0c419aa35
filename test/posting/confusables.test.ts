import { describe, expect, it } from 'vitest';
import { nameSkeleton } from '../../src/posting/names.ts';
import { checkPost, normaliseName } from '../../src/posting/text.ts';

const reserved = (name: string) => checkPost('hi', normaliseName(name), 280)?.code === 'name_reserved';

describe('reserved names against Unicode confusables (TR39 data)', () => {
  it.each([
    ['Cyrillic А and і', '\u0410dm\u0456n'],
    ['Cyrillic ѕуѕtеm', '\u0455\u0443\u0455t\u0435m'],
    ['Greek capital Α', '\u0391dmin'],
    ['Greek omicron in mod', 'm\u03bfd'],
    ['Cherokee Ꭺ', '\u13aadmin'],
    ['fullwidth', '\uff4d\uff4f\uff44'],
    ['mathematical bold', '\u{1d41a}\u{1d41d}\u{1d426}\u{1d422}\u{1d427}'],
    ['rn for m', 'adrnin'],
    ['long s', '\u017ftaff'],
    ['Armenian օ', 'r\u0585\u0585t'],
    ['leet and case', 'M0D3RAT0R'],
    ['accents and spaces', ' Ádmìn '],
    ['dotless ı', 'adm\u0131n'],
    ['Latin small capital ɪ', 'adm\u026an'],
    ['zero-width joiner inside', 'ad\u200dmin'],
    ['Italian title, look-alike', 'Amministrat\u043ere'],
    ['French title, accented', 'Modérateur'],
  ])('%s is refused', (_label, name) => {
    expect(reserved(name)).toBe(true);
  });

  it.each(['Giulia', 'Zoé', 'Михаил', 'Αλέξανδρος', '李雷', 'Admiral', 'Modesty', 'Rootbeer', 'Ownerless', 'Système D'])(
    '%s is an ordinary name',
    (name) => {
      expect(reserved(name)).toBe(false);
    },
  );

  it('the skeleton is stable: a skeleton is its own skeleton', () => {
    for (const n of ['admin', 'Аdmіn', 'ADMIN', 'Zoé', '𝐚𝐝𝐦𝐢𝐧']) expect(nameSkeleton(nameSkeleton(n))).toBe(nameSkeleton(n));
  });
});
