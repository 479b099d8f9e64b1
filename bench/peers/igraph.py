#!/usr/bin/python3
"""Peer OD query with python-igraph on an `equiroute graph-export` graph.

usage: igraph.py NODES.csv EDGES.csv ORIGINS.csv DESTINATIONS.csv OUT.csv

ORIGINS/DESTINATIONS are CSV files whose first column `id` is a node id of the exported
graph (compare-od writes them so). OUT.csv gets `origin_id,destination_id,travel_s` for every
reachable pair. Prints one JSON line: load_s (CSV parse + graph build), query_s (the
`distances` call only), pairs, reachable.

Run with Debian's /usr/bin/python3 (python3-igraph is a Debian package; a pyenv python on
PATH would not see it). Installs python3-igraph with apt-get when it is missing and we are
root (idempotent).
"""
import csv
import json
import math
import os
import subprocess
import sys
import time

# This file is itself named igraph.py: drop its own directory from the module path so that
# `import igraph` finds the library, not this script.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != _HERE]


def ensure_igraph():
    try:
        import igraph  # noqa: F401
    except ImportError:
        if os.geteuid() != 0:
            sys.exit("igraph.py: python3-igraph is not installed (apt-get install python3-igraph)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "python3-igraph"],
                       check=True, env=env, stdout=subprocess.DEVNULL)


def read_ids(path):
    with open(path, newline="") as f:
        return [int(row["id"]) for row in csv.DictReader(f)]


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    nodes_csv, edges_csv, origins_csv, destinations_csv, out_csv = sys.argv[1:]
    ensure_igraph()
    import igraph

    t0 = time.perf_counter()
    with open(nodes_csv, newline="") as f:
        node_count = sum(1 for _ in f) - 1
    tails, heads, weights = [], [], []
    with open(edges_csv, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        i_from, i_to, i_s = header.index("from"), header.index("to"), header.index("travel_s")
        for row in reader:
            tails.append(int(row[i_from]))
            heads.append(int(row[i_to]))
            weights.append(float(row[i_s]))
    g = igraph.Graph(n=node_count, edges=list(zip(tails, heads)), directed=True)
    g.es["w"] = weights
    origins = read_ids(origins_csv)
    destinations = read_ids(destinations_csv)
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    d = g.distances(source=origins, target=destinations, weights="w", mode="out")
    query_s = time.perf_counter() - t1

    reachable = 0
    with open(out_csv, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["origin_id", "destination_id", "travel_s"])
        for o, row in zip(origins, d):
            for t, cost in zip(destinations, row):
                if math.isfinite(cost):
                    reachable += 1
                    w.writerow([o, t, repr(float(cost))])
    print(json.dumps({"tool": "igraph", "igraph_version": igraph.__version__, "nodes": node_count,
                      "edges": len(tails), "load_s": load_s, "query_s": query_s,
                      "pairs": len(origins) * len(destinations), "reachable": reachable}))


if __name__ == "__main__":
    main()
