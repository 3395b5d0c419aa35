/**
 * Webhooks against a real receiver on 127.0.0.1: a held message arrives signed as the README
 * says, a receiver that fails gets the same delivery again later, nothing is written when
 * nothing is configured, and a failed commit writes no delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';
import { readmeReceiver, startReceiver } from './support.ts';
import { RETRY_FIRST_MS } from '../../src/notify/backoff.ts';
import type { Store } from '../../src/store/store.ts';

const SECRET = 'a-test-secret-of-some-length';
let rx: Awaited<ReturnType<typeof startReceiver>>;
let readme: Awaited<ReturnType<typeof readmeReceiver>>;
beforeAll(async () => {
  rx = await startReceiver();
  readme = await readmeReceiver();
});
afterAll(() => rx.close());

const setBoard = (store: Store, slug: string, change: Record<string, unknown>) => {
  const { slug: _s, rev: _r, ...settings } = store.getBoard(slug)!;
  store.updateBoard(slug, { ...settings, ...change });
};

function app(env: Record<string, string> = {}) {
  return makeTestApp({ env: { NOTIFY_WEBHOOK_URL: rx.url, NOTIFY_WEBHOOK_SECRET: SECRET, ...env } });
}

describe('webhook delivery', () => {
  it('delivers a held message to the receiver, signed with HMAC-SHA-256 of the raw body', async () => {
    const t = app();
    setBoard(t.store, 'main', { premoderate: true });
    rx.requests.length = 0;
    const res = await t.post({ name: 'Ann', body: 'please approve me' });
    expect(res.status).toBe(200);
    expect(rx.requests).toHaveLength(0); // the post did not wait for the receiver
    await t.notifier.runOnce();
    expect(rx.requests).toHaveLength(1);
    const { headers, body } = rx.requests[0]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-holler-event']).toBe('message.held');
    expect(headers['x-holler-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const at = Number(headers['webhook-timestamp']);
    expect(at).toBe(Math.floor(t.clock.now() / 1000));
    expect(readme.verifyHoller(body, headers, SECRET, at)).toBe(true);
    expect(readme.verifyHoller(body, headers, 'another-secret-entirely', at)).toBe(false);
    expect(readme.verifyHoller(body.replace('approve', 'APPROVE'), headers, SECRET, at)).toBe(false);
    const event = JSON.parse(body);
    expect(event).toMatchObject({ id: headers['x-holler-delivery'], event: 'message.held', board: { slug: 'main', title: 'Shoutbox' } });
    expect(event.message).toMatchObject({ author: 'Ann', body: 'please approve me', status: 'held' });
    expect(event.message.poster).toBeUndefined();
    // Sent once: the next round finds nothing to do.
    await t.notifier.runOnce();
    expect(rx.requests).toHaveLength(1);
    expect(t.store.outboxCounts(0)).toEqual({ pending: 0, failed: 0, sent: 1 });
  });

  it('reports a message held by a "hold" word as message.held too', async () => {
    const t = app({ NOTIFY_EVENTS: 'message.held' });
    setBoard(t.store, 'main', { words: 'casino', wordsAction: 'hold' });
    rx.requests.length = 0;
    await t.post({ body: 'a fine day' });
    await t.post({ body: 'best casino in town' }, { ip: '198.51.100.2' });
    await t.notifier.runOnce();
    expect(rx.requests.map((r) => [r.headers['x-holler-event'], JSON.parse(r.body).message.body])).toEqual([['message.held', 'best casino in town']]);
  });

  it('sends only the events of NOTIFY_EVENTS, and writes nothing when nothing is configured', async () => {
    const t = app({ NOTIFY_EVENTS: 'message.held' });
    await t.post({ body: 'a visible one' });
    expect(t.store.outboxCounts(0).pending).toBe(0);
    const quiet = makeTestApp();
    await quiet.post({ body: 'nobody is told' });
    expect(quiet.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('writes deliveries in the message transaction: a failed batch leaves none', () => {
    const t = app();
    expect(() => t.store.addMessages([
      { board: 'main', author: 'a', body: 'first', poster: 'p1' },
      { board: 'no-such-board', author: 'b', body: 'second', poster: 'p2' },
    ])).toThrow(/unknown board/);
    expect(t.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    expect(t.db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 0 });
    t.store.addMessages([{ board: 'main', author: 'a', body: 'first', poster: 'p1' }]);
    expect(t.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
  });

  it('has a hook for edits and deletes by the author that commits (or not) with their transaction', async () => {
    const t = app();
    rx.requests.length = 0;
    const [m] = t.store.addMessages([{ board: 'main', author: 'Bo', body: 'first words', poster: 'p1' }]);
    // Rolled back with the change it reports: no delivery.
    expect(() => t.db.transaction(() => {
      t.store.notifyMessage('message.edited', { ...m!, body: 'second words' }, { previous: m!.body });
      throw new Error('the edit failed');
    })()).toThrow('the edit failed');
    t.db.transaction(() => t.store.notifyMessage('message.edited', { ...m!, body: 'second words' }, { previous: m!.body }))();
    t.store.notifyMessage('message.deleted', { ...m!, status: 'deleted' });
    await t.notifier.runOnce();
    // Sent in parallel lanes: arrival order is not promised.
    const got = rx.requests.map((r) => JSON.parse(r.body)).sort((a, b) => a.event.localeCompare(b.event));
    expect(got.map((e) => [e.event, e.message.body, e.previous])).toEqual([
      ['message.deleted', 'first words', undefined],
      ['message.edited', 'second words', 'first words'],
      ['message.posted', 'first words', undefined],
    ]);
  });

  it('retries a receiver that fails with the same delivery id, after the backoff', async () => {
    const t = app();
    rx.requests.length = 0;
    rx.setStatus(503);
    await t.post({ body: 'try me later' });
    await t.notifier.runOnce();
    expect(rx.requests).toHaveLength(1);
    const [failing] = t.store.failingDeliveries();
    expect(failing).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503', nextAt: t.clock.now() + RETRY_FIRST_MS });
    await t.notifier.runOnce(); // not due yet
    expect(rx.requests).toHaveLength(1);
    rx.setStatus(200);
    t.clock.advance(RETRY_FIRST_MS);
    await t.notifier.runOnce();
    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1]!.headers['x-holler-delivery']).toBe(rx.requests[0]!.headers['x-holler-delivery']);
    expect(t.store.failingDeliveries()).toEqual([]);
    rx.setStatus(204);
  });

  it('tries a failing receiver once per round, not once per waiting delivery', async () => {
    const t = app({ RATE_BURST: '100' });
    rx.requests.length = 0;
    rx.setStatus(500);
    for (let i = 0; i < 8; i++) await t.post({ body: `queued ${i}` });
    await t.notifier.runOnce();
    // Four lanes start at once; the rest wait for the failing receiver's next try.
    expect(rx.requests.length).toBeGreaterThanOrEqual(1);
    expect(rx.requests.length).toBeLessThanOrEqual(4);
    expect(t.store.dueDeliveries()).toEqual([]);
    rx.setStatus(204);
    t.clock.advance(RETRY_FIRST_MS);
    await t.notifier.runOnce();
    expect(new Set(rx.requests.filter((r) => r.body.includes('queued')).map((r) => r.headers['x-holler-delivery'])).size).toBe(8);
    expect(t.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 8 });
  });

  it('records a receiver that is down, and gives up only after a day', async () => {
    const down = await startReceiver();
    await down.close(); // nothing listens on that port any more
    const t = app({ NOTIFY_WEBHOOK_URL: down.url });
    await t.post({ body: 'into the void' });
    for (let i = 0; i < 40 && t.store.outboxCounts(0).pending > 0; i++) {
      await t.notifier.runOnce();
      t.clock.set(t.store.nextDueAt() ?? t.clock.now());
    }
    const [d] = t.store.failingDeliveries();
    expect(d!.status).toBe('failed');
    expect(d!.lastError).toBe('ECONNREFUSED');
    expect(t.clock.now() - d!.createdAt).toBeGreaterThanOrEqual(24 * 3600_000);
  });

  it('formats Slack and Discord messages without letting visitors ping anyone', async () => {
    for (const format of ['slack', 'discord'] as const) {
      const t = app({ NOTIFY_WEBHOOK_FORMAT: format, PUBLIC_URL: 'https://chat.example.org' });
      rx.requests.length = 0;
      await t.post({ name: 'Eve', body: '<!channel> @everyone hi' });
      await t.notifier.runOnce();
      const sent = JSON.parse(rx.requests[0]!.body);
      if (format === 'slack') {
        expect(sent.text).toContain('&lt;!channel&gt; @everyone hi');
        expect(sent.text).toContain('<https://chat.example.org/admin?board=main|Open in Holler>');
      } else {
        expect(sent.content).toContain("New message on Shoutbox (main) from 'Eve':\n> \\<!channel\\> @everyone hi");
        expect(sent.allowed_mentions).toEqual({ parse: [] });
      }
    }
  });

  it("works with the README's receiver: 2xx with the right secret, retried on its 401", async () => {
    process.env.HOLLER_WEBHOOK_SECRET = SECRET;
    await new Promise<void>((resolve) => readme.receiver.listen(0, '127.0.0.1', resolve));
    const port = (readme.receiver.address() as { port: number }).port;
    try {
      const good = app({ NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/` });
      good.clock.set(Date.now()); // the receiver checks the signed time against its own clock
      await good.post({ body: 'hello receiver' });
      await good.notifier.runOnce();
      expect(good.store.outboxCounts(0)).toMatchObject({ pending: 0, sent: 1 });
      const bad = app({ NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/`, NOTIFY_WEBHOOK_SECRET: 'not-the-receivers-secret' });
      bad.clock.set(Date.now());
      await bad.post({ body: 'forged?' });
      await bad.notifier.runOnce();
      expect(bad.store.failingDeliveries()[0]!.lastError).toBe('HTTP 401');
    } finally {
      delete process.env.HOLLER_WEBHOOK_SECRET;
      readme.receiver.closeAllConnections();
      await new Promise((r) => readme.receiver.close(r));
    }
  });
});
