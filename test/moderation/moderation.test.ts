import { describe, expect, it } from 'vitest';
import { asAdmin, makeAdminApp, type TestApp } from '../support/admin.ts';

/** Saves a board's settings through the admin form, as a moderator would. */
async function configure(t: TestApp, a: Awaited<ReturnType<typeof asAdmin>>, changes: Record<string, string>) {
  const b = t.store.getBoard('main')!;
  const fields: Record<string, string> = {
    title: b.title, maxLength: String(b.maxLength), slowMode: String(b.slowMode), pollInterval: b.pollInterval ? String(b.pollInterval) : '',
    lang: b.lang ?? '', words: b.words, wordsAction: b.wordsAction,
    ...(b.premoderate ? { premoderate: '1' } : {}), ...(b.linksAllowed ? { linksAllowed: '1' } : {}),
    ...changes,
  };
  for (const [k, v] of Object.entries(fields)) if (v === 'off') delete fields[k];
  const res = await a.post('/admin/boards/main', fields);
  expect(res.status).toBe(303);
}

describe('pre-moderation', () => {
  it('holds a visitor post (they are told), shows it only to the moderator, and to all after approval', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    await configure(t, a, { premoderate: '1' });
    const rev = t.store.getBoard('main')!.rev;

    const res = await t.post({ name: 'Vic', body: 'please approve me' });
    expect(res.status).toBe(200);
    const answer = await res.text();
    expect(answer).toContain('Your message will appear once a moderator has approved it.');
    // Issue 22: shown to its poster alone, greyed, in this answer (the page and the poll below keep it from everyone).
    expect(answer).toMatch(/<li id="m-[\w-]+" class="msg held"[^>]*>.*please approve me.*Only you can see this — waiting for a moderator\.<\/span><\/li>/);
    expect(answer).toContain('value="Vic"');

    const it = await t.post({ body: 'in attesa' }, { query: '?lang=it', ip: '198.51.100.77' });
    expect(await it.text()).toContain('comparirà dopo l’approvazione di un moderatore');

    // Nobody else sees it: not in the page, not in the poll (a held post changes nothing public).
    expect(await (await t.app.request('/b/main')).text()).not.toContain('please approve me');
    const poll = await t.app.request(`/b/main/feed?rev=${rev}`);
    expect(await poll.text()).not.toContain('please approve me');

    // The moderator sees it, filtered as held.
    const list = await (await a.get('/admin?status=held')).text();
    expect(list).toContain('<a href="/admin?status=held" class="badge">2 awaiting approval</a>');
    expect(list).toContain('please approve me');
    expect(list).toContain('>Approve</button>');
    const held = t.store.modList({ status: 'held' }).find((m) => m.body === 'please approve me')!;

    expect((await a.post(`/admin/m/${held.id}/approve`, {}, { htmx: true })).status).toBe(200);
    expect(await (await t.app.request('/b/main')).text()).toContain('please approve me');
    const after = await (await t.app.request(`/b/main/feed?rev=${t.store.getBoard('main')!.rev - 1}`)).text();
    expect(after).toContain(`id="m-${held.id}"`);
    expect(t.store.auditList({ action: 'approve' })).toHaveLength(1);
  });

  it('without JavaScript, a held post redirects to the board with the notice', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    await configure(t, a, { premoderate: '1' });
    const res = await t.post({ body: 'no js' }, { htmx: false });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/b/main?held=1');
    expect(await (await t.app.request('/b/main?held=1')).text()).toContain('once a moderator has approved it');
  });
});

describe('bans', () => {
  it('refuses a banned poster with a human message, keeps their text, expires on time; others still post', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'spam spam' }, { ip: '198.51.100.66' });
    const spam = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    const ban = await a.post(`/admin/m/${spam.id}/ban`, { [`duration-${spam.id}`]: '1h', [`reason-${spam.id}`]: 'flooding' });
    expect(ban.status).toBe(303);

    const refused = await t.post({ body: 'more spam' }, { ip: '198.51.100.66' });
    expect(refused.status).toBe(403);
    const html = await refused.text();
    expect(html).toMatch(/You can post here again in 60 minutes\. Reason: flooding/);
    expect(html).toContain('more spam'); // the text is kept in the form
    const fr = await t.post({ body: 'encore' }, { ip: '198.51.100.66', query: '?lang=fr' });
    expect(await fr.text()).toContain('Vous pourrez de nouveau écrire ici dans 60 minutes.');
    // How long is left, never a clock time (the server's zone is not the visitor's), plural-correct.
    const it = await t.post({ body: 'ancora' }, { ip: '198.51.100.66', query: '?lang=it' });
    expect(await it.text()).toContain('Potrai scrivere di nuovo qui tra 60 minuti.');

    expect((await t.post({ body: 'I am fine' }, { ip: '198.51.100.67' })).status).toBe(200);

    t.clock.advance(60 * 60 * 1000 - 1);
    expect((await t.post({ body: 'still banned' }, { ip: '198.51.100.66' })).status).toBe(403);
    t.clock.advance(1);
    expect((await t.post({ body: 'back again' }, { ip: '198.51.100.66' })).status).toBe(200);
    expect(t.store.auditList({ action: 'ban' })[0]!.details).toBe('1h: flooding');
  });

  it('a forever ban lasts, shows in the bans list, and unban lifts it', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'x' }, { ip: '198.51.100.66' });
    const m = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: 'forever' });
    t.clock.advance(365 * 86_400_000);
    const res = await t.post({ body: 'y' }, { ip: '198.51.100.66' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('You cannot post on this shoutbox any more.');
    const again = await asAdmin(t); // a year later the first session is long expired
    const list = await (await again.get('/admin/bans')).text();
    expect(list).toContain(`#${m.poster.slice(0, 8)}`);
    expect(list).toContain('forever');
    expect((await again.post(`/admin/bans/${m.poster}/unban`)).status).toBe(303);
    expect((await t.post({ body: 'z' }, { ip: '198.51.100.66' })).status).toBe(200);
    expect(t.store.auditList({ action: 'unban' })).toHaveLength(1);
  });

  it('an unknown ban duration is a 422, not a ban', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'x' });
    const m = t.store.latest('main')[0]!;
    const a = await asAdmin(t);
    expect((await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: '100y' })).status).toBe(422);
    // With htmx the row stays, with the reason in it.
    const row = await a.post(`/admin/m/${m.id}/purge`, { [`hours-${m.id}`]: '0' }, { htmx: true });
    expect(row.status).toBe(422);
    const html = await row.text();
    expect(html).toContain(`id="r-${m.id}"`);
    expect(html).toContain('That value is not valid.');
    expect(t.store.activeBan(m.poster, 'main')).toBeUndefined();
    // A name every object inherits is not a duration either (it once reached the database: a 500).
    for (const d of ['constructor', 'toString', '__proto__']) expect((await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: d })).status).toBe(422);
    expect(t.store.bans()).toEqual([]);
  });

  it('a staff message has no poster to ban or purge: no such actions on its row, and a forged request is a 422', async () => {
    const t = makeAdminApp();
    const staff = t.store.addMessage({ board: 'main', author: 'Mod', body: 'welcome', poster: 'staff', staff: true });
    const other = t.store.addMessage({ board: 'main', author: 'Mod', body: 'rules', poster: 'staff', staff: true });
    const a = await asAdmin(t);
    const list = await (await a.get('/admin')).text();
    expect(list).not.toContain(`name="duration-${staff.id}"`);
    expect((await a.post(`/admin/m/${staff.id}/ban`, { [`duration-${staff.id}`]: '1h' })).status).toBe(422);
    expect((await a.post(`/admin/m/${staff.id}/purge`, { [`hours-${staff.id}`]: '24' })).status).toBe(422);
    expect(t.store.bans()).toEqual([]);
    expect(t.store.getMessage(other.id)!.status).toBe('visible');
  });
});

describe('remove everything from a poster', () => {
  it('deletes that poster’s messages of the last N hours on every board, and nobody else’s', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'old one' }, { ip: '198.51.100.66' });
    t.clock.advance(3 * 3_600_000);
    await t.post({ body: 'recent one' }, { ip: '198.51.100.66' });
    await t.post({ body: 'recent two' }, { ip: '198.51.100.66' });
    await t.post({ body: 'innocent' }, { ip: '198.51.100.67' });
    const m = t.store.latest('main').find((x) => x.body === 'recent two')!;
    const a = await asAdmin(t);
    const res = await a.post(`/admin/m/${m.id}/purge`, { [`hours-${m.id}`]: '2' });
    expect(res.headers.get('location')).toMatch(/^\/admin\?done=2&undo=[\w-]+,[\w-]+$/);
    expect(t.store.latest('main').map((x) => x.body)).toEqual(['innocent', 'old one']);
    expect(t.store.auditList({ action: 'purge' })[0]!.details).toBe('2 messages, last 2 h');
  });
});

describe('board rules', () => {
  it('slow mode asks the poster to wait, per poster, and applies without restart', async () => {
    const t = makeAdminApp({ RATE_BURST: '100' });
    const a = await asAdmin(t);
    await configure(t, a, { slowMode: '30' });
    expect((await t.post({ body: 'first' })).status).toBe(200);
    t.clock.advance(10_000);
    const res = await t.post({ body: 'second' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('20');
    expect(await res.text()).toContain('slow mode: please wait 20 seconds');
    expect((await t.post({ body: 'other' }, { ip: '198.51.100.99' })).status).toBe(200);
    t.clock.advance(20_000);
    expect((await t.post({ body: 'second' })).status).toBe(200);
  });

  it('slow mode holds even for posts sent at the same moment (committed together)', async () => {
    const t = makeAdminApp({ RATE_BURST: '100' });
    const a = await asAdmin(t);
    await configure(t, a, { slowMode: '30' });
    const statuses = (await Promise.all([1, 2, 3].map((i) => t.post({ body: `burst ${i}` })))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 429, 429]);
  });

  it('refuses links when they are not allowed', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    await configure(t, a, { linksAllowed: 'off' });
    for (const body of ['see https://spam.example', 'go to www.spam.test', 'cheap at pills.shop now']) {
      const res = await t.post({ body });
      expect(res.status, body).toBe(422);
      expect(await res.text()).toContain('Links are not allowed');
    }
    expect((await t.post({ body: 'no links here, e.g. none. ok.' })).status).toBe(200);
  });

  it('a word list blocks or holds, matching whole words regardless of case and accents', async () => {
    const t = makeAdminApp({ RATE_BURST: '100' });
    const a = await asAdmin(t);
    await configure(t, a, { words: 'crétin\nbad phrase' });
    const blocked = await t.post({ body: 'you CRETIN' });
    expect(blocked.status).toBe(422);
    expect(await blocked.text()).toContain('contains a word that is not allowed');
    expect((await t.post({ body: 'a bad phrase indeed' })).status).toBe(422);
    expect((await t.post({ body: 'cretinous is not the word' })).status).toBe(200);

    await configure(t, a, { wordsAction: 'hold' });
    const held = await t.post({ body: 'crétin again' });
    expect(held.status).toBe(200);
    expect(await held.text()).toContain('once a moderator has approved it');
    expect(t.store.modList({ status: 'held' })[0]!.body).toBe('crétin again');
  });

  it('retitle, max length, poll interval and closing apply at once', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    await configure(t, a, { title: 'Live chat', maxLength: '10', pollInterval: '7' });
    const page = await (await t.app.request('/b/main')).text();
    expect(page).toContain('<h1 class="title">Live chat</h1>');
    expect(page).toContain('hx-trigger="poll" hx-swap="outerHTML" data-interval="7000"'); // widget.js paces the poll
    expect((await t.post({ body: 'this is too long' })).status).toBe(422);
    await configure(t, a, { closed: '1' });
    expect(await (await t.app.request('/b/main')).text()).not.toContain('<form id="post-form"');
    expect((await t.post({ body: 'short' })).status).toBe(403);
    expect(t.store.auditList({ action: 'board_update' })[0]!.details).toBe('closed');
  });

  it('bad settings get a 422 naming the field; nothing is saved', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const res = await a.post('/admin/boards/main', { title: 'X', maxLength: '99999', slowMode: '0' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('maxLength');
    expect(t.store.getBoard('main')!.maxLength).toBe(280);
  });

  it('creates boards; a taken or malformed address is refused', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect((await a.post('/admin/boards', { slug: 'events', title: 'Events' })).status).toBe(303);
    expect((await t.app.request('/b/events')).status).toBe(200);
    expect((await a.post('/admin/boards', { slug: 'events', title: 'Again' })).status).toBe(422);
    expect((await a.post('/admin/boards', { slug: 'Bad Slug', title: 'X' })).status).toBe(422);
  });
});

describe('pins, staff posts and presence', () => {
  it('pinned messages lead the widget and reach open widgets through the poll', async () => {
    const t = makeAdminApp();
    await t.post({ body: 'rules: be nice' });
    await t.post({ body: 'hello' }, { ip: '198.51.100.5' });
    const rules = t.store.latest('main').find((m) => m.body === 'rules: be nice')!;
    const rev = t.store.getBoard('main')!.rev;
    const a = await asAdmin(t);
    await a.post(`/admin/m/${rules.id}/pin`, {}, { htmx: true });
    const page = await (await t.app.request('/b/main')).text();
    expect(page.indexOf(`id="p-${rules.id}"`)).toBeGreaterThan(-1);
    expect(page.indexOf(`id="p-${rules.id}"`)).toBeLessThan(page.indexOf('id="messages"'));
    const poll = await (await t.app.request(`/b/main/feed?rev=${rev}`)).text();
    expect(poll).toContain(`<hx-partial hx-target="#pinned" hx-swap="outerHTML"><ol id="pinned"`);
    expect(poll).toContain(`id="p-${rules.id}"`);
    await a.post(`/admin/m/${rules.id}/unpin`, {}, { htmx: true });
    expect(await (await t.app.request('/b/main')).text()).not.toContain(`id="p-${rules.id}"`);
  });

  it('staff posts carry a badge; visitors cannot take a staff name', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect((await a.post('/admin/staff', { board: 'main', name: '', body: 'Welcome!' })).status).toBe(303);
    const page = await (await t.app.request('/b/main')).text();
    expect(page).toMatch(/<span class="author" dir="auto">Staff<\/span><span class="badge staff">Staff<\/span>/);
    const fake = await t.post({ name: 'St4ff', body: 'I am staff' });
    expect(fake.status).toBe(422);
    expect(t.store.auditList({ action: 'staff_post' })).toHaveLength(1);
  });

  it('shows "a moderator is online" for two minutes after admin activity, when the board wants it', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect(await (await t.app.request('/b/main')).text()).not.toContain('A moderator is online');
    await configure(t, a, { presence: '1' });
    expect(await (await t.app.request('/b/main')).text()).toContain('A moderator is online');
    // An open widget re-checks every minute.
    const line = await (await t.app.request('/b/main/presence?lang=it')).text();
    expect(line).toContain('Un moderatore è online');
    expect(line).toContain('hx-get="/b/main/presence?lang=it" hx-trigger="every 60s"');
    t.clock.advance(2 * 60 * 1000);
    expect(await (await t.app.request('/b/main')).text()).not.toContain('A moderator is online');
    expect(await (await t.app.request('/b/main/presence')).text()).toMatch(/<p id="presence"[^>]*><\/p>/);
    await a.get('/admin'); // activity within the touch interval keeps the moderator online
    expect(await (await t.app.request('/b/main/presence')).text()).toContain('A moderator is online');
    await configure(t, a, { presence: 'off' });
    expect((await t.app.request('/b/main/presence')).status).toBe(204);
  });
});

describe('moderation list', () => {
  it('filters by board, status, poster tag and text, pages by keyset, and streams new messages', async () => {
    const t = makeAdminApp({ RATE_BURST: '100' });
    const a = await asAdmin(t);
    await a.post('/admin/boards', { slug: 'other', title: 'Other' });
    for (let i = 0; i < 55; i++) await t.post({ body: `message ${i}` }, { ip: `198.51.100.${i % 2 ? 1 : 2}` });
    await t.post({ body: 'on the other board 100%_' }, { board: 'other' });
    const first = await (await a.get('/admin')).text();
    expect(first.match(/class="mod-row/g)).toHaveLength(50);
    const older = /href="\/admin\?before=(\d+)"/.exec(first)!;
    const second = await (await a.get(`/admin?before=${older[1]}`)).text();
    expect(second.match(/class="mod-row/g)).toHaveLength(6);
    expect(second).toContain('message 0<');

    expect((await (await a.get('/admin?board=other')).text()).match(/class="mod-row/g)).toHaveLength(1);
    expect((await (await a.get('/admin?q=100%25_')).text()).match(/class="mod-row/g)).toHaveLength(1);
    expect((await (await a.get('/admin?q=message%201')).text()).match(/class="mod-row/g)).toHaveLength(11);
    const tag = t.store.latest('main')[0]!.poster.slice(0, 8);
    expect((await (await a.get(`/admin?poster=${tag}&board=main`)).text()).match(/class="mod-row/g)).toHaveLength(28); // the even ones

    const poller = /hx-get="\/admin\/feed\?after=(\d+)"/.exec(first)!;
    expect((await a.get(`/admin/feed?after=${poller[1]}`)).status).toBe(204);
    await t.post({ body: 'brand new' }, { ip: '198.51.100.3' });
    const feed = await (await a.get(`/admin/feed?after=${poller[1]}`)).text();
    expect(feed).toContain('<hx-partial hx-target="#rows" hx-swap="afterbegin strip:false">');
    expect(feed).toContain('brand new');
    expect(feed).not.toContain('message 54');
  });
});
