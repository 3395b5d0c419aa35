/**
 * The OpenAPI document: valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), and every
 * operation in it called for every status it documents (but 503, an outage: see
 * outage.test.ts), each answer checked against the document's own schema for that status.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.ts';
import { TOKEN_BURST } from '../../src/api/auth.ts';
import { apiApp, call, type ApiCall } from './support.ts';

type Doc = typeof openApiDocument;
type Case = [status: number, path: string, o?: ApiCall];

/** The answers each operation is tried with, by operationId; ids and tokens filled in per run. */
function cases(id: string, tk: Record<string, string>, held: string): Record<string, Case[]> {
  const big = 'x'.repeat(70 * 1024);
  return {
    listBoards: [[200, '/api/v1/boards']],
    listMessages: [
      [200, '/api/v1/boards/main/messages'], [200, '/api/v1/boards/main/messages?rev=0&limit=5'],
      [400, '/api/v1/boards/main/messages?after=1&rev=2'], [404, '/api/v1/boards/nope/messages'],
    ],
    postMessage: [
      [201, '/api/v1/boards/main/messages', { token: tk.post, body: { body: 'From the API', name: 'Team' } }],
      [400, '/api/v1/boards/main/messages', { token: tk.post, body: '{not json' }],
      [404, '/api/v1/boards/nope/messages', { token: tk.post, body: { body: 'x' } }],
      [413, '/api/v1/boards/main/messages', { token: tk.post, body: { body: big } }],
      [422, '/api/v1/boards/main/messages', { token: tk.post, body: { body: '   ' } }],
      [401, '/api/v1/boards/main/messages', { body: { body: 'x' } }],
      [403, '/api/v1/boards/main/messages', { token: tk.export, body: { body: 'x' } }],
      [429, '/api/v1/boards/main/messages', { token: tk.spent, body: { body: 'x' } }],
    ],
    exportBoard: [
      [200, '/api/v1/boards/main/export', { token: tk.export }], [400, '/api/v1/boards/main/export?from=2026-13-45', { token: tk.export }],
      [404, '/api/v1/boards/nope/export', { token: tk.export }], [401, '/api/v1/boards/main/export', { token: 'hlr_wrong' }],
      [403, '/api/v1/boards/main/export', { token: tk.post }], [429, '/api/v1/boards/main/export', { token: tk.spent }],
    ],
    getMessage: [[200, `/api/v1/messages/${id}`], [404, `/api/v1/messages/${held}`]],
    banPoster: [
      [200, `/api/v1/messages/${id}/ban`, { token: tk.moderate, body: { duration: '1h', reason: 'test' } }],
      [400, `/api/v1/messages/${id}/ban`, { token: tk.moderate, body: [] }],
      [404, '/api/v1/messages/nope/ban', { token: tk.moderate, body: { duration: '1h' } }],
      [413, `/api/v1/messages/${id}/ban`, { token: tk.moderate, body: { duration: '1h', reason: big } }],
      [422, `/api/v1/messages/${id}/ban`, { token: tk.moderate, body: { duration: '2 weeks' } }],
      [401, `/api/v1/messages/${id}/ban`, { body: { duration: '1h' } }], [403, `/api/v1/messages/${id}/ban`, { token: tk.post, body: { duration: '1h' } }],
      [429, `/api/v1/messages/${id}/ban`, { token: tk.spent, body: { duration: '1h' } }],
    ],
    moderateMessage: [
      [200, `/api/v1/messages/${id}/pin`, { token: tk.moderate, method: 'POST' }], [200, `/api/v1/messages/${held}/approve`, { token: tk.moderate, method: 'POST' }],
      [404, `/api/v1/messages/${id}/explode`, { token: tk.moderate, method: 'POST' }], [404, '/api/v1/messages/nope/delete', { token: tk.moderate, method: 'POST' }],
      [413, `/api/v1/messages/${id}/delete`, { token: tk.moderate, body: big }],
      [401, `/api/v1/messages/${id}/delete`, { method: 'POST' }], [403, `/api/v1/messages/${id}/delete`, { token: tk.export, method: 'POST' }],
      [429, `/api/v1/messages/${id}/delete`, { token: tk.spent, method: 'POST' }],
    ],
    openApi: [[200, '/api/openapi.json']],
  };
}

/** A validator for the JSON schema at `pointer` in the document (refs resolve against it). */
function schemaAt(ajv: Ajv2020, pointer: string) {
  const v = ajv.getSchema(`openapi.json#${pointer}`);
  if (!v) throw new Error(`no schema at ${pointer}`);
  return v;
}
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(openApiDocument) as unknown as Parameters<Validator['validate']>[0]);
    expect(res.errors ?? [], JSON.stringify(res.errors)).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is served at /api/openapi.json, readable from any origin', async () => {
    const { t } = await apiApp();
    const res = await call(t, '/api/openapi.json', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it('every operation answers every status it documents, in the documented shape', async () => {
    const { t, tokens, visitor } = await apiApp();
    const board = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...board, premoderate: true });
    await t.post({ body: 'waiting for approval' }, { ip: '198.51.100.8' });
    const held = t.store.modList({ status: 'held' }, 1)[0]!.id;
    t.store.updateBoard('main', board);
    const doc = JSON.parse(JSON.stringify(openApiDocument)) as Doc;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema(doc, 'openapi.json');
    // A token that has used up its burst (the clock stands still, so it stays so) for the 429s.
    const spent = t.store.createToken('spent', ['post', 'moderate', 'export'])!.token;
    for (let i = 0; i < TOKEN_BURST; i++) await call(t, '/api/v1/boards/nope/export', { token: spent });
    const table = cases(visitor.id, { ...tokens, spent }, held);
    const tried: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { operationId: string; responses: Record<string, { $ref?: string }> }>)) {
        const documented = Object.keys(op.responses).filter((s) => s !== '503');
        const list = table[op.operationId] ?? [];
        expect(list.map(([s]) => String(s)).sort(), `${op.operationId}: every documented status tried`).toEqual(expect.arrayContaining(documented));
        for (const [status, url, o] of list) {
          const res = await call(t, url, { ...o, method: o?.method ?? (o?.body !== undefined ? 'POST' : method.toUpperCase()) });
          const where = `${method.toUpperCase()} ${url} (${op.operationId})`;
          expect(res.status, where).toBe(status);
          expect(documented, where).toContain(String(status));
          // Errors are RFC 9457 problems.
          const type = status < 400 ? 'application/json' : 'application/problem+json';
          expect(res.headers.get('content-type'), where).toMatch(new RegExp(`^${type.replace('+', '\\+')}`));
          const r = op.responses[String(status)]!;
          const base = r.$ref ? `/components/responses/${r.$ref.split('/').at(-1)}` : `/paths/${escape(path)}/${method}/responses/${status}`;
          const validate = schemaAt(ajv, `${base}/content/${type.replace('/', '~1')}/schema`);
          const body: unknown = await res.json();
          expect(validate(body) ? [] : validate.errors, `${where}: ${JSON.stringify(body).slice(0, 300)}`).toEqual([]);
          tried.push(`${op.operationId} ${status}`);
        }
      }
    }
    // Every operation of the document was called.
    expect(new Set(tried.map((x) => x.split(' ')[0])).size).toBe(Object.values(doc.paths).flatMap((i) => Object.keys(i)).length);
  });
});
