"""What the query engine allows at a size, whatever kemi-lod does: prints a Markdown table.

    python benchmarks/ceiling.py build/synthetic.nt [scratch-folder]

On one built N-Triples dump it measures pyoxigraph itself: loading the in-memory store (what a
build and `serve` pay), loading an on-disk (RocksDB) store, snapshotting and reopening it (what
a store kept between builds would pay), the cheapest queries over every project, the same
aggregate over a per-project, per-year summary (what summaries published in the graph would
cost; the summaries are made up here, one node per project and calendar year of its period,
with three amounts), and two example queries on both stores. Best of two runs for queries.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from kemi_lod.sparql import queries as sparql

PREFIXES = """PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
"""
CHEAP = {
    "count projects per department (1 pattern)":
        "SELECT ?d (COUNT(*) AS ?n) WHERE { ?p hanke:department ?d } GROUP BY ?d",
    "sum of every amount (1 pattern)":
        "SELECT (SUM(?v) AS ?s) WHERE { ?m schema:value ?v }",
    "budget per department (3 patterns)":
        "SELECT ?d (SUM(?v) AS ?s) WHERE { ?p hanke:department ?d ; hanke:budget ?m . ?m schema:value ?v } GROUP BY ?d",
    "every project with its title (2 patterns)":
        "SELECT ?p ?t WHERE { ?p a hanke:Project ; dct:title ?t }",
}
SUMMARIES = """INSERT { ?p hanke:yearSummary ?ys . ?ys hanke:year ?y ; hanke:budgetEuros 1000.5 ;
                hanke:euStateEuros 2000.25 ; hanke:cityEuros 300.0 }
WHERE { ?p a hanke:Project ; dct:temporal ?period . ?period hanke:computedStart ?from ; hanke:computedEnd ?to .
  VALUES ?o { 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 }
  FILTER(YEAR(?from) + ?o <= YEAR(?to)) BIND(YEAR(?from) + ?o AS ?y)
  BIND(IRI(CONCAT(STR(?p), "#y", STR(?y))) AS ?ys) }"""
ON_SUMMARIES = {
    "budget per department and year, from summaries (4 patterns)":
        "SELECT ?d ?y (SUM(?b) AS ?s) WHERE { ?p hanke:yearSummary ?ys ; hanke:department ?d . "
        "?ys hanke:year ?y ; hanke:budgetEuros ?b } GROUP BY ?d ?y",
    "three amounts per department and year, from summaries (6 patterns)":
        "SELECT ?d ?y (SUM(?b) AS ?sb) (SUM(?e) AS ?se) (SUM(?c) AS ?sc) WHERE { ?p hanke:yearSummary ?ys ; "
        "hanke:department ?d . ?ys hanke:year ?y ; hanke:budgetEuros ?b ; hanke:euStateEuros ?e ; "
        "hanke:cityEuros ?c } GROUP BY ?d ?y",
}
EXAMPLES = ("amounts-by-status-and-fund", "money-by-year-and-department")


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def best(store: ox.Store, query: str) -> float:
    def run():
        return store.query(query).serialize(format=ox.QueryResultsFormat.CSV)
    return min(timed(run)[0] for _ in range(2))


class _Rows:
    """Each measurement printed as a table row as soon as it is taken."""

    def append(self, row: tuple[str, float]) -> None:
        print(f"| {row[0]} | {row[1]:.3f} |", flush=True)


def main() -> None:
    dump = Path(sys.argv[1])
    scratch = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="ceiling-"))
    scratch.mkdir(parents=True, exist_ok=True)
    print(f"**pyoxigraph {ox.__version__} on {dump.name}**\n\n| measured | seconds |\n| --- | ---: |", flush=True)
    rows = _Rows()
    seconds, memory = timed(lambda: sparql.load_store(dump, lenient=True))
    rows.append(("load the in-memory store", seconds))
    for label, query in CHEAP.items():
        rows.append((f"in memory: {label}", best(memory, PREFIXES + query)))
    for name in EXAMPLES:
        rows.append((f"in memory: example {name}", best(memory, sparql.example(name).text)))
    rows.append(("make per-project, per-year summaries", timed(lambda: memory.update(PREFIXES + SUMMARIES))[0]))
    for label, query in ON_SUMMARIES.items():
        rows.append((f"in memory: {label}", best(memory, PREFIXES + query)))
    del memory
    disk = scratch / "store"
    shutil.rmtree(disk, ignore_errors=True)

    def load_disk() -> ox.Store:
        store = ox.Store(str(disk))
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        store.flush()
        store.optimize()
        return store

    seconds, store = timed(load_disk)
    rows.append(("load an on-disk store (and compact it)", seconds))
    rows.append(("snapshot the on-disk store (Store.backup)", timed(lambda: store.backup(str(scratch / "copy")))[0]))
    del store
    seconds, copy = timed(lambda: ox.Store(str(scratch / "copy")))
    rows.append(("open the snapshot", seconds))
    for name in EXAMPLES:
        rows.append((f"on disk: example {name}", best(copy, sparql.example(name).text)))
    del copy
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
