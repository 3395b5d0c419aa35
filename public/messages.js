/* Holler: replies, permalinks and the visitor's own messages. No eval, no inline handlers (CSP
   script-src 'self'). Without it everything still works as plain links, except editing, which
   needs the secret this device keeps.
   - Reply puts "@Name " in the box and the answered id in the hidden reply_to field.
   - "in reply to …" scrolls to the original and highlights it when it is on the page.
   - Own messages: the post answer's X-Holler-Own header ("id secret seconds") is kept in
     localStorage; those messages get Edit/Delete (cloned from #own-tpl) until the window ends,
     and the secret goes with their requests as X-Holler-Secret. */
(function () {
  'use strict';
  var d = document;
  var byId = function (id) { return d.getElementById(id); };

  // --- the secrets this device holds: { id: { s: secret, u: until (ms, this device's clock) } }
  // Through widget.js's store (it may hold the Storage Access API's handle). widget.js always
  // runs first: it loads this file, or comes before it in the page (both deferred, in order).
  var hs = window.hollerStore;
  function load() {
    try { return JSON.parse(hs('own') || '{}') || {}; } catch (e) { return {}; }
  }
  function save(own) { hs('own', JSON.stringify(own)); } // a blocked store: no edits (hs says null)
  function live() {
    var own = load(), now = Date.now(), kept = {}, changed = false;
    for (var id in own) {
      if (own[id] && own[id].u > now) kept[id] = own[id]; else changed = true;
    }
    if (changed) save(kept);
    return kept;
  }

  // widget.js keeps the secret a post's answer names (X-Holler-Own) and loads this file then.

  // The secret rides along with every request made from an author's buttons or edit form.
  d.addEventListener('htmx:config:request', function (e) {
    var ctx = e.detail && e.detail.ctx, src = ctx && ctx.sourceElement;
    var holder = src && src.closest && src.closest('[data-own]');
    var entry = holder && load()[holder.getAttribute('data-own')];
    if (entry) ctx.request.headers['X-Holler-Secret'] = entry.s;
    // replies (widget/subscribe.tsx): this device's private reply feed, so its messages share one
    var feed = entry && feedToken();
    if (feed) ctx.request.headers['X-Holler-Feed'] = feed;
  });

  // Edit/Delete on this device's messages still in their window (the server checks again).
  function tools(id) {
    var tpl = byId('own-tpl');
    if (!tpl) return null;
    var el = tpl.content.firstElementChild.cloneNode(true);
    var base = tpl.getAttribute('data-base') + id, q = tpl.getAttribute('data-q') || '';
    el.setAttribute('data-own', id);
    var edit = el.querySelector('.own-edit'), del = el.querySelector('.own-delete'), rep = el.querySelector('.own-replies');
    edit.setAttribute('hx-get', base + '/edit' + q);
    del.setAttribute('hx-post', base + '/delete' + q);
    del.setAttribute('hx-confirm', del.getAttribute('data-confirm'));
    if (rep) rep.setAttribute('hx-get', base + '/replies' + q); // replies: the reply mail / feed panel
    [edit, del].concat(rep ? [rep] : []).forEach(function (b) {
      b.setAttribute('hx-target', 'closest .own');
      b.setAttribute('hx-swap', 'outerHTML');
    });
    return el;
  }
  function decorate() {
    var list = byId('messages');
    if (!list || !window.htmx) return;
    var own = live();
    list.querySelectorAll('li.msg').forEach(function (li) {
      var id = li.id.slice(2), has = li.querySelector('.own');
      if (own[id] && !has) {
        var el = tools(id);
        if (!el) return;
        li.appendChild(el);
        window.htmx.process(el);
      } else if (!own[id] && has && !has.querySelector('.error') && !has.matches('form')) {
        has.remove(); // the window has passed on this device's clock
      }
    });
  }
  // Loaded late by widget.js (first reply, first own message): the page is there already.
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', decorate); else decorate();
  d.addEventListener('htmx:after:settle', decorate);
  setInterval(decorate, 15000);

  // --- replies (widget/subscribe.tsx): keep, or forget, this device's reply feed token
  // Through the same store as the secrets (hs): where storage is blocked and the Storage Access
  // API granted a handle, the token is kept there too; without any, each message gets its own feed.
  function feedToken() { return hs('feed'); }
  d.addEventListener('htmx:after:settle', function () {
    var got = d.querySelector('[data-feed-token]'), gone = d.querySelector('[data-feed-forget]');
    if (got) hs('feed', got.getAttribute('data-feed-token'));
    if (gone) hs('feed', null);
    if (got) got.removeAttribute('data-feed-token');
    if (gone) gone.removeAttribute('data-feed-forget');
  });

  // Brings a message into view inside the box's own scroller: scrollIntoView would scroll the
  // host page too (the box is usually in a frame).
  var scroller = byId('scroller');
  function reveal(el) {
    scroller.scrollTop += el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 24;
    el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  }

  // --- a returning visitor: "New since your last visit" above the oldest message this device
  // had not seen, and a summary on top ("4 new since your last visit · 1 for you") whose parts
  // jump there. One's own messages (the ids this device posted) are never news.
  var was = window.hollerWas, list = byId('messages'), line = byId('summary');
  if (was && list && line && !line.childNodes.length) {
    var own = load(), all = list.querySelectorAll('li.msg'), first, news = 0, mine, mentions = 0;
    all.forEach(function (li) {
      if (+li.getAttribute('data-seq') <= was || own[li.id.slice(2)]) return;
      first = li;
      news++;
      if (li.classList.contains('mention') && !mentions++) mine = li;
    });
    if (first) {
      if (+all[all.length - 1].getAttribute('data-seq') <= was) first.setAttribute('data-divider', scroller.getAttribute('data-new-since'));
      var link = function (attr, n, to) {
        var b = d.createElement('button');
        b.type = 'button';
        b.textContent = window.hollerPlural(line, attr, n); // hollerWas says widget.js ran
        b.addEventListener('click', function () { reveal(to); });
        return b;
      };
      line.append(link('data-new', news, first));
      if (mine) line.append(' · ', link('data-you', mentions, mine));
      line.hidden = false;
    }
  }

  // --- storage blocked (third-party frames in many browsers): say what is not remembered, once
  // the visitor turns to the form, and offer the Storage Access API where the browser has it.
  var sl = byId('storage'), ask = byId('storage-ask');
  if (sl && !stored()) {
    d.addEventListener('focusin', function (e) { if (!stored() && e.target.closest && e.target.closest('#post-form')) sl.hidden = false; });
    if (d.requestStorageAccess && d.hasStorageAccess) {
      d.hasStorageAccess().then(function (has) { ask.hidden = has; }, function () {});
      ask.addEventListener('click', function () {
        // Chrome hands a store for the frame; others open the usual one.
        d.requestStorageAccess({ localStorage: true }).then(function (h) {
          var s = (h && h.localStorage) || window.localStorage;
          s.setItem('holler:t', '1');
          hs.use(s);
          sl.hidden = true;
        }).catch(function () { ask.hidden = true; });
      });
    }
  }
  function stored() { return hs('t', '1') !== null; } // a write that fails returns null

  // --- replies
  function replyLine(id, name) {
    var field = byId('h-reply-to'), line = byId('h-replying'), text = byId('h-replying-text');
    if (!field || !line || !text) return false;
    field.value = id;
    line.hidden = !id;
    text.textContent = id ? text.getAttribute('data-tpl').replace('{name}', name || text.getAttribute('data-anon')) : '';
    return true;
  }

  d.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a.reply, #h-reply-cancel, .in-reply a[data-goto], .own-cancel');
    if (!a) return;
    var box = byId('h-body');
    if (a.matches('a.reply')) {
      var li = a.closest('li.msg'), who = li && li.querySelector('.author:not(.anon)');
      var name = who ? who.textContent : '';
      if (!li || !box || !replyLine(li.id.slice(2), name)) return; // no form: follow the link
      e.preventDefault();
      var mention = name ? '@' + name + ' ' : '';
      // Replace the mention an earlier Reply put there; keep what was typed.
      var prev = box.getAttribute('data-mention');
      var rest = prev && box.value.indexOf(prev) === 0 ? box.value.slice(prev.length) : box.value;
      box.value = mention + rest;
      box.setAttribute('data-mention', mention);
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
      box.dispatchEvent(new Event('input', { bubbles: true })); // the character counter
    } else if (a.id === 'h-reply-cancel') {
      e.preventDefault();
      replyLine('', '');
      var m = box && box.getAttribute('data-mention');
      if (m && box.value.indexOf(m) === 0) box.value = box.value.slice(m.length);
      if (box) { box.removeAttribute('data-mention'); box.focus(); }
    } else if (a.matches('.in-reply a')) {
      var id = a.getAttribute('data-goto'), orig = byId('m-' + id);
      // A pinned message shows in the pinned line (its list copy is hidden): open it there.
      if (orig && !orig.offsetParent && byId('p-' + id)) { orig = byId('p-' + id); orig.querySelector('details').open = true; }
      if (!orig) return; // not on this page: the link opens its permalink
      e.preventDefault();
      orig.setAttribute('tabindex', '-1');
      // Inside the box, its own scroller moves (scrollIntoView would scroll the host page too).
      if (scroller && orig.closest('#scroller')) reveal(orig);
      else orig.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
      orig.focus({ preventScroll: true });
      orig.classList.remove('flash');
      void orig.offsetWidth; // restart the highlight when clicked twice
      orig.classList.add('flash');
    } else {
      var form = a.closest('form.own');
      var el = form && tools(form.getAttribute('data-own'));
      if (!el) return;
      form.replaceWith(el);
      window.htmx.process(el);
      el.querySelector('.own-edit').focus();
    }
  });

})();
