/* Times in the visitor's own zone and language. The server sends every time as
   <time datetime="…Z"> with its UTC text ("14:03 UTC", for visitors without JavaScript); this
   rewrites each: relative when near ("5 min ago", "in 5 min"), the clock time today, the
   date otherwise; the full date and time as a tooltip and for screen readers. No library: Intl. */
(function () {
  'use strict';
  var d = document, lang = d.documentElement.lang || 'en';
  var rel = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'short' });
  // Clock and dates as the reader writes them (en-GB: 21:30; en-US: 9:30 PM), which the page's
  // lang="en" cannot tell; the words ("5 min ago") stay in the page's language. The reader's
  // locale is used only when it is of the page's language (an Arabic page keeps Arabic dates).
  var reader = (navigator.languages || [navigator.language]).filter(function (l) { return l && l.split('-')[0] === lang; })[0] || lang;
  // "34m" (it: "34min", ar: "٣٤ د"): a message's line is short; the tooltip says "34 minutes ago".
  var mins = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'narrow' });
  var F = function (o) { return new Intl.DateTimeFormat(reader, o); };
  var full = F({ dateStyle: 'full', timeStyle: 'short' }), clock = F({ hour: '2-digit', minute: '2-digit' });
  // Before today, the date alone (the tooltip has the time): a message's line stays short.
  var day = F({ day: 'numeric', month: 'short' });
  var year = F({ day: 'numeric', month: 'short', year: 'numeric' });

  function show(t) {
    var at = new Date(t.getAttribute('datetime')), now = new Date(), s = (now - at) / 1000;
    if (isNaN(at)) return;
    // Future times too (a ban's end): "in 20 min", then the clock or the date, never "now".
    var a = Math.abs(s);
    var text = a < 45 ? rel.format(0, 'second')
      : a < 3600 ? (s < 0 ? rel.format(Math.round(a / 60), 'minute') : mins.format(Math.round(s / 60)))
      : at.toDateString() === now.toDateString() ? clock.format(at)
      : at.getFullYear() === now.getFullYear() ? day.format(at) : year.format(at);
    var long = full.format(at);
    if (t.title === long && t.firstChild && t.firstChild.textContent === text) return;
    t.title = long;
    // Seen: the short form; heard: the full one (one text each, so nothing is read twice).
    var seen = d.createElement('span'), heard = d.createElement('span');
    seen.setAttribute('aria-hidden', 'true');
    seen.textContent = text;
    heard.className = 'sr-only';
    heard.textContent = long;
    t.replaceChildren(seen, heard);
  }
  function all(root) { (root.querySelectorAll ? root : d).querySelectorAll('time[datetime]').forEach(show); }

  all(d);
  // New messages arrive by htmx swaps; relative times age: refresh every 30 s.
  new MutationObserver(function (rs) {
    rs.forEach(function (r) { r.addedNodes.forEach(function (n) { if (n.nodeType === 1) n.tagName === 'TIME' ? show(n) : all(n); }); });
  }).observe(d.body, { childList: true, subtree: true });
  setInterval(function () { all(d); }, 30000);
})();
