"""Validated chunks -> files in the output directory: dumps, JSON-LD context, tool files.

Each record's triples are sorted and serialized on their own (in `build.worker`); the dumps are
the chunks concatenated in the order of their resources' IRIs, which is the sorted order of
the whole graph. Turtle and N-Triples come from pyoxigraph's serializers (fast). JSON-LD is
written here: compacted with the publication's own small context (prefixes only, embedded in
the dump so it reads offline), one node object per line, every literal with its exact
lexical form (no JSON numbers, which would change datatypes in a round trip).
"""

from __future__ import annotations

import json
import re
from functools import cache
from itertools import groupby
from typing import Iterable, Protocol, Sequence

import pyoxigraph as ox

from kemi_lod.vocabulary.terms import PREFIXES, RDF, XSD

_SORTED_PREFIXES = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


class Serialized(Protocol):
    ttl: bytes
    jsonld: bytes


Statement = tuple[str, str, object, ox.Triple]  # subject key (an IRI, or _: and a label), predicate IRI, object, triple


def statements(triples: Iterable[ox.Triple]) -> list[Statement]:
    """The triples in one total order (subject, predicate with rdf:type first, object as
    N-Triples), without duplicates, each with its parts read once: reading a pyoxigraph term's
    parts allocates, and the record stage reads them for every writer."""
    rdf_type = RDF.type.value
    blank = ox.BlankNode
    unique = {}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        sv = s.value
        unique[(sv, "" if p == rdf_type else p, str(o))] = (f"_:{sv}" if type(s) is blank else sv, p, o, t)
    return [unique[k] for k in sorted(unique)]


def sort_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples in the order of `statements`."""
    return [st[3] for st in statements(triples)]


def context() -> dict:
    return {"@context": dict(sorted(PREFIXES.items()))}


_CURIE = re.compile("^(" + "|".join(re.escape(ns) for _, ns in _SORTED_PREFIXES) + ")([A-Za-z0-9_-]+)$")
_PREFIX_OF = {ns: prefix for prefix, ns in PREFIXES.items()}


def compact(iri: str) -> str:
    """A CURIE where a prefix covers the IRI with a simple local name, else the IRI."""
    match = _CURIE.match(iri)
    return f"{_PREFIX_OF[match.group(1)]}:{match.group(2)}" if match else iri


_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) writes for a str


@cache
def _iri_json(iri: str) -> str:
    return _string(compact(iri))


def _value(term) -> str:
    if isinstance(term, ox.NamedNode):
        return '{"@id":' + _string(compact(term.value)) + "}"
    if isinstance(term, ox.BlankNode):  # in the shapes; the data has none
        return '{"@id":' + _string("_:" + term.value) + "}"
    if term.language:
        return '{"@value":' + _string(term.value) + ',"@language":' + _string(term.language) + "}"
    if term.datatype == XSD.string:
        return _string(term.value)
    return '{"@value":' + _string(term.value) + ',"@type":' + _iri_json(term.datatype.value) + "}"


def jsonld_nodes(ordered: Sequence[Statement]) -> bytes:
    """One JSON-LD node object per subject, one per line, joined by `,` + newline.

    Written as text (this is the hot loop of large builds); the same bytes as
    json.dumps(node, ensure_ascii=False, separators=(",", ":")).
    """
    rdf_type = RDF.type.value
    lines = []
    for subject, group in groupby(ordered, key=_subject):
        parts = ['{"@id":', _string(compact(subject))]
        for predicate, pgroup in groupby(group, key=_predicate):
            if predicate == rdf_type:
                parts.append(',"@type":[' + ",".join(_iri_json(st[2].value) for st in pgroup) + "]")
            else:
                parts.append("," + _iri_json(predicate) + ":[" + ",".join(_value(st[2]) for st in pgroup) + "]")
        parts.append("}")
        lines.append("".join(parts))
    return ",\n".join(lines).encode()


def _subject(st: Statement) -> str:
    return st[0]


def _predicate(st: Statement) -> str:
    return st[1]


def jsonld_document(triples: Iterable[ox.Triple]) -> bytes:
    """The triples as a JSON-LD document with the publication's context embedded."""
    head = json.dumps(context()["@context"], ensure_ascii=False, indent=2)
    return f'{{"@context": {head},\n"@graph": [\n'.encode() + jsonld_nodes(statements(triples)) + b"\n]}\n"


@cache
def turtle_header() -> bytes:
    probe = [ox.Triple(ox.NamedNode("urn:x"), RDF.type, ox.NamedNode("urn:y"))]
    text = ox.serialize(probe, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return b"".join(line for line in text.splitlines(keepends=True) if line.startswith(b"@prefix"))


def turtle_body(sorted_triples: Sequence[ox.Triple]) -> bytes:
    """Turtle statements without the prefix lines: chunks concatenate after one header."""
    text = ox.serialize(sorted_triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return text[len(turtle_header()):] if sorted_triples else b""
