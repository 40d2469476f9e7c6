"""The floor: PyYAML's C loader reading the records, pyoxigraph parsing the built N-Triples and
writing Turtle, N-Triples and JSON-LD. No other work: nothing can build faster than this."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import yaml


def main() -> None:
    pub = Path(sys.argv[1])
    timings = {}
    t = time.perf_counter()
    for path in sorted((pub / "data").rglob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    timings["load records (C loader)"] = time.perf_counter() - t
    t = time.perf_counter()
    triples = [q.triple for q in ox.parse(path=str(pub / "build" / "synthetic.nt"), format=ox.RdfFormat.N_TRIPLES)]
    timings["parse N-Triples"] = time.perf_counter() - t
    for name, fmt in (("Turtle", ox.RdfFormat.TURTLE), ("N-Triples", ox.RdfFormat.N_TRIPLES), ("JSON-LD", ox.RdfFormat.JSON_LD)):
        t = time.perf_counter()
        ox.serialize(triples, str(pub / f"floor.{name}"), format=fmt)
        timings[f"write {name}"] = time.perf_counter() - t
        (pub / f"floor.{name}").unlink()
    print(json.dumps({"timings": timings, "triples": len(triples)}))


if __name__ == "__main__":
    main()
