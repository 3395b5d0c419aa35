/**
 * @module refusal
 * Why a post is refused, in one shape and worded in one place. Every rule of the posting
 * pipeline (rules.ts), the text rules (text.ts) and the route's own answers (a form that
 * cannot be read, a database that cannot write) return a Refusal: its code, HTTP status, the
 * sentence's i18n key with its parameters, and a Retry-After where waiting helps. The route
 * shows refusalText() in the form, in the visitor's language.
 */
import { formatDuration, type Key, type Lang, type Translate } from '../i18n/i18n.ts';

// The whole table of refusals: status code and sentence.
const REFUSALS = {
  bad_form: { status: 422, key: 'err_bad_form' },
  closed: { status: 403, key: 'err_closed' },
  too_large: { status: 413, key: 'err_too_large' },
  honeypot: { status: 422, key: 'err_honeypot' },
  token_missing: { status: 403, key: 'err_token_missing' },
  token_invalid: { status: 403, key: 'err_token_invalid' },
  token_too_fast: { status: 429, key: 'err_token_too_fast' },
  token_expired: { status: 403, key: 'err_token_expired' },
  token_used: { status: 409, key: 'err_token_used' },
  banned: { status: 403, key: 'err_banned' },
  banned_forever: { status: 403, key: 'err_banned_forever' },
  reply_gone: { status: 422, key: 'err_reply_gone' },
  empty: { status: 422, key: 'err_empty' },
  too_long: { status: 422, key: 'err_too_long' },
  name_too_long: { status: 422, key: 'err_name_too_long' },
  name_reserved: { status: 422, key: 'err_name_reserved' },
  slow: { status: 429, key: 'err_slow' },
  flood_slow: { status: 429, key: 'err_slow_mode' },
  links: { status: 422, key: 'err_links' },
  word: { status: 422, key: 'err_word' },
  links_forbidden: { status: 422, key: 'err_links_forbidden' },
  too_many_links: { status: 422, key: 'err_too_many_links' },
  duplicate: { status: 409, key: 'err_duplicate' },
  rate: { status: 429, key: 'err_rate' },
  unavailable: { status: 503, key: 'err_unavailable' },
} as const satisfies Record<string, { status: number; key: Key }>;

export type RefusalCode = keyof typeof REFUSALS;
/** Every code, for counters that should show each reason from the start (http/metrics.ts). */
export const REFUSAL_CODES = Object.keys(REFUSALS) as RefusalCode[];
/**
 * `{ ms }` is shown as a duration ("58 minutes") in the visitor's language. A ban says how long
 * is left, never a clock time: the server's zone is not the visitor's.
 */
export type RefusalParams = Record<string, string | number | { ms: number }>;
export type Refusal = {
  code: RefusalCode;
  status: (typeof REFUSALS)[RefusalCode]['status'];
  key: Key;
  params: RefusalParams;
  retryAfterS?: number;
};

export function refusal(code: RefusalCode, params: RefusalParams = {}, retryAfterS?: number): Refusal {
  const { status, key } = REFUSALS[code];
  return retryAfterS === undefined ? { code, status, key, params } : { code, status, key, params, retryAfterS };
}

/** The sentence the visitor reads. */
export function refusalText(tr: Translate, lang: Lang, r: Refusal): string {
  const vars: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(r.params)) {
    vars[name] = typeof v === 'object' ? formatDuration(v.ms, lang) : v;
  }
  // The table pairs each key with its parameters (a plural key always gets its count), which the
  // overloads of Translate cannot see through a union of keys.
  const say = tr as (key: Key, vars?: Record<string, string | number>) => string;
  const text = say(r.key, vars);
  // The flood-time slow mode says why, then how long to wait: two sentences, each with its own plural.
  if (r.code === 'flood_slow') return `${text} ${tr('wait_seconds', { count: Number(vars.wait ?? 1) })}`;
  // A ban's reason, when the moderator gave one, follows as a sentence of its own.
  return r.params.reason ? `${text} ${tr('err_banned_reason', vars)}` : text;
}
