"""The example queries: each gives its committed result on the curated data, on pyoxigraph (the
tool's engine) and on rdflib's SPARQL engine alike, compared as typed values in order."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from click.testing import CliRunner

from support import REPO, run_cli
from kemi_lod.cli import main
from kemi_lod.rdf.results import write_solutions
from kemi_lod.sparql import queries as sparql
from kemi_lod.config import load_settings

QUERIES = REPO / "queries"
NAMES = sorted(p.stem for p in QUERIES.glob("*.rq"))
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
                               "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}
NUMERIC = INTEGERS | {XSD + t for t in ("decimal", "double", "float")}


@pytest.fixture(scope="module")
def dump(kemi_build) -> Path:
    """The curated publication's dump (built once for the run)."""
    settings = load_settings(REPO / "kemi-lod.yaml")
    return kemi_build / f"{settings.dataset}.nt"


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


@pytest.mark.slow
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
    actual = write_solutions(ours.variables, ours.rows, "csv").decode()
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


# --- formats: ours against pyoxigraph's own SPARQL results serializers ---------------------------------


@pytest.mark.parametrize("name", ["funding-shares", "earlier-values", "city-share-by-year"])
def test_csv_tsv_and_json_are_the_sparql_result_formats(name, oxigraph_store):
    text = (QUERIES / f"{name}.rq").read_text()
    ours = sparql.run_on_store(text, oxigraph_store, name)
    for fmt, results_format in (("csv", ox.QueryResultsFormat.CSV), ("tsv", ox.QueryResultsFormat.TSV),
                                ("json", ox.QueryResultsFormat.JSON)):
        reference = oxigraph_store.query(text).serialize(format=results_format).decode()
        written = write_solutions(ours.variables, ours.rows, fmt).decode()
        if fmt == "csv":
            assert written == reference
        else:  # the same terms, read back by pyoxigraph's parser
            back = ox.parse_query_results(written.encode(), format=results_format)
            assert [[s[v] for v in ours.variables] for s in back] == [list(r) for r in ours.rows]


# --- kemi-lod query -------------------------------------------------------------------------------------


def stdout_bytes(*args: str) -> bytes:
    """The command's standard output as written (CliRunner's .stdout turns CRLF into LF)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.fixture
def built(publication):
    assert run_cli("build").exit_code == 0
    return publication


def test_query_runs_an_example_on_the_built_dump_as_the_build_published_it(built):
    run = stdout_bytes("query", "--example", "concurrent-projects-per-year", "--format", "csv")
    assert run == (built / "build" / "queries" / "concurrent-projects-per-year.csv").read_bytes()
    assert run.startswith(b"year,projects,starting,ending\r\n")


def test_query_runs_a_file_and_inline_text_with_a_parameter(built):
    (built / "q.rq").write_text((QUERIES / "projects-in-year.rq").read_text())
    by_file = run_cli("query", "q.rq", "--param", "year=2020", "--format", "json")
    by_example = run_cli("query", "--example", "projects-in-year", "--param", "year=2020", "--format", "json")
    assert by_file.exit_code == by_example.exit_code == 0
    assert by_file.stdout == by_example.stdout
    inline = stdout_bytes("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/hanke/vocab#Project> }",
                          "--format", "csv")
    projects = len(list((built / "data" / "projects").glob("*.yaml")))
    assert inline == f"n\r\n{projects}\r\n".encode()


def test_the_table_is_aligned_for_people(dump):
    run = run_cli("query", "--example", "city-share-by-year", "--data", str(dump))
    assert run.exit_code == 0, run.stderr
    assert run.stdout == (
        "year  projects  total_euros\n"
        "----  --------  -----------\n"
        "2020         7       219513\n"
        "2021         8     60628.74\n"
        "2022         9     174253.3\n"
        "2023         9    109063.48\n"
        "2024         2     15141.68\n"
        "(5 rows)\n"
    )


def test_a_syntax_error_names_line_and_column_and_exits_1(built):
    (built / "bad.rq").write_text("# title: broken\nSELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTR(?s)\n}\n")
    run = run_cli("query", "bad.rq")
    assert (run.exit_code, run.stderr) == (1, "kemi-lod: bad.rq:4:3: SPARQL syntax error: cannot read the query from 'FILTR' on\n")
    inline = run_cli("query", "-e", "SELECT * WHERE { ?s ?p }")
    assert (inline.exit_code, inline.stderr) == (1, "kemi-lod: <query>:1:18: SPARQL syntax error: cannot read the query from '?s' on\n")
    # where rdflib's parser finds nothing earlier, pyoxigraph's own position and expectation are shown
    late = run_cli("query", "-e", "SELECT ?s WHERE { ?s ?p ?o FILTER(?s = ?o) } LIMIT x")
    assert late.exit_code == 1
    assert late.stderr.startswith("kemi-lod: <query>:1:")


@pytest.mark.parametrize("args, message", [
    (["--example", "projects-on-date", "--param", "date=2022-13-01"], "parameter date: '2022-13-01' is not a valid date"),
    (["--example", "projects-on-date", "--param", "year=2022"], "projects-on-date: no parameter year (parameters: date)"),
    (["--example", "no-such-query"], "no example query 'no-such-query' (kemi-lod query --list shows them)"),
    ([], "give exactly one query: a .rq FILE, --query TEXT or --example NAME"),
])
def test_usage_mistakes_exit_2(built, args, message):
    run = run_cli("query", *args)
    assert run.exit_code == 2
    assert message in run.stderr


def test_list_shows_every_example_with_its_title():
    run = run_cli("query", "--list")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert [l.split()[0] for l in lines] == NAMES
    titles = {q.name: q.title for q in sparql.examples()}
    assert all(l.endswith("  " + titles[l.split()[0]]) for l in lines)


def test_a_parameter_replaces_the_values_binding():
    query = sparql.example("projects-on-date")
    bound = sparql.bind(query, {"date": "2020-02-29"})
    assert 'VALUES ?date { "2020-02-29"^^xsd:date }' in bound
    assert bound.replace('"2020-02-29"', '"2022-06-01"') == query.text
    programme = sparql.bind(sparql.example("programme-projects"), {"programme_name": 'Uusi "ohjelma"'})
    assert 'VALUES ?programme_name { "Uusi \\"ohjelma\\"" }' in programme


def test_query_asks_a_sparql_endpoint(built, oxigraph_store):
    """A minimal SPARQL protocol endpoint (POST, form-encoded) answering from the curated data."""
    import threading
    import urllib.parse
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Endpoint(BaseHTTPRequestHandler):
        def do_POST(self):
            form = urllib.parse.parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
            seen.append(self.headers["Accept"])
            body = oxigraph_store.query(form["query"][0]).serialize(format=ox.QueryResultsFormat.JSON)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        run = stdout_bytes("query", "--example", "funding-by-funder", "--endpoint", url, "--format", "csv")
    finally:
        server.shutdown()
        server.server_close()
    assert run == (QUERIES / "funding-by-funder.csv").read_bytes()
    assert seen == ["application/sparql-results+json"]


def test_an_unreachable_endpoint_is_a_message():
    run = run_cli("query", "--example", "funding-by-funder", "--endpoint", "http://127.0.0.1:9/sparql")
    assert run.exit_code == 2
    assert "http://127.0.0.1:9/sparql: cannot reach the endpoint" in run.stderr


# --- the build publishes the examples ------------------------------------------------------------------


def test_the_build_publishes_each_example_with_its_result_and_an_index(dump):
    folder = dump.parent / "queries"
    index = __import__("json").loads((folder / "index.json").read_text())
    assert [e["name"] for e in index["examples"]] == NAMES
    for name in NAMES:
        assert (folder / f"{name}.rq").read_bytes() == (QUERIES / f"{name}.rq").read_bytes()
        assert (folder / f"{name}.csv").read_bytes() == (QUERIES / f"{name}.csv").read_bytes()


def test_the_published_results_are_the_sparql_csv_of_the_results(dump, oxigraph_store):
    # the build lets the store write the CSV; it must be byte for byte what our writer writes
    # from the terms, on the examples and on text that needs quoting
    for result in sparql.run_examples(oxigraph_store):
        expected = sparql.run_on_store(result.query.text, oxigraph_store)
        assert result.csv == write_solutions(expected.variables, expected.rows, "csv").decode()
        assert result.rows == len(expected.rows)
    store = ox.Store()
    s, p = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
    hostile = ['comma, here', 'quote " here', 'line\nbreak', 'cr\r\nlf', ' space ', 'ä€𝄞', '']
    for i, text in enumerate(hostile):
        store.add(ox.Quad(ox.NamedNode(f"https://example.org/s{i}"), p, ox.Literal(text, language="fi")))
    store.add(ox.Quad(s, p, ox.BlankNode("b0")))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    written = store.query(query).serialize(format=ox.QueryResultsFormat.CSV).decode()
    ours = sparql.run_on_store(query, store)
    assert written == write_solutions(ours.variables, ours.rows, "csv").decode()


def test_earlier_values_show_the_earlier_text():
    """A known earlier title (the earlier page's line 31) is in the example's committed result."""
    rows = list(csv.DictReader(io.StringIO((QUERIES / "earlier-values.csv").read_text(encoding="utf-8"))))
    silver = [r for r in rows if r["project"].endswith("/silver-economy-kemi") and r["property"].endswith("#titleAsStated")]
    assert [(r["first_line"], r["earlier_text"]) for r in silver] == [
        ("31", "Silver Economy Kemi -valmisteluhanke (haettu 10/2019)")]
    assert sum(1 for r in rows if r["earlier_text"]) == 2  # both earlier titles; the others are not text


PERIODS_TTL = """
@prefix hanke: <https://w3id.org/hanke/vocab#> . @prefix schema: <https://schema.org/> .
@prefix dct: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix status: <https://w3id.org/hanke/code/amount-status/> . @prefix group: <https://w3id.org/hanke/code/funder-group/> .
<http://x/ongoing> a hanke:Project ; dct:title "Ongoing"@fi ; hanke:budget <http://x/ongoing/budget> ;
    dct:temporal <http://x/ongoing/period> ; schema:funding <http://x/ongoing/eu> .
<http://x/ongoing/period> hanke:ongoing true .
<http://x/ongoing/budget> schema:value 1000 .
<http://x/ongoing/eu> hanke:funderGroup group:eu-and-state ; schema:amount <http://x/ongoing/eu/amount> .
<http://x/ongoing/eu/amount> schema:value 600 ; hanke:amountStatus status:granted .
<http://x/dated> a hanke:Project ; dct:title "Dated"@fi ; hanke:budget <http://x/dated/budget> ;
    dct:temporal <http://x/dated/period> ; schema:funding <http://x/dated/eu> .
<http://x/dated/period> hanke:computedStart "2020-01-01"^^xsd:date ; hanke:computedEnd "2020-12-31"^^xsd:date .
<http://x/dated/budget> schema:value 500 .
<http://x/dated/eu> hanke:funderGroup group:eu-and-state ; schema:amount <http://x/dated/eu/amount> .
<http://x/dated/eu/amount> schema:value 500 ; hanke:amountStatus status:granted ; hanke:year "2020"^^xsd:gYear .
"""


@pytest.mark.parametrize("name, expected", [
    ("funding-shares", {"http://x/ongoing": "600", "http://x/dated": "500"}),
    ("quality-funding-vs-budget", {"http://x/ongoing": "600"}),
])
def test_an_amount_for_the_whole_period_counts_where_the_period_has_no_dates(name, expected):
    """A project whose period has no computed dates (an ongoing one) still counts its amounts without a
    year. The period was once matched inside the amount's OPTIONAL, where the project is not yet bound:
    that joined every amount with every other project's period (quadratic) and lost these amounts."""
    store = ox.Store()
    store.load(PERIODS_TTL.encode(), format=ox.RdfFormat.TURTLE)
    results = store.query(sparql.example(name).text)
    column = "total" if name == "funding-shares" else "total_euros"
    assert {sol["project"].value: sol[column].value for sol in results} == expected
