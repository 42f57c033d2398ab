/* innsite search: the header's search box over the static index in _search/ (built by
   `innsite build`, read with pagefind's client, which downloads only the index chunks and
   page fragments a query needs). Progressive enhancement: without this script the box stays
   hidden and the "All pages" index remains the way to find a page. Keys: "/" focuses the box,
   arrows move through the results, Enter opens one, Escape closes the list. */
(function () {
  "use strict";
  var doc = document;
  var box = doc.querySelector(".site-search");
  var script = doc.currentScript;
  if (!box || !script || !window.Promise) return;
  var input = box.querySelector(".search-input");
  var list = box.querySelector(".search-results");
  var status = box.querySelector(".search-status");
  if (!input || !list || !status) return;
  /* The site root is where this script was loaded from, so search works under any sub-path
     and on a local copy of a site built for another address. */
  var root = script.src.replace(/_static\/innsite-search\.js(\?.*)?$/, "");
  var allPages = box.getAttribute("data-all-pages") || root + "_pages/";
  var MAX = 10;
  var engine = null, active = -1, seq = 0;

  function say(text, withLink) {
    status.textContent = text;
    if (withLink) {
      var a = doc.createElement("a");
      a.href = allPages;
      a.textContent = "All pages";
      status.appendChild(doc.createTextNode(" "));
      status.appendChild(a);
    }
    status.hidden = !text;
  }

  /* pagefind could not load: both failure handlers then say why. */
  var loadFailed = false;
  function loadFailure() {
    return location.protocol === "file:"
      ? "Search needs the site to be served over http(s); it cannot run from a file. Browse instead:"
      : "Search could not be loaded. Browse instead:";
  }

  function load() {
    if (!engine) {
      engine = import(root + "_search/pagefind.js").then(function (pf) {
        /* Title matches (pagefind's metadata ranking) count for more than its default. */
        return pf.options({ excerptLength: 24, ranking: { metaWeights: { title: 10 } } })
          .then(function () { return pf; });
      });
      engine.catch(function () {
        loadFailed = true;
        say(loadFailure(), true);
      });
    }
    return engine;
  }

  /* pagefind's excerpt is HTML with <mark> around matches: keep only text and <mark>. */
  function excerptNodes(html, into) {
    var t = doc.createElement("template");
    t.innerHTML = html;
    var nodes = t.content.childNodes;
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      if (n.nodeType === 1 && n.tagName === "MARK") {
        var m = doc.createElement("mark");
        m.textContent = n.textContent;
        into.appendChild(m);
      } else {
        into.appendChild(doc.createTextNode(n.textContent));
      }
    }
  }

  function option(d, i) {
    var a = doc.createElement("a");
    a.className = "search-result";
    a.id = "search-result-" + i;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    a.href = root + d.url.replace(/^\//, "");
    /* A namespaced name shows its last part as the title and the rest above it. */
    var name = (d.meta && d.meta.title) || d.url, cut = name.lastIndexOf("/");
    if (cut > 0 && cut < name.length - 1) {
      var path = doc.createElement("span");
      path.className = "search-result-path";
      path.textContent = name.slice(0, cut);
      a.appendChild(path);
    }
    var title = doc.createElement("span");
    title.className = "search-result-title";
    title.textContent = cut > 0 && cut < name.length - 1 ? name.slice(cut + 1) : name;
    var ex = doc.createElement("span");
    ex.className = "search-result-excerpt";
    excerptNodes(d.excerpt || "", ex);
    a.appendChild(title);
    a.appendChild(ex);
    return a;
  }

  function show(items) {
    list.textContent = "";
    for (var i = 0; i < items.length; i++) list.appendChild(option(items[i], i));
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    select(items.length ? 0 : -1);
  }

  function select(i) {
    var opts = list.querySelectorAll(".search-result");
    if (!opts.length) { active = -1; input.removeAttribute("aria-activedescendant"); return; }
    active = (i + opts.length) % opts.length;
    for (var k = 0; k < opts.length; k++) opts[k].setAttribute("aria-selected", k === active ? "true" : "false");
    input.setAttribute("aria-activedescendant", opts[active].id);
    if (opts[active].scrollIntoView) opts[active].scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
  }

  /* A page whose name (or last namespace part) is the query itself comes first. */
  function exactFirst(items, q) {
    var want = q.toLowerCase();
    function exact(d) {
      var t = ((d.meta && d.meta.title) || "").toLowerCase();
      return t === want || t.slice(t.lastIndexOf("/") + 1) === want;
    }
    return items.filter(exact).concat(items.filter(function (d) { return !exact(d); }));
  }

  /* Search 120 ms after the last keystroke; only the newest query's results are shown. */
  var timer = 0;
  function run() {
    clearTimeout(timer);
    timer = setTimeout(searchNow, 120);
  }

  /* One query at a time: pagefind's engine is not re-entrant (a query started while the first
     one still loads the index can fail), so each waits for the one before it. */
  var queue = Promise.resolve();
  function searchNow() {
    var q = input.value.trim(), mine = ++seq;
    if (!q) { show([]); say(""); return; }
    queue = queue.then(function () { return mine === seq ? query(q, mine) : null; });
  }

  /* The results' fragments, fetched one after another: pagefind's loader, asked for several
     at once, could leave one of them waiting for ever. */
  function fragments(results) {
    var items = [];
    return results.reduce(function (done, r) {
      return done.then(function () { return r.data(); }).then(function (d) { items.push(d); });
    }, Promise.resolve()).then(function () { return items; });
  }

  function query(q, mine) {
    return load().then(function (pf) { return pf.search(q); })
      .then(function (found) {
        if (!found || mine !== seq) return null;
        return fragments(found.results.slice(0, MAX))
          .then(function (items) {
            if (mine !== seq) return;
            show(exactFirst(items, q));
            say(items.length ? "" : "No pages match \u201c" + q + "\u201d.");
          });
      })
      .catch(function (e) {
        if (window.console) console.error("innsite search:", e);
        if (mine === seq) {
          say(loadFailed ? loadFailure()
            : "Search failed (" + (e && e.message || e) + "). Browse instead:", true);
        }
      });
  }

  input.addEventListener("focus", function () { load(); if (list.childNodes.length) list.hidden = false; });
  input.addEventListener("input", run);
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); list.hidden = false; select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      var opts = list.querySelectorAll(".search-result");
      if (opts.length && active >= 0) { e.preventDefault(); location.href = opts[active].href; }
    } else if (e.key === "Escape") { close(); }
  });
  doc.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
  doc.addEventListener("click", function (e) { if (!box.contains(e.target)) close(); });
  box.hidden = false;
})();
