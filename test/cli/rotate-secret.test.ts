import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli.ts';
import { makeTestApp } from '../support/app.ts';

describe('npm run admin -- rotate-secret', () => {
  it('replaces the poster-key secret: the same address gets a new, unlinkable key at once', async () => {
    const t = makeTestApp();
    await t.post({ body: 'before' }, { ip: '198.51.100.20' });
    const secret = t.store.posterSecret();
    const printed: string[] = [];
    const code = await commands['rotate-secret']!.run({ config: t.config, db: t.db, store: t.store, readSecret: async () => '', print: (l) => printed.push(l) }, []);
    expect(code).toBe(0);
    expect(t.store.posterSecret()).not.toBe(secret);
    expect(t.store.posterSecret()).toMatch(/^[\w-]{43}$/);
    expect(printed.join(' ')).toContain('can no longer be linked');
    // The running app reads the secret per post: no restart needed.
    await t.post({ body: 'after' }, { ip: '198.51.100.20' });
    const [after, before] = t.store.latest('main');
    expect(after!.body).toBe('after');
    expect(after!.poster).not.toBe(before!.poster);
  });

  it('leaves the form-token secret alone, so open forms still post', async () => {
    const t = makeTestApp();
    const formSecret = t.store.formSecret();
    await commands['rotate-secret']!.run({ config: t.config, db: t.db, store: t.store, readSecret: async () => '', print: () => {} }, []);
    expect(t.store.formSecret()).toBe(formSecret);
  });
});
