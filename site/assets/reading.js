// 字号与长者模式: three reading sizes, kept in this browser (localStorage), applied before the
// page paints (this script is loaded in <head>), with a control at the top of every page.
(function () {
  "use strict";
  var KEY = "ts-reading";
  var SIZES = [["standard", "标准字号"], ["large", "大字号"], ["elder", "长者模式"]];
  var root = document.documentElement;
  function saved() {
    try { return localStorage.getItem(KEY) || "standard"; } catch (e) { return "standard"; }
  }
  function apply(size) {
    root.setAttribute("data-ts-reading", size);
    document.querySelectorAll(".ts-reading button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-size") === size ? "true" : "false");
    });
  }
  apply(saved());
  document.addEventListener("DOMContentLoaded", function () {
    var inner = document.querySelector(".md-content__inner");
    if (!inner) { return; }
    var bar = document.createElement("div");
    bar.className = "ts-reading";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "阅读字号");
    SIZES.forEach(function (s) {
      var b = document.createElement("button");
      b.type = "button";
      b.setAttribute("data-size", s[0]);
      b.textContent = s[1];
      b.addEventListener("click", function () {
        try { localStorage.setItem(KEY, s[0]); } catch (e) { /* private mode: this page only */ }
        apply(s[0]);
      });
      bar.appendChild(b);
    });
    inner.insertBefore(bar, inner.firstChild);
    apply(saved());
  });
})();
