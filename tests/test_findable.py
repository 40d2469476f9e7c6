"""Findable on the web: the home page's schema.org Dataset markup, sitemap.xml and robots.txt."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pyoxigraph as ox

from support import REPO, run_cli
from kemi_lod.config import load_settings
from kemi_lod.site import findable

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
DCT, DCAT = "http://purl.org/dc/terms/", "http://www.w3.org/ns/dcat#"


def _markup(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)]


def _catalogue(build) -> ox.Store:
    store = ox.Store()
    store.load(path=str(build / "catalog.ttl"), format=ox.RdfFormat.TURTLE)
    return store


def _one(store: ox.Store, s: str, p: str) -> str:
    return next(store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)).object.value


def test_the_home_page_describes_the_data_as_a_schema_org_dataset(kemi_build):
    """What dataset search engines read, with the properties their guidelines name, saying what
    the catalogue says."""
    settings = load_settings(REPO / "kemi-lod.yaml")
    [doc] = _markup((kemi_build / "index.html").read_text(encoding="utf-8"))
    catalogue = _catalogue(kemi_build)
    dataset = doc["@id"]
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset"
    assert doc["name"] == dict(settings.title.items)["fi"] and 50 <= len(doc["description"]) <= 5000
    assert doc["license"] == settings.licence and doc["isAccessibleForFree"] is True
    assert doc["creator"] == doc["publisher"] and doc["creator"]["@type"] == "Organization"
    assert doc["creator"]["name"] == "Kemin kaupunki"
    period = _one(catalogue, dataset, DCT + "temporal")
    assert doc["temporalCoverage"] == f"{_one(catalogue, period, DCAT + 'startDate')}/{_one(catalogue, period, DCAT + 'endDate')}"
    assert doc["spatialCoverage"]["sameAs"] == _one(catalogue, dataset, DCT + "spatial")
    assert doc["dateModified"] == _one(catalogue, dataset, DCT + "modified")
    assert doc["keywords"] and doc["inLanguage"] == ["fi", "en"]
    downloads = {d["contentUrl"]: d["encodingFormat"] for d in doc["distribution"]}
    assert downloads == {settings.base_iri + "kemi.ttl": "text/turtle", settings.base_iri + "kemi.jsonld": "application/ld+json",
                         settings.base_iri + "kemi.nt": "application/n-triples", settings.base_iri + "kemi-projects.csv": "text/csv"}
    assert all((kemi_build / url.removeprefix(settings.base_iri)).is_file() for url in downloads)


def test_the_sitemap_lists_every_page_on_this_site_as_it_names_itself_but_persons(kemi_build):
    """Each HTML page's own rel=canonical, where it is under the base IRI; no person page; the
    data's last change as lastmod."""
    settings = load_settings(REPO / "kemi-lod.yaml")
    root = ET.fromstring((kemi_build / "sitemap.xml").read_bytes())
    assert root.tag == "{%s}urlset" % NS["s"]
    entries = {u.find("s:loc", NS).text: u.find("s:lastmod", NS).text for u in root.findall("s:url", NS)}
    modified = _one(_catalogue(kemi_build), f"{settings.base_iri}catalog.ttl#dataset", DCT + "modified")
    assert set(entries.values()) == {modified}
    canonical, off_site, persons = set(), set(), set()
    for page in kemi_build.rglob("*.html"):
        [url] = re.findall(r'<link rel="canonical" href="([^"]+)">', page.read_text(encoding="utf-8"))
        if page.relative_to(kemi_build).as_posix().startswith("id/person/"):
            persons.add(url)
        elif url.startswith(settings.base_iri):
            canonical.add(url)
        else:
            off_site.add(url)
    assert set(entries) == canonical and len(canonical) > 90
    assert persons and not persons & set(entries)
    assert "https://w3id.org/hanke/vocab" in off_site  # the vocabulary page's home is its w3id IRI


def test_robots_txt_welcomes_crawlers_and_points_at_the_sitemap(kemi_build):
    """No Disallow for person pages: a crawler barred from them could not read their noindex."""
    assert (kemi_build / "robots.txt").read_text() == (
        "# kemi: open data, made by kemi-lod (person pages carry noindex)\n"
        "User-agent: *\nAllow: /\n\nSitemap: https://data.kemi.fi/sitemap.xml\n")
    person = next((kemi_build / "id/person").glob("*.html")).read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in person


def test_without_person_pages_the_sitemap_still_lists_every_other_page(publication):
    config = publication / "kemi-lod.yaml"
    config.write_text(re.sub(r"(?m)^persons:.*\n", "", config.read_text()) + "persons: roles\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    text = (build / "sitemap.xml").read_text()
    assert "/id/person/" not in text and "/id/project/kaikki-kentat</loc>" in text


def test_a_long_sitemap_becomes_an_index_of_sitemaps(monkeypatch):
    monkeypatch.setattr(findable, "URLS_PER_SITEMAP", 2)
    settings = load_settings(REPO / "kemi-lod.yaml")
    urls = [f"{settings.base_iri}id/project/p{i}" for i in range(5)]
    files = findable.sitemap_files(settings, urls, "2024-01-01")
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert [s.find("s:loc", NS).text for s in index.findall("s:sitemap", NS)] == \
        [f"{settings.base_iri}sitemap-{n}.xml" for n in (1, 2, 3)]
    listed = [u.find("s:loc", NS).text for name in ("sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml")
              for u in ET.fromstring(files[name]).findall("s:url", NS)]
    assert listed == sorted(urls)


def test_a_url_with_an_ampersand_is_escaped_in_the_sitemap():
    settings = load_settings(REPO / "kemi-lod.yaml")
    files = findable.sitemap_files(settings, [settings.base_iri + "a?b=1&c=2"], None)
    assert [u.find("s:loc", NS).text for u in ET.fromstring(files["sitemap.xml"]).findall("s:url", NS)] == \
        [settings.base_iri + "a?b=1&c=2"]


def test_a_url_beyond_ascii_is_percent_encoded_in_the_sitemap():
    settings = load_settings(REPO / "kemi-lod.yaml")
    files = findable.sitemap_files(settings, [settings.base_iri + "hankkeet/äö"], None)
    assert [u.find("s:loc", NS).text for u in ET.fromstring(files["sitemap.xml"]).findall("s:url", NS)] == \
        [settings.base_iri + "hankkeet/%C3%A4%C3%B6"]
