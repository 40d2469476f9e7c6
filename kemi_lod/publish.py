"""The validated graph -> files in the output directory: dumps, JSON-LD context, tool files.

Triples are sorted once; every writer emits them in that order, so the same input gives
byte-identical files. Turtle and N-Triples come from pyoxigraph's serializers (fast). JSON-LD
is written here: compacted with the publication's own small context (prefixes only, embedded
in the dump so it reads offline), one node object per subject, every literal with its exact
lexical form (no JSON numbers, which would change datatypes in a round trip).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox

from .config import Settings
from .toolfiles import ToolFile, ontology_files, shapes_files
from .vocab import PREFIXES, RDF, XSD

_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


@dataclass(frozen=True)
class Written:
    path: str  # relative to the output directory, with /
    size: int


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """One total order for all outputs: subject, predicate (rdf:type first), object as N-Triples."""
    rdf_type = RDF.type.value
    unique = {
        (t.subject.value, "" if t.predicate.value == rdf_type else t.predicate.value, str(t.object)): t
        for t in triples
    }
    return [unique[k] for k in sorted(unique)]


def context() -> dict:
    return {"@context": dict(sorted(PREFIXES.items()))}


def compact(iri: str) -> str:
    """A CURIE where a prefix covers the IRI with a simple local name, else the IRI."""
    for prefix, ns in _SORTED_PREFIXES:
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and set(local) <= _LOCAL:
                return f"{prefix}:{local}"
    return iri


def _value(term) -> dict | str:
    if isinstance(term, ox.NamedNode):
        return {"@id": compact(term.value)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype == XSD.string:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def jsonld_document(sorted_triples: Sequence[ox.Triple]) -> dict:
    nodes = []
    for subject, group in groupby(sorted_triples, key=lambda t: t.subject.value):
        node: dict = {"@id": compact(subject)}
        for predicate, pgroup in groupby(group, key=lambda t: t.predicate.value):
            objects = [t.object for t in pgroup]
            if predicate == RDF.type.value:
                node["@type"] = [compact(o.value) for o in objects]
            else:
                node[compact(predicate)] = [_value(o) for o in objects]
        nodes.append(node)
    return {**context(), "@graph": nodes}


def _json_bytes(document: dict) -> bytes:
    """Pretty context, then one node object per line: readable, diffable, compact."""
    head = json.dumps(document["@context"], ensure_ascii=False, indent=2)
    if "@graph" not in document:
        return f'{{"@context": {head}}}\n'.encode()
    nodes = ",\n".join(json.dumps(n, ensure_ascii=False, separators=(",", ":")) for n in document["@graph"])
    return f'{{"@context": {head},\n"@graph": [\n{nodes}\n]}}\n'.encode()


def write_dumps(sorted_triples: Sequence[ox.Triple], out: Path, settings: Settings) -> list[Written]:
    stem = settings.dataset
    outputs = {
        f"{stem}.nt": ox.serialize(sorted_triples, format=ox.RdfFormat.N_TRIPLES),
        f"{stem}.ttl": ox.serialize(sorted_triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES),
        f"{stem}.jsonld": _json_bytes(jsonld_document(sorted_triples)),
        "context.jsonld": _json_bytes(context()),
    }
    return [_write(out, name, data) for name, data in outputs.items()]


def write_tool_files(out: Path) -> list[Written]:
    """The vocabulary and shapes the build used, published beside the data."""
    files: list[ToolFile] = [*ontology_files(), *shapes_files()]
    return [_write(out, f"{f.folder}/{f.name}", f.data) for f in files]


def _write(out: Path, name: str, data: bytes) -> Written:
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Written(name, len(data))
