"""A second real publication: Keminmaa's projects from the structural-funds register.

Imported with `kemi-lod import register --implementer "Keminmaan kunta"`, configured as
Keminmaa's own publication (own dataset, own base IRI, organisations under the same
`organisations_base` as Kemi's), built with the same tool, vocabulary and shapes, and checked
with the same DCAT-AP 3.0.1 and avoindata.fi shapes as Kemi's catalogue. Organisations that
both publications name have one IRI.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from support import REGISTER_CSV, run_cli
from kemi_lod.standards import PROFILES
from kemi_lod.commands.check_catalog import check_catalog

DCAT_AP_3 = list(PROFILES["dcat-ap-3"].shapes)
AVOINDATA = PROFILES["avoindata"].shapes[0].parent
BASE = "https://data.keminmaa.example/"
ORGS = "https://data.kemi.fi/"
ORG = rdflib.URIRef("http://www.w3.org/ns/org#Organization")

CONFIG = f"""\
dataset: keminmaa
base_iri: {BASE}
organisations_base: {ORGS}
title:
  fi: Keminmaan kunnan rakennerahastohankkeet 2014–2020
  en: Structural-fund projects of the Municipality of Keminmaa 2014–2020
description:
  fi: Keminmaan kunnan toteuttamat rakennerahastohankkeet EURA 2014 -rekisterin hankelistasta linkitettynä avoimena datana.
  en: The structural-fund projects implemented by the Municipality of Keminmaa, from the EURA 2014 register's project list, as linked open data.
publisher:
  id: keminmaan-kunta
  name: {{fi: Keminmaan kunta, en: Municipality of Keminmaa}}
  type: LocalAuthority
contact_point:
  name: {{fi: Keminmaan kunnan kirjaamo, en: Keminmaa registry office}}
  url: https://www.keminmaa.fi/
licence: https://creativecommons.org/licenses/by/4.0/
spatial:
  name: {{fi: Keminmaa, en: Keminmaa}}
languages: [fi, en]
themes: [GOVE, ECON, REGI]
keywords:
  - {{fi: rakennerahastot, en: structural funds}}
register:
  name: {{fi: EURA 2014 -rakennerahastorekisteri, en: EURA 2014 structural-funds register}}
  page: "https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi={{code}}"
"""
# The places the publication names, by name only: the linking stage finds their codes.
PLACES = {
    "keminmaa.yaml": "name: {fi: Keminmaa, sv: Keminmaa}\ntype: municipality\nwithin: lappi\n",
    "lappi.yaml": "name: {fi: Lappi, sv: Lappland}\ntype: region\n",
}


@pytest.fixture(scope="module")
def keminmaa(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("keminmaa") / "keminmaa"
    imported = run_cli("import", "register", str(REGISTER_CSV), "--out", str(root), "--dataset", "keminmaa",
                       "--base-iri", BASE, "--organisations-base", ORGS, "--implementer", "Keminmaan kunta")
    assert imported.exit_code == 0, imported.stderr
    assert imported.stdout.splitlines()[0] == "2 rows implemented by Keminmaan kunta: 2 clean, 0 repaired, 0 rejected"
    (root / "kemi-lod.yaml").write_text(CONFIG, encoding="utf-8")  # the publication's own settings
    (root / "data" / "places").mkdir(exist_ok=True)  # the importer made it empty
    for name, text in PLACES.items():
        (root / "data" / "places" / name).write_text(text, encoding="utf-8")
    built = run_cli("build", "--config", str(root / "kemi-lod.yaml"))
    assert built.exit_code == 0, built.stderr
    # the notes: the register states public funding, never a total budget (hsh:ProjectBudgetStated),
    # and the register's keeper has no business ID in the reference table (hsh:OrganisationBusinessId)
    assert built.stdout.startswith("2 projects, ") and ": 0 violations, 0 warnings, 3 notes" in built.stdout
    assert ("links: 3 of 4 organisations with a business ID (75 %), 2 of 2 municipalities and regions with their "
            "official codes, 1 programme with a CCI code, 2 of 2 projects with a register code") in built.stdout
    return (root / "build").resolve()


def _graph(path: Path, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=fmt)


def test_only_the_implementers_projects_are_published(keminmaa):
    g = _graph(keminmaa / "keminmaa.nt", "nt")
    projects = sorted(str(p) for p in g.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/hanke/vocab#Project")))
    assert projects == [f"{BASE}id/project/a70840", f"{BASE}id/project/a71256"]
    implementers = {str(o) for o in g.objects(None, rdflib.URIRef("https://w3id.org/hanke/vocab#implementer"))}
    assert implementers == {f"{ORGS}id/org/keminmaan-kunta"}
    csv_rows = (keminmaa / "keminmaa-projects.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[0] for row in csv_rows] == ["id", "a70840", "a71256"]
    assert (keminmaa / "id" / "project" / "a70840.html").is_file()


def test_the_catalogue_passes_dcat_ap_3_and_avoindata(keminmaa):
    runs = check_catalog(keminmaa / "catalog.ttl", DCAT_AP_3)
    assert [(Path(r.shapes).name, r.violations) for r in runs] == [
        ("shapes.ttl", ()), ("range.ttl", ()), ("shapes_recommended.ttl", ()), ("deprecateduris.ttl", ())]
    runs = check_catalog(keminmaa / "catalog-avoindata.ttl", [AVOINDATA / "avoindata_dcat-ap_shacl.ttl"],
                         [AVOINDATA / "FOAF.ttl"], inference="rdfs")
    assert [r.problems for r in runs] == [()]
    publisher = _graph(keminmaa / "catalog.ttl", "turtle").value(
        rdflib.URIRef(f"{BASE}catalog.ttl#dataset"), rdflib.URIRef("http://purl.org/dc/terms/publisher"))
    assert str(publisher) == f"{ORGS}id/org/keminmaan-kunta"


def test_organisations_share_iris_with_the_kemi_publication(keminmaa, kemi_build):
    ours = {str(s) for s in _graph(keminmaa / "keminmaa.nt", "nt").subjects(rdflib.RDF.type, ORG)}
    theirs = {str(s) for s in _graph(kemi_build / "kemi.nt", "nt").subjects(rdflib.RDF.type, ORG)}
    assert ours & theirs == {
        f"{ORGS}id/org/keminmaan-kunta",
        f"{ORGS}id/org/lapin-liitto",
        f"{ORGS}id/org/pohjois-pohjanmaan-ely-keskus",
    }
    assert ours - theirs == {f"{ORGS}id/org/tyo-ja-elinkeinoministerio"}  # the register's keeper


def test_the_linking_stage_links_the_second_publication_by_names_alone(keminmaa):
    """No IRI or code was written for it: the names matched the reference tables."""
    g = _graph(keminmaa / "keminmaa.nt", "nt")
    rows = {tuple(str(v) for v in row) for row in g.query("""
        PREFIX adms: <http://www.w3.org/ns/adms#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dct: <http://purl.org/dc/terms/>
        SELECT ?s ?scheme ?code WHERE { ?s adms:identifier ?i . ?i dct:type ?scheme ; skos:notation ?code }""")}
    scheme = "https://w3id.org/hanke/code/identifier-scheme/"
    assert {(s, c) for s, t, c in rows if t == scheme + "business-id"} == {
        (f"{ORGS}id/org/keminmaan-kunta", "0210469-8"), (f"{ORGS}id/org/lapin-liitto", "0937073-7"),
        (f"{ORGS}id/org/pohjois-pohjanmaan-ely-keskus", "2296962-1"),
    }
    assert {(s, c) for s, t, c in rows if t == scheme + "register-code"} == {
        (f"{BASE}id/project/a70840", "A70840"), (f"{BASE}id/project/a71256", "A71256")}
    assert (f"{BASE}id/place/keminmaa", scheme + "municipality-code", "241") in rows
    assert (f"{BASE}id/place/lappi", scheme + "nuts", "FI1D7") in rows
    page = rdflib.URIRef("https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi=A70840")
    assert (rdflib.URIRef(f"{BASE}id/project/a70840"), rdflib.RDFS.seeAlso, page) in g
    match = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert set(g.objects(rdflib.URIRef(f"{BASE}id/place/keminmaa"), match)) == {
        rdflib.URIRef("http://uri.suomi.fi/codelist/jhs/kunta_1_20240101/code/241"),
        rdflib.URIRef("http://www.wikidata.org/entity/Q859608")}


def test_an_implementer_with_no_rows_fails_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("import", "register", str(REGISTER_CSV), "--out", "r", "--base-iri", BASE,
                     "--organisations-base", ORGS, "--implementer", "Ei ole kunta")
    assert result.exit_code == 1
    assert "projektilista-csv-final.original.csv: no row has the implementer 'Ei ole kunta'" in result.stderr
    assert not (tmp_path / "r").exists()
