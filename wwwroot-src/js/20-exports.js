// Export status page: while a job runs, poll its progress and update the rows in place.
// Without JavaScript the page reloads itself through a <noscript> meta refresh instead.
(function () {
  'use strict';
  var list = document.querySelector('[data-export-list]');
  var notice = document.querySelector('[data-export-refresh]');
  if (!list || !notice || !window.fetch || !window.DOMParser) { return; }
  function replaceRow(id, html) {
    var fresh = html.getElementById('export-' + id);
    var row = document.getElementById('export-' + id);
    if (fresh && row) { row.innerHTML = fresh.innerHTML; }
  }
  function poll() {
    fetch('/Exporte?handler=Status', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var finished = [];
        data.jobs.forEach(function (job) {
          var row = document.getElementById('export-' + job.id);
          if (!row) { return; }
          var status = row.querySelector('[data-export-status]');
          var bar = row.querySelector('[data-export-progress]');
          if (status && status.textContent !== job.status) { status.textContent = job.status; }
          if (bar) { bar.value = job.progress; bar.textContent = job.progress + ' %'; }
          if (job.done && bar) { finished.push(job.id); }
        });
        if (finished.length) {
          // Fetch the server-rendered rows once so that download links and hashes appear.
          return fetch('/Exporte', { credentials: 'same-origin' }).then(function (r) { return r.text(); }).then(function (text) {
            var html = new DOMParser().parseFromString(text, 'text/html');
            finished.forEach(function (id) { replaceRow(id, html); });
            if (!data.active) { notice.textContent = 'Alle Exporte sind fertig.'; }
            return data.active;
          });
        }
        return data.active;
      })
      .then(function (active) { if (active !== false) { window.setTimeout(poll, 2000); } })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  notice.setAttribute('role', 'status');
  window.setTimeout(poll, 1500);
})();
