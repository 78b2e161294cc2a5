// The needs board filter: reads needs/board.json (same site) and renders matching rows with
// textContent only, so applicant text can never become markup. 50 rows a page. The filter lives
// in the address (?keyword=…&field=…; not "q", which opens Material's search), so a filtered
// board can be shared or bookmarked.
(function () {
  "use strict";
  var form = document.getElementById("needs-filter");
  if (!form) { return; }
  var table = document.getElementById("needs-board");
  var count = document.getElementById("needs-count");
  var pager = document.getElementById("needs-pager");
  var empty = document.getElementById("needs-empty");
  var base = form.getAttribute("data-base");
  var KEYS = ["keyword", "field", "region", "mode", "status", "program"];
  var PAGE = 50;
  var rows = null;
  var page = 0;
  var BADGE = { "征集中": "open", "已对接": "approved", "已截止": "ended" };
  var LABELS = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; });

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    if (tr.cells.length) { td.setAttribute("data-label", LABELS[tr.cells.length]); }
    tr.appendChild(td);
    return td;
  }

  // Words split on spaces and Chinese punctuation; every word must appear somewhere in the row.
  function words(q) { return q.toLowerCase().split(/[\s,，、;；]+/).filter(Boolean); }

  function matches(row, f, q) {
    var text = [row.title, row.enterprise, row.region, row.city, row.mode, row.text || ""].concat(row.fields, row.categories).join(" ").toLowerCase();
    return (!f.field || row.fields.indexOf(f.field) >= 0) && (!f.region || row.region === f.region) &&
      (!f.mode || row.mode === f.mode) && (!f.status || row.status === f.status) &&
      (!f.program || row.program === f.program) &&
      q.every(function (w) { return text.indexOf(w) >= 0; });
  }

  function state() {
    var f = {};
    KEYS.forEach(function (k) { f[k] = form.elements[k].value.trim(); });
    return f;
  }

  function remember(f) {
    var params = new URLSearchParams();
    KEYS.forEach(function (k) { if (f[k]) { params.set(k, f[k]); } });
    if (page > 0) { params.set("page", String(page + 1)); }
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    KEYS.forEach(function (k) {
      var v = params.get(k);
      var el = form.elements[k];
      if (v === null) { return; }
      if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v; })) { return; }
      el.value = v;
    });
    page = Math.max(0, (parseInt(params.get("page"), 10) || 1) - 1);
  }

  function render() {
    var f = state();
    var q = words(f.keyword);
    var hits = rows.filter(function (r) { return matches(r, f, q); });
    var pages = Math.max(1, Math.ceil(hits.length / PAGE));
    page = Math.min(page, pages - 1);
    remember(f);
    var body = table.tBodies[0];
    body.textContent = "";
    hits.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
      var tr = document.createElement("tr");
      var a = document.createElement("a");
      a.href = base + encodeURIComponent(r.id) + ".html";
      a.textContent = r.title;
      cell(tr, "").appendChild(a);
      cell(tr, r.enterprise);
      cell(tr, r.region);
      cell(tr, r.fields.join("、"));
      cell(tr, r.mode + (r.budget_wan ? "（" + r.budget_wan + " 万元）" : ""));
      cell(tr, r.deadline || (r.status === "征集中" ? "长期" : "至项目结束"));
      var badge = document.createElement("span");
      badge.className = "ts-badge ts-badge--" + (BADGE[r.status] || "ended");
      badge.textContent = r.status;
      cell(tr, "").appendChild(badge);
      cell(tr, r.published);
      body.appendChild(tr);
    });
    table.hidden = hits.length === 0;
    empty.hidden = hits.length !== 0;
    count.textContent = "共 " + hits.length + " 项符合条件" + (pages > 1 ? "，第 " + (page + 1) + " / " + pages + " 页" : "") + "。";
    pager.textContent = "";
    if (pages > 1) {
      [["上一页", page - 1], ["下一页", page + 1]].forEach(function (p) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "md-button";
        b.textContent = p[0];
        b.disabled = p[1] < 0 || p[1] >= pages;
        b.addEventListener("click", function () { page = p[1]; render(); table.scrollIntoView(); });
        pager.appendChild(b);
      });
    }
  }

  var typing = null;
  form.addEventListener("change", function () { page = 0; if (rows) { render(); } });
  form.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { page = 0; if (rows) { render(); } }, 150);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); page = 0; if (rows) { render(); } });
  form.addEventListener("reset", function () { setTimeout(function () { page = 0; if (rows) { render(); } }, 0); });
  restore();
  fetch(form.getAttribute("data-source"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) { rows = data; form.setAttribute("data-ready", "true"); render(); })
    .catch(function () { count.textContent = "筛选数据加载失败，下表为最新发布的需求。"; });
})();
