/* innsite default theme: progressive enhancement only. Every page works without this file;
   each feature below is guarded so a failure leaves the page as it was. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var base = root.getAttribute("data-base") || "/";

  function norm(path) {
    try { path = decodeURI(path); } catch (e) { /* keep as is */ }
    return path.replace(/index\.html$/, "").replace(/\/?$/, "/");
  }
  var here = norm(location.pathname);

  /* Old publish-spa links (/#/page/<name>) go to the page's new URL (LOGSEQ.md §8.4). */
  function legacyRedirect() {
    var h = location.hash;
    if (h.indexOf("#/page/") !== 0 || !window.fetch) return;
    var name;
    try { name = decodeURIComponent(h.slice(7)).toLowerCase().trim(); } catch (e) { return; }
    if (name.normalize) name = name.normalize("NFC"); /* page keys are NFC (LOGSEQ.md §8.3) */
    fetch(base + "_static/legacy-routes.json").then(function (r) { return r.ok ? r.json() : {}; })
      .then(function (routes) { if (routes[name]) location.replace(routes[name]); })
      .catch(function () {});
  }

  /* Mark links to the current page and open the <details> around them. */
  function markCurrent(scope) {
    var links = scope.querySelectorAll("a[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.host !== location.host || norm(a.pathname) !== here) continue;
      a.setAttribute("aria-current", "page");
      for (var p = a.parentNode; p && p !== scope; p = p.parentNode) {
        if (p.tagName === "DETAILS" && !/\bnav-all\b/.test(p.className)) p.open = true;
      }
    }
  }

  /* "Browse all": fetch the shared navigation tree once, when the reader opens it. */
  function browseAll() {
    var box = doc.querySelector(".nav-all"), target = doc.getElementById("nav-full");
    if (!box || !target || !window.fetch) return;
    var loaded = false;
    box.addEventListener("toggle", function () {
      if (!box.open || loaded) return;
      loaded = true;
      fetch(box.getAttribute("data-src") || base + "_static/nav.html")
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(function (html) {
          var holder = doc.createElement("div");
          holder.innerHTML = html;
          markCurrent(holder);
          target.textContent = "";
          while (holder.firstChild) target.appendChild(holder.firstChild);
          var cur = target.querySelector('[aria-current="page"]');
          if (cur && cur.scrollIntoView) cur.scrollIntoView({ block: "nearest" });
        })
        .catch(function () { loaded = false; });
    });
  }

  /* Mobile menu: the checkbox's label becomes a real button (a label may not take the button
     role), which toggles the same checkbox, so the CSS that opens the menu stays the same. */
  function menu() {
    var toggle = doc.getElementById("nav-toggle"), label = doc.querySelector(".menu-button");
    if (!toggle || !label) return;
    var button = doc.createElement("button");
    button.type = "button";
    button.className = label.className;
    while (label.firstChild) button.appendChild(label.firstChild);
    button.setAttribute("aria-controls", "site-nav");
    label.parentNode.replaceChild(button, label);
    toggle.setAttribute("tabindex", "-1");
    function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function () { toggle.click(); });
    doc.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.checked) { toggle.click(); button.focus(); }
    });
  }

  /* Table of contents: open in the right column on wide screens, closed at the top on phones. */
  function toc() {
    var d = doc.querySelector(".toc-details");
    if (!d || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 78rem)");
    function apply() { d.open = wide.matches; }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
  }

  /* Print everything: open collapsed blocks before printing. */
  function print() {
    window.addEventListener("beforeprint", function () {
      var all = doc.querySelectorAll("main details:not([open])");
      for (var i = 0; i < all.length; i++) all[i].open = true;
    });
  }

  /* Theme toggle (light / dark / system), remembered per browser. */
  function themeToggle() {
    var header = doc.querySelector(".site-header");
    if (!header) return;
    var store = null;
    try { store = window.localStorage; } catch (e) { /* private mode */ }
    var saved = store && store.getItem("innsite-theme");
    if (saved) root.setAttribute("data-theme", saved);
    var b = doc.createElement("button");
    b.type = "button";
    b.className = "theme-toggle";
    function label() {
      var t = root.getAttribute("data-theme") || "system";
      b.textContent = t === "dark" ? "☾" : t === "light" ? "☀" : "◐";
      b.setAttribute("aria-label", "Colour theme: " + t);
      b.title = "Colour theme: " + t;
    }
    b.addEventListener("click", function () {
      var order = ["system", "light", "dark"];
      var next = order[(order.indexOf(root.getAttribute("data-theme") || "system") + 1) % 3];
      if (next === "system") root.removeAttribute("data-theme"); else root.setAttribute("data-theme", next);
      if (store) { try { next === "system" ? store.removeItem("innsite-theme") : store.setItem("innsite-theme", next); } catch (e) {} }
      label();
    });
    label();
    header.insertBefore(b, doc.querySelector(".menu-button"));
  }

  function run(f) { try { f(); } catch (e) { /* leave the page as it was */ } }
  run(legacyRedirect);
  function ready() {
    [menu, browseAll, toc, print, themeToggle].forEach(run);
    run(function () { markCurrent(doc.querySelector(".site-nav") || doc.createElement("div")); });
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", ready); else ready();
})();
