"""The linking stage: business IDs with their check digit, places as linked resources, the
reference tables and their matching, register codes and owl:sameAs by code, the VoID
linksets (recounted here with rdflib), and the queries that use the links."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from support import FIXTURE, REGISTER_CSV, REPO, run_cli
from kemi_lod.commands.serve.endpoint import QueryRefused, check_query
from kemi_lod.linking import normalise, read_reference, reference, REFERENCE_FILES
from kemi_lod.records.fields import business_id_problem
from kemi_lod.sparql.queries import example, parse_query

SCHEME = "https://w3id.org/hanke/code/identifier-scheme/"
PREFIXES = """PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/> PREFIX schema: <https://schema.org/> PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX void: <http://rdfs.org/ns/void#>
PREFIX place: <https://w3id.org/hanke/code/place-type/>
"""


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# --- business IDs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0210427-6", "0210469-8", "2296962-1", "0937073-7", "1234567-1", "0000000-0"])
def test_a_valid_business_id_passes(value):
    assert business_id_problem(value) is None


@pytest.mark.parametrize("value, why", [
    ("0210427-5", "wrong check digit: 0210427-6 would be valid"),
    ("1234567-8", "wrong check digit: 1234567-1 would be valid"),
    ("0000001-0", "wrong check digit: 0000001-9 would be valid"),
    ("", "no check digit fits"),  # the value is found below: seven digits whose remainder is 1
    ("210427-6", "is not a business ID"),
    ("0210427 6", "is not a business ID"),
    ("02104276", "is not a business ID"),
])
def test_a_bad_business_id_is_refused_with_the_reason(value, why):
    if why == "no check digit fits":  # find a number whose remainder is 1: no check digit exists
        value = next(f"{n:07d}-0" for n in range(1_000_000, 1_000_100)
                     if sum(w * int(d) for w, d in zip((7, 9, 10, 5, 8, 4, 2), f"{n:07d}")) % 11 == 1)
    assert why in business_id_problem(value)


def test_every_business_id_of_the_reference_table_and_the_records_is_valid():
    rows = _csv(REPO / "reference" / "organisations.csv")
    assert len(rows) >= 15
    assert [r["business_id"] for r in rows if business_id_problem(r["business_id"])] == []
    assert all(r["source"].startswith("https://") for r in rows)


def test_a_wrong_check_digit_in_a_record_is_a_located_error(publication):
    org = publication / "data" / "organisations" / "testikunta.yaml"
    org.write_text(org.read_text(encoding="utf-8").replace("1234567-1", "1234567-2"), encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 1
    assert ("data/organisations/testikunta.yaml:3: business_id.value: '1234567-2' has a wrong check digit: "
            "1234567-1 would be valid") in result.stderr
    assert not (publication / "build").exists()


# --- matching names to the reference tables -----------------------------------------------------------


def test_names_are_compared_without_case_punctuation_or_legal_form():
    assert normalise("Meriva sr") == normalise("MERIVA") == "meriva"
    assert normalise("Pohjantähti-opisto") == normalise("Pohjantähtiopisto")
    assert normalise("Toivola-Luotolan Setlementti ry") == normalise("toivola-luotolan setlementti")
    assert normalise("Lapin ammattikorkeakoulu Oy") == "lapin ammattikorkeakoulu"
    assert normalise("Mäntyharju") != normalise("Mantyharju")  # Finnish letters are letters
    assert normalise("Oy") == "oy"  # a legal form alone is a name


def test_the_reference_tables_hold_every_municipality_and_region():
    ref = reference()
    kemi = ref.place("municipality", ["Kemi"])
    assert (kemi.code, kemi.nuts3, kemi.wikidata.value) == ("240", "FI1D7", "Q203619")
    assert ref.place("municipality", ["Kemi", "Kemi"]) is kemi
    assert ref.place("region", ["Lappland"]).code == "19"  # the Swedish name matches too
    assert ref.place("municipality", ["Lappi"]) is None  # a region is not a municipality
    assert ref.place("municipality", ["Pertunmaa"]) is None  # merged into Mäntyharju before 2026
    rows = {kind: _csv(REPO / "reference" / f"{kind}.csv") for kind in ("municipalities", "regions")}
    assert (len(rows["municipalities"]), len(rows["regions"])) == (308, 19)
    regions = {r["code"]: r["nuts3"] for r in rows["regions"]}
    assert all(regions[m["region_code"]] == m["nuts3"] for m in rows["municipalities"])


def test_a_name_that_fits_two_different_rows_matches_none():
    tables = {name: (REPO / "reference" / name).read_bytes() for name in REFERENCE_FILES}
    tables["organisations.csv"] += "1234567-1,Kemin kaupunki,,https://example.org/other\n".encode()
    ref = read_reference(tables)
    assert ref.organisation(["Kemin kaupunki"]) is None
    assert ref.organisation(["Lapin liitto"]).business_id == "0937073-7"
    assert ref.digest != reference().digest  # a changed table changes the records' cache key
    # rows that share one business ID (the ELY centres') are not a conflict
    assert reference().organisation(["Lapin ELY-keskus", "Lapin elinkeino-, liikenne- ja ympäristökeskus"]).business_id == "2296962-1"


# --- the Kemi publication ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def kemi_graph(kemi_build) -> rdflib.Graph:
    return rdflib.Graph().parse(kemi_build / "kemi.nt", format="nt")


def test_every_place_is_a_linked_resource(kemi_graph):
    g = kemi_graph
    places = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("http://purl.org/dc/terms/Location")))
    assert len(places) == 7
    # every municipality and region has its official code and its link
    unlinked = list(g.query(PREFIXES + """SELECT ?p WHERE { ?p a schema:AdministrativeArea
        FILTER NOT EXISTS { ?p skos:exactMatch ?code FILTER(STRSTARTS(STR(?code), "http://uri.suomi.fi/codelist/jhs/")) } }"""))
    assert unlinked == []
    # every other place lies, at some depth, in a municipality that has its code
    unplaced = list(g.query(PREFIXES + """SELECT ?p WHERE { ?p a dct:Location ; dct:type place:area
        FILTER NOT EXISTS { ?p schema:containedInPlace+ ?m . ?m dct:type place:municipality ; skos:exactMatch ?code } }"""))
    assert unplaced == []
    # projects point at places, not at text
    assert not list(g.triples((None, rdflib.URIRef("https://w3id.org/hanke/vocab#areaOfOperation"), None)))
    spatial = {str(o) for o in g.objects(None, rdflib.URIRef("http://purl.org/dc/terms/spatial"))}
    assert spatial <= {str(p) for p in places}
    kemi = rdflib.URIRef("https://data.kemi.fi/id/place/kemi")
    assert {str(o) for o in g.objects(kemi, rdflib.SKOS.exactMatch)} == {
        "http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/240", "http://www.wikidata.org/entity/Q203619"}
    lappi = rdflib.URIRef("https://data.kemi.fi/id/place/lappi")
    assert {str(o) for o in g.objects(lappi, rdflib.SKOS.exactMatch)} == {
        "http://uri.suomi.fi/codelist/jhs/maakunta_1_20240101/code/19", "http://data.europa.eu/nuts/code/FI1D7",
        "http://www.wikidata.org/entity/Q5700"}


def _identifiers(g: rdflib.Graph, scheme: str) -> dict[str, str]:
    return {str(s): str(n) for s, n in g.query(PREFIXES + f"""SELECT ?s ?n WHERE {{
        ?s adms:identifier ?i . ?i dct:type <{SCHEME}{scheme}> ; skos:notation ?n ; adms:schemaAgency ?agency ; dct:source ?src }}""")}


def test_organisations_carry_their_business_ids_with_sources(kemi_graph):
    ids = _identifiers(kemi_graph, "business-id")
    org = "https://data.kemi.fi/id/org/"
    assert ids == {
        org + "kemin-kaupunki": "0210427-6", org + "keminmaan-kunta": "0210469-8", org + "lapin-liitto": "0937073-7",
        org + "lapin-yliopisto": "0292800-5", org + "lapin-ely-keskus": "2296962-1",
        org + "pohjois-pohjanmaan-ely-keskus": "2296962-1", org + "opetushallitus": "2769790-1",
        org + "meriva": "1570156-3", org + "saura-saatio": "1733423-4", org + "toivola-luotolan-setlementti": "0191024-1",
        org + "kivalo-opisto": "1473514-7", org + "sosiaali-ja-terveysministerio": "0244685-8",
    }
    # the organisations that are not units of another, and the share of them with an ID
    legal = {str(s) for s, in kemi_graph.query(PREFIXES + """SELECT ?o WHERE { ?o a org:Organization
        FILTER NOT EXISTS { ?o a org:OrganizationalUnit } }""")}
    assert (len(ids), len(legal)) == (12, 17)
    assert set(ids) <= legal
    # municipalities and regions as organisations lead to their places' codes
    spatial = rdflib.URIRef("http://purl.org/dc/terms/spatial")
    assert kemi_graph.value(rdflib.URIRef(org + "lapin-liitto"), spatial) == rdflib.URIRef("https://data.kemi.fi/id/place/lappi")


def test_curated_projects_carry_their_register_codes_with_their_pages(kemi_graph):
    codes = _identifiers(kemi_graph, "register-code")
    project = "https://data.kemi.fi/id/project/"
    assert len(codes) == 9 and codes[project + "yhdessa-etana"] == "S22084" and codes[project + "kaupunkiviljely"] == "A75385"
    for iri, code in codes.items():
        page = rdflib.URIRef(f"https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi={code}")
        assert (rdflib.URIRef(iri), rdflib.RDFS.seeAlso, page) in kemi_graph
    assert not list(kemi_graph.subject_objects(rdflib.OWL.sameAs))  # Kemi names no register publication


def test_the_programme_has_its_cci_code(kemi_graph):
    assert _identifiers(kemi_graph, "cci") == {
        "https://data.kemi.fi/id/programme/kestavaa-kasvua-ja-tyota-2014-2020": "2014FI16M2OP001"}


def test_the_build_prints_the_coverage_and_validate_lists_what_is_unlinked(tmp_path):
    built = run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(tmp_path / "build"))
    assert built.exit_code == 0, built.stderr
    assert ("links: 12 of 17 organisations with a business ID (70 %), 4 of 4 municipalities and regions with "
            "their official codes, 1 programme with a CCI code, 9 of 44 projects with a register code") in built.stdout
    result = run_cli("validate", "--config", str(REPO / "kemi-lod.yaml"))
    notes = [line for line in result.stderr.splitlines() if "hsh:OrganisationBusinessId" in line]
    assert sorted(line.split(":")[0] for line in notes) == [
        f"data/organisations/{o}.yaml" for o in
        ("aluehallintovirasto", "kemin-matkailu", "kemin-satama", "lapin-te-toimisto", "simon-kunta")]


def test_the_void_linksets_are_recounted(kemi_build, kemi_graph):
    void = rdflib.Graph().parse(kemi_build / "void.ttl", format="turtle")
    linksets = list(void.query(PREFIXES + """SELECT ?target ?space ?predicate ?n WHERE {
        ?d void:subset ?ls . ?ls a void:Linkset ; void:objectsTarget ?target ; void:linkPredicate ?predicate ; void:triples ?n .
        ?target void:uriSpace ?space }"""))
    for target, space, predicate, n in linksets:
        recount = sum(1 for _, _, o in kemi_graph.triples((None, predicate, None))
                      if isinstance(o, rdflib.URIRef) and str(o).startswith(str(space)))
        assert int(n) == recount, target
    assert {str(t).split("#target-")[1]: int(n) for t, _, _, n in linksets} == {
        "wikidata": 4, "municipality-codes": 3, "region-codes": 1, "nuts": 1, "register-pages": 9}


# --- register codes and owl:sameAs ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_publications(tmp_path_factory) -> tuple[Path, Path]:
    """The register's publication of Kemin kaupunki's projects, and a curated publication
    (the fixture) naming the register, with one project that carries a register code and one
    whose title is that of a register project but which carries no code."""
    root = tmp_path_factory.mktemp("linked")
    register, curated = root / "register", root / "curated"
    imported = run_cli("import", "register", str(REGISTER_CSV), "--out", str(register), "--dataset", "eura",
                       "--base-iri", "https://register.example/", "--organisations-base", "https://data.kemi.fi/",
                       "--implementer", "Kemin kaupunki")
    assert imported.exit_code == 0, imported.stderr
    assert run_cli("build", "--config", str(register / "kemi-lod.yaml")).exit_code == 0
    shutil.copytree(FIXTURE, curated)
    config = curated / "kemi-lod.yaml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "register:\n  name: {fi: EURA 2014, en: EURA 2014}\n"
        '  page: "https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi={code}"\n'
        "  publication: https://register.example/\n"), encoding="utf-8")
    projects = curated / "data" / "projects"
    (projects / "koodilla.yaml").write_text(
        'title: Kemin työllisyys- ja elinvoimahanke\nsources: [{source: sivu}]\n'
        'register_code: {value: S20649, source: "https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi=S20649"}\n',
        encoding="utf-8")
    (projects / "nimella.yaml").write_text('title: Valmiudet kuntoon\nsources: [{source: sivu}]\n', encoding="utf-8")
    built = run_cli("build", "--config", str(config))
    assert built.exit_code == 0, built.stderr
    return register / "build", curated / "build"


def test_a_project_with_a_register_code_is_the_same_as_the_register_project(two_publications):
    register, curated = two_publications
    r = rdflib.Graph().parse(register / "eura.nt", format="nt")
    c = rdflib.Graph().parse(curated / "fixture.nt", format="nt")
    same = {(str(s), str(o)) for s, o in c.subject_objects(rdflib.OWL.sameAs)}
    # by code only: the fixture's project with the source code S12345 (`identifier`) links too,
    # to where the register's publication has (or would have) that project
    assert same == {("https://example.org/pub/id/project/koodilla", "https://register.example/id/project/s20649"),
                    ("https://example.org/pub/id/project/kaikki-kentat", "https://register.example/id/project/s12345")}
    hanke = rdflib.Namespace("https://w3id.org/hanke/vocab#")
    assert (rdflib.URIRef("https://register.example/id/project/s20649"), rdflib.RDF.type, hanke.Project) in r
    # the title alone links nothing: "Valmiudet kuntoon" (S20415) is a register project too
    assert (None, None, rdflib.Literal("Valmiudet kuntoon", lang="fi")) in r
    page = rdflib.URIRef("https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi=S20649")
    assert (rdflib.URIRef("https://example.org/pub/id/project/koodilla"), rdflib.RDFS.seeAlso, page) in c
    assert (rdflib.URIRef("https://register.example/id/project/s20649"), rdflib.RDFS.seeAlso, page) in r
    assert _identifiers(r, "register-code")["https://register.example/id/project/s20649"] == "S20649"
    void = rdflib.Graph().parse(curated / "void.ttl", format="turtle")
    counts = {str(t).split("#target-")[1]: int(n) for t, n in void.query(PREFIXES + """SELECT ?t ?n WHERE {
        ?ls a void:Linkset ; void:objectsTarget ?t ; void:triples ?n }""")}
    assert counts["register-publication"] == 2 and counts["register-pages"] == 2


def test_one_organisations_projects_across_two_publications(two_publications, kemi_build):
    """Kemin kaupunki's projects in the curated Kemi publication and in the register's, found by its business ID."""
    register, _ = two_publications
    store = ox.Store()
    for dump in (kemi_build / "kemi.nt", register / "eura.nt"):
        store.load(path=str(dump), format=ox.RdfFormat.N_TRIPLES)
    rows = list(store.query(example("organisation-projects").text))
    publications = {}
    for row in rows:
        publications.setdefault(row["publication"].value, []).append(row)
    assert set(publications) == {"https://data.kemi.fi/", "https://register.example/"}
    assert len({row["project"] for row in publications["https://data.kemi.fi/"]}) == 44
    register_rows = publications["https://register.example/"]
    assert len(register_rows) == len(list(rdflib.Graph().parse(register / "eura.nt", format="nt").subjects(
        rdflib.RDF.type, rdflib.URIRef("https://w3id.org/hanke/vocab#Project"))))
    assert all(row["register_code"] is not None and row["role"].value == "implementer" for row in register_rows)


# --- the federated query ------------------------------------------------------------------------------------


def test_the_federated_query_parses_is_marked_and_is_refused_by_serve():
    path = REPO / "queries" / "federated" / "municipalities-wikidata.rq"
    text = path.read_text(encoding="utf-8")
    query = parse_query(text, "municipalities-wikidata")
    assert "not run" in query.headers["federated"] or "never run" in query.headers["federated"]
    prepareQuery(text)  # standard SPARQL 1.1 (with SERVICE)
    with pytest.raises(QueryRefused):
        check_query(text)
    with pytest.raises(Exception):
        example("municipalities-wikidata")  # not an example: the build does not run it


# --- the refresh script ---------------------------------------------------------------------------------------


def _refresh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "refresh_reference.py"), *args],
                          capture_output=True, text=True, timeout=60)


def test_the_refresh_script_checks_the_tables_and_says_how_to_refresh_them(tmp_path):
    done = _refresh("check")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    steps = _refresh("steps").stdout
    assert "data.stat.fi/api/classifications/v2/correspondenceTables/kunta_1_YYYY0101%23maakunta_1_YYYY0101" in steps
    assert "tietopalvelu.ytj.fi" in steps and "No item is guessed" in steps
    broken = tmp_path / "reference"
    shutil.copytree(REPO / "reference", broken)
    organisations = broken / "organisations.csv"
    organisations.write_text(organisations.read_text(encoding="utf-8").replace("0210427-6", "0210427-5"), encoding="utf-8")
    wikidata = broken / "wikidata.csv"
    wikidata.write_text(wikidata.read_text(encoding="utf-8").replace("municipality,241,Q859608,Keminmaa",
                                                                     "municipality,241,Q859608,Kemi"), encoding="utf-8")
    done = _refresh("check", "--dir", str(broken))
    assert done.returncode == 1
    assert "'0210427-5' is not a valid business ID" in done.stderr
    assert "wikidata.csv:3: 'Kemi' is not the name of municipality 241" in done.stderr
