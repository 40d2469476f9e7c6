"""`persons: names | roles | none`: every output of a build follows the setting.

The fixture publication is built once per setting; every file written (dumps, per-resource
documents and pages, CSV, catalogue, VoID, example query results) is searched for the persons'
names and IRIs, and the SPARQL endpoint and its query page are asked for them.
"""

from __future__ import annotations

import re

import csv
import io
import json
import threading
import urllib.parse
import urllib.request

import pytest
import rdflib

from support import FIXTURE, run_cli, tree_bytes
from kemi_lod.config import load_settings
from kemi_lod.commands.serve import close_server, make_server

NAMES = ("Maija Meikäläinen", "Matti Virtanen", "Meikäläinen", "Virtanen")
PERSON_IRIS = ("https://example.org/pub/id/person/p-0a1b", "https://example.org/pub/id/person/p-77c2")
PERSON_PATHS = ("id/person/",)
ROLE = "https://w3id.org/hanke/code/role/project-manager"
HANKE = rdflib.Namespace("https://w3id.org/hanke/vocab#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
PROJECT = rdflib.URIRef("https://example.org/pub/id/project/kaikki-kentat")


@pytest.fixture(scope="module", params=["names", "roles", "none"])
def built(request, tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp(f"persons-{request.param}") / "pub"
    shutil.copytree(FIXTURE, root)
    config = root / "kemi-lod.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^persons: .*$", f"persons: {request.param}", text), encoding="utf-8")
    result = run_cli("build", "--config", str(config), "--out", str(root / "build"))
    assert result.exit_code == 0, result.stderr
    return request.param, root, tree_bytes(root / "build")


def _files_with(files: dict[str, bytes], needles) -> dict[str, list[str]]:
    found = {}
    for path, data in files.items():
        text = data.decode("utf-8", errors="replace")
        # JSON escapes non-ASCII; read such files as JSON text too
        if path.endswith((".json", ".jsonld")):
            text += json.dumps(json.loads(data), ensure_ascii=False) if data.strip() else ""
        hits = [n for n in needles if n in text]
        if hits:
            found[path] = hits
    return found


def test_names_and_person_iris_appear_only_where_published(built):
    setting, _, files = built
    names, iris = _files_with(files, NAMES), _files_with(files, PERSON_IRIS)
    person_files = sorted(p for p in files if p.startswith(PERSON_PATHS))
    if setting == "names":
        assert {"fixture.nt", "fixture.ttl", "fixture.jsonld", "fixture-projects.csv",
                "id/person/p-0a1b.html", "id/project/kaikki-kentat.html"} <= names.keys()
        assert {"fixture.nt", "id/project/kaikki-kentat.ttl"} <= iris.keys()
        assert "id/person/p-0a1b.ttl" in person_files
    else:
        assert names == {}
        assert iris == {}
        assert person_files == []


def test_the_dump(built):
    setting, root, files = built
    g = rdflib.Graph().parse(data=files["fixture.nt"], format="nt")
    contacts = sorted(g.objects(PROJECT, HANKE.contact))
    assert list(g.subjects(rdflib.RDF.type, FOAF.Person)) == ([] if setting != "names" else sorted(
        g.subjects(rdflib.RDF.type, FOAF.Person)))
    if setting == "names":
        assert len(list(g.subjects(rdflib.RDF.type, FOAF.Person))) == 2
        assert {str(g.value(c, PROV.agent)) for c in contacts} == set(PERSON_IRIS)
    elif setting == "roles":
        # the contact roles stay with their titles; no node says who holds them
        assert [str(g.value(c, PROV.hadRole)) for c in contacts] == [ROLE, "https://w3id.org/hanke/code/role/project-worker"]
        assert list(g.triples((None, PROV.agent, None))) == []
        assert list(g.triples((None, FOAF.name, None))) == []
    else:
        assert contacts == []
        assert list(g.subjects(rdflib.RDF.type, HANKE.ContactRole)) == []
        assert list(g.triples((None, PROV.agent, None))) == []
        # the history item about contacts goes too; the other keeps its number (its IRI)
        history = sorted(str(h) for h in g.objects(PROJECT, HANKE.earlierValue))
        assert history == [f"{PROJECT}#history-1", f"{PROJECT}#history-2"]  # history-3 was the contacts


def test_the_csv(built):
    setting, _, files = built
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files["fixture-projects.csv"].decode("utf-8")))}
    assert rows["kaikki-kentat"]["contact_roles"] == {
        "names": "projektipäällikkö (Maija Meikäläinen); hanketyöntekijä (Matti Virtanen)",
        "roles": "projektipäällikkö; hanketyöntekijä",
        "none": "",
    }[setting]


def test_the_pages(built):
    setting, _, files = built
    home = files["index.html"].decode()
    page = files["id/project/kaikki-kentat.html"].decode()
    assert ("id/person/" in home) == (setting == "names")
    assert ("projektipäällikkö" in page) == (setting != "none")
    assert ('"Person"' in page) == (setting == "names")  # schema.org JSON-LD


def test_the_catalogue_contact_point_is_the_organisations(built):
    _, _, files = built
    g = rdflib.Graph().parse(data=files["catalog.ttl"], format="turtle")
    vcard = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")
    points = set(g.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#contactPoint")))
    assert len(points) == 1
    point = next(iter(points))
    assert (point, rdflib.RDF.type, vcard.Organization) in g
    assert {str(n) for n in g.objects(point, vcard.fn)} == {"Testikunnan kirjaamo", "Test Municipality registry"}


def _post(url: str, query: str, accept: str) -> bytes:
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url + "/sparql", data=data, headers={
        "Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.read()


PERSONS_QUERY = """SELECT ?who ?name WHERE {
  { ?who a <http://xmlns.com/foaf/0.1/Person> } UNION { ?c <http://www.w3.org/ns/prov#agent> ?who }
  OPTIONAL { ?who <http://xmlns.com/foaf/0.1/name> ?name } }"""


def test_the_sparql_endpoint_and_the_query_page(built):
    setting, root, _ = built
    server = make_server(root / "build", load_settings(root / "kemi-lod.yaml"), "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        rows = list(csv.DictReader(io.StringIO(_post(url, PERSONS_QUERY, "text/csv").decode())))
        names = sorted({r["name"] for r in rows})
        page = _post(url, PERSONS_QUERY, "text/html").decode()
        expected = ["Maija Meikäläinen", "Matti Virtanen"] if setting == "names" else []
        assert names == expected
        assert all((n in page) == (setting == "names") for n in ("Maija Meikäläinen", "Matti Virtanen"))
        person = urllib.request.Request(url + "/id/person/p-0a1b", headers={"Accept": "text/turtle"})
        try:
            status = urllib.request.urlopen(person, timeout=30).status
        except urllib.error.HTTPError as e:
            status = e.code
        assert status == (200 if setting == "names" else 404)
    finally:
        server.shutdown()
        close_server(server)
