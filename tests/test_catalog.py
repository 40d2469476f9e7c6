"""The harvestable publication: DCAT-AP catalogue, VoID, the projects CSV, the vocabulary page."""

from __future__ import annotations

import re

import csv
import hashlib
import io
import json
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, XSD

from support import FIXTURE, REPO, run_cli
from kemi_lod.standards import PROFILES
from kemi_lod.commands.check_catalog import check_catalog
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.rdf.graphstats import combine, graph_stats
from kemi_lod.rdf.nodes import by_subject
from kemi_lod.rdf.serialize import statements
from kemi_lod.outputs.tables import Joined, table_facts
from kemi_lod.shacl.validation import to_rdflib

DCAT_AP_3 = list(PROFILES["dcat-ap-3"].shapes)
AVOINDATA = PROFILES["avoindata"].shapes[0].parent
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
HANKE = rdflib.Namespace("https://w3id.org/hanke/vocab#")
BASE = "https://data.kemi.fi/"

# Recommended properties the catalogue leaves out, each for a reason given in docs/catalogue.md.
ACCEPTED_WARNINGS = {
    ("<http://publications.europa.eu/resource/authority/place/FIN_KEM> dcat:bbox"),
    ("<http://publications.europa.eu/resource/authority/place/FIN_KEM> dcat:centroid"),
    (f"<{BASE}catalog.ttl#shapes> dct:spatial"),
    (f"<{BASE}catalog.ttl#shapes> dct:temporal"),
    (f"<{BASE}catalog.ttl#vocabulary> dct:spatial"),
    (f"<{BASE}catalog.ttl#vocabulary> dct:temporal"),
}


def graph(path: Path, fmt: str = "turtle") -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=fmt)


def test_the_catalogue_has_no_violations_under_dcat_ap_3(kemi_build):
    runs = check_catalog(kemi_build / "catalog.ttl", DCAT_AP_3)
    assert [(Path(r.shapes).name, r.violations) for r in runs] == [
        ("shapes.ttl", ()), ("range.ttl", ()), ("shapes_recommended.ttl", ()), ("deprecateduris.ttl", ())]
    warnings = {p.field for r in runs for p in r.problems}
    assert warnings == ACCEPTED_WARNINGS


def test_the_avoindata_catalogue_has_no_violations_under_the_avoindata_shapes(kemi_build):
    runs = check_catalog(kemi_build / "catalog-avoindata.ttl", [AVOINDATA / "avoindata_dcat-ap_shacl.ttl"],
                         [AVOINDATA / "FOAF.ttl"], inference="rdfs")
    assert [r.problems for r in runs] == [()]


def test_the_two_catalogues_differ_only_in_byte_size_datatype_and_checksum(kemi_build):
    main, avoindata = graph(kemi_build / "catalog.ttl"), graph(kemi_build / "catalog-avoindata.ttl")
    differs = {SPDX.algorithm, SPDX.checksumValue, DCAT.byteSize}
    assert {t for t in main if t[1] not in differs} == {t for t in avoindata if t[1] not in differs}
    assert {o.datatype for o in main.objects(None, DCAT.byteSize)} == {XSD.nonNegativeInteger}
    assert {o.datatype for o in avoindata.objects(None, DCAT.byteSize)} == {XSD.decimal}
    assert set(main.objects(None, SPDX.algorithm)) == {SPDX.checksumAlgorithm_sha256}
    assert set(avoindata.objects(None, SPDX.algorithm)) == {SPDX.checksumAlgorithm_sha1}


@pytest.mark.parametrize("name,algorithm", [("catalog.ttl", "sha256"), ("catalog-avoindata.ttl", "sha1")])
def test_sizes_and_checksums_are_those_of_the_files_written(kemi_build, name, algorithm):
    g = graph(kemi_build / name)
    described = {}
    for dist in g.subjects(RDF.type, DCAT.Distribution):
        url = str(g.value(dist, DCAT.downloadURL))
        assert url == str(g.value(dist, DCAT.accessURL)) and url.startswith(BASE)
        path = kemi_build / url.removeprefix(BASE)
        data = path.read_bytes()
        assert int(g.value(dist, DCAT.byteSize)) == len(data), url
        checksum = g.value(dist, SPDX.checksum)
        assert str(g.value(checksum, SPDX.checksumValue)) == hashlib.new(algorithm, data).hexdigest(), url
        described[url.removeprefix(BASE)] = str(g.value(dist, DCAT.mediaType))
    assert described == {
        "kemi.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
        "kemi.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json",
        "kemi.nt": "https://www.iana.org/assignments/media-types/application/n-triples",
        "kemi-projects.csv": "https://www.iana.org/assignments/media-types/text/csv",
        "ontology/hanke.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
        "ontology/hanke.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json",
        "ontology/codelists.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
        "ontology/codelists.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json",
        "shapes/hanke-shapes.ttl": "https://www.iana.org/assignments/media-types/text/turtle",
        "ontology/hanke-context.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json",
        "kemi.xlsx": "https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        **{f"kemi-{t}.csv": "https://www.iana.org/assignments/media-types/text/csv"
           for t in ("contributions", "organisations", "programmes", "contact-roles")},
        **{f"id/{kind}/index.json": "https://www.iana.org/assignments/media-types/application/json"
           for kind in ("project", "org", "programme", "place", "source")},  # never persons (docs/privacy.md)
        **{f"id/{kind}/index.jsonld": "https://www.iana.org/assignments/media-types/application/ld+json"
           for kind in ("project", "org", "programme", "place", "source")},
    }


def test_the_catalogue_says_what_the_settings_and_the_data_say(kemi_build):
    g = graph(kemi_build / "catalog.ttl")
    dataset = rdflib.URIRef(f"{BASE}catalog.ttl#dataset")
    eu = "http://publications.europa.eu/resource/authority/"
    assert set(g.subjects(RDF.type, DCAT.Dataset)) == {
        dataset, rdflib.URIRef(f"{BASE}catalog.ttl#vocabulary"), rdflib.URIRef(f"{BASE}catalog.ttl#shapes")}
    assert set(g.objects(None, DCTERMS.license)) == {rdflib.URIRef(f"{eu}licence/CC_BY_4_0")}
    assert set(g.objects(dataset, DCAT.theme)) == {rdflib.URIRef(f"{eu}data-theme/{c}") for c in ("GOVE", "ECON", "REGI")}
    assert set(g.objects(dataset, DCTERMS.language)) == {rdflib.URIRef(f"{eu}language/{c}") for c in ("FIN", "ENG")}
    place = rdflib.URIRef(f"{eu}place/FIN_KEM")
    assert set(g.objects(dataset, DCTERMS.spatial)) == {place} and (place, RDF.type, DCTERMS.Location) in g
    assert set(g.objects(dataset, DCTERMS.conformsTo)) == {rdflib.URIRef("https://w3id.org/hanke/vocab/2.2.0")}
    assert str(g.value(dataset, DCTERMS.title, any=True)) in {"Kemin kaupungin kehittämishankkeet", "Development projects of the City of Kemi"}
    # the newest source page is dated 2023; no SOURCE_DATE_EPOCH in the test run
    assert g.value(dataset, DCTERMS.modified) == rdflib.Literal("2023-01-01", datatype=XSD.date)


def test_temporal_coverage_spans_the_projects_periods(kemi_build):
    settings = load_settings(REPO / "kemi-lod.yaml")
    built = to_rdflib(check(settings, settings.root / "data").graph())
    starts = [built.value(p, HANKE.computedStart) for p in built.objects(None, DCTERMS.temporal)
              if any(built.triples((None, DCTERMS.temporal, p)))]
    ends = [built.value(p, HANKE.computedEnd) for p in built.objects(None, DCTERMS.temporal)]
    period = graph(kemi_build / "catalog.ttl").value(rdflib.URIRef(f"{BASE}catalog.ttl#dataset"), DCTERMS.temporal)
    g = graph(kemi_build / "catalog.ttl")
    assert g.value(period, DCAT.startDate).toPython() == min(s.toPython() for s in starts if s is not None)
    assert g.value(period, DCAT.endDate).toPython() == max(e.toPython() for e in ends if e is not None)


def test_projects_are_not_typed_as_datasets(kemi_build):
    for name, fmt in (("kemi.ttl", "turtle"), ("catalog.ttl", "turtle"), ("catalog.jsonld", "json-ld")):
        g = graph(kemi_build / name, fmt)
        assert not set(g.subjects(RDF.type, HANKE.Project)) & set(g.subjects(RDF.type, DCAT.Dataset))
    assert len(set(graph(kemi_build / "kemi.ttl").subjects(RDF.type, DCAT.Dataset))) == 0


def test_the_json_ld_catalogue_is_the_turtle_catalogue(kemi_build):
    from rdflib.compare import isomorphic

    assert isomorphic(graph(kemi_build / "catalog.ttl"), graph(kemi_build / "catalog.jsonld", "json-ld"))


def test_source_date_epoch_sets_the_modification_date(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run_cli("build", "--config", str(FIXTURE / "kemi-lod.yaml"), "--out", str(tmp_path / "b")).exit_code == 0
    g = graph(tmp_path / "b" / "catalog.ttl")
    assert set(g.objects(None, DCTERMS.modified)) == {rdflib.Literal("2023-11-14", datatype=XSD.date)}


# --- VoID ---------------------------------------------------------------------------------------


def test_void_statistics_are_those_of_the_built_graph(kemi_build):
    built = graph(kemi_build / "kemi.nt", "nt")
    void = graph(kemi_build / "void.ttl")
    assert (kemi_build / ".well-known" / "void").read_bytes() == (kemi_build / "void.ttl").read_bytes()
    ds = void.value(predicate=RDF.type, object=VOID.Dataset)
    assert int(void.value(ds, VOID.triples)) == len(built)
    assert int(void.value(ds, VOID.distinctSubjects)) == len(set(built.subjects()))
    assert int(void.value(ds, VOID.distinctObjects)) == len(set(built.objects()))
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities)) for p in void.objects(ds, VOID.classPartition)}
    assert classes == {c: len(set(built.subjects(RDF.type, c))) for c in set(built.objects(None, RDF.type))}
    properties = {void.value(p, VOID.property): int(void.value(p, VOID.triples)) for p in void.objects(ds, VOID.propertyPartition)}
    assert properties == {p: len(list(built.triples((None, p, None)))) for p in set(built.predicates())}
    assert {str(d) for d in void.objects(ds, VOID.dataDump)} == {f"{BASE}kemi.{e}" for e in ("ttl", "nt", "jsonld")}
    assert str(void.value(ds, VOID.uriSpace)) == BASE
    examples = set(void.objects(ds, VOID.exampleResource))
    assert len(examples) == 3 and all((e, RDF.type, HANKE.Project) in built for e in examples)
    assert rdflib.URIRef("https://w3id.org/hanke/vocab#") in set(void.objects(ds, VOID.vocabulary))


# --- the CSV ------------------------------------------------------------------------------------


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))


def test_the_csv_has_one_row_per_project_of_the_graph(kemi_build):
    rows = read_csv(kemi_build / "kemi-projects.csv")
    built = graph(kemi_build / "kemi.nt", "nt")
    assert [r["iri"] for r in rows] == sorted(str(p) for p in built.subjects(RDF.type, HANKE.Project))
    row = next(r for r in rows if r["id"] == "kaupunkiviljely")
    assert row == {
        "id": "kaupunkiviljely", "iri": f"{BASE}id/project/kaupunkiviljely",
        "title": "Ympärivuotinen kaupunkiviljely ja lähiruoan tuottaminen Kemissä",
        "department": "Elinvoimatoimiala", "start": "2020-01-01", "end": "2022-06-30", "currency": "EUR",
        "total_budget": "449880", "eu_and_state_funding": "359904", "municipal_funding": "89976",
        # the city's 2020 share is part of the municipal funding: counted there, not again
        "private_funding": "", "city_share": "31670", "city_share_year": "2020", "amount_statuses": "planned",
        "funders": "Kemin kaupunki",  # the funder of the city's own contribution
        "programme": "", "contact_roles": "projektipäällikkö (Anne Oikarinen)",
        "first_day": "2020-01-01", "last_day": "2022-06-30",  # the period's computed bounds
    }


def test_the_fixture_csv_row_with_every_field(publication):
    assert run_cli("build").exit_code == 0
    rows = read_csv(publication / "build" / "fixture-projects.csv")
    row = next(r for r in rows if r["id"] == "kaikki-kentat")
    assert row == {
        "id": "kaikki-kentat", "iri": "https://example.org/pub/id/project/kaikki-kentat", "title": "Kaikki kentät",
        "department": "Elinvoimatoimiala", "start": row["start"], "end": row["end"], "currency": "EUR",
        "total_budget": "100000",  # not the annual budget of 2020
        "eu_and_state_funding": "80000", "municipal_funding": "15000.5", "private_funding": "4999.5",
        # the city gives 15000.5 (funding[2], for the whole period), of which 5000 in 2021
        # (funding[4], part of funding[2]): its own money is 15000.5, for no one year
        "city_share": "15000.5", "city_share_year": "",
        "amount_statuses": "applied; granted; paid; planned",
        "funders": "Maakunnan liitto; Testikunta; Testin yliopisto",
        "programme": "Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen",
        "contact_roles": row["contact_roles"], "first_day": "2019-12-01", "last_day": "2021-11-30",
    }
    assert "Maija Meikäläinen" in row["contact_roles"] and "Matti Virtanen" in row["contact_roles"]



@pytest.mark.parametrize("folder", [REPO, FIXTURE], ids=["kemi", "fixture"])
def test_the_table_joined_from_the_records_is_the_table_of_the_whole_graph(folder, tmp_path):
    # the rows are computed per record in the record stage and joined; the same function on
    # the whole graph at once must give the same rows
    settings = replace(load_settings(folder / "kemi-lod.yaml"), root=tmp_path)
    checked = check(settings, folder / "data", use_cache=False)
    per_record = Joined.of(checked.cache.table_facts(), settings)
    whole = Joined.of([table_facts(by_subject(statements(checked.graph())))], settings)
    assert [per_record.row(p) for p in per_record.projects] == [whole.row(p) for p in whole.projects]
    assert len(per_record.projects) == checked.projects


@pytest.mark.parametrize("folder", [REPO, FIXTURE], ids=["kemi", "fixture"])
def test_the_description_added_up_from_the_records_is_that_of_the_whole_graph(folder, tmp_path):
    # VoID counts and the vocabulary page's examples are computed per record and added up
    settings = replace(load_settings(folder / "kemi-lod.yaml"), root=tmp_path)
    checked = check(settings, folder / "data", use_cache=False)
    whole = checked.graph()
    assert combine(checked.cache.graph_stats(), 0) == combine([graph_stats(by_subject(statements(whole)))], 0)
    facts = combine(checked.cache.graph_stats(), 0)
    assert facts.triples == len(whole) and facts.distinct_subjects == len({t.subject for t in whole})
    # the first use of a property in IRI order, as a SPARQL engine orders it
    built = to_rdflib(whole)
    for prop, (subject, _) in facts.first_uses.items():
        first = built.query(f"SELECT ?s WHERE {{ ?s <{prop}> ?o }} ORDER BY STR(?s) LIMIT 1")
        assert [str(r.s) for r in first] == [subject]


def test_the_csv_schema_describes_every_column(kemi_build):
    meta = json.loads((kemi_build / "kemi-projects.csv-metadata.json").read_text())
    header = (kemi_build / "kemi-projects.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert meta["url"] == "kemi-projects.csv"
    assert [c["name"] for c in meta["tableSchema"]["columns"]] == header
    g = graph(kemi_build / "catalog.ttl")
    dist = rdflib.URIRef(f"{BASE}catalog.ttl#distribution-csv")
    assert g.value(dist, DCTERMS.conformsTo) == rdflib.URIRef(f"{BASE}kemi-projects.csv-metadata.json")


# --- the vocabulary page --------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.text: list[str] = []
        self.scripts = 0
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "script":
            self.scripts += 1
        if tag == "html":
            self.html_lang = attrs.get("lang")

    def handle_data(self, data):
        self.text.append(data)


def test_the_vocabulary_page_documents_every_term(kemi_build):
    page = _Page()
    html = (kemi_build / "ontology" / "index.html").read_text(encoding="utf-8")
    page.feed(html)
    text = "".join(page.text)
    onto = graph(REPO / "ontology" / "hanke.ttl")
    terms = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in onto.subjects(RDF.type, k)}
    assert terms
    for term in terms:
        assert str(term).rsplit("#", 1)[1] in page.ids, term
        assert str(term) in text, term
        for label in onto.objects(term, rdflib.RDFS.label):
            assert str(label) in text, (term, label)
        for comment in onto.objects(term, rdflib.RDFS.comment):
            assert str(comment) in text, (term, comment)
    # in the site's layout and menu (Finnish), the documentation itself in English
    assert page.scripts == 0 and page.html_lang == "fi" and '<main id="main" lang="en">' in html
    assert '<nav aria-label="Päävalikko">' in html and 'href="../assets/site.css"' in html
    assert "Example" in text and f"{BASE}id/project/" in text


def test_the_vocabulary_page_has_the_parts_of_a_vocabulary_documentation(kemi_build):
    """Metadata (IRI, versions, dates, licence, creators, how to cite), namespaces, mappings and
    why none fits, whole examples from the data, the profile from the shapes, the changelog."""
    page = _Page()
    html = (kemi_build / "ontology" / "index.html").read_text(encoding="utf-8")
    page.feed(html)
    text = "".join(page.text)
    for anchor in ("metadata", "namespaces", "classes", "properties", "profile", "codes", "changelog"):
        assert anchor in page.ids, anchor
    for part in ("Version IRI", "https://w3id.org/hanke/vocab/2.2.0", "Prior version", "https://w3id.org/hanke/vocab/2.1.0",
                 "1.1.0 (2026-11-30)", "https://creativecommons.org/licenses/by/4.0/", "kemi-lod developers",
                 "Cite as", "http://data.europa.eu/s66#", "eurio:isImplementedBy", "No term of the reused vocabularies fits",
                 "2.2.0 (2026-12-06)", "2.1.0 (2026-12-06)", "2.0.0 (2026-12-05)", "1.0.0 (2026-11-23)", "hanke:queryTimeLimit"):
        assert part in text, part
    # a whole instance of each class used in the data, in Turtle: the first project with every property
    example = re.search(r'id="Project".*?<pre tabindex="0"><code>(.*?)</code></pre>', html, re.S)[1]
    assert example.startswith("&lt;https://data.kemi.fi/id/project/") and "dct:title" in example and "schema:funding" in example
    # the profile: a reused property with its cardinality from the shapes
    assert re.search(r"<code>dct:temporal</code></a></td><td>0\.\.1</td>", html)
    for version in ("1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0"):
        assert f'href="releases/{version}/hanke.ttl"' in html and (kemi_build / "ontology" / "releases" / version / "hanke.ttl").is_file()


def test_the_ontology_is_published_as_json_ld_beside_the_turtle(kemi_build):
    from rdflib.compare import isomorphic

    for name in ("hanke", "codelists"):
        assert isomorphic(graph(kemi_build / "ontology" / f"{name}.ttl"),
                          graph(kemi_build / "ontology" / f"{name}.jsonld", "json-ld"))


# --- check-catalog ------------------------------------------------------------------------------


def test_check_catalog_passes_the_built_catalogue(kemi_build):
    args = [a for f in DCAT_AP_3 for a in ("--shapes", str(f))]
    result = run_cli("check-catalog", str(kemi_build / "catalog.ttl"), *args)
    assert result.exit_code == 0, result.stderr
    assert [line.split(": ", 1)[1] for line in result.stdout.splitlines()] == [
        "0 violations, 0 warnings", "0 violations, 0 warnings", f"0 violations, {len(ACCEPTED_WARNINGS)} warnings",
        "0 violations, 0 warnings"]


def test_check_catalog_runs_the_shipped_profiles(kemi_build):
    result = run_cli("check-catalog", str(kemi_build / "catalog.ttl"), "--profile", "dcat-ap-3")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "dcat-ap-3:shapes.ttl: 0 violations, 0 warnings", "dcat-ap-3:range.ttl: 0 violations, 0 warnings",
        f"dcat-ap-3:shapes_recommended.ttl: 0 violations, {len(ACCEPTED_WARNINGS)} warnings",
        "dcat-ap-3:deprecateduris.ttl: 0 violations, 0 warnings"]
    # avoindata's profile brings its FOAF ontology and RDFS inference; without them it would fail
    result = run_cli("check-catalog", str(kemi_build / "catalog-avoindata.ttl"), "--profile", "avoindata")
    assert (result.exit_code, result.stdout) == (0, "avoindata:avoindata_dcat-ap_shacl.ttl: 0 violations, 0 warnings\n")
    # the DCAT-AP 3 catalogue is not the avoindata one: the profile finds the difference
    assert run_cli("check-catalog", str(kemi_build / "catalog.ttl"), "--profile", "avoindata").exit_code == 1


def test_check_catalog_needs_a_profile_or_shapes(kemi_build):
    result = run_cli("check-catalog", str(kemi_build / "catalog.ttl"))
    assert result.exit_code == 2 and "give --profile (avoindata, dcat-ap-3) or --shapes" in result.stderr


def test_check_catalog_reports_violations_with_exit_code_1(kemi_build):
    # the DCAT-AP 3 catalogue breaks the avoindata.fi shapes exactly where the avoindata one differs
    result = run_cli("check-catalog", str(kemi_build / "catalog.ttl"), "--shapes", str(AVOINDATA))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 * 25  # two for each of the 25 distributions
    assert all(line.startswith(f"{kemi_build / 'catalog.ttl'}: <{BASE}catalog.ttl#distribution-") for line in lines)
    assert sum("spdx.org/rdf/terms#algorithm" in line for line in lines) == 25
    assert sum("dcat:byteSize" in line for line in lines) == 25


def test_check_catalog_usage_errors_exit_with_2(tmp_path):
    assert run_cli("check-catalog", str(tmp_path / "missing.ttl"), "--shapes", str(tmp_path)).exit_code == 2
    (tmp_path / "c.ttl").write_text("<a:b> <a:c> <a:d> .\n")
    result = run_cli("check-catalog", str(tmp_path / "c.ttl"), "--shapes", str(tmp_path))
    assert result.exit_code == 2 and "no SHACL shapes" in result.stderr
    (tmp_path / "bad.ttl").write_text("this is not turtle")
    result = run_cli("check-catalog", str(tmp_path / "bad.ttl"), "--shapes", str(DCAT_AP_3[0]))
    assert result.exit_code == 2 and "not readable as Turtle" in result.stderr


# --- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("setting,value,message", [
    ("licence", "https://example.org/my-licence", "licence: no EU licence authority IRI is known for 'https://example.org/my-licence'"),
    ("themes", "[GOVE, CITY]", "themes[2]: not an EU data theme: 'CITY'"),
    ("languages", "[fi, xx]", "languages[2]: no EU language authority code is known for 'xx'"),
])
def test_catalogue_settings_are_checked_with_their_line(publication, setting, value, message):
    config = publication / "kemi-lod.yaml"
    lines = [l for l in config.read_text().splitlines() if not l.startswith(f"{setting}:")]
    config.write_text("\n".join(lines + [f"{setting}: {value}"]) + "\n")
    result = run_cli("validate")
    assert result.exit_code == 2
    assert f"kemi-lod.yaml:{len(lines) + 1}: {message}" in result.stderr
