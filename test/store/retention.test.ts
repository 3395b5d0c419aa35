import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { runRetention, startRetention } from '../../src/store/retention.ts';
import { makeTestApp } from '../support/app.ts';

const DAY = 24 * 60 * 60 * 1000;
afterEach(() => vi.useRealTimers());

/** A board with messages posted 100, 40, 10 and 0 days ago; the 40- and 10-day-old ones deleted the day they were posted. */
function seeded(env: Record<string, string> = {}) {
  const t = makeTestApp({ env });
  const start = t.clock.now();
  const at = (daysAgo: number, body: string, deleted = false) => {
    t.clock.set(start - daysAgo * DAY);
    const m = t.store.addMessage({ board: 'main', author: '', body, poster: 'p' });
    if (deleted) t.store.setStatus(m.id, 'deleted');
    return m;
  };
  const old = at(100, 'hundred days');
  const deletedOld = at(40, 'deleted forty days ago', true);
  const deletedNew = at(10, 'deleted ten days ago', true);
  const recent = at(0, 'today');
  t.clock.set(start);
  return { ...t, old, deletedOld, deletedNew, recent, log: createLogger('silent') };
}

describe('retention', () => {
  it('by default keeps messages and purges deleted ones 30 days after they were deleted', () => {
    const t = seeded();
    expect(runRetention({ store: t.store, config: t.config, now: t.clock.now, log: t.log })).toEqual({ pruned: 0, purged: 1, audit: 0 });
    expect(t.store.getMessage(t.deletedOld.id)).toBeUndefined();
    expect(t.store.getMessage(t.deletedNew.id)).toBeDefined();
    expect(t.store.getMessage(t.old.id)).toBeDefined();
  });

  it('RETAIN_DAYS erases older messages, and the board rev moves so no cached page keeps them', async () => {
    const t = seeded({ RETAIN_DAYS: '30' });
    const before = await (await t.app.request('/b/main')).text();
    expect(before).toContain('hundred days');
    const rev = t.store.getBoard('main')!.rev;
    expect(runRetention({ store: t.store, config: t.config, now: t.clock.now, log: t.log })).toEqual({ pruned: 1, purged: 1, audit: 0 });
    expect(t.store.getBoard('main')!.rev).toBe(rev + 1);
    const after = await (await t.app.request('/b/main')).text();
    expect(after).not.toContain('hundred days');
    expect(after).toContain('today');
  });

  it('0 keeps everything', () => {
    const t = seeded({ RETAIN_DAYS: '0', PURGE_DELETED_DAYS: '0' });
    expect(runRetention({ store: t.store, config: t.config, now: t.clock.now, log: t.log })).toEqual({ pruned: 0, purged: 0, audit: 0 });
  });

  it('runs at boot and then every interval, on an unref’d timer, until stopped', () => {
    vi.useFakeTimers();
    const prune = vi.fn(() => ({ pruned: 0, purged: 0, audit: 0 }));
    const stop = startRetention({ store: { prune }, config: { retainDays: 0, purgeDeletedDays: 30 }, now: Date.now, log: createLogger('silent') }, 1000);
    expect(prune).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(3000);
    expect(prune).toHaveBeenCalledTimes(4);
    stop();
    vi.advanceTimersByTime(5000);
    expect(prune).toHaveBeenCalledTimes(4);
  });

  it('a failing pass is logged and the next one still runs', () => {
    vi.useFakeTimers();
    const lines: string[] = [];
    const prune = vi.fn(() => {
      throw new Error('database is locked');
    });
    const stop = startRetention({ store: { prune }, config: { retainDays: 1, purgeDeletedDays: 30 }, now: Date.now, log: createLogger('info', (l) => lines.push(l)) }, 1000);
    vi.advanceTimersByTime(1000);
    stop();
    expect(prune).toHaveBeenCalledTimes(2);
    expect(lines.join('')).toContain('retention failed');
  });
});

describe('purge of deleted messages counts from the deletion', () => {
  it('a message posted long ago and deleted yesterday stays restorable; restoring clears the deletion time', () => {
    const t = makeTestApp();
    const start = t.clock.now();
    t.clock.set(start - 100 * DAY);
    const m = t.store.addMessage({ board: 'main', author: '', body: 'old but just deleted', poster: 'p' });
    t.clock.set(start - DAY);
    t.store.setStatus(m.id, 'deleted');
    t.clock.set(start - DAY / 2);
    t.store.setStatus(m.id, 'deleted'); // deleting again keeps the first deletion time
    t.clock.set(start);
    const run = () => runRetention({ store: t.store, config: t.config, now: t.clock.now, log: createLogger('silent') });
    expect(run().purged).toBe(0);
    const deletedAt = () => (t.db.prepare('SELECT deleted_at AS d FROM messages WHERE id = ?').get(m.id) as { d: number | null }).d;
    expect(deletedAt()).toBe(start - DAY);
    t.store.setStatus(m.id, 'visible');
    expect(deletedAt()).toBeNull();
    t.store.setStatus(m.id, 'deleted');
    t.clock.advance(29 * DAY);
    expect(run().purged).toBe(0);
    t.clock.advance(DAY + 1);
    expect(run().purged).toBe(1);
    expect(t.store.getMessage(m.id)).toBeUndefined();
  });
});

describe('audit retention (AUDIT_RETAIN_DAYS)', () => {
  it('erases entries older than the setting (365 days by default); 0 keeps them', () => {
    for (const [env, left] of [[{}, ['recent']], [{ AUDIT_RETAIN_DAYS: '30' }, ['recent']], [{ AUDIT_RETAIN_DAYS: '0' }, ['ancient', 'old', 'recent']]] as const) {
      const t = makeTestApp({ env });
      const start = t.clock.now();
      for (const [action, daysAgo] of [['ancient', 400], ['old', env.AUDIT_RETAIN_DAYS === '30' ? 31 : 366], ['recent', 1]] as const) {
        t.clock.set(start - daysAgo * DAY);
        t.store.audit({ actor: 'cli', action });
      }
      t.clock.set(start);
      const r = runRetention({ store: t.store, config: t.config, now: t.clock.now, log: createLogger('silent') });
      expect(t.store.auditList({}).map((e) => e.action).sort()).toEqual([...left]);
      expect(r.audit).toBe(3 - left.length);
    }
  });
});

describe('retention and bans', () => {
  it('removes bans that have ended, keeps running and permanent ones', () => {
    const t = makeTestApp();
    const now = t.clock.now();
    t.store.ban('ended', 'spam', now - 1000);
    t.store.ban('running', 'spam', now + DAY);
    t.store.ban('forever', 'spam', null);
    runRetention({ store: t.store, config: t.config, now: t.clock.now, log: createLogger('silent') });
    const left = (t.db.prepare('SELECT poster FROM bans ORDER BY poster').all() as Array<{ poster: string }>).map((r) => r.poster);
    expect(left).toEqual(['forever', 'running']);
  });
});
