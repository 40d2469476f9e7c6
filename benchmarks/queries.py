"""Time every example query on one built dump, in this process: JSON {load_s, queries: {name: [seconds, rows]}}.

Each query runs `--repeat` times (default 3) on a pyoxigraph store of the dump, with its
default parameters, as the build runs it: the store answers and writes the whole result as
SPARQL CSV (sparql.run_examples). The best time is reported (the first run also pays for
warming caches). Rows are counted once, outside the timing.

For scale, the same is done for one query that is not an example: the smallest listing, every
project with its title (one join, no sorting), what merely listing every project costs on this
engine.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kemi_lod.sparql import queries as sparql

BASELINE = """PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?project ?title WHERE { ?project a hanke:Project ; dct:title ?title }"""


def main() -> None:
    dump = Path(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    start = time.perf_counter()
    store = sparql.load_store(dump)
    load = time.perf_counter() - start
    timings = {query.name: best_of(store, query.text, repeat) for query in sparql.examples()}
    baseline = best_of(store, BASELINE, repeat)
    print(json.dumps({"seconds": time.perf_counter() - start, "load_s": load, "queries": timings, "baseline": baseline}))


def best_of(store: ox.Store, query: str, repeat: int) -> list:
    """[best seconds, rows] of the query answered as SPARQL CSV."""
    best, text = float("inf"), b""
    for _ in range(repeat):
        t0 = time.perf_counter()
        text = store.query(query).serialize(format=ox.QueryResultsFormat.CSV)
        best = min(best, time.perf_counter() - t0)
    rows = sum(1 for _ in csv.reader(io.StringIO(text.decode("utf-8"), newline=""))) - 1
    return [best, rows]


if __name__ == "__main__":
    main()
