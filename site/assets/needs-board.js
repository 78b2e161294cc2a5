// The needs board filter: reads needs/board.json (same site) and renders matching rows with
// textContent only, so applicant text can never become markup. 50 rows a page.
(function () {
  "use strict";
  var form = document.getElementById("needs-filter");
  if (!form) { return; }
  var table = document.getElementById("needs-board");
  var count = document.getElementById("needs-count");
  var pager = document.getElementById("needs-pager");
  var base = form.getAttribute("data-base");
  var PAGE = 50;
  var rows = null;
  var page = 0;
  var BADGE = { "征集中": "open", "已对接": "approved", "已截止": "ended" };

  function cell(tr, text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); return td; }

  function matches(row, f) {
    return (!f.field || row.fields.indexOf(f.field) >= 0) && (!f.region || row.region === f.region) &&
      (!f.mode || row.mode === f.mode) && (!f.status || row.status === f.status) &&
      (!f.program || row.program === f.program);
  }

  function render() {
    var f = {};
    ["field", "region", "mode", "status", "program"].forEach(function (k) { f[k] = form.elements[k].value; });
    var hits = rows.filter(function (r) { return matches(r, f); });
    var pages = Math.max(1, Math.ceil(hits.length / PAGE));
    page = Math.min(page, pages - 1);
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
      var badge = document.createElement("span");
      badge.className = "ts-badge ts-badge--" + (BADGE[r.status] || "ended");
      badge.textContent = r.status;
      cell(tr, "").appendChild(badge);
      cell(tr, r.published);
      body.appendChild(tr);
    });
    count.textContent = "共 " + hits.length + " 项符合条件" + (pages > 1 ? "，第 " + (page + 1) + " / " + pages + " 页" : "") + "。";
    pager.textContent = "";
    if (pages > 1) {
      [["上一页", page - 1], ["下一页", page + 1]].forEach(function (p) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = p[0];
        b.disabled = p[1] < 0 || p[1] >= pages;
        b.addEventListener("click", function () { page = p[1]; render(); table.scrollIntoView(); });
        pager.appendChild(b);
      });
    }
  }

  form.addEventListener("change", function () { page = 0; if (rows) { render(); } });
  fetch(form.getAttribute("data-source"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) { rows = data; form.setAttribute("data-ready", "true"); render(); })
    .catch(function () { count.textContent = "筛选数据加载失败，下表为最新发布的需求。"; });
})();
