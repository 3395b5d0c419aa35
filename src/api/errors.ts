/**
 * @module api/errors
 * Every API error is an RFC 9457 problem (`application/problem+json`): `type` (about:blank: the
 * status says what kind), `title` (the status's name), `status`, `detail` (the sentence a page
 * would show, in the Accept-Language language) and, as an extension member, `code`: a stable
 * code for programs. Errors are never cached (the sentence depends on the language; a fixed
 * problem must not linger).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pickLang, t, type TextKey } from '../i18n/i18n.ts';
import { refusalText, type Refusal } from '../posting/refusal.ts';

// Not `import … from 'node:http'`: an ES import of node:http reads all its exports, and the lazy
// ones (WebSocket…) load Node's fetch, HTTP/2 and TLS, some 20 MB (server.ts).
const { STATUS_CODES } = process.getBuiltinModule('node:http');

/** The codes an API answer can carry, for programs to switch on (the OpenAPI document lists them). */
export const ERROR_CODES = [
  'not_found', 'board_not_found', 'message_not_found', 'bad_parameter', 'bad_body',
  'token_missing', 'token_invalid', 'token_scope', 'token_rate', 'too_large', 'unavailable', 'internal',
  // the posting pipeline's refusals that apply to staff (posting/text.ts checkPost)
  'empty', 'too_long', 'name_too_long',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const apiLang = (c: Context) => pickLang(c.req.query('lang'), null, c.req.header('accept-language'));

export const PROBLEM_TYPE = 'application/problem+json';

/** The RFC 9457 problem document for `status` with this code and sentence. */
export const problem = (status: number, code: string, detail: string) =>
  ({ type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, code });

function send(c: Context, status: ContentfulStatusCode, code: string, detail: string) {
  c.header('Cache-Control', 'no-store');
  return c.body(JSON.stringify(problem(status, code, detail)), status, { 'Content-Type': PROBLEM_TYPE });
}

/** An error answer with the sentence `key` (and its `vars`) in the caller's language. */
export function apiFail(c: Context, status: ContentfulStatusCode, code: ErrorCode, key: TextKey, vars?: Record<string, string | number>) {
  return send(c, status, code, t(apiLang(c))(key, vars));
}

/** A posting refusal (posting/refusal.ts) as an API error: its code, status and sentence. */
export function apiRefusal(c: Context, r: Refusal) {
  const lang = apiLang(c);
  if (r.retryAfterS !== undefined) c.header('Retry-After', String(r.retryAfterS));
  return send(c, r.status, r.code, refusalText(t(lang), lang, r));
}

type PageText = 'not_found' | 'error_text' | 'err_too_large' | 'unavailable_text';
const PAGE_ERRORS: Record<PageText, [ErrorCode, TextKey]> = {
  not_found: ['not_found', 'api_no_route'],
  err_too_large: ['too_large', 'err_too_large'],
  error_text: ['internal', 'error_text'],
  unavailable_text: ['unavailable', 'unavailable_text'],
};

/** The app's own error pages (404, 413, 500, 503: app.ts), as JSON under /api/. */
export const isApiPath = (path: string) => path.startsWith('/api/');
export function apiPageError(c: Context, status: 404 | 413 | 500 | 503, text: PageText) {
  const [code, key] = PAGE_ERRORS[text];
  return apiFail(c, status, code, key);
}
