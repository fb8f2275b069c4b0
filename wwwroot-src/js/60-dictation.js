// Fahrzeugannahme (issue 17): a dictation button for the observations, only where the browser offers speech
// recognition. Typing always works; the recognised text is appended to the field and saved with the normal form.
(function () {
  'use strict';
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  if (!Recognition) { return; }
  Array.prototype.forEach.call(document.querySelectorAll('form[data-enhance="dictation"] textarea'), function (area) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'secondary';
    button.setAttribute('aria-pressed', 'false');
    button.textContent = 'Diktieren';
    area.insertAdjacentElement('afterend', button);
    var recognition = null;
    function stop() { if (recognition) { recognition.stop(); } }
    button.addEventListener('click', function () {
      if (recognition) { stop(); return; }
      recognition = new Recognition();
      recognition.lang = 'de-DE';
      recognition.continuous = true;
      recognition.interimResults = false;
      recognition.onresult = function (e) {
        for (var i = e.resultIndex; i < e.results.length; i++) {
          if (e.results[i].isFinal) {
            var text = e.results[i][0].transcript.trim();
            if (text) { area.value = area.value ? area.value.replace(/\s+$/, '') + ' ' + text : text; }
          }
        }
      };
      recognition.onend = function () { recognition = null; button.setAttribute('aria-pressed', 'false'); button.textContent = 'Diktieren'; };
      recognition.onerror = recognition.onend;
      button.setAttribute('aria-pressed', 'true');
      button.textContent = 'Diktat beenden';
      recognition.start();
    });
  });
})();
