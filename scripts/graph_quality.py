#!/usr/bin/env python3
"""Measures of a built site's graph layout, to judge a change to src/graphview/ by numbers
as well as by eye (the site graph page in a browser).

  graph_quality.py OUTPUT_DIR

Reads OUTPUT_DIR/_graph/graph.json and prints, for the positions innsite computed:
  edge/random   mean length of an edge / mean distance of 20,000 random pairs of nodes
                (lower: linked pages sit closer together than pages in general);
  spearman      rank correlation of the distance along links (breadth-first, from 40 random
                nodes, 300 targets each) with the distance on the picture (higher: the
                picture keeps the graph's structure);
  crowded       nodes with another node less than 2 units away (positions are rounded to
                whole units; lower: fewer dots on top of each other).
Deterministic (fixed seed), so two builds can be compared run against run.
"""
import collections
import json
import math
import random
import sys


def rank(values):
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0] * len(values)
    for r, i in enumerate(order):
        ranks[i] = r
    return ranks


def correlation(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
    vx = sum((a - mx) ** 2 for a in xs)
    vy = sum((b - my) ** 2 for b in ys)
    return cov / math.sqrt(vx * vy)


def main(out_dir):
    data = json.load(open(f"{out_dir}/_graph/graph.json"))
    pos = [(node[0], node[1]) for node in data["nodes"]]
    flat = data["edges"]
    edges = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    n = len(pos)
    if n < 2 or not edges:
        sys.exit("the graph has fewer than two nodes or no edges")
    neighbours = collections.defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)

    def dist(a, b):
        return math.hypot(pos[a][0] - pos[b][0], pos[a][1] - pos[b][1])

    rng = random.Random(1)
    edge_mean = sum(dist(a, b) for a, b in edges) / len(edges)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(20000)]
    pair_mean = sum(dist(a, b) for a, b in pairs) / len(pairs)

    along, drawn = [], []
    for source in (rng.randrange(n) for _ in range(40)):
        if not neighbours[source]:
            continue
        hops = {source: 0}
        queue = collections.deque([source])
        while queue:
            u = queue.popleft()
            for v in neighbours[u]:
                if v not in hops:
                    hops[v] = hops[u] + 1
                    queue.append(v)
        for target in rng.sample(sorted(hops), min(300, len(hops))):
            if target != source:
                along.append(hops[target])
                drawn.append(dist(source, target))
    spearman = correlation(rank(along), rank(drawn)) if along else float("nan")

    cells = collections.defaultdict(list)
    for i, (x, y) in enumerate(pos):
        cells[(int(x // 4), int(y // 4))].append(i)
    crowded = 0
    for i, (x, y) in enumerate(pos):
        cx, cy = int(x // 4), int(y // 4)
        near = (j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in cells[(cx + dx, cy + dy)])
        crowded += any(j != i and dist(i, j) < 2 for j in near)

    print(f"nodes {n}  edges {len(edges)}  edge/random {edge_mean / pair_mean:.4f}  "
          f"spearman {spearman:.3f}  crowded {crowded}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
