/* Landing page: "Copy" buttons for the embed snippets (shown only when this script runs). */
(function () {
  'use strict';
  var status = document.getElementById('copy-status');
  document.querySelectorAll('button.copy').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      var box = document.getElementById(b.getAttribute('data-copy'));
      var done = function (ok) {
        status.textContent = '';
        status.textContent = b.getAttribute(ok ? 'data-done' : 'data-fail');
        if (!ok) { box.focus(); box.select(); }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(box.value).then(function () { done(true); }, function () { done(false); });
      else done(false);
    });
  });
})();
