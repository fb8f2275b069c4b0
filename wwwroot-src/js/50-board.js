// Tafelansicht (issue 17): with JavaScript the board is replaced in place instead of reloading the whole page
// (without JavaScript a <noscript> meta refresh reloads it). Only the board's own markup is taken from the answer.
(function () {
  'use strict';
  var board = document.querySelector('[data-enhance="board"]');
  if (!board || !window.fetch || !window.DOMParser) { return; }
  var seconds = parseInt(board.getAttribute('data-board-seconds'), 10) || 30;
  function update() {
    fetch(window.location.href, { credentials: 'same-origin', cache: 'no-store', redirect: 'error' })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html').getElementById('board');
        // A signed-out answer (the sign-in page) has no board: reload, so the person sees why.
        if (!next) { window.location.reload(); return; }
        board.replaceChildren.apply(board, Array.prototype.slice.call(next.childNodes).map(function (n) { return document.importNode(n, true); }));
      })
      .catch(function () { /* the next round tries again */ });
  }
  window.setInterval(update, seconds * 1000);
})();
