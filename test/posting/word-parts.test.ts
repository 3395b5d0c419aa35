/**
 * The word list (issue 21 item 10): whole words by default, so "idiot" does not catch "idiots";
 * a `*` at an entry's end or start catches the words that go on from it, as Chatango's filter
 * does; and the board settings say so next to the list.
 */
import { describe, expect, it } from 'vitest';
import { matchesWordList } from '../../src/posting/words.ts';
import { ADMIN_PASSWORD, asAdmin, makeAdminApp } from '../support/admin.ts';

const matches = (words: string, text: string) => matchesWordList({ words }, text);

describe('word list entries', () => {
  it('match whole words only by default (case and accents ignored)', () => {
    expect(matches('idiot', 'what an IDIÔT')).toBe(true);
    expect(matches('idiot', 'you idiots')).toBe(false);
    expect(matches('ass', 'first class')).toBe(false);
  });

  it('with a trailing *, catch every word that starts with the entry', () => {
    for (const text of ['you idiots', 'how Idiotic', 'idiot']) expect(matches('idiot*', text), text).toBe(true);
    expect(matches('idiot*', 'myidiot')).toBe(false);
  });

  it('with a leading *, every word that ends with it; with both, any word that holds it', () => {
    expect(matches('*bot', 'a spambot here')).toBe(true);
    expect(matches('*bot', 'bots')).toBe(false);
    expect(matches('*spam*', 'antispamming')).toBe(true);
  });

  it('a * alone catches nothing (not every post); a * inside an entry is a plain character', () => {
    expect(matches('*\n**', 'anything at all')).toBe(false);
    expect(matches('a*b', 'a*b')).toBe(true);
    expect(matches('a*b', 'axxb')).toBe(false);
  });
});

describe('the board settings', () => {
  it('tell the owner that entries are whole words and how * widens them', async () => {
    const t = makeAdminApp({ ADMIN_PASSWORD });
    const admin = await asAdmin(t);
    const html = await (await admin.get('/admin/boards/main')).text();
    expect(html).toContain('aria-describedby="s-words-hint"');
    expect(html).toMatch(/<p id="s-words-hint"[^>]*>Whole words only, ignoring case and accents: “idiot” does not catch “idiots”\. End a word with \* /);
  });
});
