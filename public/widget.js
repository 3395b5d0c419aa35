/* Holler widget behaviour. No eval, no inline handlers: it runs under script-src 'self'.
   Polling cadence and the connection line, "N here now" (and its beacon), the composer (name
   as "Posting as…", Enter sends, Sending…/Retry, the counter, slow mode's countdown), what this
   device remembers (storage, or the Storage Access API where storage is blocked), mentions,
   new-message cues (highlight, "N new" pill, divider, summary, the host page's title count).
   Kept small: it is part of every visitor's first view. */
(function () {
  'use strict';
  var d = document, lang = d.documentElement.lang || 'en', nf = new Intl.NumberFormat(lang), pr = new Intl.PluralRules(lang);
  var byId = function (id) { return d.getElementById(id); };
  // A plural template from the page (JSON, one form per plural category; see i18n clientPlural).
  // messages.js uses it too (its summary line).
  var plural = window.hollerPlural = function (el, attr, n) {
    var forms = JSON.parse(el.getAttribute(attr));
    return (forms[pr.select(n)] || forms.other).replace('{count}', nf.format(n));
  };
  var box = d.querySelector('.box'), board = box && box.getAttribute('data-board');
  // Storage can be blocked (third-party frames, privacy settings): then nothing is remembered,
  // and the box says so (#storage). The Storage Access API may hand us a store (`ls`).
  var ls = null;
  try { ls = window.localStorage; ls.setItem('holler:t', '1'); ls.removeItem('holler:t'); } catch (e) { ls = null; }
  var store = window.hollerStore = function (k, v) {
    try { if (v === undefined) return ls.getItem('holler:' + k); if (v === null) ls.removeItem('holler:' + k); else ls.setItem('holler:' + k, v); } catch (e) { return null; }
  };
  store.use = function (s) { ls = s; formReady(); }; // messages.js: what the Storage Access API granted
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

  // The connection line: shown after one failed poll (or beacon), the dot greyed; gone with the
  // next answer. A new problem clears an old error first, but not a post's "Not sent… Retry":
  // that is this same problem, and Retry is the way out (a poll failing just after the post
  // took it away, leaving the text with no button to send it).
  function online(ok) {
    var c = byId('conn');
    if (!c || c.hidden === ok) return;
    if (!ok) clearError(true);
    c.hidden = ok;
    box.classList.toggle('offline', !ok);
  }
  function clearError(keepUnsent) { var e = d.querySelector('.post .error'); if (e && !(keepUnsent && e.classList.contains('unsent'))) e.remove(); }

  function showHere(n) {
    var el = byId('here');
    if (n && el) {
      el.title = el.textContent = plural(el, 'data-tpl', +n);
      el.setAttribute('data-n', nf.format(n)); // the number alone, in a narrow box (widget.css)
      el.hidden = n === '0'; // the count is of the others (here-now.ts): 0 is only you
    }
  }
  var src = function (e) { return e.detail && e.detail.ctx && e.detail.ctx.sourceElement; };
  d.addEventListener('htmx:after:request', function (e) {
    var ctx = e.detail && e.detail.ctx, s = src(e);
    showHere(ctx && ctx.response && ctx.response.headers.get('x-here-now'));
    if (s && s.id === 'poller') online(ctx.response.status < 500);
    if (s && s.id === 'post-form' && ctx.response && ctx.response.status < 300) lastSent = Date.now();
  });
  d.addEventListener('htmx:error', function (e) {
    var s = src(e);
    if (!s) return;
    if (s.id === 'poller') online(false);
    if (s.id === 'post-form' && s.isConnected) failed(s);
  });
  // The visitor's own post ends with its request: htmx 4 fires after:request before it swaps
  // the answer in, and the list's observer (a microtask) must still see the flag, so it is
  // cleared after both. A poll's request never clears it.
  d.addEventListener('htmx:finally:request', function (e) {
    var s = src(e);
    if (s && s.id === 'post-form') setTimeout(function () { posting = false; sendState(); }, 0);
  });
  hereBeacon(showHere);

  // After posting, keep the keyboard in the message box and show the newest; after "load
  // older", move it to the messages that just arrived. (htmx fires this on the new element.)
  d.addEventListener('htmx:after:swap', function (e) {
    // A fresh form can also come from a poll (a board opened again): ready it after any swap.
    formReady();
    var s = src(e);
    if (!s || !s.isConnected) return;
    if (s.id === 'post-form') {
      if (!s.querySelector('.error')) { byId('h-body').focus(); toNewest(); }
    } else if (s.classList.contains('older-chunk')) s.firstElementChild.focus();
  });

  // Sending: Send says so and stays disabled until the answer (hx-disable does the disabling).
  // A post that never reached the server keeps its text and offers Retry.
  d.addEventListener('htmx:before:request', function (e) {
    var s = src(e), b = s && s.id === 'post-form' && s.querySelector('.send');
    if (!b) return;
    clearError();
    b.setAttribute('data-label', b.textContent);
    b.textContent = b.getAttribute('data-sending');
    b.classList.add('busy');
  });
  function failed(form) {
    var c = byId('conn'), p = d.createElement('p'), r = d.createElement('button');
    clearError();
    p.className = 'error unsent';
    p.setAttribute('role', 'alert');
    p.textContent = c.getAttribute('data-failed') + ' ';
    r.type = 'button';
    r.textContent = c.getAttribute('data-retry');
    r.addEventListener('click', function () { p.remove(); form.requestSubmit(); });
    p.appendChild(r);
    form.insertBefore(p, form.firstChild);
    posting = false;
  }

  // The Send button's label and state: "Sending…", the slow mode's countdown, over the limit.
  // Slow mode lets each poster send once per data-seconds until data-until (slow-mode.tsx): the
  // wait counts from this visitor's own last accepted post, and nobody waits before posting.
  var slowTimer, lastSent = 0;
  function sendState() {
    var b = d.querySelector('#post-form .send'), slow = byId('slow-mode'), body = byId('h-body');
    if (!b) return;
    var end = slow && +slow.getAttribute('data-until'), every = slow && +slow.getAttribute('data-seconds');
    var until = end && lastSent ? Math.min(end, lastSent + every * 1000) : 0;
    var label = b.getAttribute('data-label') || b.textContent, left = until ? Math.ceil((until - Date.now()) / 1000) : 0;
    b.setAttribute('data-label', label);
    if (posting) return;
    b.classList.remove('busy');
    b.textContent = left > 0 ? plural(b, 'data-wait', left) : label;
    b.disabled = left > 0 || (body && body.getAttribute('data-over') === '1');
    clearTimeout(slowTimer);
    if (left > 0) slowTimer = setTimeout(sendState, 1000);
  }

  // The name: remembered on this device, put back into every fresh form, shown as "Posting as
  // Name ✎" once set. Until then the field shows (a keyboard reaches it first, as before).
  var posting = false, naming = false;
  function formReady() {
    // The page's form token comes last in it, tied to the form by form="post-form" (the cached
    // page is compressed once; each answer appends its own token). Into the form it goes: htmx
    // replaces the form whole, token included, with each answer, and must not send two.
    var token = d.querySelector('input[form="post-form"]'), form = byId('post-form');
    if (token && form && form.tagName === 'FORM') { token.removeAttribute('form'); form.appendChild(token); }
    if (!form || form.tagName !== 'FORM') return;
    var name = byId('h-name'), body = byId('h-body'), who = byId('h-who');
    if (name && !name.value) name.value = store('name') || '';
    if (name && who) {
      var named = !!name.value.trim() && !naming && !form.querySelector('.error');
      form.classList.toggle('named', named);
      who.hidden = !named;
      var text = byId('h-who-text'), parts = text.getAttribute('data-tpl').split('{name}'), b = d.createElement('b');
      b.textContent = name.value.trim();
      text.replaceChildren(parts[0], b, parts[1] || '');
    }
    if (body) { grow(body); count(body); } // a refused post keeps its text: keep its count too
    var emoji = byId('emoji-btn');
    if (emoji) emoji.hidden = false;
    sendState();
  }
  d.addEventListener('submit', function (e) {
    var name = e.target.elements && e.target.elements.name;
    if (name) store('name', name.value.trim() || null);
    naming = false;
    posting = true;
  });
  d.addEventListener('click', function (e) {
    if (!e.target.closest || !e.target.closest('#h-who-edit')) return;
    naming = true;
    formReady();
    byId('h-name').focus();
  });

  // The message line grows as you type (CSS field-sizing where the browser has it).
  var sized = window.CSS && CSS.supports('field-sizing', 'content');
  function grow(ta) {
    if (sized) return;
    ta.style.height = 'auto'; // CSSOM, not a style attribute: allowed by our CSP
    ta.style.height = ta.scrollHeight + 2 + 'px';
  }

  // Character counter, in graphemes like the server: shown near the limit, Send disabled over
  // it. Announced only when crossing 20 left, 10 left and over the limit.
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
    out.textContent = left < 0 ? plural(live, 'data-over', -left) : left <= 20 ? plural(live, 'data-left', left) : '';
    out.className = left < 0 ? 'count over' : left <= 20 ? 'count near' : 'count';
    ta.setAttribute('data-over', left < 0 ? '1' : '0');
    var zone = left < 0 ? 3 : left <= 10 ? 2 : left <= 20 ? 1 : 0;
    if (zone !== (live.zone || 0) && zone) live.textContent = out.textContent;
    live.zone = zone;
    sendState();
  }
  d.addEventListener('input', function (e) { if (e.target.id === 'h-body') { grow(e.target); count(e.target); } });
  // Enter sends, Shift+Enter makes a new line; never while an IME is composing (Japanese,
  // Chinese…: there Enter picks the characters). Ctrl/Cmd+Enter sends too.
  d.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || e.target.id !== 'h-body' || e.shiftKey || e.altKey || e.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    var b = e.target.form.querySelector('.send');
    if (b && !b.disabled && e.target.value.trim()) e.target.form.requestSubmit(b);
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
      fetch(url, { method: 'POST', credentials: 'omit', cache: 'no-store' }).then(function (r) { show(r.headers.get('x-here-now')); }, function () { online(false); });
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
  // "New since your last visit": messages.js draws the divider and the summary for a returning
  // visitor (window.hollerWas: the last message this device had seen), and says what is not
  // remembered where storage is blocked. A first visit needs neither.
  var seenKey = 'seen:' + board, seen = window.hollerWas = +store(seenKey) || 0;
  function saveSeen() { if (!d.hidden && maxSeq > seen) store(seenKey, String(seen = maxSeq)); }
  var all = items();
  for (var i = 0; i < all.length; i++) {
    mention(all[i]);
    maxSeq = Math.max(maxSeq, seq(all[i]));
  }
  var back = seen && maxSeq > seen;
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
    saveSeen();
    if (posting) return toNewest(); // the visitor's own message: show it (and it is seen)
    if (!atNewest()) { pending += fresh; pill.textContent = plural(pill, 'data-tpl', pending); pill.hidden = false; }
    if (d.hidden) { unread += fresh; tell(); }
    d.dispatchEvent(new CustomEvent('holler:new'));
  }).observe(list, { childList: true });

  // The host page's title count (embed.js, data-title-count): only a number, so any parent
  // may read it ('*'); embed.js checks that it comes from its own frame.
  function tell() { if (window.parent !== window) window.parent.postMessage({ type: 'holler:unread', count: unread }, '*'); }

  // A permalink opened inside the embed would turn the box into an archive page with no form:
  // it opens in a new tab instead (the frame may not navigate its host page).
  if (window.parent !== window) {
    d.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('a.permalink');
      if (a) a.target = '_blank';
    }, true);
  }

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
  if ((store('own') || '{}') !== '{}' || back || !ls) loadMessages();
  // A post's answer names its secret (X-Holler-Own "id secret seconds"): keep it as messages.js
  // does, then load messages.js for the Edit/Delete buttons.
  d.addEventListener('htmx:after:request', function (e) {
    var ctx = e.detail && e.detail.ctx, h = ctx && ctx.response && ctx.response.headers.get('x-holler-own'), p = h && h.split(' ');
    if (!p || p.length !== 3) return;
    var mine = {};
    try { mine = JSON.parse(store('own') || '{}') || {}; } catch (x) { /* start afresh */ }
    mine[p[0]] = { s: p[1], u: Date.now() + (+p[2]) * 1000 };
    store('own', JSON.stringify(mine));
    loadMessages();
  });
  d.addEventListener('click', function (e) {
    var t = e.target.closest ? e.target.closest('#sound, #emoji-btn') || e.target : e.target, a = t.closest && t.closest('a.reply, .in-reply a[data-goto]');
    // The first tap fetches extras.js (and the picker): the button shows it is busy at once.
    if (t.id === 'sound' || t.id === 'emoji-btn') {
      if (loadExtras(function () { t.classList.remove('loading'); t.removeAttribute('aria-busy'); t.click(); })) { t.classList.add('loading'); t.setAttribute('aria-busy', 'true'); }
    }
    // The first Reply or "in reply to" waits for messages.js, then is clicked again.
    else if (a && loadMessages(function () { a.click(); })) e.preventDefault();
  });
  formReady();
})();
