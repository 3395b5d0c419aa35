/**
 * /livez (liveness: the process answers) beside /healthz (readiness: the database takes writes).
 * A liveness probe must not fail on a database or disk fault: the orchestrator would restart
 * Holler in a loop, which fixes neither.
 */
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

describe('GET /livez', () => {
  it('answers 200 while /healthz is 503 (the database is gone), with the usual security headers', async () => {
    const t = makeTestApp();
    expect((await t.app.request('/healthz')).status).toBe(200);
    t.db.close(); // the worst database fault there is
    const ready = await t.app.request('/healthz');
    expect(ready.status).toBe(503);
    const live = await t.app.request('/livez');
    expect(live.status).toBe(200);
    expect(await live.text()).toBe('ok');
    expect(live.headers.get('cache-control')).toBe('no-store');
    expect(live.headers.get('x-content-type-options')).toBe('nosniff');
    expect(live.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(live.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers HEAD too (probes and curl -I)', async () => {
    const t = makeTestApp();
    expect((await t.app.request('/livez', { method: 'HEAD' })).status).toBe(200);
  });
});
