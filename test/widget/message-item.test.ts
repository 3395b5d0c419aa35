/**
 * message-item.ts builds a message's markup from template strings, so nothing escapes for it:
 * every visitor-written value (name, replied-to name, text, and the text again in a pinned
 * message's preview) must come out as text. Checked with a real HTML parser: a hostile message
 * has exactly the elements and attributes of a harmless one, and its names read back as typed.
 */
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.ts';
import type { Message } from '../../src/store/store.ts';
import { messageItemHtml } from '../../src/widget/message-item.ts';
import { XSS_VECTORS } from '../support/xss-vectors.ts';

/**
 * The elements with their attribute names, in order, outside the message body (whose markup is
 * renderBody's, checked by the XSS corpus); and the text of every `.author` and `.in-reply a`.
 */
function shape(html: string) {
  const tags: string[] = [];
  const names: string[] = [];
  let capture: string | null = null;
  let inBody = 0; // open elements inside div.body, the div itself included
  const parser = new Parser({
    onopentag(name, attrs) {
      if (inBody) return void inBody++;
      tags.push(`${name}[${Object.keys(attrs).join(',')}]`);
      if (name === 'div' && attrs.class === 'body') inBody = 1;
      if (attrs.class?.startsWith('author') || attrs['data-goto'] !== undefined) capture = '';
    },
    ontext(text) {
      if (capture !== null) capture += text;
    },
    onclosetag() {
      if (inBody) return void inBody--;
      if (capture !== null) names.push(capture);
      capture = null;
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return { tags, names };
}

const view = { lang: 'en' as const, t: t('en'), query: '?lang=en&theme=dark' };
const message = (author: string, replyName: string, body: string): Message => ({
  seq: 7, id: 'AbC_de-12345', board: 'main', author, body, poster: 'poster-key', status: 'visible', staff: false,
  pinned: true, createdAt: Date.UTC(2026, 11, 7, 9, 30), rev: 3, replyTo: 'ZyX_wv-98765', replyName, editedAt: null,
});

describe('a message built from strings', () => {
  const harmless = (pinnedCopy: boolean) => shape(messageItemHtml(message('Anna', 'Bo', 'hello'), view, pinnedCopy)).tags;

  it.each(XSS_VECTORS.map((v, i) => [i, v] as const))('#%i as the names stays text: %s', (_i, vector) => {
    for (const pinnedCopy of [false, true]) {
      const { tags, names } = shape(messageItemHtml(message(vector, vector, 'hello'), view, pinnedCopy));
      expect(tags).toEqual(harmless(pinnedCopy));
      expect(names).toContain(vector);
      expect(names).toContain(`in reply to ${vector}`);
    }
  });

  it.each(XSS_VECTORS.map((v, i) => [i, v] as const))('#%i as the text of a pinned copy adds no element outside the body: %s', (_i, vector) => {
    expect(shape(messageItemHtml(message('Anna', 'Bo', vector), view, true)).tags).toEqual(harmless(true));
  });
});
