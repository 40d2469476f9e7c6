"""Time every example query on one built dump, in this process: JSON {load_s, queries: {name: [seconds, rows]}}.

Each query runs `--repeat` times (default 3) on a pyoxigraph store of the dump, with its
default parameters; the best time is reported (the first run also pays for warming caches).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from kemi_lod import sparql


def main() -> None:
    dump = Path(sys.argv[1])
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    start = time.perf_counter()
    store = sparql.load_store(dump)
    load = time.perf_counter() - start
    timings = {}
    for query in sparql.examples():
        best, rows = float("inf"), 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            rows = len(sparql.run_on_store(query.text, store, query.name).rows)
            best = min(best, time.perf_counter() - t0)
        timings[query.name] = [best, rows]
    print(json.dumps({"seconds": time.perf_counter() - start, "load_s": load, "queries": timings}))


if __name__ == "__main__":
    main()
