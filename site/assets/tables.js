// Click a column header of a table marked data-sortable to sort its rows (Chinese-aware).
(function () {
  "use strict";
  var collator = new Intl.Collator("zh-CN", { numeric: true });
  function sortBy(table, index, th) {
    var body = table.tBodies[0];
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (x) { x.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var r = collator.compare(a.cells[index].textContent.trim(), b.cells[index].textContent.trim());
      return dir === "ascending" ? r : -r;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(table, index, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(table, index, th); } });
    });
  });
})();

// A table wider than its box scrolls sideways (the table itself scrolls: display block, overflow
// auto; or the .ts-scroll box around it): say so above it, and make it reachable and scrollable by
// keyboard. Re-measured when the window or the reading size changes.
(function () {
  "use strict";
  function mark(table) {
    var box = table.parentElement && table.parentElement.classList.contains("ts-scroll") ? table.parentElement : null;
    var scroller = box && box.scrollWidth > box.clientWidth + 1 ? box : table;
    var wide = scroller.scrollWidth > scroller.clientWidth + 1;
    var anchor = box || table;
    var prev = anchor.previousElementSibling;
    var hint = prev && prev.classList.contains("ts-scroll-hint") ? prev : null;
    scroller.classList.toggle("ts-scroll--wide", wide);
    if (wide) {
      if (!scroller.hasAttribute("tabindex")) { scroller.tabIndex = 0; }
      if (!scroller.hasAttribute("aria-label") && !scroller.hasAttribute("aria-labelledby")) {
        scroller.setAttribute("aria-label", "可左右滑动的表格");
      }
      if (!hint) {
        hint = document.createElement("p");
        hint.className = "ts-scroll-hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = "表格较宽，可左右滑动查看全部列 →";
        anchor.parentNode.insertBefore(hint, anchor);
      }
    }
    if (hint) { hint.hidden = !wide; }
  }
  function all() { document.querySelectorAll("table.ts-table").forEach(mark); }
  all();
  window.addEventListener("resize", all);
  new MutationObserver(all).observe(document.documentElement, { attributes: true, attributeFilter: ["data-ts-reading"] });
})();

// The search dialog's accessible name (the theme's dialog has none: axe aria-dialog-name).
document.querySelectorAll(".md-search[role=dialog]").forEach((d) => d.setAttribute("aria-label", "搜索本站"));
