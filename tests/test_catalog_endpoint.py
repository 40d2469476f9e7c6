"""A publication with a public SPARQL endpoint (setting `endpoint`): the catalogue describes it
as a dcat:DataService serving the project data, and still passes the DCAT-AP 3.0.1 and the
avoindata.fi shapes.

The repository's kemi-lod.yaml names no endpoint (none is public yet), so the repository's data
is built here with a copy of its configuration that names one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF

from support import REPO, run_cli
from kemi_lod.commands.check_catalog import check_catalog
from kemi_lod.config import load_settings
from kemi_lod.errors import UsageError
from test_catalog import ACCEPTED_WARNINGS, AVOINDATA, BASE, DCAT_AP_3, VOID

ENDPOINT = "https://data.example.fi/sparql"
DESCRIPTION = "https://data.example.fi/sparql-service-description.ttl"
SERVICE = rdflib.URIRef(f"{BASE}catalog.ttl#sparql-endpoint")
DATASET = rdflib.URIRef(f"{BASE}catalog.ttl#dataset")


def build_with(folder: Path, settings: str) -> Path:
    """The repository's data built with its configuration plus `settings`."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "kemi-lod.yaml"
    config.write_text((REPO / "kemi-lod.yaml").read_text(encoding="utf-8") + settings, encoding="utf-8")
    out = folder / "build"
    result = run_cli("build", "--config", str(config), "--data", str(REPO / "data"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    return out.resolve()


@pytest.fixture(scope="module")
def endpoint_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("endpoint")
    return build_with(folder, f"endpoint: {ENDPOINT}\nendpoint_description: {DESCRIPTION}\n")


def test_the_endpoint_is_a_data_service_serving_the_project_data(endpoint_build):
    g = rdflib.Graph().parse(endpoint_build / "catalog.ttl")
    assert set(g.subjects(RDF.type, DCAT.DataService)) == {SERVICE}
    assert set(g.objects(None, DCAT.service)) == {SERVICE}
    assert set(g.objects(SERVICE, DCAT.endpointURL)) == {rdflib.URIRef(ENDPOINT)}
    assert set(g.objects(SERVICE, DCAT.endpointDescription)) == {rdflib.URIRef(DESCRIPTION)}
    assert set(g.objects(SERVICE, DCAT.servesDataset)) == {DATASET}
    assert set(g.objects(SERVICE, DCTERMS.title)) == {
        rdflib.Literal("Kemin kaupungin kehittämishankkeet: SPARQL-rajapinta", lang="fi"),
        rdflib.Literal("Development projects of the City of Kemi: SPARQL endpoint", lang="en")}
    catalog = rdflib.URIRef(f"{BASE}catalog.ttl#catalog")
    assert set(g.objects(SERVICE, DCTERMS.license)) == set(g.objects(catalog, DCTERMS.license)) == {
        rdflib.URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")}
    protocol = rdflib.URIRef("https://www.w3.org/TR/sparql11-protocol/")
    assert set(g.objects(SERVICE, DCTERMS.conformsTo)) == {protocol}
    assert (protocol, RDF.type, DCTERMS.Standard) in g
    # the RDF dumps hold what the endpoint serves; the CSV is a table computed from it
    served = {str(g.value(d, DCAT.downloadURL)).removeprefix(BASE) for d in g.subjects(DCAT.accessService, SERVICE)}
    assert served == {"kemi.ttl", "kemi.jsonld", "kemi.nt"}
    void = rdflib.Graph().parse(endpoint_build / "void.ttl")
    assert set(void.objects(DATASET, VOID.sparqlEndpoint)) == {rdflib.URIRef(ENDPOINT)}


def test_with_an_endpoint_the_catalogue_has_no_violations_under_dcat_ap_3(endpoint_build):
    runs = check_catalog(endpoint_build / "catalog.ttl", DCAT_AP_3)
    assert [(Path(r.shapes).name, r.violations) for r in runs] == [
        ("shapes.ttl", ()), ("range.ttl", ()), ("shapes_recommended.ttl", ()), ("deprecateduris.ttl", ())]
    assert {p.field for r in runs for p in r.problems} == ACCEPTED_WARNINGS


def test_with_an_endpoint_the_avoindata_catalogue_passes_the_avoindata_shapes(endpoint_build):
    runs = check_catalog(endpoint_build / "catalog-avoindata.ttl", [AVOINDATA / "avoindata_dcat-ap_shacl.ttl"],
                         [AVOINDATA / "FOAF.ttl"], inference="rdfs")
    assert [r.problems for r in runs] == [()]
    assert SERVICE in set(rdflib.Graph().parse(endpoint_build / "catalog-avoindata.ttl").subjects(RDF.type, DCAT.DataService))


def test_an_endpoint_without_a_description_is_described_by_itself(tmp_path):
    """SPARQL 1.1 Service Description: the endpoint answers a GET without a query with its
    description (kemi-lod serve does, tests/test_service_description.py), so the endpoint is
    its own dcat:endpointDescription and the catalogue has the same warnings as with one."""
    out = build_with(tmp_path / "pub", f"endpoint: {ENDPOINT}\n")
    runs = check_catalog(out / "catalog.ttl", DCAT_AP_3)
    assert [r.violations for r in runs] == [(), (), (), ()]
    assert {p.field for r in runs for p in r.problems} == ACCEPTED_WARNINGS
    g = rdflib.Graph().parse(out / "catalog.ttl")
    assert set(g.objects(SERVICE, DCAT.endpointURL)) == {rdflib.URIRef(ENDPOINT)}
    assert set(g.objects(SERVICE, DCAT.endpointDescription)) == {rdflib.URIRef(ENDPOINT)}


def test_without_the_setting_the_catalogue_describes_no_service():
    settings = load_settings(REPO / "kemi-lod.yaml")
    assert settings.endpoint is None and settings.endpoint_description is None


@pytest.mark.parametrize("settings, expected", [
    ("endpoint: ftp://data.example.fi/sparql\n", "endpoint: expected an http(s) URL, found 'ftp://data.example.fi/sparql'"),
    ("endpoint: not a url\n", "endpoint: expected an absolute IRI (https://…), found 'not a url'"),
    (f"endpoint_description: {DESCRIPTION}\n",
     "endpoint_description: describes the SPARQL endpoint, so it needs 'endpoint' (the endpoint's URL)"),
])
def test_a_wrong_endpoint_setting_is_reported_with_its_line(tmp_path, settings, expected):
    config = tmp_path / "kemi-lod.yaml"
    text = (REPO / "kemi-lod.yaml").read_text(encoding="utf-8")
    config.write_text(text + settings, encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        load_settings(config)
    line = len(text.splitlines()) + 1
    assert [f"{p.line}: {p.field}: {p.message}" for p in raised.value.problems] == [f"{line}: {expected}"]
