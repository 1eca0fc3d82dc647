// rinsho portal: progressive enhancement of the guided trial form. The server checks every step
// when it is sent and stays the authority; this file only checks a field as soon as it is left,
// with the same validator (POST /api/v1/trials/validate), and shows the message beside it.
(function () {
  'use strict';
  var doc = document;
  var lang = doc.documentElement.lang === 'en' ? 'en' : 'ja';

  // Input names are JSON Pointers into the record ("/conditions/0/name/ja").
  function setAt(record, pointer, value) {
    var parts = pointer.split('/').slice(1);
    var node = record;
    for (var i = 0; i < parts.length - 1; i++) {
      var next = /^[0-9]+$/.test(parts[i + 1]) ? [] : {};
      if (node[parts[i]] === undefined) node[parts[i]] = next;
      node = node[parts[i]];
    }
    node[parts[parts.length - 1]] = value;
  }

  function typed(field) {
    var v = field.value.trim();
    var kind = field.getAttribute('data-kind') || '';
    if (v === '') return undefined;
    if ((kind === 'integer' || kind === 'number') && /^-?[0-9]+(\.[0-9]+)?$/.test(v)) return Number(v);
    if (kind === 'bool' && (v === 'true' || v === 'false')) return v === 'true';
    if (kind === 'lines') return v.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean);
    return v;
  }

  function recordOf(form) {
    var record = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name.charAt(0) !== '/') return;
      var value = typed(field);
      if (value !== undefined) setAt(record, field.name, value);
    });
    // Rows of a list that were left blank are not sent as holes.
    (function compact(node) {
      if (Array.isArray(node)) {
        for (var i = node.length - 1; i >= 0; i--) if (node[i] === undefined) node.splice(i, 1);
      }
      if (node && typeof node === 'object') Object.keys(node).forEach(function (k) { compact(node[k]); });
    })(record);
    return record;
  }

  function concerns(pointer, name) {
    return pointer === name || name.indexOf(pointer + '/') === 0;
  }

  function show(field, text) {
    var box = doc.getElementById(field.id + '-error');
    if (!box) return;
    box.textContent = text;
    box.hidden = text === '';
    var ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== box.id; });
    if (text) {
      ids.push(box.id);
      field.setAttribute('aria-invalid', 'true');
    } else {
      field.removeAttribute('aria-invalid');
    }
    if (ids.length) field.setAttribute('aria-describedby', ids.join(' '));
    else field.removeAttribute('aria-describedby');
  }

  function check(form, field) {
    var url = form.getAttribute('data-validate');
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(recordOf(form)) })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body) return;
        var text = (body.errors || []).filter(function (e) { return concerns(e.pointer, field.name); })
          .map(function (e) { return e.message[lang]; }).join(' ');
        show(field, text);
      })
      .catch(function () { /* offline: the server checks when the step is sent */ });
  }

  // A page sent back with problems: the summary takes the focus, so it is read first and its links
  // are the next tab stops (role=alert announces it without this file too).
  var summary = doc.getElementById('error-summary');
  if (summary) {
    summary.focus();
    // Following an error's link: the field takes the focus with its label and message on screen
    // (a plain jump would scroll the input itself to the top and hide what says what is wrong).
    summary.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
      var field = link && doc.getElementById(link.getAttribute('href').slice(1));
      if (!field) return;
      event.preventDefault();
      (field.closest('.field') || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  Array.prototype.forEach.call(doc.querySelectorAll('form[data-validate]'), function (form) {
    form.addEventListener('focusout', function (event) {
      var field = event.target;
      if (field && field.name && field.name.charAt(0) === '/') check(form, field);
    });
  });

  // A step link followed after a change: the form is sent first (go=to-N saves the draft and
  // opens that step), so what was typed is not lost. Without JavaScript the buttons save.
  Array.prototype.forEach.call(doc.querySelectorAll('form[data-validate]'), function (form) {
    var changed = false;
    form.addEventListener('input', function () { changed = true; });
    form.addEventListener('change', function () { changed = true; });
    Array.prototype.forEach.call(doc.querySelectorAll('a[data-step]'), function (link) {
      link.addEventListener('click', function (event) {
        if (!changed || event.ctrlKey || event.metaKey || event.shiftKey || event.button > 0) return;
        event.preventDefault();
        var go = doc.createElement('input');
        go.type = 'hidden';
        go.name = 'go';
        go.value = 'to-' + link.getAttribute('data-step');
        form.appendChild(go);
        form.submit();
      });
    });
  });
})();
