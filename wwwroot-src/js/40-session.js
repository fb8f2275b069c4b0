// Business and admin sessions end after 30 minutes without a request (checked on the server). Two minutes before, a
// warning appears so that work in a form is not lost; any reload or save keeps the session. Without JavaScript the hint
// in the page is all there is.
(function () {
  'use strict';
  var hint = document.querySelector('[data-idle-minutes]');
  if (!hint) { return; }
  var minutes = parseInt(hint.getAttribute('data-idle-minutes'), 10);
  if (!(minutes > 2)) { return; }
  var box = document.createElement('div');
  box.className = 'status-message';
  box.setAttribute('role', 'alert');
  function show(text) {
    box.textContent = text;
    if (!box.parentNode) { hint.parentNode.insertBefore(box, hint.nextSibling); }
  }
  window.setTimeout(function () {
    show('Ihre Anmeldung endet in 2 Minuten ohne Aktivität. Laden Sie die Seite neu oder speichern Sie, um angemeldet zu bleiben.');
  }, (minutes - 2) * 60000);
  window.setTimeout(function () {
    show('Ihre Anmeldung ist wegen Inaktivität beendet. Bitte melden Sie sich erneut an.');
  }, minutes * 60000);
})();
