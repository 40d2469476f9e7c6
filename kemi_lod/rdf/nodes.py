"""Triples by subject and predicate: the one index of a record's triples that the record stage
builds, from its sorted statements (publish.statements), for SHACL Core validation (shacl.py),
the record's shares of the table (tables.py) and of the description (graphstats.py).

Keys are strings (the subject's IRI, or `_:` and a blank node's label; the predicate's IRI), so
the readers compare strings, not terms.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from kemi_lod.rdf.serialize import Statement

Nodes = dict[str, dict[str, list]]  # subject key -> predicate IRI -> objects (terms)


def node_key(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def by_subject(ordered: Iterable[Statement]) -> Nodes:
    """The index of statements (publish.statements)."""
    nodes: Nodes = {}
    for s, p, o, _ in ordered:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    return nodes
