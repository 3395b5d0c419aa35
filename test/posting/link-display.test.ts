/** Issue 15: an autolink shows the host the browser really reaches, so its text cannot pass one site off as another. */
import { describe, expect, it } from 'vitest';
import { renderBody } from '../../src/posting/text.ts';
import { makeTestApp } from '../support/app.ts';

/** [href, shown text] of the one link in a rendered body. */
const link = (text: string) => {
  const m = /<a href="([^"]*)"[^>]*>([^<]*)<\/a>/.exec(renderBody(text));
  if (!m) throw new Error(`no link in ${renderBody(text)}`);
  return [m[1], m[2]];
};

describe('autolinks show the real host', () => {
  it('drop user-info: neither the text nor the link carries it', () => {
    expect(link('https://trusted.example@evil.example/login')).toEqual(['https://evil.example/login', 'https://evil.example/login']);
    expect(link('see https://user:pass@evil.example:443/x?y#z.')).toEqual(['https://evil.example/x?y#z', 'https://evil.example/x?y#z']);
    expect(link('https://trusted.example%2F@evil.example/')).toEqual(['https://evil.example/', 'https://evil.example/']);
    expect(link('http://trusted.example:pw@evil.example:8080/')).toEqual(['http://evil.example:8080/', 'http://evil.example:8080/']);
  });

  it('a backslash ends the host for the browser, so the host shown is the one reached', () => {
    const [href, shown] = link('https://trusted.example\\@evil.example/');
    expect(href).toBe('https://trusted.example/@evil.example/');
    expect(shown).toMatch(/^https:\/\/trusted\.example\\@evil/);
    // Extra slashes before the host are dropped by the browser, and in the text.
    expect(link('https:///evil.example/a')).toEqual(['https://evil.example/a', 'https://evil.example/a']);
  });

  it('show internationalised hosts in punycode, and disguised ones as the browser resolves them', () => {
    // Cyrillic а in "apple": the look-alike reads xn--…, whatever the font.
    expect(link('https://\u0430pple.com/login')).toEqual(['https://xn--pple-43d.com/login', 'https://xn--pple-43d.com/login']);
    expect(link('https://münchen.de/')[1]).toBe('https://xn--mnchen-3ya.de/');
    expect(link('https://ｅvil.example/a')[1]).toBe('https://evil.example/a');
    expect(link('https://evil\u3002example/')[1]).toBe('https://evil.example/');
    expect(link('https://%65vil.example/')[1]).toBe('https://evil.example/');
    expect(link('http://0x7f.1/')[1]).toBe('http://127.0.0.1/');
    expect(link('HTTP://EXAMPLE.ORG/Path')[1]).toBe('HTTP://example.org/Path');
  });

  it('keep the rest of the link as typed', () => {
    expect(link('https://it.wikipedia.org/wiki/Città')).toEqual(['https://it.wikipedia.org/wiki/Citt%C3%A0', 'https://it.wikipedia.org/wiki/Città']);
    expect(link('(https://example.org/a_(b))')).toEqual(['https://example.org/a_(b)', 'https://example.org/a_(b)']);
    expect(link('https://example.org')).toEqual(['https://example.org/', 'https://example.org']);
    expect(link('https://example.org?q=1')).toEqual(['https://example.org/?q=1', 'https://example.org?q=1']);
  });

  it('in the pages visitors see (the fragment, through MessageBody)', async () => {
    const t = makeTestApp();
    expect((await t.post({ body: 'log in at https://trusted.example@evil.example/ or https://\u0430pple.com' })).status).toBe(200);
    const html = await (await t.app.request('/b/main/fragment')).text();
    expect(html).not.toContain('trusted.example');
    expect(html).not.toContain('\u0430pple');
    expect(html).toContain('>https://evil.example/</a>');
    expect(html).toContain('>https://xn--pple-43d.com</a>');
  });
});
