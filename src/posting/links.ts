/**
 * @module links
 * The one link detector. Autolinking (text.ts renderBody), the per-message link limit and a
 * board's "no links" rule all read links from the same split, so what gets counted is exactly
 * what would become a link, and a post is split once (scanLinks) however many rules ask.
 */

export type Part = { link: boolean; text: string };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCT = /[.,;:!?'"»)\]]+$/;

/** Splits text into plain runs and http(s) links, trimming sentence punctuation off links. */
export function splitLinks(text: string): Part[] {
  const out: Part[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    let url = m[0];
    let trail = TRAILING_PUNCT.exec(url)?.[0] ?? '';
    // Keep a closing parenthesis that balances one inside the link (Wikipedia URLs).
    while (trail.startsWith(')') && (url.slice(0, -trail.length).split('(').length > url.slice(0, -trail.length).split(')').length)) {
      trail = trail.slice(1);
    }
    url = url.slice(0, url.length - trail.length);
    if (m.index > last) out.push({ link: false, text: text.slice(last, m.index) });
    out.push({ link: true, text: url });
    last = m.index + url.length;
  }
  if (last < text.length) out.push({ link: false, text: text.slice(last) });
  return out;
}

// In the plain runs, anything a reader would take for an address though it is not autolinked:
// another scheme, www., or name.tld for common TLDs. Boards without links refuse these too.
const ADDRESS = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)|\b[\p{L}\d-]{2,}\.(?:com|net|org|info|biz|io|co|me|ly|gg|xyz|top|site|online|shop|app|dev|link|click|ru|cn|it|fr|de|uk|eu|es|ch|be)\b/iu;

export type LinkScan = {
  /** http(s) links, as autolinking would make them: what the link limit counts. */
  links: number;
  /** Anything that reads as an address, links included: what a board without links refuses. */
  any: boolean;
};

/** One split of a post's text, for every rule about links. */
export function scanLinks(text: string): LinkScan {
  const parts = splitLinks(text);
  const links = parts.filter((p) => p.link).length;
  // Only a board without links asks `any`: the address pattern (Unicode letters at every word
  // start) is the costly part, so it runs on first use.
  let any: boolean | undefined;
  return {
    links,
    get any() {
      return (any ??= links > 0 || parts.some((p) => ADDRESS.test(p.text)));
    },
  };
}

/** How many http(s) links a text holds. */
export const countLinks = (text: string): number => scanLinks(text).links;
