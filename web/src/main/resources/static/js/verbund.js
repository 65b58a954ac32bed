// Sends the CSRF token with every htmx request (no inline script: the Content-Security-Policy forbids it).
document.addEventListener('htmx:configRequest', function (event) {
  var header = document.querySelector('meta[name="_csrf_header"]');
  var token = document.querySelector('meta[name="_csrf"]');
  if (header && token) {
    event.detail.headers[header.content] = token.content;
  }
});

// The upload page: files dropped on the zone join the file input; with script, each file is sent on its own with a
// progress bar, and its outcome (rendered by the server) replaces the bar. Without script the form posts all files
// at once and the page comes back with the same outcomes.
document.addEventListener('DOMContentLoaded', function () {
  var form = document.getElementById('upload-form');
  var zone = document.getElementById('dropzone');
  var input = document.getElementById('datei');
  var list = document.getElementById('outcomes');
  if (!form || !zone || !input || !list || !window.FormData || !window.DOMParser) {
    return;
  }
  ['dragenter', 'dragover'].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  });
  ['dragleave', 'drop'].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove('dragging');
    });
  });
  zone.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      input.dispatchEvent(new Event('change'));
    }
  });

  function csrf(request) {
    var header = document.querySelector('meta[name="_csrf_header"]');
    var token = document.querySelector('meta[name="_csrf"]');
    if (header && token) {
      request.setRequestHeader(header.content, token.content);
    }
  }

  function send(files, index) {
    if (index >= files.length) {
      // the outcomes stay listed; the labels stay filled in for the next files
      input.value = '';
      form.querySelector('button[type=submit]').disabled = false;
      return;
    }
    var file = files[index];
    var item = document.createElement('li');
    item.className = 'outcome outcome-PENDING';
    var name = document.createElement('strong');
    name.className = 'file';
    name.textContent = file.name;
    var bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    bar.setAttribute('aria-label', file.name);
    item.appendChild(name);
    item.appendChild(document.createTextNode(' '));
    item.appendChild(bar);
    list.appendChild(item);

    var data = new FormData(form);
    data.delete('datei');
    data.append('datei', file, file.name);
    var request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.setRequestHeader('X-Verbund-Upload', '1');
    csrf(request);
    request.upload.addEventListener('progress', function (event) {
      if (event.lengthComputable) {
        bar.value = Math.round(100 * event.loaded / event.total);
      }
    });
    request.addEventListener('load', function () {
      var answer = new DOMParser().parseFromString(request.responseText, 'text/html');
      var outcome = answer.querySelector('#outcomes > li');
      if (outcome) {
        list.replaceChild(document.importNode(outcome, true), item);
      } else {
        item.className = 'outcome outcome-REJECTED';
        bar.replaceWith(document.createTextNode(list.getAttribute('data-failed') || 'Fehler'));
      }
      send(files, index + 1);
    });
    request.addEventListener('error', function () {
      item.className = 'outcome outcome-REJECTED';
      bar.replaceWith(document.createTextNode(list.getAttribute('data-failed') || 'Fehler'));
      send(files, index + 1);
    });
    request.send(data);
  }

  form.addEventListener('submit', function (event) {
    if (!input.files.length || !form.checkValidity()) {
      return;
    }
    event.preventDefault();
    form.querySelector('button[type=submit]').disabled = true;
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    send(Array.prototype.slice.call(input.files), 0);
  });
});
