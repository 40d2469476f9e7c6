"""Reference (a): the plain pipeline a competent user would write with rdflib and pySHACL.

The records are loaded and mapped by the same functions as kemi-lod (so the graph is the
same); then everything is plain rdflib and pySHACL: the triples are added to an rdflib Graph,
pySHACL validates the whole graph with our shapes, and rdflib writes the three formats.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import rdflib
from pyshacl import validate

from kemi_lod.config import load_settings
from kemi_lod.mapping import map_records
from kemi_lod.records.load import load_records
from kemi_lod.vocabulary.files import codelist_triples, codes
from kemi_lod.shacl.validation import shapes_graph


def term(t):
    if hasattr(t, "datatype"):
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))
    return rdflib.URIRef(t.value)


def main() -> None:
    pub = Path(sys.argv[1])
    settings = load_settings(pub / "kemi-lod.yaml")
    timings = {}
    t = time.perf_counter()
    loaded = load_records(pub / "data", codes(), settings.max_amount)
    timings["load records"] = time.perf_counter() - t
    t = time.perf_counter()
    mapped = map_records(loaded.records, settings)
    graph = rdflib.Graph()
    for x in (*mapped.triples, *codelist_triples()):
        graph.add((term(x.subject), term(x.predicate), term(x.object)))
    timings["map (rdflib graph)"] = time.perf_counter() - t
    t = time.perf_counter()
    conforms, _, _ = validate(graph, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True)
    timings["validate (pySHACL)"] = time.perf_counter() - t
    for fmt, ext in (("turtle", "ttl"), ("nt", "nt"), ("json-ld", "jsonld")):
        t = time.perf_counter()
        graph.serialize(destination=str(pub / f"plain.{ext}"), format=fmt)
        timings[f"write {ext}"] = time.perf_counter() - t
        (pub / f"plain.{ext}").unlink()
    print(json.dumps({"timings": timings, "triples": len(graph), "conforms": conforms}))


if __name__ == "__main__":
    main()
