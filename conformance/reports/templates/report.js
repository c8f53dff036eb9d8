/* conformance HTML report: the findings table (filters, search, sort, paging) and the language switch.
 * Data comes from the JSON block #report-data and is written into the page with textContent only:
 * nothing from the data is ever parsed as markup. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var rows = D.rows, files = D.files, items = D.items, rules = D.rules, msgs = D.messages;
  var SEV = ['error', 'warning', 'info'];
  var NO_ITEM = -1;
  var root = document.documentElement;
  var state = { lang: D.lang, file: '', rule: '', sev: '', item: '', q: '', key: '', dir: 1, page: 0 };
  var view = [];
  var hay = { ja: null, en: null };

  function $(id) { return document.getElementById(id); }
  var el = {
    file: $('f-file'), rule: $('f-rule'), sev: $('f-sev'), item: $('f-item'), q: $('f-q'),
    reset: $('f-reset'), body: $('findings-body'), count: $('match-count'), info: $('page-info'),
    first: $('page-first'), prev: $('page-prev'), next: $('page-next'), last: $('page-last'),
    toggle: $('lang-toggle')
  };

  function L(key) { return D.i18n[state.lang][key]; }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function itemName(r) { return r[2] === NO_ITEM ? '' : items[r[2]]; }
  function msg(r) { return msgs[r[5]][state.lang === 'en' ? 1 : 0]; }
  function cmpStr(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }

  var COLS = {
    file: function (a, b) { return cmpStr(files[a[0]], files[b[0]]); },
    line: function (a, b) { return (a[1] === null ? -1 : a[1]) - (b[1] === null ? -1 : b[1]); },
    item: function (a, b) { return cmpStr(itemName(a), itemName(b)); },
    rule: function (a, b) { return a[3] - b[3]; },
    severity: function (a, b) { return a[4] - b[4]; },
    message: function (a, b) { return cmpStr(msg(a), msg(b)); },
    value: function (a, b) { return cmpStr(a[6] === null ? '' : a[6], b[6] === null ? '' : b[6]); }
  };

  function haystack() {
    var lang = state.lang;
    if (hay[lang] === null) {
      var k = lang === 'en' ? 1 : 0, out = new Array(rows.length);
      for (var i = 0; i < rows.length; i++) {
        var r = rows[i];
        out[i] = [files[r[0]], itemName(r), rules[r[3]].id, msgs[r[5]][k], r[6] === null ? '' : r[6]]
          .join('\n').toLowerCase();
      }
      hay[lang] = out;
    }
    return hay[lang];
  }

  function fillSelect(sel, entries) {
    var keep = sel.value;
    while (sel.options.length) { sel.remove(0); }
    sel.add(new Option(L('all'), ''));
    for (var i = 0; i < entries.length; i++) { sel.add(new Option(entries[i][1], entries[i][0])); }
    sel.value = keep;
    if (sel.value !== keep) { sel.value = ''; }
  }

  function present(col) {
    var seen = {}, out = [];
    for (var i = 0; i < rows.length; i++) {
      var v = rows[i][col];
      if (!seen.hasOwnProperty(v)) { seen[v] = true; out.push(v); }
    }
    return out.sort(function (a, b) { return a - b; });
  }

  function buildOptions() {
    fillSelect(el.file, present(0).map(function (i) { return [String(i), files[i]]; }));
    fillSelect(el.rule, present(3).map(function (i) {
      var title = state.lang === 'en' ? rules[i].en : rules[i].ja;
      return [String(i), title ? rules[i].id + ' ' + title : rules[i].id];
    }));
    fillSelect(el.sev, present(4).map(function (s) { return [String(s), L('sev_' + SEV[s])]; }));
    var its = present(2).map(function (i) { return [String(i), i === NO_ITEM ? L('no_item') : items[i]]; });
    its.sort(function (a, b) { return a[0] === String(NO_ITEM) ? -1 : (b[0] === String(NO_ITEM) ? 1 : cmpStr(a[1], b[1])); });
    fillSelect(el.item, its);
  }

  function apply() {
    var f = state.file === '' ? null : +state.file;
    var ru = state.rule === '' ? null : +state.rule;
    var sv = state.sev === '' ? null : +state.sev;
    var it = state.item === '' ? null : +state.item;
    var q = state.q.trim().toLowerCase();
    var h = q ? haystack() : null;
    view = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if ((f !== null && r[0] !== f) || (ru !== null && r[3] !== ru) || (sv !== null && r[4] !== sv) ||
          (it !== null && r[2] !== it) || (q && h[i].indexOf(q) < 0)) { continue; }
      view.push(i);
    }
    sortView();
    state.page = 0;
    render();
  }

  function sortView() {
    if (!state.key) { return; }
    var cmp = COLS[state.key], dir = state.dir;
    view.sort(function (a, b) { var c = cmp(rows[a], rows[b]); return c !== 0 ? c * dir : a - b; });
  }

  function cell(tr, text, cls) {
    var td = document.createElement('td');
    if (cls) { td.className = cls; }
    td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function render() {
    var n = view.length, size = D.page_size, pages = Math.max(1, Math.ceil(n / size));
    if (state.page >= pages) { state.page = pages - 1; }
    if (state.page < 0) { state.page = 0; }
    var start = state.page * size, end = Math.min(n, start + size);
    var frag = document.createDocumentFragment();
    for (var j = start; j < end; j++) {
      var r = rows[view[j]], tr = document.createElement('tr');
      cell(tr, files[r[0]], 'file');
      cell(tr, r[1] === null ? '' : String(r[1]), 'num');
      cell(tr, r[2] === NO_ITEM ? '—' : items[r[2]], 'item');
      cell(tr, rules[r[3]].id, 'rule-id');
      var sev = cell(tr, '', '');
      var badge = document.createElement('span');
      badge.className = 'sev ' + SEV[r[4]];
      badge.textContent = L('sev_' + SEV[r[4]]);
      sev.appendChild(badge);
      cell(tr, msg(r), 'msg');
      var val = cell(tr, '', 'value');
      if (r[6] !== null) {
        var span = document.createElement('span');
        span.textContent = r[6];
        val.appendChild(span);
      }
      frag.appendChild(tr);
    }
    while (el.body.firstChild) { el.body.removeChild(el.body.firstChild); }
    el.body.appendChild(frag);
    el.count.textContent = fmt(n);
    el.count.setAttribute('data-count', String(n));
    el.info.textContent = n === 0 ? L('no_match') : L('page_info')
      .replace('{from}', fmt(start + 1)).replace('{to}', fmt(end)).replace('{total}', fmt(n))
      .replace('{page}', fmt(state.page + 1)).replace('{pages}', fmt(pages));
    el.first.disabled = el.prev.disabled = state.page === 0;
    el.next.disabled = el.last.disabled = state.page >= pages - 1;
  }

  function go(page) { state.page = page; render(); }

  function setLang(lang) {
    state.lang = lang;
    root.lang = lang;
    root.classList.remove('lang-ja', 'lang-en');
    root.classList.add('lang-' + lang);
    document.title = L('doc_title');
    el.q.placeholder = L('search_placeholder');
    buildOptions();
    state.file = el.file.value; state.rule = el.rule.value; state.sev = el.sev.value; state.item = el.item.value;
    apply();
  }

  function bind(sel, key) {
    sel.addEventListener('change', function () { state[key] = sel.value; apply(); });
  }
  bind(el.file, 'file'); bind(el.rule, 'rule'); bind(el.sev, 'sev'); bind(el.item, 'item');
  el.q.addEventListener('input', function () { state.q = el.q.value; apply(); });
  el.reset.addEventListener('click', function () {
    el.file.value = el.rule.value = el.sev.value = el.item.value = el.q.value = '';
    state.file = state.rule = state.sev = state.item = state.q = '';
    state.key = ''; state.dir = 1;
    markSort();
    apply();
  });
  el.first.addEventListener('click', function () { go(0); });
  el.prev.addEventListener('click', function () { go(state.page - 1); });
  el.next.addEventListener('click', function () { go(state.page + 1); });
  el.last.addEventListener('click', function () { go(Math.ceil(view.length / D.page_size) - 1); });
  el.toggle.addEventListener('click', function () { setLang(state.lang === 'ja' ? 'en' : 'ja'); });

  var heads = document.querySelectorAll('#findings-table th[data-sort]');
  function markSort() {
    for (var i = 0; i < heads.length; i++) {
      var k = heads[i].getAttribute('data-sort');
      heads[i].setAttribute('aria-sort', k === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }
  Array.prototype.forEach.call(heads, function (th) {
    th.querySelector('button').addEventListener('click', function () {
      var k = th.getAttribute('data-sort');
      if (state.key === k) { state.dir = -state.dir; } else { state.key = k; state.dir = 1; }
      markSort();
      sortView();
      state.page = 0;
      render();
    });
  });

  document.getElementById('findings-ui').hidden = false;
  markSort();
  setLang(state.lang);
  root.setAttribute('data-ready', '1');
}());
