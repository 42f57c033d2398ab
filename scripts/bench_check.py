#!/usr/bin/env python3
"""Helpers of scripts/bench.sh: check a build's output, record a result line, print the table.

  bench_check.py TOOL MANIFEST OUTDIR        check one output folder; prints
        {"expected", "rendered", "html_files", "out_bytes"}; exit 1 when a page is missing.
        MANIFEST is gen_corpus.py's manifest.tsv ("-": count files only). Hugo must write
        the manifest's expected_output; innsite writes <slug>/index.html, where its slugs keep
        accents (metrica vs métrica), so both sides are compared after gen_corpus.py's slugify.
  bench_check.py --record TOOL N STATUS RUNS_JSON CHECK_JSON   one JSON result line (medians)
  bench_check.py --table RESULTS MACHINE     markdown table of the last line per (tool, N)
  bench_check.py --require-ok RESULTS TOOL...  exit 1 unless every TOOL has only ok lines
"""
import json
import os
import re
import statistics
import sys
import unicodedata


def slugify(s):
    """gen_corpus.py's slug of one name segment."""
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s or "x"


def walk(root):
    """(html files, bytes, set of folders holding an index.html relative to root)."""
    html, size, pages = 0, 0, set()
    for dp, _, files in os.walk(root):
        for name in files:
            try:
                size += os.lstat(os.path.join(dp, name)).st_size
            except OSError:
                pass
            if name.endswith(".html"):
                html += 1
            if name == "index.html":
                pages.add(os.path.relpath(dp, root))
    return html, size, pages


def check(tool, manifest, root):
    html, size, pages = walk(root)
    out = {"html_files": html, "out_bytes": size}
    if manifest == "-" or tool == "floor":
        return out, True
    rows = [line.rstrip("\n").split("\t") for line in open(manifest, encoding="utf-8")][1:]
    if tool == "innsite":
        have = {"/".join(slugify(seg) for seg in p.split("/")) for p in pages}
        found = [r for r in rows if r[1] in have]
    else:
        found = [r for r in rows if os.path.isfile(os.path.join(root, r[3].split("/", 1)[1]))]
    out.update(expected=len(rows), rendered=len(found))
    return out, len(found) == len(rows)


def record(tool, n, status, runs, checked):
    runs, checked = json.loads(runs), json.loads(checked)
    walls = [r["wall"] for r in runs]
    cpus = [r["user"] + r["sys"] for r in runs]
    wall = statistics.median(walls)
    return {
        "tool": tool, "N": n, "status": status, "runs": len(runs),
        "median_wall_s": round(wall, 4), "median_cpu_s": round(statistics.median(cpus), 3),
        "peak_rss_mb": round(max(r["rss_kb"] for r in runs) / 1024, 1),
        "out_mb": round(checked.get("out_bytes", 0) / 1e6, 1),
        "html_files": checked.get("html_files"), "rendered": checked.get("rendered"),
        "expected": checked.get("expected"), "walls": walls, "cpus": [round(c, 2) for c in cpus],
    }


def load(path):
    rows = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            rows[(r["tool"], r["N"])] = r
    return rows


def table(path, machine):
    rows = load(path)
    sizes = sorted({n for _, n in rows}, key=lambda n: (not n.isdigit(), int(n) if n.isdigit() else 0))
    print(f"\nmachine: {machine}\n")
    print("| N | tool | median wall s | median CPU s | peak RSS MB | output MB | pages | Hugo/innsite wall | innsite/floor wall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        inn, hugo, floor = rows.get(("innsite", n)), rows.get(("hugo", n)), rows.get(("floor", n))
        for tool in ("innsite", "hugo", "floor"):
            r = rows.get((tool, n))
            if not r:
                continue
            pages = f"{r['rendered']}/{r['expected']}" if r.get("expected") else str(r["html_files"])
            ratio = floor_ratio = ""
            if tool == "innsite" and hugo and r["median_wall_s"]:
                ratio = f"{hugo['median_wall_s'] / r['median_wall_s']:.1f}×"
            if tool == "innsite" and floor and floor["median_wall_s"]:
                floor_ratio = f"{r['median_wall_s'] / floor['median_wall_s']:.1f}×"
            flag = "" if r["status"] == "ok" else f" ({r['status']})"
            print(f"| {n} | {tool}{flag} | {r['median_wall_s']:.3f} | {r['median_cpu_s']:.2f} | "
                  f"{r['peak_rss_mb']:.0f} | {r['out_mb']:.1f} | {pages} | {ratio} | {floor_ratio} |")


def require_ok(path, tools):
    rows = load(path)
    bad = [f"{t}: no result" for t in tools if not any(k[0] == t for k in rows)]
    bad += [f"{k[0]} N={k[1]}: {r['status']}" for k, r in rows.items() if r["status"] != "ok"]
    for b in bad:
        print(f"bench: {b}", file=sys.stderr)
    return 1 if bad else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "--record":
        print(json.dumps(record(*argv[2:7]), ensure_ascii=False))
        return 0
    if len(argv) >= 4 and argv[1] == "--table":
        table(argv[2], argv[3])
        return 0
    if len(argv) >= 3 and argv[1] == "--require-ok":
        return require_ok(argv[2], argv[3:])
    if len(argv) == 4:
        out, ok = check(*argv[1:4])
        print(json.dumps(out))
        return 0 if ok else 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
