/** A database that can't answer or write: the API says so in JSON (503, Retry-After), as the OpenAPI document describes. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApiDocument } from '../../src/api/openapi.ts';
import { dictionary } from '../../src/i18n/i18n.ts';
import { makeTestApp, tempDir } from '../support/app.ts';
import { call } from './support.ts';

const cleanup: Array<() => void> = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema(JSON.parse(JSON.stringify(openApiDocument)) as object, 'openapi.json');
const unavailableShape = ajv.getSchema('openapi.json#/components/responses/Unavailable/content/application~1problem+json/schema')!;

describe('API during a database outage', () => {
  it('a write while another process holds the lock: 503 in JSON, then it works again', async () => {
    const file = path.join(tempDir('holler-api-fault-'), 'holler.db');
    const t = makeTestApp({ dbFile: file });
    t.db.pragma('busy_timeout = 0');
    const other = new Database(file, { timeout: 0 });
    cleanup.push(() => (other.close(), t.db.close()));
    const token = t.store.createToken('bot', ['post'])!.token;
    other.exec('BEGIN IMMEDIATE');
    const res = await call(t, '/api/v1/boards/main/messages', { token, body: { body: 'during the outage' }, lang: 'it' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('10');
    const body: unknown = await res.json();
    expect(unavailableShape(body)).toBe(true);
    expect(body).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'unavailable', detail: dictionary('it').unavailable_text });
    other.exec('ROLLBACK');
    expect((await call(t, '/api/v1/boards/main/messages', { token, body: { body: 'after the outage' } })).status).toBe(201);
  });

  it('a read that fails: 503 in JSON, not the HTML page', async () => {
    const t = makeTestApp();
    const spy = vi.spyOn(t.store, 'latest').mockImplementation(() => {
      throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_READ');
    });
    cleanup.push(() => spy.mockRestore());
    const res = await call(t, '/api/v1/boards/main/messages');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ code: 'unavailable' });
  });
});
