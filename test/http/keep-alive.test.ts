/**
 * A request refused before its body is read (413, and the like) must not poison the connection:
 * the client's next request on the same keep-alive socket gets an answer. A real listening
 * server in-process, built as server.ts builds it, and node:http's keep-alive Agent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES } from '../../src/app.ts';
import { withNoChangePoll } from '../../src/widget/poll.ts';
import { makeAdminApp } from '../support/admin.ts';

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; socket: unknown };

let server: ReturnType<typeof serve>;
let port = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  const t = makeAdminApp();
  await new Promise<void>((ready) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: { maxHeaderSize: MAX_HEADER_BYTES }, createServer: withNoChangePoll(t.poll) }, () => ready());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  agent.destroy();
  server.close();
});

function send(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), socket: req.socket }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const big = Buffer.alloc(1024 * 1024, 'a');

describe('early refusals on a keep-alive connection', () => {
  it('a 1 MB post gets 413 with Connection: close; the next request on the same client is answered', async () => {
    for (let round = 0; round < 3; round++) {
      const refused = await send('POST', '/b/main/messages', Buffer.concat([Buffer.from('body='), big]), form);
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      const next = await send('GET', '/healthz');
      expect(next.status).toBe(200);
      expect(next.body).toBe('ok');
    }
  });

  it('other refusals with an unread body (a foreign admin POST, an unknown board) close too; read bodies keep the socket', async () => {
    const foreign = await send('POST', '/admin/login', Buffer.alloc(32 * 1024, 'a'), { ...form, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.connection).toBe('close');
    expect((await send('GET', '/healthz')).status).toBe(200);
    const unknown = await send('POST', '/b/nope/messages', Buffer.alloc(32 * 1024, 'a'), form);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.connection).toBe('close');
    expect((await send('GET', '/healthz')).status).toBe(200);
    // A body that was read (a wrong password) leaves the connection open for the next request.
    const wrong = await send('POST', '/admin/login', Buffer.from('password=wrong-password'), { ...form, origin: `http://127.0.0.1:${port}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.connection).toBe('keep-alive');
    const after = await send('GET', '/healthz');
    expect(after.socket).toBe(wrong.socket);
  });
});
