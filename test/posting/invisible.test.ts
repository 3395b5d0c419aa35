/** Issue 15: invisible and filler characters count as nothing, so blank-looking text is refused as empty. */
import { describe, expect, it } from 'vitest';
import { checkPost, normaliseBody, normaliseName } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

// Hangul fillers, braille blank, combining grapheme joiner, Khmer inherent vowels, Mongolian
// free variation selector, musical null notehead and a musical format control.
const FILLERS = ['\u3164', '\u2800', '\u115f', '\u1160', '\uffa0', '\u034f', '\u17b4', '\u17b5', '\u180b', '\u{1D159}', '\u{1D173}'];

describe('invisible and filler characters count as nothing', () => {
  it.each(FILLERS.map((f) => [f.codePointAt(0)!.toString(16).toUpperCase(), f]))('U+%s alone, repeated, or among spaces and newlines is empty', (_hex, f) => {
    for (const s of [f, f.repeat(20), ` ${f} \n ${f}${f} `, `${f}\u200b${f}`, `\n${f}\n\n${f}`]) {
      expect(normaliseBody(s)).toBe('');
      expect(normaliseName(s)).toBe('');
      expect(checkPost(normaliseBody(s), '', 280)?.code).toBe('empty');
    }
  });

  it('so do lone variation selectors, joiners and tags; real text, emoji and Korean are kept', () => {
    for (const s of ['\ufe0f', '\u200d\u200d', '\u{E0041}', '\ufe0f\u3164\ufe0f']) expect(normaliseBody(s)).toBe('');
    for (const s of ['❤️', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '안녕하세요', 'ok', '⠓⠑⠇⠇⠕']) expect(normaliseBody(s)).toBe(s);
  });

  it('between visible characters a filler reads as the space it looks like', () => {
    // So it cannot glue a word together unseen, nor hide inside one.
    expect(normaliseName('Ad\u3164min')).toBe('Ad min');
    expect(normaliseBody('hi\u2800\u2800there')).toBe('hi  there');
    expect(normaliseBody('a\u3164\nb')).toBe('a\nb');
  });

  it('a blank-looking message is refused as empty (422), a blank-looking name posts as Anonymous', async () => {
    const t = makeTestApp();
    const blank = await t.post({ body: '\u3164\u2800\n\uffa0' });
    expect(blank.status).toBe(422);
    expect(await blank.text()).toContain('Please write a message');
    expect(t.store.latest('main')).toHaveLength(0);
    const ok = await t.post({ name: '\u3164\u3164', body: 'hello' }, { ip: '198.51.100.5' });
    expect(ok.status).toBe(200);
    expect(t.store.latest('main')[0]!.author).toBe('');
  });
});
