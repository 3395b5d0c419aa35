/* Holler widget extras, loaded by widget.js on first use: the opt-in sound for new messages (a
   short tone made with WebAudio, no audio file) and the emoji picker (its buttons come from
   /emoji/{lang}; arrows move, Enter inserts at the caret, Escape closes, focus goes back). */
(function () {
  'use strict';
  var d = document, byId = function (id) { return d.getElementById(id); };
  var store = window.hollerStore; // widget.js loads this file: its store is always there
  // The sound: off unless the visitor switches it on; a short tone made here (no audio file).
  var sound = byId('sound'), audio;
  d.addEventListener('holler:new', beep);
  function beep() {
    if (!audio || sound.getAttribute('aria-pressed') !== 'true') return;
    var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
    o.frequency.value = 880;
    g.gain.setValueAtTime(0.08, t);
    g.gain.exponentialRampToValueAtTime(0.0001, t + 0.25);
    o.connect(g).connect(audio.destination);
    o.start(t); o.stop(t + 0.25);
  }
  function setSound(on) {
    sound.setAttribute('aria-pressed', String(on));
    if (on && !audio && window.AudioContext) audio = new AudioContext();
  }
  if (sound) {
    if (store('sound') === '1') setSound(true);
    sound.addEventListener('click', function () {
      var on = sound.getAttribute('aria-pressed') !== 'true';
      store('sound', on ? '1' : null);
      setSound(on);
      if (audio) audio.resume();
    });
  }

  // The emoji picker: buttons fetched on first use; arrows move, Enter inserts at the caret,
  // Escape closes, and focus goes back where it was.
  var COLS = 6;
  function panel(open) {
    var p = byId('emoji-panel'), b = byId('emoji-btn');
    p.hidden = !open;
    b.setAttribute('aria-expanded', String(open));
    if (open) { var cur = p.querySelector('[tabindex="0"]'); if (cur) cur.focus(); } else b.focus();
  }
  d.addEventListener('click', function (e) {
    var t = e.target, p = byId('emoji-panel');
    if (!p) return;
    if (t.id === 'emoji-btn') {
      if (!p.hidden) return panel(false);
      if (p.firstChild) return panel(true);
      // Busy until the picker arrives (widget.js showed it while this file loaded).
      t.classList.add('loading');
      t.setAttribute('aria-busy', 'true');
      fetch(t.getAttribute('data-src')).then(function (r) { return r.text(); }).then(function (html) { p.innerHTML = html; panel(true); })
        .finally(function () { t.classList.remove('loading'); t.removeAttribute('aria-busy'); });
    } else if (t.classList.contains('emoji')) {
      var ta = byId('h-body');
      p.hidden = true;
      byId('emoji-btn').setAttribute('aria-expanded', 'false');
      ta.focus();
      ta.setRangeText(t.getAttribute('data-emoji'), ta.selectionStart, ta.selectionEnd, 'end');
      ta.dispatchEvent(new Event('input', { bubbles: true })); // the counter
    } else if (!p.hidden && !p.contains(t)) p.hidden = true;
  });
  d.addEventListener('keydown', function (e) {
    var t = e.target;
    if (!t.classList || !t.classList.contains('emoji')) return;
    if (e.key === 'Escape') return panel(false);
    var all = Array.prototype.slice.call(t.parentNode.children), i = all.indexOf(t);
    var step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLS, ArrowUp: -COLS }[e.key];
    if (d.documentElement.dir === 'rtl' && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) step = -step;
    var to = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : step ? Math.min(all.length - 1, Math.max(0, i + step)) : -1;
    if (to < 0) return;
    e.preventDefault();
    t.tabIndex = -1;
    all[to].tabIndex = 0;
    all[to].focus();
  });
})();
