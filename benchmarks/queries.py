"""Time every example query on one built dump, in this process: JSON {load_s, queries: {name: [seconds, rows]}}.

Each query runs `--repeat` times (default 3) on a pyoxigraph store of the dump, with its
default parameters, as the build runs it: the store answers and writes the whole result as
SPARQL CSV (sparql.run_examples). The best time is reported (the first run also pays for
warming caches). Rows are counted once, outside the timing.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from kemi_lod import sparql


def main() -> None:
    dump = Path(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    start = time.perf_counter()
    store = sparql.load_store(dump)
    load = time.perf_counter() - start
    timings = {}
    for query in sparql.examples():
        best, text = float("inf"), b""
        for _ in range(repeat):
            t0 = time.perf_counter()
            text = store.query(query.text).serialize(format=ox.QueryResultsFormat.CSV)
            best = min(best, time.perf_counter() - t0)
        rows = sum(1 for _ in csv.reader(io.StringIO(text.decode("utf-8"), newline=""))) - 1
        timings[query.name] = [best, rows]
    print(json.dumps({"seconds": time.perf_counter() - start, "load_s": load, "queries": timings}))


if __name__ == "__main__":
    main()
