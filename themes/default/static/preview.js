/* innsite default theme: hover previews. Hovering or focusing a link to another page of the
   site shows that page's first blocks in a small popover, fetched from the page itself (parsed
   with DOMParser, cached per URL). Off on touch screens (and for a mouse event a touch made)
   and for external links; Escape closes it. Without this file links simply work as links. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  if (!window.fetch || !window.DOMParser || !window.matchMedia) return;
  /* Off on touch screens (no hover, coarse pointer). A device with no pointer at all
     (hover: none, pointer: none) still gets previews on keyboard focus. */
  if (window.matchMedia("(hover: none) and (pointer: coarse)").matches) return;

  var SHOW_DELAY = 350, HIDE_DELAY = 250, MAX_BLOCKS = 3, MAX_CHARS = 600;
  var base = new URL(root.getAttribute("data-base") || "/", location.href);
  var reserved = /^(_static|_assets|_pages|_tags|_graph|_search)\//;
  var cache = Object.create(null);
  var pop = null, current = null, showTimer = 0, hideTimer = 0, seq = 0, lastTouch = 0;

  /* The page URL a link leads to, or null for links that get no preview. */
  function target(a) {
    /* getAttribute, not .href/.className: links of the inline SVG graph are SVG elements. */
    var href = a && a.getAttribute("href");
    if (!href || a.hasAttribute("download") || a.getAttribute("target") === "_blank") return null;
    if (/\bexternal\b/.test(a.getAttribute("class") || "") || a.closest(".innsite-preview")) return null;
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== base.origin || url.pathname.indexOf(base.pathname) !== 0) return null;
    if (reserved.test(url.pathname.slice(base.pathname.length))) return null;
    url.hash = "";
    url.search = "";
    if (url.pathname === location.pathname) return null;
    return url.href;
  }

  /* The first non-empty blocks of a fetched page as nodes, without ids or links. */
  function extract(html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var refresh = page.querySelector('meta[http-equiv="refresh"]');
    if (refresh) {
      var m = /url=(.+)$/i.exec(refresh.getAttribute("content") || "");
      if (m) return { redirect: new URL(m[1].trim(), base).href };
    }
    var title = page.querySelector("h1.page-title");
    var out = doc.createElement("div");
    var h = doc.createElement("p");
    h.className = "preview-title";
    h.textContent = title ? title.textContent.trim() : "";
    out.appendChild(h);
    var blocks = page.querySelectorAll(".page-body > ul.blocks .block-content");
    var taken = 0, chars = 0;
    for (var i = 0; i < blocks.length && taken < MAX_BLOCKS && chars < MAX_CHARS; i++) {
      var b = blocks[i];
      if (b.closest(".pre-block, .embed") || !b.textContent.trim()) continue;
      var copy = doc.importNode(b, true);
      var kids = copy.querySelectorAll(".block-children, dl.block-properties");
      for (var k = 0; k < kids.length; k++) kids[k].remove();
      if (!copy.textContent.trim()) continue;
      var links = copy.querySelectorAll("a, [id], [tabindex]");
      for (var j = 0; j < links.length; j++) {
        var el = links[j];
        el.removeAttribute("id");
        el.removeAttribute("tabindex");
        if (el.tagName === "A") {
          var span = doc.createElement("span");
          span.className = el.className;
          while (el.firstChild) span.appendChild(el.firstChild);
          el.replaceWith(span);
        }
      }
      copy.className = "preview-block";
      out.appendChild(copy);
      taken++;
      chars += copy.textContent.length;
    }
    if (!taken) {
      var note = doc.createElement("p");
      note.className = "preview-empty";
      var desc = page.querySelector('meta[name="description"]');
      note.textContent = desc ? desc.getAttribute("content") : "";
      out.appendChild(note);
    }
    return { content: out };
  }

  function load(url, hops) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
        .then(extract)
        .then(function (got) {
          if (got.redirect && hops < 2) return load(got.redirect, hops + 1);
          if (got.redirect) throw new Error("redirect loop");
          return got.content;
        });
      cache[url].catch(function () { delete cache[url]; });
    }
    return cache[url];
  }

  function popover() {
    if (pop) return pop;
    pop = doc.createElement("div");
    pop.className = "innsite-preview";
    pop.id = "innsite-preview";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", scheduleHide);
    doc.body.appendChild(pop);
    return pop;
  }

  function place(a) {
    var r = a.getBoundingClientRect(), p = pop.getBoundingClientRect();
    var top = r.bottom + 6;
    if (top + p.height > window.innerHeight && r.top - p.height - 6 > 0) top = r.top - p.height - 6;
    var left = Math.max(8, Math.min(r.left, window.innerWidth - p.width - 8));
    pop.style.top = Math.round(top + window.scrollY) + "px";
    pop.style.left = Math.round(left + window.scrollX) + "px";
  }

  function show(a, url) {
    var mine = ++seq;
    load(url, 0).then(function (content) {
      if (mine !== seq || current !== a) return;
      var p = popover();
      p.textContent = "";
      p.appendChild(content.cloneNode(true));
      p.hidden = false;
      a.setAttribute("aria-describedby", p.id);
      place(a);
    }).catch(function () { /* no preview: the link still works */ });
  }

  function hide() {
    clearTimeout(showTimer);
    seq++;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
    if (pop) pop.hidden = true;
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  }

  function enter(e) {
    if (e.type === "mouseover" && Date.now() - lastTouch < 1000) return;
    var a = e.target.closest && e.target.closest("main a[href]");
    if (!a || a === current) { if (a) clearTimeout(hideTimer); return; }
    var url = target(a);
    if (!url) return;
    hide();
    current = a;
    showTimer = setTimeout(function () { show(a, url); }, SHOW_DELAY);
  }

  function leave(e) {
    var a = e.target.closest && e.target.closest("main a[href]");
    if (a && a === current && !(e.relatedTarget && a.contains(e.relatedTarget))) {
      clearTimeout(showTimer);
      scheduleHide();
    }
  }

  doc.addEventListener("pointerdown", function (e) { if (e.pointerType === "touch") lastTouch = Date.now(); }, true);
  doc.addEventListener("mouseover", enter);
  doc.addEventListener("mouseout", leave);
  doc.addEventListener("focusin", enter);
  doc.addEventListener("focusout", leave);
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) hide();
  });
  window.addEventListener("scroll", function () { if (current && pop && !pop.hidden) place(current); }, { passive: true });
})();
