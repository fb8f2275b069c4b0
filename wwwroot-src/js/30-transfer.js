// Handover redeem page: the QR code carries the code in the URL fragment (never sent to the server, so never in a
// log). Fill it into the form and drop it from the address bar and history. Without JavaScript the code is typed.
(function () {
  'use strict';
  var input = document.querySelector('[data-transfer-code]');
  var match = /(?:^#|&)code=([^&]+)/.exec(window.location.hash || '');
  if (!input || !match) { return; }
  try { input.value = decodeURIComponent(match[1]); } catch (e) { return; }
  if (window.history && window.history.replaceState) { window.history.replaceState(null, '', window.location.pathname); }
  input.focus();
})();
