/**
 * @module names
 * The reserved-name rule: names only a moderator may appear under. Everything is compared by
 * visual skeleton (nameSkeleton), so look-alikes count as the word they imitate. A name (already
 * normalised: text.ts normaliseName) is refused when
 *   - any word of it, or several words run together, is a role word in one of the languages we
 *     ship (en, it, fr, de, es, ar): "The Admin", "Staff Member", "TheAdmin", "A.d.m.i.n", "Admin123",
 *     "المشرف";
 *     also in the plural in -s ("Mods") and with letters doubled ("adminn", "Staaff");
 *   - a role word of 7 letters or more appears anywhere in it ("SuperModerator");
 *   - the whole name is "System" or "root" (in its languages): as a word of a longer name these
 *     are ordinary ("Système D", "Joe Root").
 * A short role word inside a longer word is not refused ("Adam", "Madmin fan", "Admiral",
 * "Modern", "Badminton"): that would refuse ordinary names, and the staff badge, which only the
 * admin route sets, is what really marks a moderator.
 */
import unhomoglyph from 'unhomoglyph';
import { Lru } from '../lru.ts';

// Role words, singular and the plurals not made with -s (Italian -i, German -en, Spanish -es).
const ROLE_WORDS = [
  // en (de shares admin, administrator, moderator)
  'admin', 'administrator', 'moderator', 'mod', 'staff', 'owner', 'holler',
  // it
  'amministratore', 'amministratrice', 'amministratori', 'moderatore', 'moderatrice', 'moderatori', 'proprietario', 'proprietaria',
  // fr
  'administrateur', 'administratrice', 'moderateur', 'proprietaire',
  // de
  'administratorin', 'administratoren', 'administratorinnen', 'moderatorin', 'moderatoren', 'moderatorinnen', 'inhaber', 'inhaberin',
  // es
  'administrador', 'administradora', 'administradores', 'moderador', 'moderadora', 'moderadores', 'propietario', 'propietaria',
  // ar: moderator, manager, administrative/administration, "admin" transliterated, person in charge;
  // feminine and plural forms, each also with the article (ال is written joined to its word).
  ...withArticle(['مشرف', 'مشرفة', 'مشرفون', 'مشرفين', 'مشرفات', 'مدير', 'مديرة', 'مديرون', 'مديرين', 'مدراء',
    'إداري', 'إدارية', 'إداريون', 'إداريين', 'إدارة', 'أدمن', 'مسؤول', 'مسؤولة', 'مسؤولون', 'مسؤولين']),
  // "the owner": only with the article, since مالك alone is the given name Malik.
  'المالك', 'المالكة',
];
// Names that impersonate Holler itself only when they are the whole name ("نظام الدين" is a name).
const WHOLE_NAMES = ['system', 'sistema', 'systeme', 'root', ...withArticle(['نظام'])];
function withArticle(words: string[]): string[] {
  return words.flatMap((w) => [w, `ال${w}`]);
}

// Digits and signs read as letters in names; TR39 maps only 0 and 1 (and to capitals).
const LEET: Record<string, string> = { '0': 'o', '1': 'l', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i', '|': 'l' };
// Letters drawn in boxes and circles that NFKD leaves alone (🅰 U+1F170 negative squared, 🅐
// negative circled, 🇦 regional indicators): read as the letter they show. (Circled Ⓐ, squared 🄰
// and parenthesised ⒜ letters already decompose to theirs.)
const BOXED: Array<[number, number]> = [[0x1f150, 0x1f169], [0x1f170, 0x1f189], [0x1f1e6, 0x1f1ff]];
const unbox = (s: string) => s.replace(/[\u{1F150}-\u{1F169}\u{1F170}-\u{1F189}\u{1F1E6}-\u{1F1FF}]/gu, (ch) => {
  const cp = ch.codePointAt(0)!;
  const [first] = BOXED.find(([a, b]) => cp >= a && cp <= b)!;
  return String.fromCharCode(65 + cp - first);
});
const stripMarks = (s: string) => unbox(s).normalize('NFKD').replace(/\p{M}/gu, '');

/**
 * A visual skeleton for comparing names: the Unicode TR39 confusables mapping (the unhomoglyph
 * package carries Unicode's confusables.txt), with accents off, case folded and leetspeak read
 * as letters. Mapped before and after lowercasing, since lowercase forms have confusables of
 * their own ("m" looks like "rn").
 */
export function nameSkeleton(name: string): string {
  const once = unhomoglyph(stripMarks(name)).replace(/[013457@$!|]/g, (ch) => LEET[ch] ?? ch);
  return stripMarks(unhomoglyph(once.toLowerCase()).toLowerCase())
    // Not letters, and the Arabic tatweel, which only stretches a word ("مـشـرف").
    .replace(/[^\p{L}]|\u0640/gu, '')
    .replace(/i/g, 'l');
}

// Doubled letters read as one. Not "l": the skeleton reads "i" as "l", so "Hollier" would
// become "holler".
const collapse = (s: string) => s.replace(/(?!l)(\p{L})\1+/gu, '$1');

function forms(words: string[]): { exact: Set<string>; collapsed: Set<string> } {
  const exact = new Set<string>();
  const collapsed = new Set<string>();
  for (const w of words) {
    const s = nameSkeleton(w);
    exact.add(s).add(`${s}s`);
    // Only where the word keeps 4+ letters, so "Mood" and "Rot" are not read as "mod" and "root".
    if (collapse(w).length >= 4) collapsed.add(collapse(s)).add(collapse(`${s}s`));
  }
  return { exact, collapsed };
}
const ROLES = forms(ROLE_WORDS);
const WHOLE = forms(WHOLE_NAMES);
const LONG_ROLES = [...new Set(ROLE_WORDS.map(nameSkeleton))].filter((s) => s.length >= 7);
const LONGEST = Math.max(...ROLE_WORDS.map((w) => w.length)) + 2;

const matches = (f: { exact: Set<string>; collapsed: Set<string> }, s: string) => f.exact.has(s) || f.collapsed.has(collapse(s));

// The pieces of a name: split at anything but letters, digits and signs read as letters, at
// camelCase humps ("TheAdmin"), and between letters and digits ("Admin123"); runs of pieces
// put split words back together ("A.d.m.i.n", "adm1n").
const PIECE_BREAK = /[^\p{L}\p{N}@$!|]+|(?<=\p{Ll})(?=\p{Lu})|(?<=\p{Lu})(?=\p{Lu}\p{Ll})|(?<=\p{L})(?=[\p{N}@$!|])|(?<=[\p{N}@$!|])(?=\p{L})/u;

/** Whether a (normalised) name is reserved for moderators: the rule in this module's header. */
// A poster sends the same name with every post: its verdict (a pure function of the name) is kept.
const verdicts = new Lru<string, boolean>(2000);

export function isReservedName(name: string): boolean {
  return verdicts.getOrSet(name, () => reserved(name));
}

function reserved(name: string): boolean {
  const whole = nameSkeleton(name);
  if (!whole) return false;
  if (matches(WHOLE, whole) || LONG_ROLES.some((r) => whole.includes(r))) return true;
  const pieces = stripMarks(name).split(PIECE_BREAK).filter(Boolean);
  for (let i = 0; i < pieces.length; i++) {
    let run = '';
    for (let j = i; j < pieces.length && run.length <= LONGEST; j++) {
      run += pieces[j];
      if (matches(ROLES, nameSkeleton(run))) return true;
    }
  }
  return false;
}
