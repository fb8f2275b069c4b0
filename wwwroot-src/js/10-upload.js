// Upload enhancement for weak connections: photos are scaled down in the browser (long edge 2000 px, JPEG)
// and sent with a visible progress bar. Without JavaScript (or without createImageBitmap) the plain form posts
// the original file, and the server decides everything anyway.
(function () {
  'use strict';
  var form = document.querySelector('form[data-enhance="upload"]');
  if (!form || !window.FormData || !window.XMLHttpRequest || !window.createImageBitmap || !window.HTMLCanvasElement) { return; }
  var MAX_EDGE = 2000;

  function pickFile() {
    var photo = form.querySelector('input[name="Foto"]');
    if (photo && photo.files && photo.files.length) { return { input: photo, file: photo.files[0] }; }
    var file = form.querySelector('input[name="Datei"]');
    if (file && file.files && file.files.length) { return { input: file, file: file.files[0] }; }
    return null;
  }

  function shrink(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) { return Promise.resolve(file); }
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
      if (scale === 1 && file.type === 'image/jpeg') { return file; }
      var canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob && blob.size < file.size ? blob : file); }, 'image/jpeg', 0.85);
      });
    }).catch(function () { return file; });
  }

  form.addEventListener('submit', function (e) {
    var chosen = pickFile();
    if (!chosen) { return; }
    e.preventDefault();
    var status = document.createElement('p');
    status.setAttribute('role', 'status');
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', 'Hochladen');
    form.appendChild(status);
    form.appendChild(bar);
    status.textContent = 'Foto wird vorbereitet …';
    shrink(chosen.file).then(function (blob) {
      var data = new FormData(form);
      data.delete('Foto');
      data.delete('Datei');
      var name = chosen.file.name.replace(/\.[^.]+$/, '') + (blob === chosen.file ? chosen.file.name.replace(/^.*(\.[^.]+)$/, '$1') : '.jpg');
      data.append(chosen.input.name, blob, name);
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action || window.location.href);
      xhr.upload.onprogress = function (p) {
        if (p.lengthComputable) { bar.value = Math.round(p.loaded * 100 / p.total); status.textContent = 'Hochladen: ' + bar.value + ' %'; }
      };
      xhr.onload = function () {
        if (xhr.responseURL && xhr.responseURL !== (form.action || window.location.href)) { window.location.assign(xhr.responseURL); return; }
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () { status.textContent = 'Das Hochladen ist fehlgeschlagen. Bitte versuchen Sie es erneut.'; };
      xhr.send(data);
    });
  });
})();
