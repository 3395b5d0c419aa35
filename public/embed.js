/* Holler embed: <script src="https://HOST/embed.js" data-board="main" async></script>
   Inserts the shoutbox's iframe where the tag stands and keeps the frame as tall as its content.
   Options: data-lang (en|it|fr|de|es|ar), data-theme (light|dark|auto), data-accent (#rgb or #rrggbb),
   data-min-height / data-max-height (pixels), data-title (the frame's accessible name).
   Every tag is independent: several boxes on one page each listen to their own frame only. */
(function () {
  'use strict';
  var s = document.currentScript;
  var fail = function (msg) { console.error('[Holler embed.js] ' + msg); };
  if (!s || !s.src) return fail('load me with a plain <script src="…/embed.js" data-board="…"> tag (document.currentScript is missing).');
  var origin = new URL(s.src).origin, attr = function (n) { return (s.getAttribute('data-' + n) || '').trim(); };

  var board = attr('board');
  if (!/^[a-z0-9-]{1,32}$/.test(board)) {
    return fail(board ? 'data-board="' + board + '" is not a board name (lowercase letters, digits and -, at most 32).' : 'data-board is missing: add data-board="main" (or another board) to the script tag.');
  }
  var q = [];
  var lang = attr('lang'), theme = attr('theme'), accent = attr('accent');
  if (lang) { if (/^(en|it|fr|de|es|ar)$/.test(lang)) q.push('lang=' + lang); else fail('data-lang="' + lang + '" is not supported (en, it, fr, de, es, ar); using the visitor\'s language.'); }
  if (theme) { if (/^(light|dark|auto)$/.test(theme)) q.push('theme=' + theme); else fail('data-theme="' + theme + '" is not light, dark or auto; using auto.'); }
  if (accent) { if (/^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.test(accent)) q.push('accent=' + accent.replace('#', '')); else fail('data-accent="' + accent + '" is not a hex colour such as #0b6bcb; using the default.'); }
  var px = function (name, dflt) {
    var v = attr(name);
    if (!v) return dflt;
    if (/^\d{1,5}$/.test(v)) return +v;
    fail('data-' + name + '="' + v + '" is not a number of pixels; ignoring it.');
    return dflt;
  };
  var min = px('min-height', 120), max = px('max-height', Infinity);
  if (max < min) { fail('data-max-height is smaller than data-min-height; ignoring data-max-height.'); max = Infinity; }

  var frame = document.createElement('iframe');
  frame.src = origin + '/b/' + board + (q.length ? '?' + q.join('&') : '');
  frame.title = attr('title') || 'Shoutbox';
  frame.className = 'holler-frame';
  // CSSOM properties, not a style attribute: allowed under the host page's own strict CSP.
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.height = min + 'px';
  s.parentNode.insertBefore(frame, s.nextSibling);

  window.addEventListener('message', function (e) {
    // Only our own frame, from our own origin: anything else on the page is ignored.
    if (e.source !== frame.contentWindow || e.origin !== origin) return;
    var h = e.data && e.data.type === 'holler:height' && +e.data.height;
    if (h > 0) frame.style.height = Math.min(max, Math.max(min, Math.ceil(h))) + 'px';
  });
})();
