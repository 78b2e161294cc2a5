// The site's search (techserve.site.search_index builds what it reads). Nothing is fetched until
// someone searches; then meta.json, the term shards the query's character pairs hash to, and the
// doc shards of the results shown. A query is cut into pairs exactly as the pages were, so it
// finds a page that holds its words whatever a dictionary would make of them.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("../", script ? script.src : location.href);
  var TOKEN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+/g;
  var PAGE = 10;
  var meta = null;
  var shards = {};

  // the query's runs, each as its terms (the pairs of a Han run, or a word)
  function runs(text) {
    return (text.match(TOKEN) || []).map(function (run) {
      if (/^[0-9A-Za-z]/.test(run)) return [run.toLowerCase()];
      if (run.length === 1) return [run];
      var pairs = [];
      for (var i = 0; i < run.length - 1; i++) pairs.push(run.slice(i, i + 2));
      return pairs;
    });
  }

  function grams(text) {
    var out = [].concat.apply([], runs(text));
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  // The terms a page must hold to match the whole query: all but a pair that no page holds while
  // both its neighbours are held — the seam between two words (箔发 of 铜箔发黑), not a word
  function required(text, present) {
    var held = {};
    present.forEach(function (t) { held[t] = true; });
    var out = [];
    runs(text).forEach(function (pairs) {
      pairs.forEach(function (t, i) {
        var seam = !held[t] && i > 0 && i < pairs.length - 1 && held[pairs[i - 1]] && held[pairs[i + 1]];
        if (!seam && out.indexOf(t) < 0) out.push(t);
      });
    });
    return out;
  }

  function shardOf(term, n) {
    var h = 2166136261;
    for (var i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 16777619) >>> 0;
    return h % n;
  }

  function json(path) {
    if (!shards[path]) {
      shards[path] = fetch(new URL(path, base)).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      });
      shards[path].catch(function () { delete shards[path]; });
    }
    return shards[path];
  }

  function loadMeta() {
    if (!meta) meta = fetch(new URL("search/meta.json", base), { cache: "no-cache" }).then(function (r) { return r.json(); });
    return meta;
  }

  // pages ranked by how many of the query's pairs they hold, then by their summed score
  function rank(terms, m) {
    var wanted = {};
    terms.forEach(function (t) { wanted["search/" + m.dir + "/t" + shardOf(t, m.shards) + ".json"] = true; });
    return Promise.all(Object.keys(wanted).map(json)).then(function (loaded) {
      var found = {};
      var present = [];
      loaded.forEach(function (shard) {
        terms.forEach(function (t) {
          var list = shard[t];
          if (!list) return;
          present.push(t);
          for (var i = 0; i < list.length; i += 2) {
            var hit = found[list[i]] || (found[list[i]] = { doc: list[i], have: 0, score: 0 });
            hit.have += 1;
            hit.score += list[i + 1];
          }
        });
      });
      var hits = Object.keys(found).map(function (k) { return found[k]; }).sort(function (a, b) {
        return b.have - a.have || b.score - a.score || a.doc - b.doc;
      });
      return { hits: hits, present: present };
    });
  }

  function docs(hits, m) {
    return Promise.all(hits.map(function (h) {
      return json("search/" + m.dir + "/d" + Math.floor(h.doc / m.docsPerShard) + ".json").then(function (shard) {
        return shard[h.doc % m.docsPerShard];
      });
    }));
  }

  function marked(text, words) {
    var span = document.createElement("span");
    var pattern = words.length ? new RegExp("(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "gi") : null;
    (pattern ? text.split(pattern) : [text]).forEach(function (part, i) {
      if (i % 2) { var m = document.createElement("mark"); m.textContent = part; span.appendChild(m); }
      else if (part) span.appendChild(document.createTextNode(part));
    });
    return span;
  }

  function build() {
    var dialog = document.createElement("dialog");
    dialog.className = "ts-search";
    dialog.setAttribute("aria-label", "搜索本站");
    dialog.innerHTML =
      '<form class="ts-search__bar" role="search" method="dialog">' +
      '<input class="ts-search__input" type="search" name="q" autocomplete="off" enterkeyhint="search" ' +
      'aria-label="搜索本站" placeholder="项目、公示、姓名、企业、需求……">' +
      '<button class="ts-search__close" type="button" aria-label="关闭搜索">关闭</button></form>' +
      '<p class="ts-search__meta" role="status" aria-live="polite"></p>' +
      '<ol class="ts-search__results"></ol>' +
      '<button class="ts-search__more" type="button" hidden>显示更多结果</button>';
    document.body.appendChild(dialog);
    return dialog;
  }

  function init() {
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var open = document.createElement("button");
    open.type = "button";
    open.className = "md-header__button md-icon ts-search-open";
    open.setAttribute("aria-haspopup", "dialog");
    open.setAttribute("aria-label", "搜索");
    open.title = "搜索（/）";
    open.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.516 6.516 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5Z"/></svg><span class="ts-search-open__label">搜索</span>';
    var before = header.querySelector(".md-header__source");
    header.insertBefore(open, before);

    var dialog = build();
    var box = dialog.querySelector(".ts-search__input");
    var status = dialog.querySelector(".ts-search__meta");
    var list = dialog.querySelector(".ts-search__results");
    var more = dialog.querySelector(".ts-search__more");
    var timer = 0;
    var ranked = [];
    var shown = 0;
    var asked = "";
    var words = [];  // the query's terms the index holds: what the results highlight

    function show(m, words) {
      var slice = ranked.slice(shown, shown + PAGE);
      var forQuery = asked;
      return docs(slice, m).then(function (found) {
        if (forQuery !== asked) return;  // a newer query has cleared the list meanwhile
        found.forEach(function (d, i) {
          if (!d) return;
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = new URL(d[0], base).href;
          if (d[3]) { var s = document.createElement("small"); s.className = "ts-search__section"; s.textContent = d[3]; a.appendChild(s); }
          var t = document.createElement("strong"); t.appendChild(marked(d[1], words)); a.appendChild(t);
          if (d[2]) { var p = document.createElement("span"); p.className = "ts-search__summary"; p.appendChild(marked(d[2], words)); a.appendChild(p); }
          if (slice[i].have < slice[0].have) a.classList.add("ts-search__partial");
          li.appendChild(a);
          list.appendChild(li);
        });
        shown += slice.length;
        more.hidden = shown >= ranked.length;
        dialog.setAttribute("data-answered", forQuery);  // what the results now shown answer
      });
    }

    function search() {
      var q = box.value.trim();
      if (q === asked) return;
      asked = q;
      var terms = grams(q);
      list.textContent = "";
      more.hidden = true;
      dialog.removeAttribute("data-answered");
      if (!terms.length) { status.textContent = q ? "请输入中文、字母或数字" : ""; ranked = []; return; }
      status.textContent = "正在搜索……";
      loadMeta().then(function (m) {
        return rank(terms, m).then(function (result) {
          if (q !== asked) return null;
          var r = result.hits;
          ranked = r;
          shown = 0;
          var need = required(q, result.present);
          var whole = need.every(function (t) { return result.present.indexOf(t) >= 0; })
            ? r.filter(function (h) { return h.have >= need.length; }).length : 0;
          status.textContent = r.length ? (whole ? "找到 " + whole + " 个页面" : "没有页面包含全部词语，下面是包含部分词语的页面") +
            (r.length > whole && whole ? "，另有 " + (r.length - whole) + " 个包含部分词语" : "")
            : "没有找到“" + q + "”，请换个说法或少输几个字";
          words = result.present;
          return show(m, words);
        });
      }).catch(function () {
        if (q === asked) status.textContent = "搜索暂时不可用，请稍后再试";
        asked = "";
      });
    }

    function openSearch(text) {
      if (!dialog.open) dialog.showModal();
      if (text) box.value = text;
      box.focus();
      box.select();
      if (box.value) search();
    }

    open.addEventListener("click", function () { openSearch(); });
    dialog.querySelector(".ts-search__close").addEventListener("click", function () { dialog.close(); open.focus(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    more.addEventListener("click", function () { loadMeta().then(function (m) { show(m, words); }); });
    // typing, pasting and an input method's committed text all arrive as input events
    box.addEventListener("input", function (e) {
      if (e.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(search, 120);
    });
    box.addEventListener("compositionend", function () { clearTimeout(timer); timer = setTimeout(search, 0); });
    dialog.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s")) {
        e.preventDefault();
        openSearch();
      }
    });
    var q = new URLSearchParams(location.search).get("q");
    if (q) openSearch(q);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
