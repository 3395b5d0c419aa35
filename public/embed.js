/* Holler embed: <script src="https://HOST/embed.js" data-board="main" async></script>
   Inserts the shoutbox where the tag stands: a box 480 px tall (data-height to change it) whose
   messages scroll inside it, so visitors' posts never stretch the host page.
   Options: data-height (pixels), data-lang (en|it|fr|de|es|ar), data-theme (page|light|dark|auto;
   page, the default, matches the host page's background),
   data-accent / data-accent-fg (#rgb or #rrggbb), data-title (the frame's accessible name),
   data-title-count (while the tab is hidden, the page title shows "(3) …" for new messages).
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
  var q = [], hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;
  var lang = attr('lang'), theme = attr('theme'), accent = attr('accent'), accentFg = attr('accent-fg');
  if (lang) { if (/^(en|it|fr|de|es|ar)$/.test(lang)) q.push('lang=' + lang); else fail('data-lang="' + lang + '" is not supported (en, it, fr, de, es, ar); using the visitor\'s language.'); }
  if (theme && !/^(light|dark|auto|page)$/.test(theme)) { fail('data-theme="' + theme + '" is not page, light, dark or auto; using page.'); theme = ''; }
  if (!theme || theme === 'page') theme = pageTheme();
  if (theme !== 'auto') q.push('theme=' + theme);
  if (accent) { if (hex.test(accent)) q.push('accent=' + accent.replace('#', '')); else fail('data-accent="' + accent + '" is not a hex colour such as #0b6bcb; using the default.'); }
  if (accentFg) { if (hex.test(accentFg) && accent) q.push('accent_fg=' + accentFg.replace('#', '')); else fail('data-accent-fg="' + accentFg + '" needs a hex colour and a data-accent; ignoring it.'); }
  var px = function (name) {
    var v = attr(name);
    if (!v) return 0;
    if (/^\d{2,5}$/.test(v)) return +v;
    fail('data-' + name + '="' + v + '" is not a number of pixels; ignoring it.');
    return 0;
  };
  // data-max-height, from older snippets, still caps the box; nothing makes it taller than that.
  // The default, "page": the box matches the page around it, not the visitor's system (a dark
  // box in a light blog looked broken). The first background that is not transparent, from the
  // tag up, decides; a page with none is light unless it declares a dark color-scheme.
  function pageTheme() {
    for (var el = s.parentNode; el && el.nodeType === 1; el = el.parentNode) {
      var c = (getComputedStyle(el).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] < 128 ? 'dark' : 'light';
    }
    return /dark/.test(getComputedStyle(document.documentElement).colorScheme) && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  }
  var height = Math.max(160, Math.min(px('height') || 480, px('max-height') || Infinity));

  var frame = document.createElement('iframe');
  frame.src = origin + '/b/' + board + (q.length ? '?' + q.join('&') : '');
  frame.title = attr('title') || 'Shoutbox';
  frame.className = 'holler-frame';
  // CSSOM properties, not a style attribute: allowed under the host page's own strict CSP.
  frame.style.width = '100%';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.height = height + 'px';
  s.parentNode.insertBefore(frame, s.nextSibling);

  // The title count, if the owner asked for it: "(3) Title" while the tab is hidden.
  var countTitle = s.hasAttribute('data-title-count'), bare = document.title;
  window.addEventListener('message', function (e) {
    // Only our own frame, from our own origin: anything else on the page is ignored.
    if (e.source !== frame.contentWindow || e.origin !== origin || !countTitle) return;
    var n = e.data && e.data.type === 'holler:unread' && Math.floor(+e.data.count);
    if (n === false || !(n >= 0)) return;
    if (!/^\(\d+\) /.test(document.title)) bare = document.title;
    document.title = n > 0 ? '(' + n + ') ' + bare : bare;
  });
})();
