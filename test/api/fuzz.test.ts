/** Whatever arrives, the API answers with a status below 500 and, for errors, the documented JSON shape. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/api/errors.ts';
import { apiApp, call } from './support.ts';

const segment = fc.oneof(fc.constantFrom('main', 'nope', 'MAIN', '..', '%2e', '%ff', '%00', 'ban', 'pin', 'messages', 'export', ''), fc.string({ maxLength: 12 }).map(encodeURIComponent));
const queryValue = fc.oneof(fc.constantFrom('0', '-1', '1e3', '99999999999999999999', 'NaN', '', ' 1', '0x10', '2026-02-30'), fc.nat().map(String), fc.string({ maxLength: 8 }));
const query = fc.dictionary(fc.constantFrom('after', 'before', 'rev', 'limit', 'from', 'to', 'lang'), queryValue, { maxKeys: 3 });
const jsonBody = fc.oneof(fc.jsonValue().map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 }), fc.record({ body: fc.anything(), name: fc.anything(), duration: fc.anything(), reason: fc.anything() }).map((v) => JSON.stringify(v) ?? ''));

describe('API under arbitrary input', () => {
  it('never answers 5xx, and every error is an RFC 9457 problem with a code', async () => {
    const { t, tokens, visitor } = await apiApp();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/v1/boards/$/messages', '/api/v1/boards/$/export', '/api/v1/messages/$', '/api/v1/messages/$/$', '/api/v1/$', '/api/$'),
        fc.array(fc.oneof(segment, fc.constant(visitor.id)), { minLength: 2, maxLength: 2 }),
        query, fc.constantFrom('GET', 'POST'), fc.option(jsonBody, { nil: undefined }), fc.constantFrom(undefined, tokens.all, 'hlr_nope', ' '),
        async (shape, segs, q, method, body, token) => {
          const path = shape.replace('$', segs[0]!).replace('$', segs[1]!);
          const res = await call(t, `${path}?${new URLSearchParams(q)}`, { method, token, body: method === 'POST' ? (body ?? '') : undefined });
          expect(res.status, `${method} ${path}`).toBeLessThan(500);
          // `..` can climb out of /api/ before routing (URL normalisation): then it is not an API answer.
          if (res.status >= 400 && new URL(path, 'http://localhost').pathname.startsWith('/api/')) {
            expect(res.headers.get('content-type')).toBe('application/problem+json');
            const err = (await res.json()) as { code: string; detail: string; status: number };
            expect(ERROR_CODES).toContain(err.code);
            expect(err.status).toBe(res.status);
            expect(err.detail.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 400, seed: Number(process.env.FUZZ_SEED ?? 14) },
    );
  });
});
