/** Issue 22, point 7: a quick follow-up to one's own accepted post is not called a bot. */
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

const tokenIn = (html: string) => /name="token" value="([^"]+)"/.exec(html)?.[1] ?? '';
const send = (t: ReturnType<typeof makeTestApp>, token: string, body: string, lang = 'en') =>
  t.app.request(`/b/main/messages?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'hx-request': 'true', 'x-forwarded-for': '203.0.113.7' },
    body: new URLSearchParams({ token, name: 'Marta', body }).toString(),
  });

/** Opens the widget, types for ten seconds, sends: the answer's form and its token. */
async function firstPost(t: ReturnType<typeof makeTestApp>) {
  const page = await (await t.app.request('/b/main')).text();
  t.clock.advance(10_000);
  const res = await send(t, tokenIn(page), 'hello');
  expect(res.status).toBe(200);
  return tokenIn(await res.text());
}

describe('kind to fast humans', () => {
  it('"hello?" 1.5 s after one\'s own accepted post is accepted', async () => {
    const t = makeTestApp();
    const next = await firstPost(t);
    t.clock.advance(1_500);
    const res = await send(t, next, 'hello?');
    expect(res.status).toBe(200);
    expect(t.store.latest('main').map((m) => m.body)).toEqual(['hello?', 'hello']);
    // And the answer to that one is again a follow-up form: a third quick line goes too.
    t.clock.advance(1_000);
    expect((await send(t, tokenIn(await res.text()), 'anyone?')).status).toBe(200);
  });

  it("a fresh page's token sent within 1.5 s is still refused as too fast, in every language", async () => {
    for (const [lang, text] of [['en', 'faster than anyone can type'], ['it', 'più in fretta'], ['ar', 'أسرع مما']] as const) {
      const t = makeTestApp();
      const page = await (await t.app.request('/b/main')).text();
      t.clock.advance(1_500);
      const res = await send(t, tokenIn(page), 'first!!1', lang);
      expect(res.status).toBe(429);
      expect(await res.text()).toContain(text);
    }
  });

  it('the follow-up flag is signed: it cannot be added to a plain token, and a follow-up token is still single-use', async () => {
    const t = makeTestApp();
    const page = tokenIn(await (await t.app.request('/b/main')).text());
    const [id, issued, mac] = page.split('.');
    t.clock.advance(1_500);
    const forged = await send(t, `${id}.${issued}.f.${mac}`, 'sneaky');
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('This form could not be verified.');

    const next = await firstPost(t);
    expect(next).toMatch(/^[\w-]{16}\.[0-9a-z]+\.f\.[\w-]{32}$/);
    t.clock.advance(1_500);
    expect((await send(t, next, 'hello?')).status).toBe(200);
    t.clock.advance(1_500);
    expect((await send(t, next, 'hello??')).status).toBe(409);
  });

  it('the rate limit still counts follow-ups: no faster than RATE_BURST allows', async () => {
    const t = makeTestApp();
    let token = await firstPost(t);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      t.clock.advance(200);
      const res = await send(t, token, `quick ${i}`);
      statuses.push(res.status);
      token = tokenIn(await res.text()) || token;
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
  });
});
