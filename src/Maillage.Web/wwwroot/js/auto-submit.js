// A <select data-auto-submit> submits its form when it changes (the page keeps a <noscript> button). An event
// listener rather than an inline onchange attribute: the Content-Security-Policy runs no inline script.
(function () {
  'use strict';
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target && target.matches && target.matches('[data-auto-submit]') && target.form) target.form.submit();
  });
})();
