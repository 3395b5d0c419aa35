/** Logging in and acting as the moderator in in-process tests. */
import { makeTestApp } from './app.ts';

export const ADMIN_PASSWORD = 'a-long-test-password';
export const ORIGIN = 'http://localhost';

export type TestApp = ReturnType<typeof makeTestApp>;

export function makeAdminApp(env: Record<string, string> = {}) {
  return makeTestApp({ env: { ADMIN_PASSWORD, ...env } });
}

/** The name=value pair of the session cookie set by a response. */
export const sessionCookie = (res: Response) => /^([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? '';

export async function login(t: TestApp, password = ADMIN_PASSWORD, ip = '203.0.113.9') {
  return t.app.request('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, 'x-forwarded-for': ip },
    body: new URLSearchParams({ password }).toString(),
  });
}

/** Logs in and returns a function that POSTs admin forms with the session (and our Origin). */
export async function asAdmin(t: TestApp) {
  const cookie = sessionCookie(await login(t));
  const post = (path: string, fields: Record<string, string | string[]> = {}, o: { origin?: string | null; htmx?: boolean } = {}) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
    return t.app.request(path, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie,
        ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }),
        ...(o.htmx ? { 'hx-request': 'true' } : {}),
      },
      body: body.toString(),
    });
  };
  const get = (path: string) => t.app.request(path, { headers: { cookie } });
  return { cookie, post, get };
}
