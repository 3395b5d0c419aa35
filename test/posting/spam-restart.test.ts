/** A restart forgives nothing the spam guards would still refuse: they rebuild from the stored posts. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTestApp, tempDir } from '../support/app.ts';

describe('spam state across a restart', () => {
  it('the same text from the same poster within 10 minutes is still a duplicate after a restart', async () => {
    const file = path.join(tempDir(), 'holler.db');
    const first = makeTestApp({ dbFile: file });
    expect((await first.post({ body: 'Buy cheap watches' })).status).toBe(200);
    const at = first.clock.now();
    first.db.close();

    const second = makeTestApp({ dbFile: file });
    second.clock.set(at + 5 * 60_000);
    const again = await second.post({ body: 'buy  CHEAP watches' });
    expect(again.status).toBe(409);
    // Another poster, or the same one after the window, is fine.
    expect((await second.post({ body: 'Buy cheap watches' }, { ip: '198.51.100.9' })).status).toBe(200);
    second.db.close();
    const third = makeTestApp({ dbFile: file });
    third.clock.set(at + 11 * 60_000);
    expect((await third.post({ body: 'Buy cheap watches' })).status).toBe(200);
    third.db.close();
  });

  it('a flood\'s slow mode stays on after a restart', async () => {
    const file = path.join(tempDir(), 'holler.db');
    const env = { FLOOD_POSTS: '5', FLOOD_SLOW: '30' };
    const first = makeTestApp({ dbFile: file, env });
    for (let i = 0; i < 5; i++) expect((await first.post({ body: `wave ${i}` }, { ip: `198.51.100.${i + 1}` })).status).toBe(200);
    const at = first.clock.now();
    first.db.close();

    const second = makeTestApp({ dbFile: file, env });
    second.clock.set(at + 60_000);
    expect(await (await second.app.request('/b/main')).text()).toContain('Slow mode is on');
    // First post of a new poster passes, their second within 30 s does not.
    expect((await second.post({ body: 'after restart' }, { ip: '198.51.100.50' })).status).toBe(200);
    const slowed = await second.post({ body: 'after restart, again' }, { ip: '198.51.100.50' });
    expect(slowed.status).toBe(429);
    second.db.close();
  });
});
