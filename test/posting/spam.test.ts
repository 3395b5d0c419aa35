import { describe, expect, it } from 'vitest';
import { createFormTokens } from '../../src/posting/form-token.ts';
import { createDuplicateGuard, createFloodGuard } from '../../src/posting/spam.ts';
import { makeClock, makeTestApp } from '../support/app.ts';

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-forwarded-for': '203.0.113.9' },
  body: new URLSearchParams(fields).toString(),
});

/** A person: opens the widget, takes a few seconds to type, sends; then sends again from the fresh form. */
async function human(t: ReturnType<typeof makeTestApp>) {
  const page = await (await t.app.request('/b/main')).text();
  return { token: tokenIn(page) };
}

describe('Must show: bots are refused, each with its own reason; people are not', () => {
  it('a bot that posts without loading the form (no token) gets 403 and says why', async () => {
    const t = makeTestApp();
    const res = await t.post({ name: 'bot', body: 'cheap pills' }, { token: false });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('the form was not loaded properly');
    expect(html).toContain('>cheap pills</textarea>');
    expect(t.store.latest('main')).toEqual([]);
  });

  it('a bot that posts the instant it loaded the form gets 429 and says why', async () => {
    const t = makeTestApp();
    const { token } = await human(t);
    t.clock.advance(300);
    const res = await t.app.request('/b/main/messages', form({ token, body: 'first!!1' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toContain('That was sent faster than anyone can type.');
    expect(t.store.latest('main')).toEqual([]);
  });

  it('a bot that repeats itself gets 409 the second time and says why', async () => {
    const t = makeTestApp();
    expect((await t.post({ body: 'Visit my site now' })).status).toBe(200);
    t.clock.advance(60_000);
    const res = await t.post({ body: 'visit my   SITE now' });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('You already posted this message in the last 10 minutes.');
    expect(t.store.latest('main')).toHaveLength(1);
    // After ten minutes the same words are a new message again.
    t.clock.advance(10 * 60_000);
    expect((await t.post({ body: 'Visit my site now' })).status).toBe(200);
  });

  it('the three reasons are distinct sentences in every language', async () => {
    for (const lang of ['en', 'it', 'fr']) {
      const t = makeTestApp();
      const q = `?lang=${lang}`;
      const noToken = await (await t.post({ body: 'a' }, { token: false, query: q })).text();
      const { token } = await human(t);
      const fast = await (await t.app.request(`/b/main/messages${q}`, form({ token, body: 'b' }))).text();
      await t.post({ body: 'c' }, { query: q });
      const repeat = await (await t.post({ body: 'c' }, { query: q })).text();
      const reasons = [noToken, fast, repeat].map((h) => /role="alert">([^<]+)</.exec(h)?.[1]);
      expect(new Set(reasons).size).toBe(3);
      for (const r of reasons) expect(r && r.length > 20).toBe(true);
    }
  });

  it('a person posting normally is never refused: page, type, send, and again from the fresh form', async () => {
    const t = makeTestApp();
    let { token } = await human(t);
    const said = ['Ciao a tutti!', 'Bel sito https://example.org', 'Qualcuno viene sabato?', 'ok :)', 'A domani'];
    for (const body of said) {
      t.clock.advance(6_000); // typing
      const res = await t.app.request('/b/main/messages?lang=it', form({ token, name: 'Giulia', body, website: '' }));
      expect(res.status).toBe(200);
      const next = tokenIn(await res.text());
      expect(next).not.toBe(token); // the fresh form carries a fresh token
      token = next;
    }
    expect(t.store.latest('main').map((m) => m.body).reverse()).toEqual(said);
  });

  it('without JavaScript, too: the page form posts and redirects', async () => {
    const t = makeTestApp();
    const { token } = await human(t);
    t.clock.advance(5_000);
    const res = await t.app.request('/b/main/messages', { ...form({ token, body: 'no js' }), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(303);
  });
});

describe('form token', () => {
  it('a double-submitted form creates one message', async () => {
    const t = makeTestApp();
    const { token } = await human(t);
    t.clock.advance(5_000);
    const [a, b] = await Promise.all([
      t.app.request('/b/main/messages', form({ token, body: 'once' })),
      t.app.request('/b/main/messages', form({ token, body: 'once' })),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await (a.status === 409 ? a : b).text()).toContain('This form was already sent once');
    expect(t.store.latest('main')).toHaveLength(1);
  });

  it('a form left open for over a day is refused, with the text kept and a fresh token to resend', async () => {
    const t = makeTestApp();
    const { token } = await human(t);
    t.clock.advance(25 * 60 * 60_000);
    const res = await t.app.request('/b/main/messages', form({ token, body: 'still there?' }));
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('open for more than a day');
    expect(html).toContain('>still there?</textarea>');
    t.clock.advance(4_000);
    expect((await t.app.request('/b/main/messages', form({ token: tokenIn(html), body: 'still there?' }))).status).toBe(200);
  });

  it.each([
    ['garbage', 'hello'],
    ['a tampered signature', (tok: string) => tok.slice(0, -2) + (tok.endsWith('AA') ? 'BB' : 'AA')],
    ['a tampered issue time', (tok: string) => tok.replace(/\.([0-9a-z]+)\./, (_m, d: string) => `.${(parseInt(d, 36) - 3_600_000).toString(36)}.`)],
  ])('refuses %s as unverifiable (403)', async (_n, mangle) => {
    const t = makeTestApp();
    const good = t.formToken();
    const token = typeof mangle === 'string' ? mangle : mangle(good);
    const res = await t.app.request('/b/main/messages', form({ token, body: 'x' }));
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('This form could not be verified.');
  });

  it("a token is bound to its board and to this instance's secret", () => {
    const clock = makeClock();
    const a = createFormTokens({ secret: 'one', now: clock.now, minAgeMs: 0 });
    const b = createFormTokens({ secret: 'two', now: clock.now, minAgeMs: 0 });
    const tok = a.issue('main');
    expect(a.check('main', tok)).toBeNull();
    expect(a.check('other', tok)).toEqual({ code: 'token_invalid' });
    expect(b.check('main', tok)).toEqual({ code: 'token_invalid' });
  });

  it('remembers spent tokens only until they expire, and never more than its bound', () => {
    const clock = makeClock();
    const tokens = createFormTokens({ secret: 's', now: clock.now, minAgeMs: 0, maxSpent: 3 });
    const issued = Array.from({ length: 5 }, () => tokens.issue('main'));
    for (const tok of issued) tokens.spend('main', tok);
    expect(tokens.spentCount).toBeLessThanOrEqual(4);
    expect(tokens.check('main', issued[4]!)).toEqual({ code: 'token_used' });
    clock.advance(24 * 60 * 60_000 + 1);
    tokens.spend('main', tokens.issue('main'));
    expect(tokens.spentCount).toBe(1);
  });
});

describe('honeypot', () => {
  it('is in every form, hidden by a CSS class (no inline style), aria-hidden, out of the tab order, no autofill', async () => {
    const { app } = makeTestApp();
    const html = await (await app.request('/b/main')).text();
    expect(html).toContain('<div class="hp" aria-hidden="true"><label for="h-website">Leave this field empty</label><input id="h-website" name="website" tabindex="-1" autocomplete="off"/></div>');
    expect(html).not.toContain('style=');
  });

  it('a filled honeypot is refused (422) with the text kept', async () => {
    const t = makeTestApp();
    const res = await t.post({ body: 'hello', website: 'https://spam.example' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('A hidden anti-spam field was filled in');
    expect(html).toContain('>hello</textarea>');
    expect(html).toContain('name="website" tabindex="-1" autocomplete="off"/>'); // not echoed back
  });
});

describe('links', () => {
  it('allows two links per message by default and refuses a third', async () => {
    const t = makeTestApp();
    expect((await t.post({ body: 'see https://a.example and http://b.example' })).status).toBe(200);
    const res = await t.post({ body: 'https://a.example https://b.example https://c.example' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('A message can contain at most 2 links.');
  });

  it('MAX_LINKS=0 forbids links altogether', async () => {
    const t = makeTestApp({ env: { MAX_LINKS: '0' } });
    const res = await t.post({ body: 'look https://a.example' }, { query: '?lang=fr' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Les liens ne sont pas autorisés');
    expect((await t.post({ body: 'no links here' })).status).toBe(200);
  });
});

describe('flood guard', () => {
  it('a wave from many addresses turns on a visible, temporary slow mode for the board', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '5', FLOOD_SLOW: '30' } });
    for (let i = 0; i < 5; i++) expect((await t.post({ body: `wave ${i}` }, { ip: `198.51.100.${i + 10}` })).status).toBe(200);
    // Shown to everyone who opens the widget, and above every form.
    const page = await (await t.app.request('/b/main')).text();
    expect(page).toContain('role="status">Slow mode is on for a few minutes: one message every 30 seconds each.');
    // Each poster gets one post per 30 s; the second within it is refused with the wait.
    expect((await t.post({ body: 'a real visitor' }, { ip: '192.0.2.1' })).status).toBe(200);
    const res = await t.post({ body: 'and again' }, { ip: '192.0.2.1' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.text()).toContain('slow mode is on: one message every 30 seconds each. Please wait 30 seconds.');
    // Ten quiet minutes later it is off again.
    t.clock.advance(10 * 60_000 + 1);
    expect(await (await t.app.request('/b/main')).text()).not.toContain('Slow mode');
    expect((await t.post({ body: 'and again' }, { ip: '192.0.2.1' })).status).toBe(200);
  });

  it('FLOOD_POSTS=0 never turns it on', () => {
    const clock = makeClock();
    const guard = createFloodGuard({ now: clock.now, slowIntervalMs: 30_000 });
    for (let i = 0; i < 1000; i++) guard.record('main', 0);
    expect(guard.slowMode('main', 0)).toBeNull();
  });

  it('slow mode is per board', () => {
    const clock = makeClock();
    const guard = createFloodGuard({ now: clock.now, slowIntervalMs: 30_000 });
    for (let i = 0; i < 3; i++) guard.record('busy', 3);
    expect(guard.slowMode('busy', 3)).not.toBeNull();
    expect(guard.slowMode('quiet', 3)).toBeNull();
  });
});

describe('duplicate guard', () => {
  it('keeps no more keys than its bound and forgets after the window', () => {
    const clock = makeClock();
    const guard = createDuplicateGuard({ now: clock.now, maxKeys: 2 });
    guard.remember('main', 'p', 'one');
    guard.remember('main', 'p', 'two');
    guard.remember('main', 'p', 'three');
    expect(guard.check('main', 'p', 'one')).toBeNull();
    expect(guard.check('main', 'p', 'three')).toEqual({ code: 'duplicate' });
    expect(guard.check('main', 'q', 'three')).toBeNull(); // another poster may say the same
    expect(guard.check('other', 'p', 'three')).toBeNull(); // and so may the same poster elsewhere
    clock.advance(10 * 60_000);
    expect(guard.check('main', 'p', 'three')).toBeNull();
  });
});

describe('field sizes', () => {
  it('an oversized field is refused with 413 and a human message', async () => {
    const t = makeTestApp();
    const res = await t.post({ name: 'n'.repeat(2000), body: 'hi' });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('That was too much text to send at once.');
  });
});

describe('form tokens and the page cache', () => {
  it('every page view gets its own token, dated now, even when the page itself comes from the cache', async () => {
    const t = makeTestApp();
    const first = tokenIn(await (await t.app.request('/b/main')).text());
    t.clock.advance(60_000);
    const compressed = await t.app.request('/b/main', { headers: { 'accept-encoding': 'gzip, br' } });
    const zlib = await import('node:zlib');
    expect(compressed.headers.get('content-encoding')).toBe('br');
    const second = tokenIn(zlib.brotliDecompressSync(Buffer.from(await compressed.arrayBuffer())).toString());
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[\w-]{16}\.[0-9a-z]+\.[\w-]{32}$/);
    // The second token was issued at the second view: posting it at once is too fast.
    const res = await t.app.request('/b/main/messages', form({ token: second, body: 'quick' }));
    expect(res.status).toBe(429);
  });

  // Both ways of joining a cached page and a fresh token (http/respond.ts), with multi-byte text
  // on either side of the join and a token that differs each time.
  for (const [encoding, unzip] of [['gzip', 'gunzipSync'], ['br', 'brotliDecompressSync']] as const) {
    it(`the cached page is joined to its token correctly for every ${encoding} answer, with a different token each time`, async () => {
      const t = makeTestApp();
      for (let i = 0; i < 30; i++) await t.post({ body: `message ${i} ${'é🙂'.repeat(i)}` }, { ip: `198.51.100.${i}` });
      const zlib = await import('node:zlib');
      const plain = (await (await t.app.request('/b/main')).text()).replace(/name="token" value="[^"]+"/, '');
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const res = await t.app.request('/b/main', { headers: { 'accept-encoding': encoding } });
        expect(res.headers.get('content-encoding')).toBe(encoding);
        // gunzip checks the CRC and length; brotli refuses a stream that does not end where it should.
        const html = zlib[unzip](Buffer.from(await res.arrayBuffer())).toString();
        seen.add(tokenIn(html));
        expect(html.replace(/name="token" value="[^"]+"/, '')).toBe(plain);
      }
      expect(seen.size).toBe(5);
    });
  }

  it('a message that contains the text of the cache slot cannot steal the token', async () => {
    const t = makeTestApp();
    await t.post({ body: 'token-slot-AAAAAAAAAAAA' });
    const html = await (await t.app.request('/b/main')).text();
    expect(html).toContain('token-slot-AAAAAAAAAAAA');
    expect(tokenIn(html)).toMatch(/^[\w-]{16}\./);
  });
});
