"""Triples by subject and predicate: the one index of a record's triples that the record stage
builds, from its sorted statements (rdf.serialize.statements), for SHACL Core validation
(shacl.engine), the record's shares of the table (outputs.tables) and of the description
(rdf.graphstats).

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
    """The index of statements (rdf.serialize.statements)."""
    nodes: Nodes = {}
    for s, p, o, _ in ordered:
        nodes.setdefault(s, {}).setdefault(p, []).append(o)
    return nodes
