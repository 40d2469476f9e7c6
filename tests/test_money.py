"""The money model of vocabulary 2.0.0 in the published graph, asked with SPARQL.

Every amount a project leads to (a contribution's `schema:amount`, `hanke:budget`,
`hanke:publicFunding`) is a `schema:MonetaryAmount` node with exactly one `schema:value`
(`xsd:decimal`), the currency "EUR" and one status of the amount-status list; no
`schema:amount` is a bare number; and the data uses no term the vocabulary deprecates (the code
lists published beside the data still describe the deprecated codes, as they must).
Checked on the repository's publication and on the test fixture, which has every money field.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from rdflib.namespace import OWL

from support import FIXTURE, REPO, run_cli
from kemi_lod.config import load_settings

PREFIXES = """
PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
# the amounts a project leads to, as ?amount
REACHED = """
    ?project a hanke:Project .
    { ?project schema:funding/schema:amount ?amount } UNION { ?project hanke:budget ?amount }
    UNION { ?project hanke:publicFunding ?amount }
"""
STATUSES = "https://w3id.org/hanke/code/amount-status"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> Path:
    """The test fixture built once (from a copy: a build keeps its cache beside its configuration)."""
    pub = tmp_path_factory.mktemp("money") / "pub"
    shutil.copytree(FIXTURE, pub)
    result = run_cli("build", "--config", str(pub / "kemi-lod.yaml"), "--out", str(pub / "build"))
    assert result.exit_code == 0, result.stderr
    return pub


@pytest.fixture(params=["kemi", "fixture"])
def published(request) -> tuple[Path, ox.Store]:
    """(the publication folder, its built graph as a store)."""
    if request.param == "kemi":
        folder, dump = REPO, request.getfixturevalue("kemi_build") / "kemi.nt"
    else:
        folder = request.getfixturevalue("fixture_build")
        dump = folder / "build" / "fixture.nt"
    return folder, _store(dump)


@cache
def _store(dump: Path) -> ox.Store:
    store = ox.Store()
    store.load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return sorted(tuple(str(term.value) if term is not None else "" for term in row)
                  for row in store.query(PREFIXES + query))


def _stated_amounts(folder: Path) -> int:
    """How many amounts the project records state (each becomes one node)."""
    n = 0
    for path in sorted((folder / "data" / "projects").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        n += sum(("amount" in c) + ("paid" in c) for c in record.get("funding", ()))
        n += ("budget" in record) + ("annual_budget" in record) + len(record.get("public_funding", {}))
    return n


def test_every_amount_a_project_leads_to_is_a_monetary_amount_with_value_currency_and_status(published):
    folder, store = published
    reached = select(store, f"SELECT DISTINCT ?amount WHERE {{ {REACHED} }}")
    assert len(reached) == _stated_amounts(folder) > 0  # every stated amount, each a node of its own
    # no other amount node: each hangs from a project
    assert select(store, f"SELECT ?a WHERE {{ ?a a schema:MonetaryAmount FILTER NOT EXISTS {{ {REACHED.replace('?amount', '?a')} }} }}") == []
    # (HAVING sees the aggregates, not the names SELECT gives them)
    wrong = select(store, f"""
        SELECT ?amount WHERE {{
            {REACHED}
            OPTIONAL {{ ?amount a ?type FILTER(?type = schema:MonetaryAmount) }}
            OPTIONAL {{ ?amount schema:value ?value }}
            BIND(IF(DATATYPE(?value) = xsd:decimal, ?value, ?none) AS ?decimal)
            OPTIONAL {{ ?amount schema:currency ?currency }}
            BIND(IF(?currency = "EUR", ?currency, ?none) AS ?euro)
            OPTIONAL {{ ?amount hanke:amountStatus ?status OPTIONAL {{ ?status skos:inScheme ?scheme FILTER(?scheme = <{STATUSES}>) }} }}
            BIND(IF(BOUND(?scheme), ?status, ?none) AS ?listed)
        }}
        GROUP BY ?amount
        HAVING (COUNT(DISTINCT ?type) != 1 || COUNT(DISTINCT ?value) != 1 || COUNT(DISTINCT ?decimal) != 1
                || COUNT(DISTINCT ?currency) != 1 || COUNT(DISTINCT ?euro) != 1
                || COUNT(DISTINCT ?status) != 1 || COUNT(DISTINCT ?listed) != 1)
    """)
    assert wrong == []


def test_an_amount_has_at_most_one_year_and_one_status_date(published):
    _, store = published
    assert select(store, f"""
        SELECT ?amount WHERE {{ {REACHED} ?amount hanke:year ?y1 , ?y2 FILTER(?y1 != ?y2) }}""") == []
    assert select(store, f"""
        SELECT ?amount WHERE {{ {REACHED} ?amount dct:date ?d1 , ?d2 FILTER(?d1 != ?d2) }}""") == []
    # a year is a calendar year
    assert select(store, f"""
        SELECT ?year WHERE {{ {REACHED} ?amount hanke:year ?year FILTER(DATATYPE(?year) != xsd:gYear) }}""") == []


def test_no_amount_is_a_bare_number(published):
    _, store = published
    assert select(store, "SELECT ?s ?o WHERE { ?s schema:amount ?o FILTER(isLiteral(?o)) }") == []
    assert select(store, "SELECT ?s ?p ?o WHERE { VALUES ?p { hanke:budget hanke:publicFunding } ?s ?p ?o FILTER(isLiteral(?o)) }") == []


def test_the_statuses_the_records_state_are_published(published):
    """Every status of the list is used where a record says so; planned is the default."""
    folder, store = published
    used = {row[0].rsplit("/", 1)[1] for row in select(store, f"SELECT DISTINCT ?s WHERE {{ {REACHED} ?amount hanke:amountStatus ?s }}")}
    stated = {"planned"}
    for path in (folder / "data" / "projects").glob("*.yaml"):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        for c in record.get("funding", ()):
            stated |= {c["status"]} if "status" in c else set()
            stated |= {"paid"} if "paid" in c else set()
        stated |= {"paid"} if "realised" in record.get("public_funding", {}) else set()
        for key in ("budget", "annual_budget"):
            if isinstance(record.get(key), dict) and "status" in record[key]:
                stated.add(record[key]["status"])
    assert used == stated


@cache
def deprecated_terms() -> frozenset[str]:
    """The terms and codes the vocabulary deprecates (owl:deprecated true)."""
    graph = rdflib.Graph()
    for name in ("hanke.ttl", "codelists.ttl"):
        graph.parse(REPO / "ontology" / name)
    return frozenset(str(s) for s in graph.subjects(OWL.deprecated, rdflib.Literal(True)))


def test_the_data_uses_no_deprecated_term(published):
    folder, store = published
    terms = deprecated_terms()
    assert {"https://w3id.org/hanke/vocab#totalBudget", "https://w3id.org/hanke/vocab#municipalShare",
            "https://w3id.org/hanke/code/application-status/applied"} <= terms
    values = " ".join(f"<{t}>" for t in sorted(terms))
    settings = load_settings(folder / "kemi-lod.yaml")
    ours = " || ".join(f'STRSTARTS(STR(?s), "{base}")' for base in sorted({settings.base_iri, settings.organisations_base}))
    query = f"""SELECT DISTINCT ?term WHERE {{
        VALUES ?term {{ {values} }}
        {{ ?s ?term ?o }} UNION {{ ?s ?p ?term }}
        FILTER({ours})
    }}"""
    assert select(store, query) == []
    # the same question on every triple finds the code lists published beside the data, which
    # describe the deprecated codes: the question does find a deprecated term where there is one
    everywhere = query.replace(f"FILTER({ours})", "")
    assert ("https://w3id.org/hanke/code/application-status/applied",) in select(store, everywhere)
