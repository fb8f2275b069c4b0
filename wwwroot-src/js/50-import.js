// Import run page: while the check or the import runs, fetch the same page every 2 seconds and update the progress
// bar in place; when the job is done, load the page once to show the report. Without JavaScript the page refreshes
// itself through a <noscript> meta refresh instead.
(function () {
  'use strict';
  var status = document.querySelector('[data-import-running]');
  if (!status || !window.fetch || !window.DOMParser) { return; }
  status.setAttribute('aria-live', 'polite');
  function poll() {
    fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (text === null) { window.setTimeout(poll, 5000); return; }
        var fresh = new DOMParser().parseFromString(text, 'text/html').getElementById('import-status');
        if (!fresh || !fresh.hasAttribute('data-import-running')) { window.location.reload(); return; }
        var bar = status.querySelector('progress');
        var next = fresh.querySelector('progress');
        if (bar && next) { bar.value = next.value; bar.textContent = next.textContent; }
        var counts = status.querySelector('[data-import-count]');
        var nextCounts = fresh.querySelector('[data-import-count]');
        if (counts && nextCounts) { counts.textContent = nextCounts.textContent; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1500);
})();
