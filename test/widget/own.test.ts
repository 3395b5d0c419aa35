import { describe, expect, it } from 'vitest';
import type { OwnChange } from '../../src/widget/own.tsx';
import { makeTestApp } from '../support/app.ts';

type T = ReturnType<typeof makeTestApp>;

/** Posts with htmx and returns the new message's id and the owner secret of the answer. */
async function postOwn(t: T, fields: Record<string, string>, o: { ip?: string; board?: string } = {}) {
  const res = await t.post(fields, o);
  expect(res.status).toBe(200);
  const [id, secret, seconds] = (res.headers.get('x-holler-own') ?? '').split(' ');
  return { res, id: id!, secret: secret!, seconds: Number(seconds) };
}

const htmx = (secret?: string) => ({ 'hx-request': 'true', ...(secret ? { 'x-holler-secret': secret } : {}) });
const form = (body: Record<string, string>) => new URLSearchParams(body).toString();

function edit(t: T, id: string, secret: string | undefined, body: string, query = '') {
  return t.app.request(`/b/main/m/${id}/edit${query}`, {
    method: 'POST',
    headers: { ...htmx(secret), 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ body }),
  });
}
const del = (t: T, id: string, secret?: string) => t.app.request(`/b/main/m/${id}/delete`, { method: 'POST', headers: htmx(secret) });

describe('replies', () => {
  it('a reply records the original and shows "in reply to" linking to its permalink', async () => {
    const t = makeTestApp();
    const { id: orig } = await postOwn(t, { name: 'Ann', body: 'Anyone here?' });
    const { res } = await postOwn(t, { name: 'Bob', body: '@Ann yes!', reply_to: orig });
    const html = await res.text();
    const reply = t.store.latest('main')[0]!;
    expect(reply.replyTo).toBe(orig);
    expect(reply.replyName).toBe('Ann');
    expect(html).toContain(`<span class="in-reply"><a href="/b/main/m/${orig}#m-${orig}" data-goto="${orig}">in reply to Ann</a></span>`);
    // Every message carries a no-JS reply link that comes back to the form.
    expect(html).toContain(`href="/b/main?reply=${reply.id}#post-form"`);
  });

  it('a reply to a message of another board, a held or deleted one, or nothing known is refused, text kept', async () => {
    const t = makeTestApp();
    const { id } = await postOwn(t, { body: 'original' });
    t.store.setStatus(id, 'deleted');
    for (const replyTo of [id, 'nope', '../../x']) {
      const res = await t.post({ body: 'my answer', reply_to: replyTo });
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html).toContain('The message you are replying to is no longer here.');
      expect(html).toContain('my answer</textarea>');
      expect(html).toContain('name="reply_to" value=""');
    }
    const it_ = await t.post({ body: 'risposta', reply_to: 'nope' }, { query: '?lang=it' });
    expect(await it_.text()).toContain('Il messaggio a cui rispondi non c’è più.');
  });

  it('without JavaScript, ?reply=<id> renders the form with @Name and the hidden reply_to', async () => {
    const t = makeTestApp();
    const { id } = await postOwn(t, { name: 'Zoé', body: 'Bonjour' });
    const html = await (await t.app.request(`/b/main?lang=fr&reply=${id}`)).text();
    expect(html).toContain(`<input type="hidden" id="h-reply-to" name="reply_to" value="${id}"/>`);
    expect(html).toContain('@Zoé </textarea>');
    expect(html).toContain('Réponse à Zoé');
    // A stale link says so instead of failing.
    const gone = await (await t.app.request('/b/main?reply=doesnotexist')).text();
    expect(gone).toContain('The message you wanted to reply to is no longer here.');
    // The no-JS post carries it through.
    const res = await t.post({ body: '@Zoé salut', reply_to: id }, { htmx: false });
    expect(res.status).toBe(303);
    expect(t.store.latest('main')[0]!.replyTo).toBe(id);
  });
});

describe('own messages', () => {
  it('the secret comes only in the post answer header; the store keeps its hash', async () => {
    const t = makeTestApp();
    const { id, secret, seconds } = await postOwn(t, { body: 'mine' });
    expect(secret).toMatch(/^[\w-]{22}$/);
    expect(seconds).toBe(300);
    const row = t.db.prepare('SELECT owner_hash FROM messages WHERE id = ?').get(id) as { owner_hash: string };
    expect(row.owner_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const url of ['/b/main', '/b/main/feed?rev=0', `/b/main/m/${id}`, '/b/main/archive']) {
      expect(await (await t.app.request(url)).text()).not.toContain(secret);
    }
    // No JavaScript, no localStorage: no secret is made.
    const noJs = await t.post({ body: 'no js' }, { htmx: false });
    expect(noJs.headers.get('x-holler-own')).toBeNull();
  });

  it('the author edits, then deletes within the window; both reach a poll; the audit keeps the old text', async () => {
    const changes: OwnChange[] = [];
    const t = makeTestApp({ onOwnChange: (c) => changes.push(c) });
    const { id, secret } = await postOwn(t, { name: 'Ann', body: 'helo wrold' });
    const rev = t.store.getBoard('main')!.rev;
    t.clock.advance(60_000);

    const formRes = await t.app.request(`/b/main/m/${id}/edit`, { headers: htmx(secret) });
    expect(formRes.status).toBe(200);
    expect(await formRes.text()).toContain('helo wrold</textarea>');

    const res = await edit(t, id, secret, 'hello world :)');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<hx-partial hx-target="#m-${id}" hx-swap="outerHTML"><li id="m-${id}"`);
    expect(html).toContain('<span class="edited">edited</span>');
    expect(html).toContain('hello world 🙂');
    const poll = await (await t.app.request(`/b/main/feed?rev=${rev}`)).text();
    expect(poll).toContain('hello world 🙂');
    expect(poll).toContain('<span class="edited">edited</span>');
    expect(t.store.auditList({ action: 'own_edit' })[0]).toMatchObject({ message: id, details: 'helo wrold' });
    expect(changes[0]).toMatchObject({ kind: 'edit', previous: 'helo wrold', message: { id, body: 'hello world :)' } });

    const rev2 = t.store.getBoard('main')!.rev;
    const gone = await del(t, id, secret);
    expect(gone.status).toBe(200);
    expect(await gone.text()).toBe(`<hx-partial hx-target="#m-${id}" hx-swap="delete"></hx-partial>`);
    expect(await (await t.app.request(`/b/main/feed?rev=${rev2}`)).text()).toContain(`hx-target="#m-${id}" hx-swap="delete"`);
    expect(t.store.auditList({ action: 'own_delete' })[0]).toMatchObject({ message: id, details: 'hello world :)' });
    expect(changes[1]).toMatchObject({ kind: 'delete', message: { id, status: 'deleted' } });
    // Gone for the author too.
    expect((await del(t, id, secret)).status).toBe(404);
  });

  it('after the window, a wrong secret, or no secret: refused with a sentence, nothing changed', async () => {
    const t = makeTestApp();
    const { id, secret } = await postOwn(t, { body: 'fixed text' });
    expect((await edit(t, id, undefined, 'x')).status).toBe(403);
    const wrong = await edit(t, id, 'A'.repeat(22), 'x');
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).toContain('Only the device that posted this message can change it.');
    t.clock.advance(5 * 60_000 + 1);
    const late = await edit(t, id, secret, 'too late', '?lang=it');
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Puoi modificare il tuo messaggio solo nei primi 5 min dopo l’invio.');
    const lateDelete = await del(t, id, secret);
    expect(lateDelete.status).toBe(403);
    expect(await lateDelete.text()).toContain('role="alert"');
    expect(t.store.getMessage(id)).toMatchObject({ body: 'fixed text', status: 'visible', editedAt: null });
  });

  it('edits meet the posting rules: empty, too long, links, words; the text is kept in the form', async () => {
    const t = makeTestApp();
    const main = t.store.getBoard('main')!;
    t.store.updateBoard('main', { ...main, linksAllowed: false, words: 'darn' });
    const { id, secret } = await postOwn(t, { body: 'fine' });
    const cases: Array<[string, number, string]> = [
      ['   ', 422, 'Please write a message before sending.'],
      ['x'.repeat(281), 422, 'the limit is 280'],
      ['see www.example.com', 422, 'Links are not allowed'],
      ['darn it', 422, 'a word that is not allowed'],
    ];
    for (const [body, status, text] of cases) {
      const res = await edit(t, id, secret, body);
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).toContain('class="own own-form"');
    }
    expect(t.store.getMessage(id)!.body).toBe('fine');
  });

  it('an edit on a board that holds matching words goes back to the moderators', async () => {
    const t = makeTestApp();
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, words: 'casino', wordsAction: 'hold' });
    const { id, secret } = await postOwn(t, { body: 'nice' });
    const res = await edit(t, id, secret, 'come to the casino');
    expect(await res.text()).toContain('once a moderator has approved it');
    expect(t.store.getMessage(id)!.status).toBe('held');
  });

  it('a board with the window at 0 gives no secret', async () => {
    const t = makeTestApp();
    t.store.updateBoard('main', { ...t.store.getBoard('main')!, editWindow: 0 });
    const res = await t.post({ body: 'final' });
    expect(res.headers.get('x-holler-own')).toBeNull();
  });
});

describe('permalinks', () => {
  it('shows the message in context, highlighted, with newer and older neighbours', async () => {
    const t = makeTestApp();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await postOwn(t, { body: `message ${i}` }, { ip: `198.51.100.${i + 1}` })).id);
    const target = ids[20]!;
    const res = await t.app.request(`/b/main/m/${target}?lang=it`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<li id="m-${target}" class="msg current" data-seq="21" aria-current="true">`);
    expect(html).toContain('message 30'); // 10 newer
    expect(html).not.toContain('message 31');
    expect(html).toContain('message 5'); // 15 older
    expect(html).not.toContain('message 4<');
    expect(html).toContain('Un messaggio nella sua conversazione');
    expect(html).toContain('href="/b/main/archive?lang=it&amp;before=6"');
    // Every message links to its permalink.
    expect(html).toContain(`href="/b/main/m/${target}?lang=it#m-${target}"`);
  });

  it('unknown, deleted, held or another board’s message: 404 in the visitor’s language', async () => {
    const t = makeTestApp();
    const { id } = await postOwn(t, { body: 'soon gone' });
    const { id: held } = await postOwn(t, { body: 'held' });
    t.store.setStatus(id, 'deleted');
    t.store.setStatus(held, 'held');
    t.store.createBoard('other', 'Other');
    for (const url of [`/b/main/m/${id}`, `/b/main/m/${held}`, '/b/main/m/nothing', '/b/main/m/bad!id', `/b/other/m/${id}`]) {
      const res = await t.app.request(`${url}?lang=fr`);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).toContain('Ce message n’existe pas ou a été retiré.');
    }
  });
});

describe('the edit window setting', () => {
  it('is a board setting in the admin (0 to 60 minutes) and applies at once', async () => {
    const { makeAdminApp, asAdmin } = await import('../support/admin.ts');
    const t = makeAdminApp();
    const a = await asAdmin(t);
    expect(await (await a.get('/admin/boards/main')).text()).toContain('name="editWindow" type="number" min="0" max="60" value="5"');
    const base = { title: 'Main', maxLength: '280', slowMode: '0' };
    expect((await a.post('/admin/boards/main', { ...base, editWindow: '61' })).status).toBe(422);
    expect((await a.post('/admin/boards/main', { ...base, editWindow: '1' })).status).toBe(303);
    expect(t.store.getBoard('main')!.editWindow).toBe(1);
    const { id, secret, seconds } = await postOwn(t, { body: 'quick' });
    expect(seconds).toBe(60);
    t.clock.advance(61_000);
    expect((await edit(t, id, secret, 'slow')).status).toBe(403);
  });
});
