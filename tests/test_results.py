"""SPARQL results are written in one place (kemi_lod/rdf/results.py) for `kemi-lod query`, the
endpoint and the build's example results, and the store's own writer, where the module
chooses it for speed, gives the same bytes."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kemi_lod.rdf.results import RESULT_FORMATS, write_boolean, write_live, write_solutions
from kemi_lod.sparql import queries as sparql

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def store(kemi_build) -> ox.Store:
    return sparql.load_store(kemi_build / "kemi.nt")


@pytest.mark.parametrize("query", sparql.examples(), ids=lambda q: q.name)
def test_the_store_writer_the_module_chooses_gives_our_bytes(store, query):
    variables = [v.value for v in store.query(query.text).variables]
    rows = [[s[v] for v in variables] for s in store.query(query.text)]
    for fmt, spec in RESULT_FORMATS.items():
        ours = write_solutions(variables, rows, fmt)
        if spec.store_format is not None:
            assert write_live(store.query(query.text), fmt) == ours
            assert store.query(query.text).serialize(format=spec.store_format) == ours
        else:  # written by ours either way; pyoxigraph reads back the same terms
            assert write_live(store.query(query.text), fmt) == ours
            back = ox.parse_query_results(ours, format={"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                                                        "tsv": ox.QueryResultsFormat.TSV}[fmt])
            assert [[s[v] for v in variables] for s in back] == rows


def test_blank_nodes_tabs_and_unbound_values_follow_the_formats():
    b, tabbed = ox.BlankNode("b1"), ox.Literal("a\tb, \"c\"", language="fi")
    rows = [[b, tabbed, None]]
    assert write_solutions(["s", "o", "u"], rows, "csv") == b's,o,u\r\n_:b1,"a\tb, ""c""",\r\n'
    assert write_solutions(["s", "o", "u"], rows, "tsv") == b'?s\t?o\t?u\n_:b1\t"a\\tb, \\"c\\""@fi\t\n'
    assert write_solutions(["s", "o", "u"], rows, "json") == (
        '{"head": {"vars": ["s", "o", "u"]}, "results": {"bindings": [{"s": {"type": "bnode", "value": "b1"}, '
        '"o": {"type": "literal", "value": "a\\tb, \\"c\\"", "xml:lang": "fi"}}]}}').encode()
    xml = write_solutions(["s", "o", "u"], rows, "xml").decode()
    assert '<binding name="s"><bnode>b1</bnode></binding>' in xml and 'name="u"' not in xml.split("<results>")[1]
    assert write_boolean(True, "json") == b'{"head": {}, "boolean": true}'
    assert b"<boolean>false</boolean>" in write_boolean(False, "xml")


def test_a_table_for_people_aligns_numbers_and_shortens_iris():
    rows = [[ox.NamedNode("https://w3id.org/hanke/vocab#Project"), ox.Literal("12", datatype=ox.NamedNode(XSD + "integer"))],
            [ox.NamedNode("https://example.org/x"), ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))]]
    assert write_solutions(["what", "n"], rows, "table").decode() == (
        "what                    n\n"
        "---------------------  --\n"
        "hanke:Project          12\n"
        "https://example.org/x   3\n"
        "(2 rows)\n")
