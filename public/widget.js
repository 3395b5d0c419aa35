/* Holler widget behaviour. No eval, no inline handlers: it runs under script-src 'self'.
   Polling cadence, "N here now" (and its beacon), the character counter, focus after swaps, and the height
   report to embed.js. Kept tiny: it is part of every visitor's first view. */
(function () {
  'use strict';
  var d = document, lang = d.documentElement.lang || 'en', nf = new Intl.NumberFormat(lang);
  var byId = function (id) { return d.getElementById(id); };

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
    if (d.hidden) timer = setTimeout(tick, wait()); else tick();
  });
  timer = setTimeout(tick, wait());

  function showHere(n) {
    var el = byId('here');
    if (n && el) {
      el.textContent = el.getAttribute('data-tpl').replace('{n}', nf.format(+n));
      el.hidden = false;
    }
  }
  d.addEventListener('htmx:after:request', function (e) {
    var ctx = e.detail && e.detail.ctx;
    showHere(ctx && ctx.response && ctx.response.headers.get('x-here-now'));
  });
  hereBeacon(showHere);

  // After posting, keep the keyboard in the message box; after "load older", move it to the
  // messages that just arrived. (After an outerHTML swap htmx fires this on the new element.)
  d.addEventListener('htmx:after:swap', function (e) {
    var src = e.detail && e.detail.ctx && e.detail.ctx.sourceElement;
    if (!src || !src.isConnected) return;
    if (src.id === 'post-form' && !src.querySelector('.error')) byId('h-body').focus();
    else if (src.classList.contains('older-chunk')) src.firstElementChild.focus();
  });

  // Character counter, in graphemes like the server. Announced only when crossing 20 left,
  // 10 left and over the limit, not on every keystroke.
  var seg = Intl.Segmenter ? new Intl.Segmenter(lang, { granularity: 'grapheme' }) : null;
  function count(s) {
    if (!seg) return Array.from(s).length;
    var n = 0, it = seg.segment(s)[Symbol.iterator]();
    while (!it.next().done) n++;
    return n;
  }
  d.addEventListener('input', function (e) {
    var ta = e.target, out = byId('h-count'), live = byId('h-count-live');
    if (ta.id !== 'h-body' || !out || !live) return;
    var max = +out.getAttribute('data-max'), left = max - count(ta.value.trim());
    out.textContent = ta.value ? nf.format(max - left) + '/' + nf.format(max) : '';
    out.className = left < 0 ? 'count over' : left <= 20 ? 'count near' : 'count';
    var zone = left < 0 ? 3 : left <= 10 ? 2 : left <= 20 ? 1 : 0;
    if (zone !== (live.zone || 0) && zone) {
      live.textContent = live.getAttribute(left < 0 ? 'data-over' : 'data-left').replace('{n}', nf.format(Math.abs(left)));
    }
    live.zone = zone;
  });
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

  // Inside embed.js's frame: report our height whenever it changes. The message holds only a
  // number, so any parent may read it ('*'); embed.js checks it comes from its own frame.
  if (window.parent !== window && window.ResizeObserver) {
    var last = 0;
    new ResizeObserver(function () {
      var h = Math.ceil(d.body.getBoundingClientRect().height);
      if (h !== last) window.parent.postMessage({ type: 'holler:height', height: (last = h) }, '*');
    }).observe(d.body);
  }
})();
