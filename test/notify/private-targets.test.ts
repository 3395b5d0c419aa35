/**
 * R2 (SECURITY.md): a board webhook (set by a moderator) cannot probe this machine or the private
 * network: loopback, link-local, private and metadata addresses are refused when saved and when
 * sent (names as they resolve), unless NOTIFY_ALLOW_PRIVATE=on; the environment's webhook stays
 * free. A failed delivery or test reports the status and content type, never the receiver's body.
 */
import dns from 'node:dns/promises';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { startReceiver } from './support.ts';
import { isPrivateAddress, publicOnlyLookup } from '../../src/notify/address.ts';

const SECRET = 'private-targets-secret-1234';
const BODY = 'root:x:0:0 internal-service-banner v1.2';
let rx: Awaited<ReturnType<typeof startReceiver>>;
let chatty: http.Server;
let chattyUrl: string;
beforeAll(async () => {
  rx = await startReceiver();
  // An internal service that explains its refusals at length.
  chatty = http.createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(`<h1>${BODY}</h1>`));
  await new Promise<void>((r) => chatty.listen(0, '127.0.0.1', r));
  chattyUrl = `http://127.0.0.1:${(chatty.address() as AddressInfo).port}/admin`;
});
afterAll(async () => {
  await rx.close();
  chatty.closeAllConnections();
  await new Promise((r) => chatty.close(r));
});

const form = (webhookUrl: string) => ({ events: ['message.posted'], webhookUrl, webhookSecret: SECRET, webhookFormat: 'generic', emailTo: '', emailDigest: '0' });

describe('board webhooks and private addresses', () => {
  it.each([
    ['http://127.0.0.1:9/', '127.0.0.1'], ['http://localhost:9/', 'localhost'], ['http://2130706433/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'], ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://[::1]:8080/', '::1'], ['http://10.0.0.5/hook', '10.0.0.5'], ['http://0x7f.1/', '127.0.0.1'], ['http://[fe80::1]/', 'fe80::1'],
  ])('refuses %s in the admin with a sentence', async (url, host) => {
    const t = makeAdminApp({});
    const a = await asAdmin(t);
    const res = await a.post('/admin/notifications/main', form(url));
    expect(res.status).toBe(422);
    expect(await res.text()).toContain(`points at this machine or a private network address (${host}): Holler does not send board webhooks there unless the operator sets NOTIFY_ALLOW_PRIVATE=on.`);
    expect(t.store.boardNotify('main').webhookUrl).toBe('');
  });

  it('allows them with NOTIFY_ALLOW_PRIVATE=on, and the environment\'s webhook always', async () => {
    const t = makeAdminApp({ NOTIFY_ALLOW_PRIVATE: 'on' });
    const a = await asAdmin(t);
    expect((await a.post('/admin/notifications/main', form(rx.url))).status).toBe(303);
    const env = makeAdminApp({ NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_SECRET: SECRET });
    rx.requests.length = 0;
    await env.post({ body: 'to the operator' });
    await env.notifier.runOnce();
    expect(rx.requests).toHaveLength(1);
  });

  it('does not send to one saved before (or behind a name), and says why', async () => {
    const t = makeAdminApp({});
    const a = await asAdmin(t);
    rx.requests.length = 0;
    t.store.setBoardNotify('main', { events: ['message.posted'], webhookUrl: rx.url, webhookSecret: SECRET, webhookFormat: 'generic', emailTo: [], emailDigest: 0 });
    await t.post({ body: 'hello' });
    await t.notifier.runOnce();
    expect(rx.requests).toHaveLength(0);
    expect(t.store.failingDeliveries()[0]!.lastError).toBe('127.0.0.1 is this machine or a private address (set NOTIFY_ALLOW_PRIVATE=on to allow it)');
    const page = await (await a.post('/admin/notifications/test', { dest: 'board-webhook', board: 'main' })).text();
    expect(page).toContain('The test could not be delivered: 127.0.0.1 is this machine or a private address');
    expect(rx.requests).toHaveLength(0);
  });

  it('checks the address a name resolves to when connecting (DNS rebinding)', async () => {
    const err = await new Promise<NodeJS.ErrnoException | null>((r) => publicOnlyLookup('localhost', {}, (e) => r(e)));
    expect(err?.code).toBe('EPRIVATE');
    // This machine's own name usually resolves to loopback (/etc/hosts): a name, not a literal.
    const name = os.hostname();
    const own = await dns.lookup(name, { all: true }).catch(() => []);
    if (own.length && own.every((x) => isPrivateAddress(x.address))) {
      // Saved in the admin: the name is resolved at once and refused with the sentence.
      const admin = makeAdminApp({});
      const saved = await (await asAdmin(admin)).post('/admin/notifications/main', form(`http://${name}:${rx.port}/hook`));
      expect(saved.status).toBe(422);
      expect(await saved.text()).toContain(`private network address (${name})`);
      // Stored some other way (or the name changed its answer since): refused when sending.
      const t = makeAdminApp({});
      t.store.setBoardNotify('main', { events: ['message.posted'], webhookUrl: `http://${name}:${rx.port}/hook`, webhookSecret: SECRET, webhookFormat: 'generic', emailTo: [], emailDigest: 0 });
      rx.requests.length = 0;
      await t.post({ body: 'rebound' });
      await t.notifier.runOnce();
      expect(rx.requests).toHaveLength(0);
      expect(t.store.failingDeliveries()[0]!.lastError).toBe(`${name} resolves to a private address (set NOTIFY_ALLOW_PRIVATE=on to allow it)`);
    }
  });
});

describe('a failed delivery or test', () => {
  it('reports the status and content type, never the body (page, audit, failing list)', async () => {
    const t = makeAdminApp({ NOTIFY_WEBHOOK_URL: chattyUrl, NOTIFY_WEBHOOK_SECRET: SECRET });
    const a = await asAdmin(t);
    const page = await (await a.post('/admin/notifications/test', { dest: 'instance-webhook', board: 'main' })).text();
    expect(page).toContain('The test could not be delivered: HTTP 500 (text/html).');
    expect(page).not.toContain('internal-service-banner');
    await t.post({ body: 'x' });
    await t.notifier.runOnce();
    expect(t.store.failingDeliveries()[0]!.lastError).toBe('HTTP 500 (text/html)');
    expect(JSON.stringify(t.store.auditList({}))).not.toContain('internal-service-banner');
    expect(t.logs.join('\n')).not.toContain('internal-service-banner');
    expect(await (await a.get('/admin/notifications')).text()).not.toContain('internal-service-banner');
  });
});
