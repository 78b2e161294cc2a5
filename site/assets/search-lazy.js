// The search index costs nothing until someone searches. The theme requests
// search/search_index.json as every page loads (hundreds of KB at a province's scale); this
// script, loaded in <head> before the theme, holds that one request back until the reader shows
// they want to search: a tap or click on the search, focus in it, or its keyboard shortcuts.
// The theme then gets the index as usual, a moment later. Nothing else is touched.
//
// It also makes pasted text search at once: the theme searches on key presses, and text pasted
// from a chat app arrives without one.
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var held = [];
  var released = false;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    try {
      this.__tsIndex = INDEX.test(new URL(String(url), location.href).pathname);
    } catch (e) {
      this.__tsIndex = false;
    }
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__tsIndex && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function release() {
    if (released) return;
    released = true;
    held.splice(0).forEach(function (h) { send.apply(h[0], h[1]); });
  }

  function onSearch(target) {
    return target && target.closest && target.closest(".md-search, label[for=__search], .md-search__input");
  }
  document.addEventListener("pointerdown", function (e) { if (onSearch(e.target)) release(); }, true);
  document.addEventListener("focusin", function (e) { if (onSearch(e.target)) release(); }, true);
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "__search") release(); }, true);
  document.addEventListener("keydown", function (e) {
    // the theme's shortcuts to open the search: / , s and f
    if (!e.ctrlKey && !e.metaKey && !e.altKey && (e.key === "/" || e.key === "s" || e.key === "f")) release();
  }, true);
  // a page opened to search (…#__search, or ?q=…) needs it at once
  if (location.hash === "#__search" || /[?&]q=/.test(location.search)) release();

  document.addEventListener("input", function (e) {
    var box = e.target;
    if (box && box.matches && box.matches(".md-search__input") && e.inputType !== "insertText") {
      // pasted, dropped or composed (IME) text: the key press the theme listens for
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
    }
  }, true);
})();
