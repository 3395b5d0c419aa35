/**
 * The key fragments as exact HTML (as Hono's own tests do): a duplicated form, a lost wrapper
 * or a stray attribute fails here even when every `toContain` elsewhere still passes. Only the
 * random parts (form token, message id, the poster's colour: from a key with a random secret) are replaced before comparing.
 */
import { describe, expect, it } from 'vitest';
import { makeTestApp } from '../support/app.ts';

const stable = (html: string) => {
  // The message's random id appears in its element id, permalink and reply link: one placeholder for all.
  const id = /id="m-([\w-]+)"/.exec(html)?.[1];
  const out = html.replace(/name="token" value="[^"]+"/g, 'name="token" value="TOKEN"').replace(/ pc\d{1,2}"/g, ' pcN"');
  // The icons' paths are not what these tests are about: a word each.
  const icons = out.replace(/<svg class="i"[^>]*><path d="M4 20h4[^"]*"><\/path><\/svg>/g, 'PEN').replace(/<svg class="i"[^>]*><path d="M12 21a9[^"]*"><\/path><\/svg>/g, 'SMILE');
  return id ? icons.split(id).join('ID') : icons;
};

const form = (fields: { name?: string; body?: string; error?: string }) =>
  '<form id="post-form" class="post" method="post" action="/b/main/messages" hx-post="/b/main/messages" hx-swap="outerHTML" hx-disable="find .send">' +
  (fields.error ? `<p class="error" role="alert">${fields.error}</p>` : '') +
  '<input type="hidden" name="token" value="TOKEN"/>' +
  '<div class="hp" aria-hidden="true"><label for="h-website">Leave this field empty</label><input id="h-website" name="website" tabindex="-1" autocomplete="off"/></div>' +
  '<p id="h-who" class="who" hidden=""><span id="h-who-text" data-tpl="Posting as {name}"></span>' +
  '<button type="button" id="h-who-edit" class="icon" aria-label="Change your name" title="Change your name">PEN</button></p>' +
  '<p class="name-row"><label for="h-name" class="sr-only">Name (optional)</label>' +
  `<input id="h-name" name="name" autocomplete="nickname" maxlength="24" dir="auto" placeholder="Name (optional)" aria-describedby="h-name-hint" value="${fields.name ?? ''}"/>` +
  '<span id="h-name-hint" class="sr-only">At most 24 characters.</span></p>' +
  '<input type="hidden" id="h-reply-to" name="reply_to" value=""/>' +
  '<p id="h-replying" class="replying" hidden=""><span id="h-replying-text" data-tpl="Replying to {name}" data-anon="Anonymous"></span> <a id="h-reply-cancel" href="/b/main#post-form">Cancel the reply</a></p>' +
  '<div class="line"><label for="h-body" class="sr-only">Message</label>' +
  `<textarea id="h-body" name="body" required="" rows="1" dir="auto" placeholder="Message" aria-describedby="h-hint">${fields.body ?? ''}</textarea>` +
  '<button type="button" id="emoji-btn" class="icon" aria-label="Insert an emoji" title="Insert an emoji" aria-expanded="false" aria-controls="emoji-panel" data-src="/emoji/en" hidden="">SMILE</button>' +
  '<button type="submit" class="send" data-sending="Sending…" data-wait="{&quot;one&quot;:&quot;Wait {count} s&quot;,&quot;other&quot;:&quot;Wait {count} s&quot;}">Send</button></div>' +
  '<span id="h-hint" class="sr-only">Up to 280 characters. Enter sends; Shift+Enter starts a new line.</span>' +
  '<span id="h-count" class="count" aria-hidden="true" data-max="280"></span>' +
  '<span id="h-count-live" class="sr-only" aria-live="polite" data-left="{&quot;one&quot;:&quot;{count} character left&quot;,&quot;other&quot;:&quot;{count} characters left&quot;}" data-over="{&quot;one&quot;:&quot;{count} character too many&quot;,&quot;other&quot;:&quot;{count} characters too many&quot;}"></span>' +
  '<div id="emoji-panel" class="emoji-panel" hidden=""></div></form>';

const message =
  '<li id="m-ID" class="msg" data-seq="1"><span class="meta"><span class="author pcN" dir="auto">Ann</span></span>' +
  '<div class="body" dir="auto" hx-ignore="true">hi &lt;b&gt;there&lt;/b&gt; <a href="https://example.com/" rel="nofollow ugc noopener noreferrer" target="_blank">https://example.com</a> 🙂</div>' +
  '<span class="tail"><a class="permalink" href="/b/main/m/ID#m-ID" title="Link to this message"><time datetime="2026-11-22T12:00:00Z">Nov 22, 12:00 PM UTC</time></a>' +
  '<span class="acts"><a class="reply" href="/b/main?reply=ID#post-form"><span aria-hidden="true">Reply</span><span class="sr-only">Reply to Ann</span></a></span></span></li>';

describe('exact HTML of the key fragments', () => {
  it('the answer to an htmx post: the fresh form (name kept) and the message', async () => {
    const t = makeTestApp();
    const res = await t.post({ name: 'Ann', body: 'hi <b>there</b> https://example.com :)' });
    expect(res.status).toBe(200);
    expect(stable(await res.text())).toBe(`${form({ name: 'Ann' })}<hx-upsert hx-target="#messages" key="data-seq" sort="desc">${message}</hx-upsert>`);
  });

  it('the poll answer: poller, changes, pinned list', async () => {
    const t = makeTestApp();
    await t.post({ name: 'Ann', body: 'hi <b>there</b> https://example.com :)' });
    const res = await t.app.request('/b/main/feed?rev=0');
    expect(stable(await res.text())).toBe(
      '<div id="poller" hx-get="/b/main/feed?rev=1" hx-trigger="poll" hx-swap="outerHTML" data-interval="3000" hx-status:5xx="swap:none"></div>' +
        `<hx-upsert hx-target="#messages" key="data-seq" sort="desc">${message}</hx-upsert>` +
        '<hx-partial hx-target="#pinned" hx-swap="outerHTML"><ol id="pinned" class="messages pinned" aria-label="Pinned"></ol></hx-partial>',
    );
  });

  it('a refused post: one form, the reason, and the text given back', async () => {
    const t = makeTestApp();
    const res = await t.post({ name: 'Admin', body: 'hi <b>"x"</b> & more' });
    expect(res.status).toBe(422);
    expect(stable(await res.text())).toBe(
      form({ name: 'Admin', body: 'hi &lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; more', error: 'That name is reserved for the moderators. Please choose another one.' }),
    );
  });
});
