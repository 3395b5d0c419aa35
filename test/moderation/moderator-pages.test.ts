/**
 * The moderation pages as a moderator tried them (issue 14): board creation errors and
 * confirmation, the address pattern, poster actions grouped, the audit log and the Bans page
 * naming messages, settings errors that name the label and keep the edits, plural counts.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_LANGS, isoTime, LANGS, t as translate } from '../../src/i18n/i18n.ts';
import { SLUG_PATTERN } from '../../src/store/store.ts';
import { asAdmin, makeAdminApp } from '../support/admin.ts';

/** The element (tag name `tag`) with `id`, as the page wrote it. */
const element = (html: string, tag: string, id: string) => new RegExp(`<${tag}[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? '';
/** A textarea's text, entities as written. */
const textarea = (html: string, id: string) => new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];

describe('creating a board', () => {
  it.each([
    ['an invalid address', { slug: 'Bad Slug!', title: 'News & views' }, 'slug', 'The address may use only a-z, 0-9 and -, up to 32 characters.'],
    ['a taken address', { slug: 'main', title: 'Again' }, 'slug', 'A board with this address already exists.'],
    ['no title', { slug: 'news', title: '  ' }, 'title', 'Please check the field “Title”.'],
  ])('with %s: 422, the sentence right under its field and tied to it, both fields as typed', async (_, fields, bad, sentence) => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const res = await a.post('/admin/boards', fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    const id = `b-${bad}`;
    const input = element(html, 'input', id);
    expect(input).toContain(`aria-describedby="${id}-error"`);
    expect(input).toContain('aria-invalid="true"');
    // Next to the field (the very next element), inside the form, not at the top of the page.
    expect(html).toMatch(new RegExp(`<input[^>]*id="${id}"[^>]*>\\s*<p id="${id}-error" class="error" role="alert">${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</p>`));
    expect(html.indexOf(`${id}-error"`)).toBeGreaterThan(html.indexOf('<form method="post" action="/admin/boards"'));
    expect(element(html, 'input', 'b-slug')).toContain(`value="${fields.slug.replace('&', '&amp;')}"`);
    expect(element(html, 'input', 'b-title')).toContain(`value="${fields.title.replace('&', '&amp;')}"`);
    // Only the field at fault is marked.
    expect(element(html, 'input', bad === 'slug' ? 'b-title' : 'b-slug')).not.toContain('aria-invalid');
  });

  it('confirms a new board and gives the landing page’s own embed snippets, with the frame height', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const res = await a.post('/admin/boards', { slug: 'news-2', title: 'News' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/boards/news-2?created=1');
    const html = await (await a.get('/admin/boards/news-2?created=1')).text();
    expect(html).toContain('<p class="notice-line" role="status">Board “news-2” created. To show it on your site, paste one of these into your page:</p>');
    const landing = await (await t.app.request('/')).text();
    for (const kind of ['script', 'iframe', 'fragment']) {
      const id = `snippet-news-2-${kind}`;
      expect(textarea(html, id), id).toBeTruthy();
      expect(textarea(html, id), id).toBe(textarea(landing, id));
    }
    expect(textarea(html, 'snippet-news-2-iframe')).toContain('height:480px');
    expect(html).toContain('id="copy-status"'); // copy.js announces "copied" there
    expect(html).toMatch(/<script src="\/assets\/copy\.[\w-]+\.js" defer="">/);
    // A plain visit to the settings page says nothing about creation.
    expect(await (await a.get('/admin/boards/news-2')).text()).not.toContain('snippet-news-2');
  });

  it('has an address pattern that compiles under the v flag browsers use, and means the same as the server check', () => {
    const browserSide = new RegExp(`^(?:${SLUG_PATTERN})$`, 'v');
    for (const [slug, ok] of [['main', true], ['a-b-9', true], ['-', true], ['Main', false], ['a b', false], ['a_b', false], ['x'.repeat(33), false]] as const) {
      expect(browserSide.test(slug), slug).toBe(ok);
    }
  });
});

describe('poster actions', () => {
  it('puts each action in its own fieldset with its own fields and button', async () => {
    const t = makeAdminApp();
    const m = t.store.addMessage({ board: 'main', author: 'Zed', body: 'spam spam', poster: 'p'.repeat(43) });
    const html = await (await (await asAdmin(t)).get('/admin')).text();
    const box = (cls: string) => new RegExp(`<fieldset class="${cls}">([\\s\\S]*?)</fieldset>`).exec(html)?.[1] ?? '';
    const ban = box('ban');
    const purge = box('purge');
    expect(ban).toContain('<legend>Ban this poster</legend>');
    expect(ban).toContain(translate('en')('admin_ban_scope'));
    // Where it holds: every board (the default), or only the message's board.
    expect(ban).toMatch(/<select name="scope-[\w-]+"><option value="all">every board<\/option><option value="board">only main<\/option><\/select>/);
    expect(ban).toContain(`name="duration-${m.id}"`);
    expect(ban).toContain(`name="reason-${m.id}"`);
    expect(ban).toContain(`formaction="/admin/m/${m.id}/ban"`);
    expect(ban).not.toContain('hours-');
    expect(purge).toContain('<legend>Remove this poster’s recent messages</legend>');
    expect(purge).toContain('Posted in the last (hours)');
    expect(purge).toContain(`name="hours-${m.id}"`);
    expect(purge).toContain(`formaction="/admin/m/${m.id}/purge"`);
    expect(purge).not.toContain('duration-');
  });
});

describe('audit log and bans name the message', () => {
  it('shows an excerpt linked to the message in the list, which then shows only it', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const m = t.store.addMessage({ board: 'main', author: 'Zed', body: `Buy cheap <pills> now ${'x'.repeat(120)}`, poster: 'q'.repeat(43) });
    const ok = t.store.addMessage({ board: 'main', author: 'Amy', body: 'an innocent bystander', poster: 'r'.repeat(43) });
    expect((await a.post(`/admin/m/${m.id}/delete`)).status).toBe(303);
    expect((await a.post(`/admin/m/${ok.id}/pin`)).status).toBe(303);
    t.store.audit({ actor: 'cli', action: 'delete', board: 'main', message: 'gone-for-good', poster: 'abcdefgh' });
    const html = await (await a.get('/admin/audit')).text();
    expect(html).toContain(`<a class="msg-ref" href="/admin?id=${m.id}"><bdi>“Buy cheap &lt;pills&gt; now xxx`);
    expect(html).toMatch(/x…”<\/bdi><\/a>/); // shortened
    expect(html).toContain('<code>gone-for-good</code> (no longer stored)');
    // A visible message links to its public permalink (and that page shows it); a deleted one to the list.
    expect(html).toContain(`<a class="msg-ref" href="/b/main/m/${ok.id}"><bdi>“an innocent bystander”</bdi></a>`);
    expect(await (await t.app.request(`/b/main/m/${ok.id}`)).text()).toContain('an innocent bystander');
    const one = await (await a.get(`/admin?id=${m.id}`)).text();
    expect(one).toContain(`id="r-${m.id}"`);
    expect(one).not.toContain('an innocent bystander');
    expect(one).toContain('Showing one message.');
    expect(one).toContain(`/admin/feed?id=${m.id}`); // the list's poller keeps the filter
  });

  it('the Bans page says where, when, by whom and for which message', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const m = t.store.addMessage({ board: 'main', author: 'Zed', body: 'the flood starts here', poster: 's'.repeat(43) });
    expect((await a.post(`/admin/m/${m.id}/ban`, { [`duration-${m.id}`]: '24h', [`reason-${m.id}`]: 'flooding' })).status).toBe(303);
    t.store.ban('t'.repeat(43), 'old one', null); // no audit entry: shown without who and message
    const html = await (await a.get('/admin/bans')).text();
    expect(html).toContain(translate('en')('admin_ban_scope'));
    expect(html).toContain('<td data-label="Where">every board</td>');
    const row = /<tr>(?:(?!<\/tr>)[\s\S])*ssssssss[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    const actor = t.store.auditList({ action: 'ban' })[0]!.actor;
    expect(actor).toMatch(/^session:/);
    expect(row).toContain(`<td data-label="Who">${actor}</td>`);
    expect(row).toContain(`<time datetime="${isoTime(t.clock.now())}">`);
    expect(row).toContain(`<time datetime="${isoTime(t.clock.now() + 86_400_000)}">`);
    expect(row).toContain('<td data-label="Reason">flooding</td>');
    // Still visible: its public permalink.
    expect(row).toContain(`<code>main</code> <a class="msg-ref" href="/b/main/m/${m.id}"><bdi>“the flood starts here”</bdi></a>`);
    const old = /<tr>(?:(?!<\/tr>)[\s\S])*tttttttt[\s\S]*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(old).toContain('<td data-label="Ends">forever</td>');
    expect(old).toContain('<td data-label="Who"></td>');
  });
});

describe('board settings errors', () => {
  it.each([
    ['maxLength', '99999', 's-max', 'The field “Maximum message length (characters)” must be a whole number from 1 to 2,000.'],
    ['slowMode', 'soon', 's-slow', 'The field “Slow mode (seconds between posts per poster, 0 = off)” must be a whole number from 0 to 86,400.'],
    ['pollInterval', '0', 's-poll', 'The field “Poll interval in seconds (empty = default)” must be a whole number from 1 to 600.'],
    ['editWindow', '61', 's-edit', `The field “${translate('en')('admin_edit_window')}” must be a whole number from 0 to 60.`],
  ])('a bad %s: 422 naming the label, the edits kept in the form, nothing saved', async (field, value, id, sentence) => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const fields = { title: 'Edited title', maxLength: '300', slowMode: '5', pollInterval: '', lang: 'it', words: 'foo\nbar', wordsAction: 'hold', premoderate: '1', [field]: value };
    const res = await a.post('/admin/boards/main', fields);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain(`<p id="${id}-error" class="error" role="alert">${sentence}</p>`);
    expect(html).not.toContain(`“${field}”`);
    expect(element(html, 'input', id)).toContain(`value="${value}"`);
    expect(element(html, 'input', id)).toContain(`aria-describedby="${id}-error"`);
    expect(element(html, 'input', 's-title')).toContain('value="Edited title"');
    expect(textarea(html, 's-words')).toBe('foo\nbar');
    expect(html).toContain('<option value="it" selected="">');
    expect(html).toContain('<option value="hold" selected="">');
    expect(html).toMatch(/name="premoderate" value="1" checked=""/);
    const board = t.store.getBoard('main')!;
    expect([board.title, board.premoderate, board.lang]).toEqual(['Shoutbox', false, null]);
  });

  it('names the label in the moderator’s language', async () => {
    const t = makeAdminApp();
    const a = await asAdmin(t);
    const html = await (await a.post('/admin/boards/main?lang=de', { title: 'x', maxLength: '0', slowMode: '0' })).text();
    expect(html).toContain(`Das Feld „${translate('de')('admin_max_length')}“ muss eine ganze Zahl von 1 bis 2.000 sein.`);
  });
});

describe('moderation strings', () => {
  it('are complete in all six languages (none falls back to English admin pages)', () => {
    expect([...ADMIN_LANGS]).toEqual([...LANGS]);
  });

  it('count deliveries and tries as plurals', () => {
    const en = translate('en');
    expect([en('notify_failing_count', { count: 1 }), en('notify_failing_count', { count: 3 })]).toEqual(['1 failing delivery', '3 failing deliveries']);
    expect([en('notify_attempts', { count: 1 }), en('notify_attempts', { count: 2 })]).toEqual(['1 try', '2 tries']);
    expect(translate('ar')('notify_attempts', { count: 2 })).toBe('محاولتان');
    expect(translate('de')('notify_retried', { count: 1 })).toBe('1 Zustellung wird jetzt erneut versucht.');
  });
});
