/* Holler widget behaviour. No eval, no inline handlers: it runs under script-src 'self'.
   Polling cadence, "N here now" (and its beacon), the character counter, focus after swaps, the visitor's name
   and sound choice on this device (localStorage, no cookie), mentions, new-message cues (the
   highlight, the "N new" pill, the "new since your last visit" line, the host page's title
   count) and the emoji picker. Kept small: it is part of every visitor's first view. */
(function () {
  'use strict';
  var d = document, lang = d.documentElement.lang || 'en', nf = new Intl.NumberFormat(lang), pr = new Intl.PluralRules(lang);
  var byId = function (id) { return d.getElementById(id); };
  // A plural template from the page (JSON, one form per plural category; see i18n clientPlural).
  function plural(el, attr, n) {
    var forms = JSON.parse(el.getAttribute(attr));
    return (forms[pr.select(n)] || forms.other).replace('{count}', nf.format(n));
  }
  var box = d.querySelector('.box'), board = box && box.getAttribute('data-board');
  // Storage can be off (privacy settings, sandboxed frames): then nothing is remembered.
  var store = function (k, v) {
    try { if (v === undefined) return localStorage.getItem('holler:' + k); if (v === null) localStorage.removeItem('holler:' + k); else localStorage.setItem('holler:' + k, v); } catch (e) { return null; }
  };

  // Polls: fire htmx's "poll" trigger on #poller (the answer replaces it, so look it up each
  // time). Visible tab: every data-interval ms; hidden: 6x slower; visible again: at once.
  var timer;
  function wait() {
    var p = byId('poller'), ms = (p && +p.getAttribute('data-interval')) || 3000;
    return d.hidden ? Math.max(ms * 6, 30000) : ms;
  }
  function tick() {
    var p = byId('poller');
    if (p) p.dispatchEvent(new CustomEvent('poll'));
    clearTimeout(timer);
    timer = setTimeout(tick, wait());
  }
  d.addEventListener('visibilitychange', function () {
    clearTimeout(timer);
    if (d.hidden) timer = setTimeout(tick, wait()); else { unread = 0; tell(); saveSeen(); tick(); }
  });
  timer = setTimeout(tick, wait());

  function showHere(n) {
    var el = byId('here');
    if (n && el) {
      el.textContent = plural(el, 'data-tpl', +n);
      el.hidden = n === '0'; // the count is of the others (here-now.ts): 0 is only you
    }
  }
  d.addEventListener('htmx:after:request', function (e) {
    var ctx = e.detail && e.detail.ctx;
    showHere(ctx && ctx.response && ctx.response.headers.get('x-here-now'));
  });
  // The visitor's own post ends with its request: htmx 4 fires after:request before it swaps
  // the answer in, and the list's observer (a microtask) must still see the flag, so it is
  // cleared after both. A poll's request never clears it.
  d.addEventListener('htmx:finally:request', function (e) {
    var src = e.detail && e.detail.ctx && e.detail.ctx.sourceElement;
    if (src && src.id === 'post-form') setTimeout(function () { posting = false; }, 0);
  });
  hereBeacon(showHere);

  // After posting, keep the keyboard in the message box and show the newest; after "load
  // older", move it to the messages that just arrived. (htmx fires this on the new element.)
  d.addEventListener('htmx:after:swap', function (e) {
    // A fresh form can also come from a poll (a board opened again): ready it after any swap.
    formReady();
    var src = e.detail && e.detail.ctx && e.detail.ctx.sourceElement;
    if (!src || !src.isConnected) return;
    if (src.id === 'post-form') {
      if (!src.querySelector('.error')) { byId('h-body').focus(); toNewest(); }
    } else if (src.classList.contains('older-chunk')) src.firstElementChild.focus();
  });

  // The name: remembered on this device, put back into every fresh form.
  var posting = false;
  function formReady() {
    // The page's form token comes last in it, tied to the form by form="post-form" (the cached
    // page is compressed once; each answer appends its own token). Into the form it goes: htmx
    // replaces the form whole, token included, with each answer, and must not send two.
    var token = d.querySelector('input[form="post-form"]'), form = byId('post-form');
    if (token && form && form.tagName === 'FORM') { token.removeAttribute('form'); form.appendChild(token); }
    var name = byId('h-name'), body = byId('h-body');
    if (name && !name.value) name.value = store('name') || '';
    if (body && body.value) count(body); // a refused post keeps its text: keep its count too
    var emoji = byId('emoji-btn');
    if (emoji) emoji.hidden = false;
  }
  d.addEventListener('submit', function (e) {
    var name = e.target.elements && e.target.elements.name;
    if (name) store('name', name.value.trim() || null);
    posting = true;
  });

  // Character counter, in graphemes like the server. Announced only when crossing 20 left,
  // 10 left and over the limit, not on every keystroke.
  var seg = Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: 'grapheme' }) : null;
  function graphemes(s) {
    if (!seg) return Array.from(s).length;
    var n = 0, it = seg.segment(s)[Symbol.iterator]();
    while (!it.next().done) n++;
    return n;
  }
  function count(ta) {
    var out = byId('h-count'), live = byId('h-count-live');
    if (!out || !live) return;
    var max = +out.getAttribute('data-max'), left = max - graphemes(ta.value.trim());
    out.textContent = ta.value ? nf.format(max - left) + '/' + nf.format(max) : '';
    out.className = left < 0 ? 'count over' : left <= 20 ? 'count near' : 'count';
    var zone = left < 0 ? 3 : left <= 10 ? 2 : left <= 20 ? 1 : 0;
    if (zone !== (live.zone || 0) && zone) {
      live.textContent = plural(live, left < 0 ? 'data-over' : 'data-left', Math.abs(left));
    }
    live.zone = zone;
  }
  d.addEventListener('input', function (e) { if (e.target.id === 'h-body') count(e.target); });
  // Ctrl/Cmd+Enter sends from the message box.
  d.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target.id === 'h-body') {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  });

  // "Here now": this open widget says so every 30 s with an id made now (no cookie, nothing
  // about the visitor), in a POST no cache keeps, so the count stays right when a proxy
  // answers the polls; a closing page says goodbye. One request per viewer per 30 s.
  function hereBeacon(show) {
    var el = byId('here'), url = el && el.getAttribute('data-beacon'), c = window.crypto;
    if (!url || !window.fetch || !c || !c.getRandomValues) return;
    var id = Array.prototype.map.call(c.getRandomValues(new Uint8Array(12)), function (b) { return (b % 36).toString(36); }).join('');
    url += '?id=' + id;
    function send() {
      fetch(url, { method: 'POST', credentials: 'omit', cache: 'no-store' }).then(function (r) { show(r.headers.get('x-here-now')); }, function () {});
    }
    send();
    setInterval(send, 30000);
    window.addEventListener('pagehide', function () { if (navigator.sendBeacon) navigator.sendBeacon(url + '&leave=1'); });
    window.addEventListener('pageshow', function (e) { if (e.persisted) send(); });
  }

  if (!box) return; // the archive page: no live list
  var list = byId('messages'), scroller = byId('scroller'), pill = byId('pill');
  var seq = function (li) { return +li.getAttribute('data-seq') || 0; };
  var items = function () { return list.querySelectorAll('li.msg'); };
  var maxSeq = 0, pending = 0, unread = 0;

  // Mentions of the visitor's remembered name (@Name) are highlighted for them alone.
  function mention(li) {
    var name = store('name'), body = li.querySelector('.body');
    if (!name || !body) return;
    var at = body.textContent.toLowerCase().indexOf('@' + name.toLowerCase()), next = body.textContent.charAt(at + name.length + 1);
    if (at >= 0 && !/[\p{L}\p{N}_]/u.test(next)) li.classList.add('mention');
  }

  // "New since your last visit": a line above the oldest message this device has not seen.
  var seenKey = 'seen:' + board, seen = +store(seenKey) || 0;
  function saveSeen() { if (!d.hidden && maxSeq > seen) store(seenKey, String(seen = maxSeq)); }
  var all = items(), first;
  for (var i = 0; i < all.length; i++) {
    mention(all[i]);
    maxSeq = Math.max(maxSeq, seq(all[i]));
    if (seen && seq(all[i]) > seen) first = all[i];
  }
  if (first && seq(all[all.length - 1]) <= seen) first.setAttribute('data-divider', scroller.getAttribute('data-new-since'));
  saveSeen();

  // At the newest: scrollTop 0 in both orders (the bottom order is a reversed flexbox).
  var atNewest = function () { return Math.abs(scroller.scrollTop) < 40; };
  function toNewest() { scroller.scrollTop = 0; pending = 0; pill.hidden = true; }
  pill.addEventListener('click', function () { toNewest(); scroller.focus(); }); // the pill hides: keep focus nearby
  scroller.addEventListener('scroll', function () { if (pending && atNewest()) toNewest(); }, { passive: true });

  // Whatever a poll or a post inserts: new messages are highlighted for a moment, counted in
  // the pill if the visitor reads older ones (never yanked back), counted for the host page's
  // title while the tab is hidden, and announced by the sound if the visitor switched it on.
  new MutationObserver(function (records) {
    var fresh = 0;
    records.forEach(function (r) {
      r.addedNodes.forEach(function (li) {
        if (li.nodeType !== 1 || !li.classList.contains('msg') || seq(li) <= maxSeq) return;
        maxSeq = seq(li);
        mention(li);
        li.classList.add('fresh');
        setTimeout(function () { li.classList.remove('fresh'); }, 3500);
        fresh++;
      });
    });
    if (!fresh) return;
    if (posting) return toNewest(); // the visitor's own message: show it
    if (!atNewest()) { pending += fresh; pill.textContent = plural(pill, 'data-tpl', pending); pill.hidden = false; }
    if (d.hidden) { unread += fresh; tell(); }
    saveSeen();
    d.dispatchEvent(new CustomEvent('holler:new'));
  }).observe(list, { childList: true });

  // The host page's title count (embed.js, data-title-count): only a number, so any parent
  // may read it ('*'); embed.js checks that it comes from its own frame.
  function tell() { if (window.parent !== window) window.parent.postMessage({ type: 'holler:unread', count: unread }, '*'); }

  // The sound and the emoji picker live in extras.js, replies and own messages in messages.js,
  // each fetched on first use (at once if this device switched the sound on, or holds an own
  // message's secret): most visitors never pay for them in their first view. Their one small
  // stylesheet (more.css) comes first, so nothing they draw shows unstyled.
  var css;
  function styles(then) {
    if (!css) {
      css = { done: false, queue: [] };
      var link = d.createElement('link');
      link.rel = 'stylesheet';
      link.href = box.getAttribute('data-more');
      link.onload = link.onerror = function () { css.done = true; css.queue.forEach(function (f) { f(); }); };
      d.head.appendChild(link);
    }
    if (css.done) then(); else css.queue.push(then);
  }
  function loader(url) {
    var started, ready, queue = [];
    return function (then) {
      if (ready) return false;
      if (then) queue.push(then);
      if (!started) {
        started = true;
        styles(function () {
          var el = d.createElement('script');
          el.src = url;
          el.onload = function () { ready = true; queue.forEach(function (f) { f(); }); };
          // Not loaded: stop waiting for it, so Reply and "in reply to" work as plain links.
          el.onerror = function () { ready = true; queue = []; };
          d.head.appendChild(el);
        });
      }
      return true;
    };
  }
  var loadExtras = loader(box.getAttribute('data-extras')), loadMessages = loader(box.getAttribute('data-messages'));
  var sound = byId('sound');
  if (sound) sound.hidden = false;
  if (store('sound') === '1') loadExtras();
  if ((store('own') || '{}') !== '{}') loadMessages();
  // A post's answer names its secret (X-Holler-Own "id secret seconds"): keep it as messages.js
  // does, then load messages.js for the Edit/Delete buttons.
  d.addEventListener('htmx:after:request', function (e) {
    var ctx = e.detail && e.detail.ctx, h = ctx && ctx.response && ctx.response.headers.get('x-holler-own'), p = h && h.split(' ');
    if (!p || p.length !== 3) return;
    var own = {};
    try { own = JSON.parse(store('own') || '{}') || {}; } catch (x) { /* start afresh */ }
    own[p[0]] = { s: p[1], u: Date.now() + (+p[2]) * 1000 };
    store('own', JSON.stringify(own));
    loadMessages();
  });
  d.addEventListener('click', function (e) {
    var t = e.target, a = t.closest && t.closest('a.reply, .in-reply a[data-goto]');
    if (t.id === 'sound' || t.id === 'emoji-btn') loadExtras(function () { t.click(); });
    // The first Reply or "in reply to" waits for messages.js, then is clicked again.
    else if (a && loadMessages(function () { a.click(); })) e.preventDefault();
  });
  formReady();
})();
