/** Issue 22, point 6: the flood threshold is a board's setting, with an "event" preset for a live crowd. */
import { describe, expect, it } from 'vitest';
import { FLOOD_PRESETS } from '../../src/posting/spam.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';
import { makeTestApp } from '../support/app.ts';

type T = ReturnType<typeof makeTestApp>;

/**
 * A live bake-along: 20 posters at 45 messages a minute (one every 1.33 s, in turn) for
 * `minutes`, and in the third minute the oven opens: 40 more lines within 20 s, two from each
 * (85 in that minute). The injected clock is set before each post. Returns the answers' statuses.
 */
async function bakeAlong(t: T, minutes: number): Promise<number[]> {
  const start = t.clock.now();
  const posts: Array<{ at: number; who: number }> = [];
  for (let i = 0; i < minutes * 45; i++) posts.push({ at: start + Math.round((i * 60_000) / 45), who: i % 20 });
  if (minutes > 3) for (let i = 0; i < 40; i++) posts.push({ at: start + 2 * 60_000 + 500 * i, who: i % 20 });
  posts.sort((a, b) => a.at - b.at);
  const statuses: number[] = [];
  for (const [n, p] of posts.entries()) {
    t.clock.set(p.at);
    // No-JS posts (a 303): the answer's form is not what this is about, and the run stays short.
    const res = await t.post({ name: `Baker ${p.who}`, body: `line ${n}: the dough is rising` }, { ip: `198.51.100.${p.who + 1}`, htmx: false });
    statuses.push(res.status);
  }
  return statuses;
}

describe('the flood threshold per board', () => {
  it('20 posters at 45 a minute (and an oven moment) never trip slow mode on an "event" board', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '30' } });
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, floodPosts: FLOOD_PRESETS.event });
    const statuses = await bakeAlong(t, 5);
    expect(statuses).toHaveLength(265);
    expect(statuses.filter((s) => s !== 303)).toEqual([]);
    expect(t.store.latest('main', 500)).toHaveLength(265);
    expect(await (await t.app.request('/b/main')).text()).not.toContain('Slow mode is on');
  });

  it('the instance default (FLOOD_POSTS) still protects a board that sets nothing', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '30' } });
    expect(t.store.getBoard('main')!.floodPosts).toBeNull();
    const statuses = await bakeAlong(t, 1);
    expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(10);
    expect(await (await t.app.request('/b/main')).text()).toContain('Slow mode is on for a few minutes');
  });

  it('a wave from many addresses still trips "event", at its own threshold', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '30' } });
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, floodPosts: FLOOD_PRESETS.event });
    for (let i = 0; i < 120; i++) {
      t.clock.advance(250); // four a second from 120 addresses
      expect((await t.post({ body: `wave ${i}` }, { ip: `10.0.${i >> 8}.${i & 255}` })).status).toBe(200);
    }
    const next = await t.post({ body: 'and one more' }, { ip: '10.0.0.1' });
    expect(next.status).toBe(429);
  });

  it('raising the threshold ends a slow mode the old one started; FLOOD_POSTS is the default for other boards', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '5' } });
    t.store.createBoard('other', 'Other');
    for (let i = 0; i < 5; i++) await t.post({ body: `w ${i}` }, { ip: `192.0.2.${i + 1}` });
    expect(t.store.getBoard('main')!.floodPosts).toBeNull();
    expect((await t.post({ body: 'again' }, { ip: '192.0.2.1' })).status).toBe(429);
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, floodPosts: FLOOD_PRESETS.lively });
    expect((await t.post({ body: 'again' }, { ip: '192.0.2.1' })).status).toBe(200);
    // The other board keeps the instance's 5.
    for (let i = 0; i < 5; i++) await t.post({ body: `o ${i}` }, { ip: `192.0.2.${i + 1}`, board: 'other' });
    expect((await t.post({ body: 'o again' }, { ip: '192.0.2.1', board: 'other' })).status).toBe(429);
  });

  it('slow mode switching on tells the moderators (board.slow_mode), once per flood', async () => {
    const t = makeTestApp({ env: { FLOOD_POSTS: '3', NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/hook', NOTIFY_WEBHOOK_SECRET: 'a-secret-of-16-chars', NOTIFY_EVENTS: 'board.slow_mode' } });
    for (let i = 0; i < 6; i++) await t.post({ body: `w ${i}` }, { ip: `192.0.2.${i + 1}` });
    const sent = t.store.dueDeliveries().filter((d) => d.event === 'board.slow_mode');
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.payload)).toMatchObject({ board: { slug: 'main' }, slowMode: { seconds: 30, minutes: 10 } });
  });
});

describe('the admin board settings page', () => {
  const fields = (extra: Record<string, string>) => ({ title: 'Main', maxLength: '280', slowMode: '0', editWindow: '5', pollInterval: '', lang: '', words: '', wordsAction: 'block', newestAt: 'top', ...extra });

  it('offers the presets with their numbers and saves the choice', async () => {
    const t = makeAdminApp({ FLOOD_POSTS: '30' });
    const a = await asAdmin(t);
    const page = await (await a.get('/admin/boards/main')).text();
    expect(page).toContain('<label for="s-flood">Flood guard: slow mode for everyone once the board gets this many posts in a minute</label>');
    expect(page).toContain('<option value="" selected="">Instance default, FLOOD_POSTS (30 posts a minute)</option>');
    expect(page).toContain('<option value="event">Live event, a crowd writing together (120 posts a minute)</option>');
    expect((await a.post('/admin/boards/main', fields({ flood: 'event' }))).status).toBe(303);
    expect(t.store.getBoard('main')!.floodPosts).toBe(120);
    expect(await (await a.get('/admin/boards/main')).text()).toContain('<option value="event" selected="">');
    expect(t.store.auditList({ action: 'board_update' })[0]!.details).toContain('floodPosts');
    expect((await a.post('/admin/boards/main', fields({ flood: '' }))).status).toBe(303);
    expect(t.store.getBoard('main')!.floodPosts).toBeNull();
  });

  it('refuses a value it does not offer, in the moderator\'s language, keeping the form', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    for (const [lang, text] of [['en', 'Flood guard'], ['it', 'Anti-flood'], ['de', 'Flood-Schutz']] as const) {
      const res = await a.post(`/admin/boards/main?lang=${lang}`, fields({ flood: 'bananas' }));
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toMatch(new RegExp(`<p id="s-flood-error" class="error" role="alert">[^<]*${text}`));
      expect(html).toContain('aria-describedby="s-flood-error"');
    }
    expect(t.store.getBoard('main')!.floodPosts).toBeNull();
  });
});
