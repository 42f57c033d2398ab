/* innsite default theme: the site graph page (_graph/). Draws the graph innsite laid out at
   build time (_graph/graph.json: nodes [x, y, group, title, url], flattened edge pairs) on a
   canvas: drag to pan, wheel or +/− to zoom, hover to see a page's name and links, click to
   open it. The browser only draws; it never simulates forces. */
(function () {
  "use strict";
  var doc = document, root = doc.documentElement;
  var box = doc.getElementById("graph-global");
  if (!box || !window.fetch || !window.requestAnimationFrame) return;
  var canvas = box.querySelector("canvas"), status = box.querySelector(".graph-status");
  var ctx = canvas.getContext && canvas.getContext("2d");
  if (!ctx) return;
  var base = new URL(root.getAttribute("data-base") || "/", location.href);

  var n = 0, xs, ys, rs, groups, titles, urls, edges, adjStart, adjList;
  var view = { scale: 1, tx: 0, ty: 0 }, width = 0, height = 0, dpr = 1;
  var colours = [], edgeColour = "", fg = "", bg = "", hover = -1, pending = false;
  var grid = null, GRID = 24;
  var draws = 0, drawMs = 0;

  status.textContent = "Loading the graph…";
  fetch(box.getAttribute("data-src"))
    .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(init)
    .catch(function () { status.textContent = "The graph could not be loaded."; });

  function init(data) {
    var nodes = data.nodes;
    n = nodes.length;
    xs = new Float32Array(n); ys = new Float32Array(n); rs = new Float32Array(n);
    groups = new Uint8Array(n); titles = new Array(n); urls = new Array(n);
    for (var i = 0; i < n; i++) {
      var d = nodes[i];
      xs[i] = d[0]; ys[i] = d[1]; groups[i] = d[2]; titles[i] = d[3]; urls[i] = d[4];
    }
    edges = Uint32Array.from(data.edges);
    adjacency();
    for (var j = 0; j < n; j++) rs[j] = Math.min(2 + Math.sqrt(adjStart[j + 1] - adjStart[j]) * 0.7, 14);
    buildGrid();
    readColours();
    resize();
    fit();
    focusHash();
    status.textContent = n + " pages drawn.";
    status.classList.add("graph-ready");
    bind();
    schedule();
  }

  /* Neighbour lists (CSR), for degrees and highlighting the hovered node's links. */
  function adjacency() {
    adjStart = new Uint32Array(n + 1);
    for (var e = 0; e < edges.length; e++) adjStart[edges[e] + 1]++;
    for (var i = 0; i < n; i++) adjStart[i + 1] += adjStart[i];
    var fill = adjStart.slice(0, n);
    adjList = new Uint32Array(edges.length);
    for (var k = 0; k < edges.length; k += 2) {
      adjList[fill[edges[k]]++] = edges[k + 1];
      adjList[fill[edges[k + 1]]++] = edges[k];
    }
  }

  /* A grid of world-space cells for finding the node under the pointer. */
  function buildGrid() {
    grid = new Map();
    for (var i = 0; i < n; i++) {
      var key = Math.floor(xs[i] / GRID) + "," + Math.floor(ys[i] / GRID);
      var cell = grid.get(key);
      if (cell) cell.push(i); else grid.set(key, [i]);
    }
  }

  function nodeAt(sx, sy) {
    var wx = (sx - view.tx) / view.scale, wy = (sy - view.ty) / view.scale;
    var slack = 6 / view.scale, best = -1, bestD = Infinity;
    var reach = Math.ceil((14 + slack) / GRID);
    var gx = Math.floor(wx / GRID), gy = Math.floor(wy / GRID);
    for (var cx = gx - reach; cx <= gx + reach; cx++) {
      for (var cy = gy - reach; cy <= gy + reach; cy++) {
        var cell = grid.get(cx + "," + cy);
        if (!cell) continue;
        for (var k = 0; k < cell.length; k++) {
          var i = cell[k], dx = xs[i] - wx, dy = ys[i] - wy, d = Math.sqrt(dx * dx + dy * dy);
          if (d < rs[i] + slack && d < bestD) { best = i; bestD = d; }
        }
      }
    }
    return best;
  }

  function readColours() {
    var style = getComputedStyle(box);
    colours = [];
    for (var g = 0; g < 11; g++) colours.push(style.getPropertyValue("--g" + g).trim() || "#888");
    edgeColour = style.getPropertyValue("--graph-edge").trim() || "rgba(128,128,128,.35)";
    fg = style.getPropertyValue("--fg").trim() || "#000";
    bg = style.getPropertyValue("--bg").trim() || "#fff";
  }

  function resize() {
    var rect = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = Math.max(1, rect.width); height = Math.max(1, rect.height);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }

  /* Show every node. */
  function fit() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (var i = 0; i < n; i++) {
      x0 = Math.min(x0, xs[i]); x1 = Math.max(x1, xs[i]);
      y0 = Math.min(y0, ys[i]); y1 = Math.max(y1, ys[i]);
    }
    if (!n) return;
    var s = Math.min(width / (x1 - x0 + 40), height / (y1 - y0 + 40));
    view.scale = s;
    view.tx = width / 2 - (x0 + x1) / 2 * s;
    view.ty = height / 2 - (y0 + y1) / 2 * s;
  }

  /* _graph/#<page url> centres on that page. */
  function focusHash() {
    var want = decodeURIComponent(location.hash.slice(1));
    if (!want) return;
    var i = urls.indexOf(want);
    if (i < 0) return;
    hover = i;
    view.scale = Math.max(view.scale, 3);
    view.tx = width / 2 - xs[i] * view.scale;
    view.ty = height / 2 - ys[i] * view.scale;
  }

  function zoomAt(sx, sy, factor) {
    var s = Math.max(0.02, Math.min(view.scale * factor, 40));
    var k = s / view.scale;
    view.tx = sx - (sx - view.tx) * k;
    view.ty = sy - (sy - view.ty) * k;
    view.scale = s;
  }

  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  }

  function draw() {
    var t0 = performance.now(), s = view.scale;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * view.tx, dpr * view.ty);
    var wx0 = -view.tx / s, wy0 = -view.ty / s, wx1 = (width - view.tx) / s, wy1 = (height - view.ty) / s;
    ctx.lineWidth = 0.8 / s;
    ctx.strokeStyle = edgeColour;
    ctx.beginPath();
    for (var e = 0; e < edges.length; e += 2) {
      var a = edges[e], b = edges[e + 1];
      ctx.moveTo(xs[a], ys[a]);
      ctx.lineTo(xs[b], ys[b]);
    }
    ctx.stroke();
    if (hover >= 0) highlight(hover, s);
    for (var g = 0; g < 11; g++) {
      ctx.fillStyle = colours[g];
      ctx.beginPath();
      for (var i = 0; i < n; i++) {
        if (groups[i] !== g) continue;
        var x = xs[i], y = ys[i], r = rs[i];
        if (x + r < wx0 || x - r > wx1 || y + r < wy0 || y - r > wy1) continue;
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 6.2832);
      }
      ctx.fill();
    }
    labels(s, wx0, wy0, wx1, wy1);
    draws++;
    drawMs += performance.now() - t0;
    canvas.setAttribute("data-draws", draws);
    canvas.setAttribute("data-draw-ms", drawMs.toFixed(1));
  }

  function highlight(i, s) {
    ctx.lineWidth = 2 / s;
    ctx.strokeStyle = fg;
    ctx.beginPath();
    for (var k = adjStart[i]; k < adjStart[i + 1]; k++) {
      ctx.moveTo(xs[i], ys[i]);
      ctx.lineTo(xs[adjList[k]], ys[adjList[k]]);
    }
    ctx.stroke();
  }

  /* Names of the biggest visible nodes (more as one zooms in), and of the hovered node and its
     neighbours. Drawn in screen space so the text keeps its size. */
  function labels(s, wx0, wy0, wx1, wy1) {
    var shown = [];
    for (var i = 0; i < n; i++) {
      if (xs[i] < wx0 || xs[i] > wx1 || ys[i] < wy0 || ys[i] > wy1) continue;
      if (rs[i] * s >= 7) shown.push(i);
    }
    shown.sort(function (a, b) { return rs[b] - rs[a]; });
    shown = shown.slice(0, 150);
    if (hover >= 0) {
      for (var k = adjStart[hover]; k < adjStart[hover + 1]; k++) shown.push(adjList[k]);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = "12px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineWidth = 3;
    ctx.strokeStyle = bg;
    ctx.fillStyle = fg;
    var placed = [];
    for (var j = 0; j < shown.length; j++) text(shown[j], s, false, placed);
    if (hover >= 0) text(hover, s, true, null);
  }

  /* Draw one label, unless it would overlap one already in `placed` (null: always draw). */
  function text(i, s, strong, placed) {
    var x = xs[i] * s + view.tx, y = ys[i] * s + view.ty + rs[i] * s + 3;
    var label = strong ? titles[i] : titles[i].split("/").pop();
    if (strong) ctx.font = "600 13px system-ui, sans-serif";
    if (placed) {
      var w = ctx.measureText(label).width / 2 + 2;
      for (var k = 0; k < placed.length; k++) {
        var p = placed[k];
        if (Math.abs(p[0] - x) < p[2] + w && Math.abs(p[1] - y) < 15) return;
      }
      placed.push([x, y, w]);
    }
    ctx.strokeText(label, x, y);
    ctx.fillText(label, x, y);
  }

  function bind() {
    var drag = null;
    canvas.addEventListener("pointerdown", function (e) {
      drag = { x: e.clientX, y: e.clientY, tx: view.tx, ty: view.ty, moved: false };
      canvas.setPointerCapture(e.pointerId);
    });
    canvas.addEventListener("pointermove", function (e) {
      var r = canvas.getBoundingClientRect(), sx = e.clientX - r.left, sy = e.clientY - r.top;
      if (drag) {
        var dx = e.clientX - drag.x, dy = e.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
        if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; schedule(); return; }
      }
      var h = nodeAt(sx, sy);
      if (h !== hover) { hover = h; canvas.style.cursor = h >= 0 ? "pointer" : "grab"; schedule(); }
    });
    canvas.addEventListener("pointerup", function (e) {
      var wasDrag = drag && drag.moved;
      drag = null;
      if (wasDrag) return;
      var r = canvas.getBoundingClientRect(), i = nodeAt(e.clientX - r.left, e.clientY - r.top);
      if (i >= 0) location.href = new URL(urls[i], base).href;
    });
    canvas.addEventListener("pointerleave", function () { if (!drag && hover >= 0) { hover = -1; schedule(); } });
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      var r = canvas.getBoundingClientRect();
      zoomAt(e.clientX - r.left, e.clientY - r.top, Math.exp(-e.deltaY * 0.0015));
      schedule();
    }, { passive: false });
    canvas.addEventListener("keydown", function (e) {
      var step = 60, handled = true;
      if (e.key === "ArrowLeft") view.tx += step;
      else if (e.key === "ArrowRight") view.tx -= step;
      else if (e.key === "ArrowUp") view.ty += step;
      else if (e.key === "ArrowDown") view.ty -= step;
      else if (e.key === "+" || e.key === "=") zoomAt(width / 2, height / 2, 1.4);
      else if (e.key === "-") zoomAt(width / 2, height / 2, 0.7);
      else if (e.key === "0") fit();
      else handled = false;
      if (handled) { e.preventDefault(); schedule(); }
    });
    box.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () {
        var f = parseFloat(b.getAttribute("data-zoom"));
        if (f) zoomAt(width / 2, height / 2, f); else fit();
        schedule();
      });
    });
    window.addEventListener("hashchange", function () { focusHash(); schedule(); });
    if (window.ResizeObserver) new ResizeObserver(function () { resize(); schedule(); }).observe(canvas);
    new MutationObserver(function () { readColours(); schedule(); })
      .observe(root, { attributes: true, attributeFilter: ["data-theme"] });
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () { readColours(); schedule(); });
  }
})();
