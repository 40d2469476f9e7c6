"""The workbook and the CSVs (issue 27), read back as a spreadsheet user or a program would and
compared with the graph: every sheet against SPARQL on the built N-Triples, an oracle that shares
no code with the tables' facts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from support import run_cli

PREFIXES = """PREFIX schema: <https://schema.org/> PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX adms: <http://www.w3.org/ns/adms#>
"""
SHEETS = ["README", "projects", "contributions", "organisations", "programmes", "contact-roles"]


@pytest.fixture(scope="module")
def book(kemi_build):
    from openpyxl import load_workbook

    workbook = load_workbook(kemi_build / "kemi.xlsx", read_only=True)
    yield workbook
    workbook.close()


@pytest.fixture(scope="module")
def store(kemi_build) -> ox.Store:
    s = ox.Store()
    s.bulk_load(path=str(kemi_build / "kemi.nt"), format=ox.RdfFormat.N_TRIPLES)
    return s


def _rows(book, name: str) -> tuple[list, list, list[dict]]:
    """The Finnish headings, the English headings and the rows by English heading."""
    rows = _padded(book[name].iter_rows(values_only=True))
    fi, en = list(rows[0]), list(rows[1])
    return fi, en, [dict(zip(en, r)) for r in rows[2:]]


def _padded(rows) -> list[tuple]:
    """The rows, each as long as the headings (a reader leaves out a row's empty cells at its end)."""
    rows = list(rows)
    width = max(len(r) for r in rows)
    return [tuple(r) + (None,) * (width - len(r)) for r in rows]


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    results = store.query(PREFIXES + query)
    names = [v.value for v in results.variables]
    return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in results]


def _money(value) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def test_the_workbook_opens_with_its_sheets_and_two_heading_rows(book):
    assert book.sheetnames == SHEETS
    fi, en, rows = _rows(book, "contributions")
    assert fi[:3] == ["hanke", "hankkeen IRI", "rahoitusosuus"] and en[:3] == ["project", "project IRI", "contribution"]
    assert {"amount", "currency", "status", "funder", "fund", "year"} <= set(en)
    amounts = [r["amount"] for r in rows if r["amount"] is not None]
    assert amounts and all(isinstance(a, (int, float)) for a in amounts)  # numbers, not text
    assert all(isinstance(r["year"], int) for r in rows if r["year"] is not None)
    _, _, projects = _rows(book, "projects")
    assert all(isinstance(p["first day"], dt.datetime) for p in projects if p["first day"] is not None)
    assert all(isinstance(p["total budget"], (int, float)) for p in projects if p["total budget"] is not None)


def test_every_contribution_amount_is_a_row_as_the_graph_states_it(book, store):
    _, _, rows = _rows(book, "contributions")
    graph = _select(store, """SELECT ?project ?c ?value ?currency ?status ?year WHERE {
        ?project a hanke:Project ; schema:funding ?c . ?c schema:amount ?a .
        ?a schema:value ?value ; schema:currency ?currency ; hanke:amountStatus ?status .
        OPTIONAL { ?a hanke:year ?year } }""")
    expected = sorted((g["project"], g["c"], _money(g["value"]), g["currency"], g["status"].rsplit("/", 1)[1],
                       int(g["year"]) if g["year"] else None) for g in graph)
    got = sorted((r["project IRI"], r["contribution"], _money(r["amount"]), r["currency"], r["status"], r["year"])
                 for r in rows if r["amount"] is not None)
    assert got == expected and len(got) >= 30
    # a contribution without an amount has its row too, and every contribution has a row
    contributions = {g["c"] for g in _select(store, "SELECT ?c WHERE { ?p schema:funding ?c }")}
    assert {r["contribution"] for r in rows} == contributions
    # the funders and funds by name, the contribution it is part of
    funders = _select(store, """SELECT ?c ?name WHERE { ?p schema:funding ?c . ?c schema:funder ?f .
        ?f skos:prefLabel ?name FILTER(lang(?name) = "fi") }""")
    by_contribution = {r["contribution"]: r for r in rows}
    assert funders and all(f["name"] in by_contribution[f["c"]]["funder"] for f in funders)
    parts = _select(store, "SELECT ?c ?whole WHERE { ?p schema:funding ?c . ?c dct:isPartOf ?whole }")
    assert parts and all(by_contribution[p["c"]]["part of"] == p["whole"] for p in parts)


def test_the_projects_sheet_is_the_graph_s_projects(book, store):
    _, _, rows = _rows(book, "projects")
    graph = _select(store, """SELECT ?p ?title ?first ?last WHERE { ?p a hanke:Project ; dct:title ?title
        FILTER(lang(?title) = "fi") OPTIONAL { ?p dct:temporal ?t . ?t hanke:computedStart ?first ; hanke:computedEnd ?last } }""")
    assert sorted((g["p"], g["title"]) for g in graph) == sorted((r["IRI"], r["title"]) for r in rows)
    bounds = {g["p"]: (g["first"], g["last"]) for g in graph if g["first"]}
    assert {r["IRI"]: (r["first day"].date().isoformat(), r["last day"].date().isoformat())
            for r in rows if r["first day"] is not None} == bounds


def test_the_organisations_and_programmes_are_the_graph_s(book, store):
    _, en, rows = _rows(book, "organisations")
    assert en[:4] == ["identifier", "IRI", "name (fi)", "name (en)"]
    graph = _select(store, """SELECT ?o (SAMPLE(?fi) AS ?name) (SAMPLE(?id) AS ?business) WHERE {
        { ?o a org:Organization } UNION { ?o a org:OrganizationalUnit }
        OPTIONAL { ?o skos:prefLabel ?fi FILTER(lang(?fi) = "fi") }
        OPTIONAL { ?o adms:identifier ?i . ?i skos:notation ?id ; dct:type <https://w3id.org/hanke/code/identifier-scheme/business-id> }
        } GROUP BY ?o""")
    assert sorted((g["o"], g["name"], g["business"]) for g in graph) == \
        sorted((r["IRI"], r["name (fi)"], r["business ID"]) for r in rows)
    units = {g["o"] for g in _select(store, "SELECT ?o WHERE { ?o a org:OrganizationalUnit }")}
    assert {r["IRI"] for r in rows if r["unit"] is True} == units
    _, _, programmes = _rows(book, "programmes")
    graph = _select(store, """SELECT ?p ?level WHERE { ?p a hanke:FundingProgramme OPTIONAL { ?p hanke:programmeLevel ?level } }""")
    assert sorted((g["p"], g["level"].rsplit("/", 1)[1] if g["level"] else None) for g in graph) == \
        sorted((r["IRI"], r["level"]) for r in programmes)


def test_the_contact_roles_are_the_graph_s_with_names_as_the_setting_allows(book, store):
    _, en, rows = _rows(book, "contact-roles")
    assert "person" in en  # the repository publishes persons by name
    graph = _select(store, """SELECT ?p ?c ?role ?name WHERE { ?p hanke:contact ?c . ?c prov:hadRole ?role
        OPTIONAL { ?c prov:agent ?who . ?who foaf:name ?name } }""")
    assert sorted((g["p"], g["c"], g["role"], g["name"]) for g in graph) == \
        sorted((r["project IRI"], r["contact"], r["role IRI"], r["person"]) for r in rows)


def test_without_names_no_sheet_and_no_csv_names_a_person(publication):
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text().replace("persons: names", "persons: roles"))
    assert run_cli("build").exit_code == 0
    from openpyxl import load_workbook

    book = load_workbook(publication / "build" / "fixture.xlsx", read_only=True)
    try:
        _, en, rows = _rows(book, "contact-roles")
        assert rows and "person" not in en and "person IRI" not in en
    finally:
        book.close()
    text = (publication / "build" / "fixture-contact-roles.csv").read_text(encoding="utf-8")
    assert "Meikäläinen" not in text and "/id/person/" not in text
    # no file of the build names a person: not the tables, the workbook, the JSON, the JSON-LD
    build = (publication / "build").resolve()
    named = [p.relative_to(build).as_posix() for p in build.rglob("*") if p.is_file() and p.suffix != ".xlsx"
             and any(n.encode() in p.read_bytes() for n in ("Meikäläinen", "Virtanen"))]
    assert named == [] and not (build / "id" / "person").exists()


def test_the_readme_sheet_gives_the_licence_the_source_and_every_column(book, kemi_build):
    text = [[c for c in row if c is not None] for row in book["README"].iter_rows(values_only=True)]
    flat = [str(c) for row in text for c in row]
    assert "https://creativecommons.org/licenses/by/4.0/" in flat and "https://data.kemi.fi/kemi.ttl" in flat
    described = {(row[0], row[1]) for row in text if len(row) >= 7}
    for name in SHEETS[1:]:
        _, _, rows = _rows(book, name)
        headings = next(book[name].iter_rows(min_row=1, max_row=1, values_only=True))
        columns = next(csv.reader(io.StringIO((kemi_build / f"kemi-{name}.csv").read_text(encoding="utf-8"))))
        assert len(columns) == len(headings)
        assert {(name, c) for c in columns} <= described, name


@pytest.mark.parametrize("name", SHEETS[1:])
def test_each_sheet_is_its_csv(book, kemi_build, name):
    """The same rows, the CSV's text being the lexical form of the sheet's typed cell."""
    sheet = _padded(book[name].iter_rows(values_only=True))[2:]
    rows = list(csv.reader(io.StringIO((kemi_build / f"kemi-{name}.csv").read_text(encoding="utf-8"))))[1:]
    assert len(sheet) == len(rows)
    for cells, texts in zip(sheet, rows):
        assert [_text(c) for c in cells] == [_lexical(t) for t in texts]


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, (int, float)):
        return _money(cell)
    return str(cell)


def _lexical(text: str) -> str:
    try:
        return _money(text) if text and text.replace(".", "", 1).isdigit() else text
    except ArithmeticError:
        return text


def test_the_tables_are_listed_in_the_catalogue_with_their_descriptions(kemi_build):
    import rdflib

    g = rdflib.Graph().parse(kemi_build / "catalog.ttl")
    dcat, dct = rdflib.Namespace("http://www.w3.org/ns/dcat#"), rdflib.Namespace("http://purl.org/dc/terms/")
    urls = {str(g.value(d, dcat.downloadURL)): d for d in g.subjects(rdflib.RDF.type, dcat.Distribution)}
    for name in SHEETS[1:]:
        d = urls[f"https://data.kemi.fi/kemi-{name}.csv"]
        assert str(g.value(d, dct.conformsTo)) == f"https://data.kemi.fi/kemi-{name}.csv-metadata.json"
        assert (g.value(d, dct.conformsTo), rdflib.RDF.type, dct.Standard) in g
    workbook = urls["https://data.kemi.fi/kemi.xlsx"]
    assert str(g.value(workbook, dcat.mediaType)).endswith("/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert int(g.value(workbook, dcat.byteSize)) == (kemi_build / "kemi.xlsx").stat().st_size
    for kind in ("project", "org", "programme", "place", "source"):
        assert f"https://data.kemi.fi/id/{kind}/index.json" in urls and f"https://data.kemi.fi/id/{kind}/index.jsonld" in urls, kind
    # never a file of every person's name, though the repository publishes persons by name
    assert not any("/id/person/" in url for url in urls)
    assert not (kemi_build / "id/person/index.json").exists() and not (kemi_build / "id/person/index.jsonld").exists()


def test_a_kind_s_json_lists_every_resource_with_its_page_and_document(kemi_build, store):
    import json

    index = json.loads((kemi_build / "id/project/index.json").read_text(encoding="utf-8"))
    projects = {g["p"] for g in _select(store, "SELECT ?p WHERE { ?p a hanke:Project }")}
    assert index["kind"] == "project" and index["count"] == len(projects) == len(index["items"])
    assert {i["id"] for i in index["items"]} == projects
    item = next(i for i in index["items"] if i["id"].endswith("/kaupunkiviljely"))
    assert item["title"] == {"fi": "Ympärivuotinen kaupunkiviljely ja lähiruoan tuottaminen Kemissä"}
    assert (item["firstDay"], item["lastDay"], item["budget"]) == ("2020-01-01", "2022-06-30", {"value": "449880.0", "currency": "EUR"})
    assert item["funder"] == [{"id": "https://data.kemi.fi/id/org/kemin-kaupunki", "label": {"en": "City of Kemi", "fi": "Kemin kaupunki"}}]
    for i in index["items"]:
        for key, ext in (("page", "html"), ("json", "jsonld")):
            assert i[key] == f"{i['id']}.{ext}" and (kemi_build / Path(i[key].removeprefix("https://data.kemi.fi/"))).is_file()
    orgs = json.loads((kemi_build / "id/org/index.json").read_text(encoding="utf-8"))
    assert {o["id"] for o in orgs["items"]} == {r["o"] for r in _select(store, "SELECT ?o WHERE { ?o a org:Organization }")}


def test_a_cell_keeps_its_text_and_its_type():
    """Text a spreadsheet cannot hold as it is: characters XML 1.0 forbids (as U+FFFD), spaces at
    either end (kept), markup (escaped); numbers past a spreadsheet's 15 digits stay text."""
    from openpyxl import load_workbook

    from kemi_lod.config import load_settings
    from kemi_lod.outputs.sheets import Table, workbook
    from kemi_lod.outputs.tables import Column
    from support import FIXTURE

    columns = (Column("text", "string", "", ""), Column("amount", "decimal", "", ""), Column("day", "date", "", ""),
               Column("flag", "boolean", "", ""), Column("year", "gYear", "", ""))
    rows = ({"text": " a\x01b <c> & ", "amount": "12345678901234567", "day": "2020-02-29", "flag": "true", "year": "2020"},
            {"text": "", "amount": "-0.5", "day": "", "flag": "false", "year": ""},
            {"text": "line\r\nnext", "amount": "0.1234567890123456", "day": "1900-02-01", "flag": "1", "year": "0999"},
            {"text": "x" * 40_000, "amount": "", "day": "", "flag": "", "year": ""})
    data = workbook(load_settings(FIXTURE / "kemi-lod.yaml"), [Table("t", ("t", "t"), columns, rows)], None)
    book = load_workbook(io.BytesIO(data))
    cells = [list(r) for r in book["t"].iter_rows(min_row=3, values_only=True)]
    assert cells == [[" a\ufffdb <c> & ", "12345678901234567", dt.datetime(2020, 2, 29), True, 2020],
                     [None, -0.5, None, False, None],
                     # 16 digits, and a day the 1900 date system misplaces, stay text
                     ["line\r\nnext", "0.1234567890123456", "1900-02-01", True, 999],
                     ["x" * 32_767, None, None, None, None]]  # a cell's most characters
    assert book["t"]["C3"].number_format == "mm-dd-yy"  # the built-in short date, in the reader's locale
