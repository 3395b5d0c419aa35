import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { withNoChangePoll } from '../../src/widget/poll.ts';
import { makeTestApp } from '../support/app.ts';

describe('poll.noChange', () => {
  it.each([
    ['GET', '/b/main/feed?rev=1', true],
    ['GET', '/b/main/feed?lang=it&rev=1', true],
    ['GET', '/b/main/feed?rev=1&lang=fr', true],
    ['GET', '/b/main/feed?rev=1&rev=0', true], // the first rev counts, as in Hono
    ['GET', '/b/main/feed?rev=0&rev=1', false],
    ['GET', '/b/main/feed?rev=0', false], // behind: the client needs the changes
    ['GET', '/b/main/feed?rev=2', false], // ahead: re-render
    ['GET', '/b/main/feed?xrev=1', false],
    ['GET', '/b/main/feed?rev=01x', false],
    ['GET', '/b/main/feed', false],
    ['GET', '/b/nope/feed?rev=1', false],
    ['GET', '/b/MAIN/feed?rev=1', false],
    ['GET', '/b/ma%69n/feed?rev=1', false], // odd encodings go to Hono, which decodes them
    ['HEAD', '/b/main/feed?rev=1', false],
    ['POST', '/b/main/feed?rev=1', false],
  ])('%s %s → %s', async (method, url, expected) => {
    const t = makeTestApp();
    await t.post({ body: 'one' });
    const got = t.poll.noChange(method, url);
    expect(got !== null).toBe(expected);
    if (got) expect(got).toEqual(['Cache-Control', 'public, max-age=1', 'X-Here-Now', '0']); // a raw list, for writeHead
  });
});

describe('the no-change poll before Hono', () => {
  let server: ServerType | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('answers 204 itself, and hands every other request to the app', async () => {
    const t = makeTestApp();
    await t.post({ body: 'hello' });
    let appCalls = 0;
    const fetch = (req: Request, env: unknown) => {
      appCalls++;
      return t.app.fetch(req, env);
    };
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch, hostname: '127.0.0.1', port: 0, createServer: withNoChangePoll(t.poll) }, () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const empty = await globalThis.fetch(`${base}/b/main/feed?rev=1`);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('cache-control')).toBe('public, max-age=1');
    expect(empty.headers.get('x-here-now')).toBe('0'); // nobody else: the others are counted (here-now.ts)
    expect(appCalls).toBe(0);

    const changes = await globalThis.fetch(`${base}/b/main/feed?rev=0`);
    expect(changes.status).toBe(200);
    expect(await changes.text()).toContain('hello');
    expect(changes.headers.get('cache-control')).toBe('public, max-age=1');
    expect(appCalls).toBe(1);

    expect((await globalThis.fetch(`${base}/b/nope/feed?rev=1`)).status).toBe(404);
    expect((await globalThis.fetch(`${base}/b/main`)).status).toBe(200);
    expect(appCalls).toBe(3);
  });
});
