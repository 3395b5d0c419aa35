/**
 * "No English in an Italian, French, German, Spanish or Arabic widget": every word a visitor
 * can see or hear (text, labels, announcements, templates widget.js fills in) must come from
 * that language's dictionary, a formatted date or number, or the visitors' own messages.
 */
import { describe, expect, it } from 'vitest';
import { dictionary, formatTime, type Lang } from '../../src/i18n/i18n.ts';
import { makeTestApp } from '../support/app.ts';
import { perceivable, shows, texts, words } from './perceive.ts';

// The visitors' own words, the board's title and its slug are data, not interface.
const USER_WORDS = ['Giulia', 'Zoé', 'ciao', 'salut', 'Shoutbox', 'main'];

describe.each(['it', 'fr', 'de', 'es', 'ar'] as Lang[])('the %s widget shows no English', (lang) => {
  const own = dictionary(lang);
  const en = dictionary('en');
  const allowed = new Set([...Object.values(own).flatMap(texts).flatMap(words), ...USER_WORDS.flatMap(words)]);
  // Phrases that are English and not also the same in this language.
  const english = Object.entries(en)
    .filter(([k, v]) => JSON.stringify(own[k as keyof typeof own]) !== JSON.stringify(v))
    .flatMap(([, v]) => texts(v).flatMap((s) => s.split(/\{\w+\}/)))
    .map((s) => s.trim())
    .filter((s) => s.length > 3 && !USER_WORDS.includes(s));

  async function pages() {
    const t = makeTestApp();
    for (let i = 0; i < 55; i++) {
      const m = t.store.addMessage({ board: 'main', author: i % 2 ? 'Giulia' : '', body: i % 2 ? 'ciao' : 'salut', poster: 'p', staff: i === 54 });
      if (i === 52) t.store.setPinned(m.id, true);
    }
    // A reply, so "in reply to" and the pre-filled no-JS reply form are shown too.
    const first = t.store.latest('main').at(-1)!;
    const answer = t.store.addMessage({ board: 'main', author: 'Giulia', body: 'ciao', poster: 'p', replyTo: first.id, replyName: first.author });
    allowed.add('');
    allowed.add('nope'); // the board name from the URL, quoted back in the not-found hint for the site owner
    for (const w of words(formatTime(t.clock.now(), lang))) allowed.add(w);
    const q = `lang=${lang}`;
    const htmx = { headers: { 'hx-request': 'true' } };
    const refused = await t.post({ name: 'Zoé', body: '' }, { htmx: false, query: `?${q}` });
    const tooLong = await t.post({ body: 'ciao '.repeat(100) }, { query: `?${q}` });
    return {
      widget: await (await t.app.request(`/b/main?${q}`)).text(),
      'widget (theme, accent)': await (await t.app.request(`/b/main?${q}&theme=dark&accent=ff0000`)).text(),
      'refused post (no JS)': await refused.text(),
      'refused post (htmx)': await tooLong.text(),
      'poll answer': await (await t.app.request(`/b/main/feed?${q}&rev=0`)).text(),
      archive: await (await t.app.request(`/b/main/archive?${q}&before=5`)).text(),
      'archive chunk': await (await t.app.request(`/b/main/archive?${q}&before=5`, htmx)).text(),
      fragment: await (await t.app.request(`/b/main/fragment?${q}`)).text(),
      landing: await (await t.app.request(`/?${q}`)).text(),
      'not found': await (await t.app.request(`/b/nope?${q}`)).text(),
      'reply form (no JS)': await (await t.app.request(`/b/main?${q}&reply=${first.id}`)).text(),
      permalink: await (await t.app.request(`/b/main/m/${answer.id}?${q}`)).text(),
      'permalink not found': await (await t.app.request(`/b/main/m/nope?${q}`)).text(),
      'page not found': await (await t.app.request(`/nope?${q}`)).text(),
    };
  }

  it(`every perceivable word comes from the ${lang} dictionary (or is the visitors' own text)`, async () => {
    for (const [name, html] of Object.entries(await pages())) {
      const seen = perceivable(html);
      expect(seen.length, name).toBeGreaterThan(0);
      // Snippets are code the site owner pastes (attribute names, URLs), not prose.
      const prose = seen.filter((s) => !/^(<|https?:\/\/)/.test(s));
      const strangers = [...new Set(prose.flatMap(words).filter((w) => !allowed.has(w)))];
      expect(strangers, `${name}: words not in the ${lang} dictionary`).toEqual([]);
      for (const phrase of english) expect(shows(prose.join('\n'), phrase), `${name} shows English "${phrase}"`).toBe(false);
    }
  });
});
