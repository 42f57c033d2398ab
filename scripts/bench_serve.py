#!/usr/bin/env python3
"""Save → reload benchmark of `innsite serve` (a measurement, not a test).

For each graph folder given, the graph is copied to a temporary folder, `innsite serve` is
started on the copy, and the live-reload event stream (/_innsite/events) is followed. Then one
page's text is edited EDITS times, saved as most editors do (a temporary file renamed over
the page); for each edit the time from the rename to the `reload` event is taken, and the page
is fetched over HTTP to check that it shows the edit. Before the next edit the benchmark waits
for the server to finish the search index of the previous one (it is made after the reload,
off the measured path), so edits do not compete with it for the CPU. The same graph is then built from scratch
with `innsite build` (RUNS times, output on a tmpfs when OUTROOT is one) for comparison.

    scripts/bench_serve.py [--innsite BIN] [--edits N] [--runs N] [--json FILE] GRAPH...

Prints, per graph: the median, minimum and maximum save → reload time, the server's own
rebuild time (from its log), the median full build and the ratio full build / save → reload.
A JSON line per graph goes to --json when given.
"""

import argparse
import html
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
BULLET = re.compile(r"^\s*- [A-Za-z][^\n{}\[\]]{20,}$", re.M)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pick_page(graph: Path) -> Path:
    """A typical page: the first markdown file (by path) with a bullet of plain text, no
    macros and no `title::` (its name is its file name)."""
    for f in sorted(graph.rglob("*.md")):
        if "logseq" in f.relative_to(graph).parts:
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        if BULLET.search(text) and "{{" not in text and "title::" not in text:
            return f
    raise SystemExit(f"{graph}: no page with a plain bullet to edit")


class Server:
    """`innsite serve` on a copy of the graph, with its event stream followed."""

    def __init__(self, innsite: str, graph: Path):
        self.port = free_port()
        self.events: "queue.Queue[tuple[float, str]]" = queue.Queue()
        self.log: "queue.Queue[str]" = queue.Queue()
        cfg = graph.parent / "bench-serve.toml"
        cfg.write_text("search = true\n")
        self.proc = subprocess.Popen(
            [innsite, "--config", str(cfg), "serve", "--content", str(graph),
             "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=graph.parent)
        threading.Thread(target=self._read_log, daemon=True).start()
        line = self.proc.stdout.readline()
        if "serving" not in line:
            self.proc.kill()
            raise SystemExit(f"innsite serve did not start: {line!r} {self.proc.stderr.read()}")
        threading.Thread(target=self._follow_events, daemon=True).start()
        first = self.events.get(timeout=30)
        assert first[1] == "problems", first

    def _read_log(self):
        for line in self.proc.stderr:
            self.log.put(line.rstrip("\n"))

    def _follow_events(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        conn.request("GET", "/_innsite/events", headers={"Host": f"127.0.0.1:{self.port}"})
        resp = conn.getresponse()
        while True:
            line = resp.fp.readline()
            if not line:
                return
            if line.startswith(b"event:"):
                self.events.put((time.perf_counter(), line[6:].strip().decode()))

    def wait_reload(self, timeout=120.0):
        deadline = time.perf_counter() + timeout
        while True:
            at, name = self.events.get(timeout=max(0.1, deadline - time.perf_counter()))
            if name == "reload":
                return at

    def get(self, path: str) -> str:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{self.port}"})
        return conn.getresponse().read().decode("utf-8", "replace")

    def settle(self, timeout=300.0):
        """Wait for the server's `search index updated` line; gives the rebuild figures
        (pages rendered, ms) of the log lines `rebuilt N of M pages in X ms` seen meanwhile."""
        out = []
        deadline = time.perf_counter() + timeout
        while True:
            line = self.log.get(timeout=max(0.1, deadline - time.perf_counter()))
            m = re.search(r"rebuilt (\d+) of \d+ pages in ([0-9.]+) ms", line)
            if m:
                out.append((int(m.group(1)), float(m.group(2))))
            if "search index updated" in line:
                return out

    def extra_reloads(self):
        """Reload events that arrived beyond the one awaited."""
        n = 0
        while not self.events.empty():
            n += self.events.get()[1] == "reload"
        return n

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def page_path(server: Server, page: Path) -> str:
    """The served path of the edited page, from the all-pages index."""
    title = page.stem.replace("___", "/").lower()
    index = server.get("/_pages/")
    for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(?:<span[^>]*>[^<]*</span>)?([^<]+)</a>', index):
        if html.unescape(text).strip().lower() == title:
            return href
    raise SystemExit(f"page {title} not found in /_pages/")


def save_to_reload(innsite: str, graph: Path, edits: int):
    with tempfile.TemporaryDirectory(prefix="innsite-bench-serve-") as tmp:
        copy = Path(tmp) / "graph"
        shutil.copytree(graph, copy, ignore=shutil.ignore_patterns(".git"))
        page = pick_page(copy)
        server = Server(innsite, copy)
        try:
            url = page_path(server, page)
            original = page.read_text(encoding="utf-8")
            line = BULLET.search(original).group(0)
            times, seen, rebuilds, extra = [], 0, [], 0
            temp = page.with_name(page.name + ".tmp")
            for i in range(edits):
                time.sleep(0.2)
                marker = f"benchmark edit {i} {time.time_ns()}"
                temp.write_text(original.replace(line, f"{line} {marker}", 1), encoding="utf-8")
                os.replace(temp, page)
                saved = time.perf_counter()
                reloaded = server.wait_reload()
                times.append((reloaded - saved) * 1000)
                seen += marker in server.get(url)
                rebuilds += server.settle()
                extra += server.extra_reloads()
        finally:
            server.stop()
        if seen != edits:
            raise SystemExit(f"{graph}: only {seen} of {edits} edits were served")
        if extra:
            raise SystemExit(f"{graph}: {extra} edits gave more than one reload")
        return page.name, times, rebuilds


def full_build(innsite: str, graph: Path, runs: int):
    out_root = Path(os.environ.get("OUTROOT", tempfile.gettempdir()))
    walls = []
    for _ in range(runs):
        out = Path(tempfile.mkdtemp(prefix="innsite-bench-full-", dir=out_root))
        shutil.rmtree(out)
        cfg = out.parent / f"{out.name}.toml"
        cfg.write_text("search = true\n")
        t = time.perf_counter()
        subprocess.run([innsite, "--config", str(cfg), "build", "--content", str(graph),
                        "--output", str(out)], check=True, capture_output=True)
        walls.append((time.perf_counter() - t) * 1000)
        shutil.rmtree(out)
        cfg.unlink()
    return statistics.median(walls)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("graphs", nargs="+", type=Path)
    ap.add_argument("--innsite", default=str(HERE / "target/release/innsite"))
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json")
    args = ap.parse_args()
    rows = []
    for graph in args.graphs:
        name, times, rebuilds = save_to_reload(args.innsite, graph, args.edits)
        full = full_build(args.innsite, graph, args.runs)
        rebuild = [ms for _, ms in rebuilds]
        row = {
            "graph": str(graph), "page": name, "edits": len(times),
            "save_to_reload_ms": {"median": statistics.median(times), "min": min(times),
                                  "max": max(times)},
            "server_rebuild_ms": statistics.median(rebuild) if rebuild else None,
            "pages_rendered": statistics.median([n for n, _ in rebuilds]) if rebuilds else None,
            "full_build_ms": full,
            "ratio": full / statistics.median(times),
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)
        if args.json:
            with open(args.json, "a", encoding="utf-8") as f:
                f.write(json.dumps(row) + "\n")
    print("| graph | save → reload (median, min–max) | server rebuild | pages rendered | full build | full / reload |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        s = r["save_to_reload_ms"]
        print(f"| {Path(r['graph']).name} | {s['median']:.0f} ms ({s['min']:.0f}–{s['max']:.0f}) "
              f"| {r['server_rebuild_ms'] or 0:.0f} ms | {r['pages_rendered'] or 0:.0f} "
              f"| {r['full_build_ms']:.0f} ms | {r['ratio']:.1f}× |")


if __name__ == "__main__":
    main()
