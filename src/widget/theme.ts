/**
 * @module theme
 * The widget's look chosen by URL: `?theme=light|dark|auto`, `?accent=` and `?accent_fg=` (hex colours). The
 * accent reaches the page as a generated stylesheet (/theme/accent-rrggbb.css), never as an
 * inline style, which the CSP forbids; only six hex digits ever reach that CSS.
 */
import type { Theme } from './views.tsx';

export const parseTheme = (raw: string | undefined): Theme => (raw === 'light' || raw === 'dark' ? raw : 'auto');

/** `#abc`, `abc`, `#aabbcc` or `aabbcc` → `aabbcc`; anything else → null (the default accent). */
export function parseAccent(raw: string | undefined): string | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(raw?.trim() ?? '');
  if (!m) return null;
  const hex = m[1]!.toLowerCase();
  return hex.length === 3 ? [...hex].map((d) => d + d).join('') : hex;
}

/** WCAG relative luminance of a 6-digit hex colour. */
function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The stylesheet for an accent: the colour, and the text colour on it: the owner's choice
 * (`accent_fg`), else black or white, whichever reads better.
 */
export function accentCss(hex: string, fg?: string | null): string {
  const l = luminance(hex);
  const onBlack = (l + 0.05) / 0.05;
  const onWhite = 1.05 / (l + 0.05);
  const text = fg ? `#${fg}` : onBlack >= onWhite ? '#000000' : '#ffffff';
  return `:root{--h-custom-accent:#${hex};--h-custom-accent-fg:${text}}\n`;
}

export const accentUrl = (hex: string, fg?: string | null) => `/theme/accent-${hex}${fg ? `-${fg}` : ''}.css`;
