// Progressive enhancement only: every flow works without this file.
(function () {
  'use strict';
  // Error summary: move focus to it so that screen reader and keyboard users hear the errors first.
  var summary = document.querySelector('[data-enhance="error-summary"]');
  if (summary) { summary.focus(); }
  // Confirm dialogs for destructive actions that already have a server-side confirmation page.
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form && form.dataset && form.dataset.enhanceConfirm && !window.confirm(form.dataset.enhanceConfirm)) { e.preventDefault(); }
  });
})();
