"""The example queries: each gives its committed result on the curated data, on pyoxigraph (the
tool's engine) and on rdflib's SPARQL engine alike, compared as typed values in order."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from conftest import REPO
from kemi_lod import pipeline, sparql
from kemi_lod.config import load_settings

QUERIES = REPO / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                               "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
NUMERIC = INTEGERS | {XSD + t for t in ("decimal", "double", "float")}


@pytest.fixture(scope="module")
def dump(tmp_path_factory) -> Path:
    """The curated publication, built once."""
    out = tmp_path_factory.mktemp("kemi") / "build"
    settings = load_settings(REPO / "kemi-lod.yaml")
    result = pipeline.build(settings, REPO / "data", out, workers=1, use_cache=False)
    assert result.ok, result.checked.problems
    return out / f"{settings.dataset}.nt"


@pytest.fixture(scope="module")
def oxigraph_store(dump) -> ox.Store:
    return sparql.load_store(dump)


@pytest.fixture(scope="module")
def rdflib_graph(dump) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(dump, format="nt")
    return graph


def typed(term) -> tuple | None:
    """A term as a comparable typed value: numbers by value and datatype, booleans by value."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    datatype = term.datatype.value
    if datatype in NUMERIC:  # an xsd:positiveInteger is an integer (pyoxigraph's store keeps only the value)
        return ("number", XSD + "integer" if datatype in INTEGERS else datatype, Decimal(term.value))
    if datatype == XSD + "boolean":
        return ("boolean", term.value in ("true", "1"))
    return ("literal", datatype, term.language, term.value)


def from_rdflib(term) -> ox.NamedNode | ox.Literal | ox.BlankNode | None:
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD + "string")))


def rdflib_results(graph: rdflib.Graph, text: str) -> sparql.Results:
    result = graph.query(text)
    variables = tuple(str(v) for v in result.vars)
    return sparql.Results(variables, tuple(tuple(from_rdflib(row[v]) for v in variables) for row in result))


def test_there_are_at_least_14_examples_and_each_ships_in_the_package():
    assert len(NAMES) >= 14
    assert [q.name for q in sparql.examples()] == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_the_header_is_complete(name):
    query = sparql.parse_query((QUERIES / f"{name}.rq").read_text(), name)
    assert set(query.headers) == set(sparql.HEADER_KEYS), name
    assert all(query.headers[k] for k in sparql.HEADER_KEYS)
    assert "NOW()" not in query.text.upper()
    for p in query.params:  # the committed default is the value in the VALUES clause
        assert sparql.bind(query, {p.name: p.default}) == query.text


@pytest.mark.parametrize("name", NAMES)
def test_the_example_gives_its_committed_result_on_both_engines(name, oxigraph_store, rdflib_graph, update_golden):
    text = (QUERIES / f"{name}.rq").read_text()
    ours = sparql.run_on_store(text, oxigraph_store, name)
    assert ours.rows, f"{name}: no results on the curated data"
    assert "ORDER BY" in text

    theirs = rdflib_results(rdflib_graph, text)
    assert theirs.variables == ours.variables
    assert [[typed(t) for t in row] for row in theirs.rows] == [[typed(t) for t in row] for row in ours.rows]

    expected = QUERIES / f"{name}.csv"
    actual = sparql.format_results(ours, "csv")
    if update_golden:
        expected.write_bytes(actual.encode())
        return
    assert expected.read_bytes().decode() == actual, f"{name}.csv is stale: pytest --update-golden"


def test_the_readme_lists_every_example_once():
    text = (REPO / "README.md").read_text()
    listed = re.findall(r"^- \[`([a-z0-9-]+)`\]\(queries/\1\.rq\)", text, re.M)
    assert listed == NAMES
    for q in sparql.examples():
        assert f"[`{q.name}`](queries/{q.name}.rq): {q.title}" in text
