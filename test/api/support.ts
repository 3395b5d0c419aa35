/** Calling the JSON API in-process: a test app with tokens of chosen scopes. */
import { makeAdminApp, type TestApp } from '../support/admin.ts';
import type { Scope } from '../../src/store/store.ts';

export type ApiCall = { method?: string; token?: string; body?: unknown; lang?: string; headers?: Record<string, string> };

export function call(t: TestApp, path: string, o: ApiCall = {}) {
  const headers: Record<string, string> = { ...(o.lang ? { 'accept-language': o.lang } : {}), ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
  return t.app.request(path, { method: o.method ?? (o.body === undefined ? 'GET' : 'POST'), headers, body });
}

/** A test app, a visitor's message on main, and one token per scope plus one with all of them. */
export async function apiApp() {
  const t = makeAdminApp();
  const make = (name: string, scopes: Scope[]) => t.store.createToken(name, scopes)!.token;
  const tokens = { post: make('poster', ['post']), moderate: make('mod-bot', ['moderate']), export: make('archiver', ['export']), all: make('ops', ['post', 'moderate', 'export']) };
  const res = await t.post({ name: 'Ada', body: 'hello from a visitor' }, { ip: '198.51.100.7' });
  if (res.status !== 200) throw new Error(`visitor post: ${res.status}`);
  const visitor = t.store.latest('main')[0]!;
  return { t, tokens, visitor };
}
