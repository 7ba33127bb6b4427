// The index's tables, sorted and filtered in the page: a click (or Enter) on a column header
// sorts by that column, numbers largest first, text in pinyin order, and again the other way;
// the controls naming a table (data-filter) keep the rows that match all of them: a text box
// the rows containing its text, a list (data-col) the rows whose data-<col> is its value.
(function () {
  "use strict";
  function key(row, col) {
    var cell = row.cells[col];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  function sortBy(table, col, th) {
    var numeric = th.classList.contains("num");
    var was = th.getAttribute("aria-sort");
    var dir = was === "none" ? (numeric ? "descending" : "ascending") : (was === "ascending" ? "descending" : "ascending");
    Array.prototype.forEach.call(th.parentNode.cells, function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", dir);
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN-u-co-pinyin");
      return sign * c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function filter(table) {
    var controls = document.querySelectorAll('[data-filter="' + table.id + '"]');
    var rows = table.tBodies[0].rows, shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i], ok = true;
      controls.forEach(function (c) {
        var want = c.value.trim().toLowerCase();
        if (!want) return;
        var col = c.getAttribute("data-col");
        var have = col ? (row.getAttribute("data-" + col) || "").toLowerCase() : row.textContent.toLowerCase();
        ok = ok && (col ? have === want : have.indexOf(want) >= 0);
      });
      row.hidden = !ok;
      if (ok) shown++;
    }
    var count = document.querySelector('[data-count="' + table.id + '"]');
    if (count) count.textContent = "显示 " + shown + " / " + rows.length + " 行";
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      th.setAttribute("aria-sort", "none");
      th.tabIndex = 0;
      th.title = "点击排序";
      th.addEventListener("click", function () { sortBy(table, col, th); });
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          sortBy(table, col, th);
        }
      });
    });
  });
  document.querySelectorAll("[data-filter]").forEach(function (c) {
    var table = document.getElementById(c.getAttribute("data-filter"));
    if (!table) return;
    c.addEventListener("input", function () { filter(table); });
    c.addEventListener("change", function () { filter(table); });
  });
  document.querySelectorAll(".controls[hidden]").forEach(function (el) { el.hidden = false; });
})();
