// rinsho: progressive enhancement only. Every page works without this file; it adds "near me",
// search suggestions, filters that update in place, the share buttons and saving trials.
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.classList.add('js');
  var msg = function (name) { return doc.body.getAttribute('data-msg-' + name) || ''; };
  var $ = function (sel, root) { return (root || doc).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || doc).querySelectorAll(sel)); };

  // Near me: the browser's position, else the prefecture select that is already on the page.
  function setupGeolocation(root) {
    if (!navigator.geolocation) return;
    $$('[data-geolocate]', root).forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var form = button.form;
        var select = $('[data-near-select]', form);
        var status = $('[data-geo-status]', form);
        status.textContent = msg('locating');
        navigator.geolocation.getCurrentPosition(function (pos) {
          var value = pos.coords.latitude.toFixed(4) + ',' + pos.coords.longitude.toFixed(4);
          var option = $('option[data-current]', select) || doc.createElement('option');
          option.setAttribute('data-current', '');
          option.value = value;
          option.textContent = msg('current');
          if (!option.parentNode) select.insertBefore(option, select.options[1] || null);
          select.value = value;
          status.textContent = '';
          if (form.hasAttribute('data-live-form')) select.dispatchEvent(new Event('change', { bubbles: true }));
          else form.submit();
        }, function () {
          status.textContent = msg('denied');
          select.focus();
        }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
      });
    });
  }

  // Suggestions from /api/v1/suggest into the input's <datalist>.
  function setupSuggest() {
    $$('input[data-suggest]').forEach(function (input) {
      var list = doc.getElementById(input.getAttribute('list'));
      if (!list || !window.fetch) return;
      var timer = 0, controller = null;
      input.addEventListener('input', function () {
        clearTimeout(timer);
        var q = input.value.trim();
        if (!q) { list.textContent = ''; return; }
        timer = setTimeout(function () {
          if (controller) controller.abort();
          controller = window.AbortController ? new AbortController() : null;
          fetch('/api/v1/suggest?q=' + encodeURIComponent(q), { signal: controller && controller.signal })
            .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
            .then(function (data) {
              list.textContent = '';
              (data.suggestions || []).slice(0, 8).forEach(function (s) {
                var option = doc.createElement('option');
                option.value = s.text;
                list.appendChild(option);
              });
            })
            .catch(function () {});
        }, 150);
      });
    });
  }

  function formUrl(form) {
    var params = new URLSearchParams();
    // Leave out empty fields and the default sort, so shared links stay short.
    new FormData(form).forEach(function (value, key) {
      if (value !== '' && !(key === 'sort' && value === 'relevance')) params.append(key, value);
    });
    if (!params.get('near')) params.delete('within_km');
    var query = params.toString();
    return form.getAttribute('action') + (query ? '?' + query : '');
  }

  // Filters: fetch the same /search URL and swap the results region, keeping focus and the URL.
  function setupLiveForm() {
    var form = $('form[data-live-form]');
    if (!form || !window.fetch || !window.DOMParser) return;
    var announce = doc.createElement('p');
    announce.className = 'visually-hidden';
    announce.setAttribute('role', 'status');
    form.parentNode.insertBefore(announce, form.nextSibling);
    var pending = null;
    function update(url, push) {
      var region = $('[data-live-region]');
      var focusedId = doc.activeElement && doc.activeElement.id;
      var filtersOpen = $('[data-filters]', region) && $('[data-filters]', region).open;
      region.setAttribute('aria-busy', 'true');
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch(url, { signal: pending && pending.signal, headers: { Accept: 'text/html' } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html');
          var fresh = $('[data-live-region]', next);
          if (!fresh) { window.location.href = url; return; }
          region.innerHTML = fresh.innerHTML;
          region.removeAttribute('aria-busy');
          doc.title = next.title;
          if (push) history.pushState({ live: true }, '', url);
          var filters = $('[data-filters]', region);
          if (filters && filtersOpen) filters.open = true;
          setupGeolocation(region);
          syncSaved(region);
          var count = $('.result-count', region);
          announce.textContent = count ? count.textContent : '';
          var again = focusedId && doc.getElementById(focusedId);
          if (again) again.focus();
        })
        .catch(function (e) { if (!e || e.name !== 'AbortError') window.location.href = url; });
    }
    form.addEventListener('change', function (event) {
      if (!event.target.closest('[data-live-region]')) return;
      // Picking a place means "what is near here": sort by distance unless another order was chosen.
      var sort = form.elements.sort;
      if (event.target.name === 'near' && event.target.value && sort && sort.value === 'relevance') sort.value = 'nearest';
      update(formUrl(form), true);
    });
    window.addEventListener('popstate', function () { update(window.location.href, false); });
  }

  function setupFilters() {
    var filters = $('[data-filters]');
    if (filters && window.matchMedia && window.matchMedia('(min-width: 60rem)').matches) filters.open = true;
  }

  function setupShare() {
    var actions = $('[data-share-actions]');
    if (!actions) return;
    actions.hidden = false;
    var input = $('[data-share-url]');
    var status = $('[data-copy-status]');
    $('[data-copy]', actions).addEventListener('click', function () {
      var done = function () { status.textContent = msg('copied'); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () { input.select(); });
      } else {
        input.select();
        if (doc.execCommand('copy')) done();
      }
    });
    $('[data-print]', actions).addEventListener('click', function () { window.print(); });
  }

  // A printout for the doctor should include the collapsed sections.
  function setupPrint() {
    var opened = [];
    window.addEventListener('beforeprint', function () {
      opened = $$('details:not([open])');
      opened.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () {
      opened.forEach(function (d) { d.open = false; });
    });
  }

  // "Could I join?": the rules of core/prescreen/verdict.cpp on the form's answers, so that with
  // JavaScript the answers never leave the browser (without it the form is a GET to the same page).
  function stageKey(s) { return s.toUpperCase().replace(/\s+/g, '').replace(/^STAGE/, ''); }
  function prescreenOutcomes(form, items) {
    var val = function (n) { var el = form.elements[n]; return el ? el.value : ''; };
    var attr = function (el, n) { return el.getAttribute('data-' + n) || ''; };
    var min = attr(form, 'min-age'), max = attr(form, 'max-age'), sex = attr(form, 'sex');
    var takesHv = attr(form, 'hv') === 'yes', hv = val('hv'), out = {};
    if (min === '' && max === '') out.age = 'trivial';
    else if (val('age') === '') out.age = 'unknown';
    else {
      var age = Number(val('age'));
      out.age = (min !== '' && age < Number(min)) || (max !== '' && age > Number(max)) ? 'failed' : 'met';
    }
    if (sex !== 'female' && sex !== 'male') out.sex = 'trivial';
    else out.sex = val('sex') === '' ? 'unknown' : val('sex') === sex ? 'met' : 'failed';
    if (hv === 'yes') out.hv = takesHv ? 'met' : 'failed';
    else out.hv = hv === 'no' || takesHv ? 'trivial' : 'unknown';
    items.forEach(function (li) {
      var key = attr(li, 'reason'), q = attr(li, 'q'), is = null;
      if (val(key)) is = val(key) === 'yes';
      else if (q === 'diagnosis' && hv === 'yes') is = false;
      else if (q === 'ecog' && val('ecog') !== '') {
        var e = Number(val('ecog'));
        is = e >= Number(attr(li, 'min-ecog') || 0) && e <= Number(attr(li, 'max-ecog') || 5);
      } else if (q === 'stage' && val('stage') !== '') {
        is = attr(li, 'stages').split('|').map(stageKey).indexOf(stageKey(val('stage'))) >= 0;
      } else if (q === 'preg' && val('preg') !== '') is = val('preg') === 'yes';
      out[key] = is === null ? 'unknown' : is === (attr(li, 'type') !== 'exclusion') ? 'met' : 'failed';
    });
    return out;
  }
  function setupPrescreen() {
    var form = $('form[data-prescreen]'), box = $('[data-prescreen-verdict]');
    if (!form || !box) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var reasons = $$('li[data-reason]', box);
      var out = prescreenOutcomes(form, reasons.filter(function (li) { return li.hasAttribute('data-q'); }));
      var keys = Object.keys(out).map(function (k) { return out[k]; });
      var verdict = keys.indexOf('failed') >= 0 ? 'unlikely' : keys.indexOf('unknown') >= 0 ? 'maybe' : 'likely';
      var quoted = { unlikely: 'failed', maybe: 'unknown', likely: 'met' }[verdict];
      $$('[data-verdict]', box).forEach(function (el) { el.hidden = el.getAttribute('data-verdict') !== verdict; });
      reasons.forEach(function (li) { li.hidden = out[li.getAttribute('data-reason')] !== quoted; });
      box.hidden = false;
      box.scrollIntoView({ block: 'nearest' });
    });
  }

  // Saved trials: their ids in localStorage, most recently saved first, never sent anywhere but in
  // the /saved?ids= link the reader opens. The buttons are hidden until this runs.
  var SAVED_KEY = 'rinsho.saved', MAX_SAVED = 20, ID = /^jRCT[0-9a-z][0-9]{9}$/;
  function savedIds() {
    try {
      var v = JSON.parse(window.localStorage.getItem(SAVED_KEY) || '[]');
      return Array.isArray(v) ? v.filter(function (id) { return ID.test(id); }).slice(0, MAX_SAVED) : [];
    } catch (e) { return []; }
  }
  function savedHref(ids) {
    var en = doc.documentElement.lang === 'en';
    return '/saved' + (ids.length ? '?ids=' + ids.join(',') + (en ? '&lang=en' : '') : (en ? '?lang=en' : ''));
  }
  function syncSaved(root) {
    var ids = savedIds();
    $$('[data-save]', root).forEach(function (b) {
      b.hidden = false;
      b.setAttribute('aria-pressed', ids.indexOf(b.getAttribute('data-save')) >= 0 ? 'true' : 'false');
    });
    $$('a[data-saved-link]').forEach(function (a) { a.href = savedHref(ids); });
  }
  function setupSave() {
    try { window.localStorage.getItem(SAVED_KEY); } catch (e) { return; }  // storage blocked: keep buttons hidden
    syncSaved(doc);
    doc.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('[data-save]');
      if (!button) return;
      var id = button.getAttribute('data-save'), ids = savedIds(), at = ids.indexOf(id);
      if (at >= 0) ids.splice(at, 1);
      else ids.unshift(id);
      try { window.localStorage.setItem(SAVED_KEY, JSON.stringify(ids.slice(0, MAX_SAVED))); } catch (e) { return; }
      syncSaved(doc);
    });
    // /saved without ids: open the list this browser keeps.
    var page = $('[data-saved-page]');
    if (page && !page.getAttribute('data-ids') && savedIds().length) window.location.replace(savedHref(savedIds()));
  }

  function setupPrintPage() {
    var button = $('[data-print-page]');
    if (!button) return;
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  }

  function init() {
    setupGeolocation(doc);
    setupSuggest();
    setupFilters();
    setupLiveForm();
    setupShare();
    setupPrint();
    setupSave();
    setupPrintPage();
    setupPrescreen();
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
