import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { runRetention } from '../../src/store/retention.ts';
import { makeTestApp, tempDir } from '../support/app.ts';

const DAY = 24 * 60 * 60 * 1000;
const spentRows = (t: ReturnType<typeof makeTestApp>) => (t.db.prepare('SELECT count(*) AS n FROM spent_tokens').get() as { n: number }).n;

describe('spent form tokens survive a restart', () => {
  it('a token used before the restart is refused after it (409), until it would have expired', async () => {
    const file = path.join(tempDir(), 'holler.db');
    const first = makeTestApp({ dbFile: file });
    const token = first.formToken();
    const fields = { token, body: 'captured and replayed' };
    expect((await first.post(fields)).status).toBe(200);
    expect((await first.post(fields, { ip: '198.51.100.77' })).status).toBe(409);
    expect(spentRows(first)).toBe(1);
    first.db.close();

    const second = makeTestApp({ dbFile: file });
    const replay = await second.post({ ...fields, body: 'replayed after a restart' }, { ip: '198.51.100.78' });
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('already');
    // A fresh token still works.
    expect((await second.post({ body: 'a new form' }, { ip: '198.51.100.79' })).status).toBe(200);
    second.db.close();
  });

  it('is written with the post it carried (no commit of its own) and forgotten by retention once expired', async () => {
    const t = makeTestApp();
    expect((await t.post({ body: 'one' })).status).toBe(200);
    expect((await t.post({ body: 'two' }, { ip: '198.51.100.2' })).status).toBe(200);
    expect(spentRows(t)).toBe(2);
    const log = createLogger('silent');
    runRetention({ store: t.store, config: t.config, now: t.clock.now, log });
    expect(spentRows(t)).toBe(2);
    t.clock.advance(DAY);
    runRetention({ store: t.store, config: t.config, now: t.clock.now, log });
    expect(spentRows(t)).toBe(0);
  });

  it('a post that could not be stored gives its token back', async () => {
    const t = makeTestApp();
    const token = t.formToken();
    t.store.spendToken('x'.repeat(16), t.clock.now() + DAY);
    t.store.unspendToken('x'.repeat(16));
    expect(t.store.isTokenSpent('x'.repeat(16))).toBe(false);
    t.db.pragma('query_only = ON');
    expect((await t.post({ token, body: 'not stored' })).status).toBe(503);
    t.db.pragma('query_only = OFF');
    expect(spentRows(t)).toBe(0);
    expect((await t.post({ token, body: 'stored now' })).status).toBe(200);
    expect(spentRows(t)).toBe(1);
  });
});
