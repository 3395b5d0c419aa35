/**
 * R5 (SECURITY.md): deliveries are signed as Standard Webhooks, checked here by the reference
 * `standardwebhooks` package with the secret as the operator set it (raw, or whsec_ + base64).
 * A captured delivery replayed under another id, or ten minutes later, is refused by it and by
 * the README's receiver; X-Holler-Signature stays for older receivers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { makeTestApp } from '../support/app.ts';
import { readmeReceiver, startReceiver } from './support.ts';
import { sign } from '../../src/notify/format.ts';

const RAW = 'a-test-secret-of-some-length';
const WHSEC = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
let rx: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => { rx = await startReceiver(); });
afterAll(() => rx.close());
afterEach(() => { vi.useRealTimers(); });

async function deliverOne(secret: string) {
  const t = makeTestApp({ env: { NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_SECRET: secret } });
  t.clock.set(Date.now());
  rx.requests.length = 0;
  await t.post({ name: 'Ann', body: 'sign me' });
  await t.notifier.runOnce();
  expect(rx.requests).toHaveLength(1);
  return rx.requests[0]!;
}
const plain = (h: Record<string, unknown>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k, String(v)]));

describe('Standard Webhooks signing', () => {
  it.each([['a raw secret', RAW, { format: 'raw' as const }], ['a whsec_ secret', WHSEC, undefined]])('verifies with %s; another id or ten minutes later is refused', async (_, secret, options) => {
    const { headers, body } = await deliverOne(secret);
    const wh = new Webhook(secret, options);
    expect(headers['webhook-id']).toBe(headers['x-holler-delivery']);
    expect(String(headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(wh.verify(body, plain(headers))).toMatchObject({ event: 'message.posted', message: { body: 'sign me' } });
    // The older header still signs the body alone, for existing receivers.
    expect(headers['x-holler-signature']).toBe(sign(secret, body));
    // Replayed under a fresh id (to get past de-duplication): the id is signed.
    expect(() => wh.verify(body, plain({ ...headers, 'webhook-id': 'V1StGXR8_Z5jdHi7' }))).toThrow(/signature/i);
    // A later timestamp on the old signature: refused too.
    expect(() => wh.verify(body, plain({ ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) + 600) }))).toThrow();
    // The same delivery replayed ten minutes later: outside the window.
    vi.useFakeTimers({ now: Date.now() + 10 * 60_000, toFake: ['Date'] });
    expect(() => wh.verify(body, plain(headers))).toThrow(/too old/);
  });

  it("the README's receiver: refuses a replay under another id, ten minutes later, and acts once per id", async () => {
    const readme = await readmeReceiver();
    const { headers, body } = await deliverOne(WHSEC);
    const now = Number(headers['webhook-timestamp']);
    expect(readme.verifyHoller(body, headers, WHSEC, now)).toBe(true);
    expect(readme.verifyHoller(body, { ...headers, 'webhook-id': 'V1StGXR8_Z5jdHi7' }, WHSEC, now)).toBe(false);
    expect(readme.verifyHoller(body, headers, WHSEC, now + 600)).toBe(false);
    expect(readme.verifyHoller(body, headers, RAW, now)).toBe(false);

    // Run it: the same signed delivery twice is acted on once (its console line).
    process.env.HOLLER_WEBHOOK_SECRET = WHSEC;
    const logged: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logged.push(a.join(' ')));
    await new Promise<void>((resolve) => readme.receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(readme.receiver.address() as { port: number }).port}/`;
      const send = (h: Record<string, unknown>) => fetch(url, { method: 'POST', headers: plain(h), body });
      expect((await send(headers)).status).toBe(204);
      expect((await send(headers)).status).toBe(204);
      expect((await send({ ...headers, 'webhook-id': 'V1StGXR8_Z5jdHi7' })).status).toBe(401);
      expect(logged).toEqual(['message.posted main sign me']);
    } finally {
      spy.mockRestore();
      delete process.env.HOLLER_WEBHOOK_SECRET;
      readme.receiver.closeAllConnections();
      await new Promise((r) => readme.receiver.close(r));
    }
  });

  it('refuses a whsec_ secret that is not base64 of at least 16 bytes, in the environment', async () => {
    const { loadConfig } = await import('../../src/config.ts');
    const r = loadConfig({ NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_SECRET: 'whsec_not base64 at all!!' });
    expect(r.ok).toBe(false);
    expect(r.ok ? [] : r.errors).toContain('NOTIFY_WEBHOOK_SECRET must be at least 16 characters long, or whsec_ and the base64 of at least 16 random bytes');
  });
});
