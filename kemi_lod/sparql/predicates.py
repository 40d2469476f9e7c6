"""Which triples a query can read: the predicates its patterns name.

A query whose every pattern (in its groups, optional parts, unions, subqueries, property
paths and EXISTS filters) names its predicate reads only the triples with those predicates:
its answer is the same on any graph that has the same triples with them. A rebuild uses this
to keep an example's result when no triple with one of its predicates changed. A pattern
with a variable predicate, a negated property set, a named graph or a remote service can read
any triple, and so can a query with a BASE (its relative IRIs are not resolved here): then the
predicates are unknown (None).

The query's parse tree is walked, not its algebra: rdflib's translation drops a FILTER nested
in an EXISTS pattern.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef, Variable
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

_ANY_TRIPLE = ("GraphGraphPattern", "ServiceGraphPattern", "Base", "PathNegatedPropertySet")


class _Unknown(Exception):
    pass


@lru_cache(maxsize=256)
def predicates_of(text: str) -> frozenset[str] | None:
    """The predicate IRIs the query's patterns name, or None where it can read any triple
    (parsing takes about 50 ms: remembered)."""
    tree = parseQuery(text)
    prefixes = {d.get("prefix", ""): str(d["iri"]) for d in tree[0] if isinstance(d, CompValue) and d.name == "PrefixDecl"}
    found: set[str] = set()
    try:
        _walk(tree, prefixes, found)
    except _Unknown:
        return None
    return frozenset(found)


def _walk(node: object, prefixes: dict[str, str], found: set[str]) -> None:
    if isinstance(node, CompValue):
        if node.name in _ANY_TRIPLE:
            raise _Unknown
        if node.name == "TriplesBlock":
            for terms in node["triples"]:
                terms = list(terms)
                if len(terms) % 3:
                    raise _Unknown
                for p in terms[1::3]:
                    _predicate(p, prefixes, found)
        for value in node.values():
            _walk(value, prefixes, found)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            _walk(value, prefixes, found)


def _predicate(p: object, prefixes: dict[str, str], found: set[str]) -> None:
    """The IRIs of a predicate or a property path (all of them: any may be read)."""
    if isinstance(p, Variable):
        raise _Unknown
    if isinstance(p, URIRef):  # `a`, or an IRI written in full
        found.add(str(p))
    elif isinstance(p, CompValue) and p.name == "pname":
        prefix = p.get("prefix", "")
        if prefix not in prefixes:
            raise _Unknown
        found.add(prefixes[prefix] + p.get("localname", ""))
    elif isinstance(p, CompValue):
        if p.name in _ANY_TRIPLE:
            raise _Unknown
        for value in p.values():
            _predicate(value, prefixes, found)
    elif isinstance(p, (list, tuple)) or type(p).__name__ == "ParseResults":
        for value in p:
            _predicate(value, prefixes, found)
    elif not isinstance(p, str):  # a path's modifier (*, +, ?) is a string; anything else is unknown
        raise _Unknown
