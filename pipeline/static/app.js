/* raadslens: sortable and filterable tables, filters by municipality/period/type, and search.
   Plain JavaScript, no framework, no network: the search index is a script file loaded with the page.
   Pages are complete without this file; it only adds interaction. Text is always set with textContent. */
(function () {
  "use strict";
  var body = document.body;
  var filterLabel = body.getAttribute("data-filter-label") || "Filter";

  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function cellText(cell) {
    var raw = cell ? cell.getAttribute("data-sort") : "";
    if (raw === null) { raw = cell.textContent.trim(); }
    return raw === "\u2014" ? "" : raw;
  }

  function asNumber(raw) {
    var m = /^-?\d+(?:[.,]\d+)?(?=\s*%?(?:\s*\(\d+\))?$)/.exec(raw);
    return m ? parseFloat(m[0].replace(",", ".")) : NaN;
  }

  /* A column sorts by number when every filled cell is a number, else as text; empty cells go last. */
  function sortTable(table, index, th) {
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.map.call(tbody.rows, function (row, i) {
      var raw = cellText(row.cells[index]);
      return { row: row, raw: raw, n: asNumber(raw), s: fold(raw), i: i };
    });
    var numeric = rows.every(function (r) { return r.raw === "" || !isNaN(r.n); });
    var sign = ascending ? 1 : -1;
    rows.sort(function (a, b) {
      if ((a.raw === "") !== (b.raw === "")) { return a.raw === "" ? 1 : -1; }
      var d = numeric ? a.n - b.n : (a.s < b.s ? -1 : a.s > b.s ? 1 : 0);
      return sign * d || a.i - b.i;
    });
    rows.forEach(function (r) { tbody.appendChild(r.row); });
  }

  function setupSortable(table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = "\u2195";
      button.setAttribute("aria-label", "sort: " + th.textContent.trim());
      button.addEventListener("click", function () { sortTable(table, index, th); });
      th.setAttribute("aria-sort", "none");
      th.appendChild(button);
    });
  }

  function setupTableFilter(table) {
    var input = document.createElement("input");
    input.type = "search";
    input.className = "tablefilter";
    input.placeholder = filterLabel;
    input.setAttribute("aria-label", filterLabel);
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var text = fold(row.textContent);
        var keep = words.every(function (w) { return text.indexOf(w) !== -1; });
        row.classList.toggle("t-out", !keep);
      });
    });
    table.parentNode.insertBefore(input, table);
  }

  function setupFilters(form) {
    form.hidden = false;
    var selects = form.querySelectorAll("select[data-filter]");
    var output = form.querySelector("output");
    function apply() {
      var f = {};
      Array.prototype.forEach.call(selects, function (s) { f[s.getAttribute("data-filter")] = s.value; });
      var from = f.from ? parseInt(f.from, 10) : null;
      var to = f.to ? parseInt(f.to, 10) : null;
      var shown = 0;
      var items = document.querySelectorAll("main [data-m]");
      Array.prototype.forEach.call(items, function (el) {
        var keep = true;
        if (f.m && el.getAttribute("data-m") !== f.m) { keep = false; }
        if (f.t && el.hasAttribute("data-t") && el.getAttribute("data-t") !== f.t) { keep = false; }
        if ((from !== null || to !== null) && el.hasAttribute("data-y")) {
          var y = parseInt(el.getAttribute("data-y"), 10);
          if (isNaN(y) || (from !== null && y < from) || (to !== null && y > to)) { keep = false; }
        }
        el.classList.toggle("f-out", !keep);
        if (keep && el.tagName === "TR") { shown += 1; }
      });
      if (output) { output.textContent = shown + " \u2713"; }
    }
    Array.prototype.forEach.call(selects, function (s) { s.addEventListener("change", apply); });
  }

  function highlight(target, text, words) {
    var lower = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var next = -1;
      var length = 0;
      words.forEach(function (w) {
        var at = lower.indexOf(w, pos);
        if (at !== -1 && (next === -1 || at < next)) { next = at; length = w.length; }
      });
      if (next === -1) { break; }
      target.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + length);
      target.appendChild(mark);
      pos = next + length;
    }
    target.appendChild(document.createTextNode(text.slice(pos)));
  }

  function setupSearch(input) {
    var index = [].concat.apply([], window.RAADSLENS_INDEX || []);  // one part per municipality
    var folded = index.map(function (e) { return fold([e.x, e.m, e.d, e.t, e.y].join(" ")); });
    var list = document.getElementById("search-results");
    var count = document.getElementById("search-count");
    var root = body.getAttribute("data-root") || "";
    function run() {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      var words = fold(input.value).split(/\s+/).filter(function (w) { return w.length > 1; });
      if (!words.length) { count.textContent = ""; return; }
      var hits = [];
      for (var i = 0; i < index.length; i += 1) {
        var text = folded[i];
        if (words.every(function (w) { return text.indexOf(w) !== -1; })) { hits.push(index[i]); }
      }
      count.textContent = hits.length + " " + (count.getAttribute("data-label") || "");
      hits.slice(0, 200).forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + e.u;
        a.textContent = e.d;
        var meta = document.createElement("span");
        meta.className = "src";
        meta.textContent = " " + [e.m, e.t, e.y, "p. " + e.p].filter(function (v) { return v !== ""; }).join(" \u00b7 ");
        var p = document.createElement("p");
        highlight(p, e.x, words);
        li.appendChild(a);
        li.appendChild(meta);
        li.appendChild(p);
        list.appendChild(li);
      });
    }
    var timer = null;
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 120); });
    document.getElementById("search-form").addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; }
    run();
  }

  document.querySelectorAll("table.sortable").forEach(setupSortable);
  document.querySelectorAll("table.filterable").forEach(setupTableFilter);
  document.querySelectorAll("form.filters").forEach(setupFilters);
  var q = document.getElementById("q");
  if (q && document.getElementById("search-results")) { setupSearch(q); }
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
}());
