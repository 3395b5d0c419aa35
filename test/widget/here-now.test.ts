/** "N others here now" from the widgets' beacons: right whether or not a cache answers the polls, never counting the asker. */
import { describe, expect, it } from 'vitest';
import { createHereNow } from '../../src/widget/here-now.ts';
import { LANGS, t, type Lang } from '../../src/i18n/i18n.ts';
import { makeClock, makeTestApp } from '../support/app.ts';

describe('createHereNow', () => {
  it('counts distinct open widgets, once each however often they beacon, and forgets the gone', () => {
    const clock = makeClock();
    const h = createHereNow({ now: clock.now, windowMs: 65_000 });
    expect(h.others('main')).toBe(0); // whoever asks is alone
    for (const id of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']) h.seen('main', id);
    expect(h.others('main')).toBe(3); // four widgets: the asker sees three others
    clock.advance(30_000);
    for (const id of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc']) h.seen('main', id); // d's tab was closed without a goodbye
    expect(h.others('main')).toBe(3);
    clock.advance(36_000);
    expect(h.others('main')).toBe(2); // d not seen for 66 s
    expect(h.seen('main', 'aaaaaaaa', true)).toBe(2); // a said goodbye: b and c are left
    expect(h.others('other')).toBe(0);
    clock.advance(10 * 60_000);
    expect(h.others('main')).toBe(0);
  });

  it('a count read on every poll (kept between beacons) drops each id the millisecond it expires', () => {
    const clock = makeClock();
    const h = createHereNow({ now: clock.now, windowMs: 65_000 });
    for (const id of ['aaaaaaaa', 'bbbbbbbb', 'cccccccc']) {
      h.seen('main', id);
      clock.advance(1_000);
    }
    expect(h.others('main')).toBe(2);
    clock.advance(65_000 - 3_000); // a was seen exactly 65 s ago: still live
    expect(h.others('main')).toBe(2);
    clock.advance(1);
    expect(h.others('main')).toBe(1); // a expired, no beacon in between
    h.seen('main', 'bbbbbbbb', true); // b leaves: counted at once, not when the kept count runs out
    expect(h.others('main')).toBe(0);
    h.seen('main', 'dddddddd');
    expect(h.others('main')).toBe(1);
    clock.advance(1_999); // c was seen 65 s ago
    expect(h.others('main')).toBe(1);
    clock.advance(1);
    expect(h.others('main')).toBe(0); // d alone
  });

  it('stays bounded under a flood of made-up ids: the least recently seen go', () => {
    const clock = makeClock();
    const h = createHereNow({ now: clock.now, maxPerBoard: 100 });
    for (let i = 0; i < 10_000; i++) h.seen('main', `bot-${i}-xxxx`);
    expect(h.others('main')).toBe(99);
    h.seen('main', 'bot-9950-xxxx'); // still held: refreshed, not added
    expect(h.others('main')).toBe(99);
  });
});

describe('POST /b/:board/here and the polls', () => {
  const beacon = (app: ReturnType<typeof makeTestApp>['app'], query: string) => app.request(`/b/main/here?${query}`, { method: 'POST' });

  it('four widgets beacon: every answer, beacon or poll (also the cacheable 204), says 3 others', async () => {
    const { app, clock } = makeTestApp();
    for (const id of ['w1aaaaaaaa', 'w2aaaaaaaa', 'w3aaaaaaaa']) await beacon(app, `id=${id}`);
    const fourth = await beacon(app, 'id=w4aaaaaaaa');
    expect(fourth.status).toBe(204);
    expect(fourth.headers.get('cache-control')).toBe('no-store');
    expect(fourth.headers.get('x-here-now')).toBe('3');
    // However many polls arrive (a proxy's refreshes or the widgets' own), the count is the beacons'.
    for (let i = 0; i < 50; i++) await app.request('/b/main/feed?rev=0');
    const poll = await app.request('/b/main/feed?rev=0');
    expect(poll.status).toBe(204);
    expect(poll.headers.get('cache-control')).toBe('public, max-age=1');
    expect(poll.headers.get('x-here-now')).toBe('3');
    // A goodbye (navigator.sendBeacon on pagehide) counts at once; silence after a minute and a bit.
    expect((await beacon(app, 'id=w4aaaaaaaa&leave=1')).headers.get('x-here-now')).toBe('3');
    clock.advance(66_000);
    expect((await app.request('/b/main/feed?rev=0')).headers.get('x-here-now')).toBe('0');
  });

  it('a mangled id is not counted and not an error; an unknown board is a 404; GET is not a beacon', async () => {
    const { app } = makeTestApp();
    for (const q of ['', 'id=', 'id=short', 'id=' + 'x'.repeat(41), 'id=%3Cscript%3E123', 'id=a&id=b']) {
      const res = await beacon(app, q);
      expect(res.status, q).toBe(204);
      expect(res.headers.get('x-here-now'), q).toBe('0');
    }
    expect((await app.request('/b/nope/here?id=aaaaaaaaaa', { method: 'POST' })).status).toBe(404);
    expect((await app.request('/b/main/here?id=aaaaaaaaaa')).status).toBe(404);
  });

  it('the page carries the template in its language and where to send the beacon', async () => {
    const { app } = makeTestApp();
    const html = await (await app.request('/b/main?lang=it')).text();
    expect(html).toContain('<p id="here" class="here" data-tpl="{&quot;one&quot;:&quot;{count} altra persona qui ora&quot;,&quot;many&quot;:&quot;{count} altre persone qui ora&quot;,&quot;other&quot;:&quot;{count} altre persone qui ora&quot;}" data-beacon="/b/main/here" hidden=""></p>');
  });

  it('one widget alone hears 0 (only you, so nothing is shown); a second one makes it "1 other" for both', async () => {
    const { app } = makeTestApp();
    expect((await beacon(app, 'id=aloneaaaaa')).headers.get('x-here-now')).toBe('0');
    expect((await app.request('/b/main/feed?rev=0')).headers.get('x-here-now')).toBe('0');
    expect((await beacon(app, 'id=secondaaaa')).headers.get('x-here-now')).toBe('1');
    expect((await beacon(app, 'id=aloneaaaaa')).headers.get('x-here-now')).toBe('1');
  });

  it('the words say "others" in all six languages, with their plural forms', () => {
    const want: Record<Lang, [number, string][]> = {
      en: [[1, '1 other person here now'], [2, '2 other people here now']],
      it: [[1, '1 altra persona qui ora'], [5, '5 altre persone qui ora']],
      fr: [[1, '1 autre personne en ligne'], [3, '3 autres personnes en ligne']],
      de: [[1, '1 weitere Person gerade hier'], [4, '4 weitere Personen gerade hier']],
      es: [[1, '1 persona más aquí ahora'], [2, '2 personas más aquí ahora']],
      ar: [[1, 'شخص آخر هنا الآن'], [2, 'شخصان آخران هنا الآن'], [3, '3 أشخاص آخرون هنا الآن'], [11, '11 شخصًا آخر هنا الآن'], [100, '100 شخص آخر هنا الآن']],
    };
    for (const lang of LANGS) {
      for (const [n, text] of want[lang]) expect(t(lang)('here_now', { count: n }), `${lang} ${n}`).toBe(text);
    }
  });
});
