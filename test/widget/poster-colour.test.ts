/** Issue 22, point 6: a small colour per poster, private, stable, readable in both themes. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { POSTER_COLOURS, posterColour } from '../../src/widget/poster-colour.ts';
import { makeTestApp } from '../support/app.ts';

// --- the colour arithmetic of CSS Color 4, enough for oklch(), color-mix(in oklab) and WCAG ---
type Rgb = [number, number, number];
const hex = (h: string): Rgb => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255) as Rgb;
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function oklabOf(rgb: Rgb): Rgb {
  const [r, g, b] = rgb.map(toLinear) as Rgb;
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}
function linearOf([L, a, b]: Rgb): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s, -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s, -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s];
}
const luminance = (lin: Rgb) => 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
/** `color-mix(in srgb, X p%, transparent)` over `under`, as a browser composites it. */
const tint = (x: string, p: number, under: string) => hex(x).map((c, i) => c * p + hex(under)[i]! * (1 - p)) as Rgb;

const css = fs.readFileSync('public/widget.css', 'utf8');
const themeVar = (block: string, name: string) => new RegExp(`${name}:\\s*(?:var\\([^,]+,\\s*)?(#[0-9a-f]{6})`).exec(block)![1]!;
const lightBlock = css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)'));
const darkBlock = css.slice(css.indexOf(':root.theme-dark {'));
const themes = { light: lightBlock, dark: darkBlock };

describe('poster colours', () => {
  it('are stable per poster key, spread over all 12, and not the key itself', () => {
    const keys = Array.from({ length: 2400 }, (_, i) => `poster-key-${i}`.padEnd(43, 'x'));
    const counts = new Array<number>(POSTER_COLOURS).fill(0);
    for (const k of keys) {
      const c = posterColour(k);
      expect(c).toBe(posterColour(k));
      counts[c]!++;
    }
    // About 200 each: no hue is missing or crowded.
    for (const n of counts) expect(n).toBeGreaterThan(140), expect(n).toBeLessThan(260);
  });

  it('the page marks each named visitor\'s name with its class; staff and anonymous names keep their look; the key is not in the page', async () => {
    const t = makeTestApp();
    await t.post({ name: 'Marta', body: 'first' }, { ip: '198.51.100.7' });
    await t.post({ name: 'Marta', body: 'second' }, { ip: '198.51.100.7' });
    await t.post({ name: '', body: 'quiet one' }, { ip: '198.51.100.8' });
    t.store.addMessage({ board: 'main', author: 'Mod', body: 'welcome', poster: 'staff', staff: true });
    const [staff, anon, second, first] = t.store.latest('main');
    const html = await (await t.app.request('/b/main')).text();
    const cls = (id: string) => new RegExp(`id="m-${id}"[^]*?<span class="(author[^"]*)"`).exec(html)![1];
    expect(cls(first!.id)).toBe(`author pc${posterColour(first!.poster)}`);
    expect(cls(second!.id)).toBe(cls(first!.id)); // the same poster, the same colour
    expect(cls(anon!.id)).toBe('author anon');
    expect(cls(staff!.id)).toBe('author');
    expect(html).not.toContain(first!.poster);
  });

  it('every colour has a contrast of at least 4.5:1 on every message background, in the light and the dark theme', () => {
    const block = css.slice(css.lastIndexOf('/* poster colours (busy)'));
    expect(block.length).toBeLessThan(600); // compact: the first view is weighed (first-view.test.ts)
    const hues = Array.from({ length: POSTER_COLOURS }, (_, i) => Number(new RegExp(`\\.pc${i}\\{--pc:(\\d+)\\}`).exec(block)![1]));
    expect(new Set(hues).size).toBe(12);
    const [, L, C, fgShare] = /color-mix\(in oklab,oklch\(([\d.]+) ([\d.]+) var\(--pc\)\),var\(--h-fg\) (\d+)%\)/.exec(block)!.map(Number) as number[];
    const ratios: string[] = [];
    for (const [name, vars] of Object.entries(themes)) {
      const bg = themeVar(vars, '--h-bg');
      // Plain rows, the pinned list, a pinned row, and a row that mentions you (12 % of the accent).
      const backgrounds = [hex(bg), hex(themeVar(vars, '--h-surface')), hex(themeVar(vars, '--h-pinned-bg')), tint(themeVar(vars, '--h-accent'), 0.12, bg)];
      const fg = oklabOf(hex(themeVar(vars, '--h-fg')));
      for (const h of hues) {
        const rad = (h * Math.PI) / 180;
        const own: Rgb = [L!, C! * Math.cos(rad), C! * Math.sin(rad)];
        const p = 1 - fgShare! / 100;
        const lin = linearOf(own.map((v, i) => v * p + fg[i]! * (1 - p)) as Rgb);
        // Inside sRGB, so no browser's gamut mapping can change it.
        for (const c of lin) expect(c, `${name} hue ${h}`).toBeGreaterThanOrEqual(-1e-4), expect(c).toBeLessThanOrEqual(1 + 1e-4);
        const worst = Math.min(...backgrounds.map((b) => contrast(luminance(lin), luminance(b.map(toLinear) as Rgb))));
        ratios.push(`${name} ${h}: ${worst.toFixed(2)}`);
        expect(worst, `${name} hue ${h}`).toBeGreaterThanOrEqual(4.5);
      }
    }
    expect(ratios).toHaveLength(24);
  });
});
