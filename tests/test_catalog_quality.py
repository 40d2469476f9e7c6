"""The catalogue against the EU metadata-quality assessment (MQA) of data.europa.eu.

The MQA scores every harvested dataset on five dimensions derived from FAIR, 405 points in all
(methodology: https://data.europa.eu/mqa/methodology). Each indicator below is one a catalogue
file can satisfy, with its points and what it is computed on; a distribution-level indicator
scores the share of the dataset's distributions that meet it. The accessibility indicators are
checked against the build served by `kemi-lod serve` (each URL under the base IRI must answer
200), the DCAT-AP compliance with the DCAT-AP 3.0.1 shapes. The test prints the score the EU
method gives each dataset and fails on any indicator not met.
"""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable

import pyoxigraph as ox
import pytest

from support import REPO
from kemi_lod.config import load_settings
from kemi_lod.commands.check_catalog import check_catalog
from kemi_lod.commands.serve import close_server, make_server
from kemi_lod.standards import PROFILES
from kemi_lod.vocabulary.terms import EU_AUTHORITY, IANA_MEDIA_TYPES

DCAT, DCT = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
# the EU file types that are open standards, and those machines read (the MQA's lists, for the
# formats a publication of this tool can have)
NON_PROPRIETARY = {"RDF_TURTLE", "JSON_LD", "RDF_N_TRIPLES", "RDF_XML", "CSV", "JSON", "XML", "HTML"}
MACHINE_READABLE = {"RDF_TURTLE", "JSON_LD", "RDF_N_TRIPLES", "RDF_XML", "CSV", "JSON", "XML", "XLSX"}
KNOWN_LICENCES = EU_AUTHORITY + "licence/"
# Spatial and temporal coverage do not apply to the vocabulary and the shapes: they cover no
# place and no period (what they describe does). The EU method scores them all the same.
NOT_APPLICABLE = {("vocabulary", "spatial coverage"), ("vocabulary", "temporal coverage"),
                  ("shapes", "spatial coverage"), ("shapes", "temporal coverage")}
# The distributions that lose an indicator on purpose, by file type: the workbook is what
# spreadsheet users ask for, and XLSX is not on the EU's list of non-proprietary formats (each of
# its sheets is also a CSV, which is).
ACCEPTED = {("dataset", "non-proprietary format"): {"XLSX"}}


@dataclass(frozen=True)
class Indicator:
    dimension: str
    name: str
    points: int
    on: str  # "dataset" or "distribution"
    met: Callable[["Catalogue", str], bool]


class Catalogue:
    def __init__(self, path, reachable: Callable[[str], bool], compliant: bool) -> None:
        self.g = ox.Store()
        self.g.load(path=str(path), format=ox.RdfFormat.TURTLE)
        self.reachable, self.compliant = reachable, compliant

    def values(self, s: str, p: str) -> list:
        return [q.object for q in self.g.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None)]

    def has(self, s: str, p: str) -> bool:
        return bool(self.values(s, p))

    def datasets(self) -> list[str]:
        return sorted(q.subject.value for q in self.g.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(DCAT + "Dataset")))

    def distributions(self, dataset: str) -> list[str]:
        return sorted(o.value for o in self.values(dataset, DCAT + "distribution"))

    def file_type(self, d: str) -> str:
        found = [o.value for o in self.values(d, DCT + "format") if o.value.startswith(EU_AUTHORITY + "file-type/")]
        return found[0].rsplit("/", 1)[1] if found else ""


INDICATORS = [
    Indicator("findability", "keywords", 30, "dataset", lambda c, s: c.has(s, DCAT + "keyword")),
    Indicator("findability", "categories", 30, "dataset", lambda c, s: c.has(s, DCAT + "theme")),
    Indicator("findability", "spatial coverage", 20, "dataset", lambda c, s: c.has(s, DCT + "spatial")),
    Indicator("findability", "temporal coverage", 20, "dataset", lambda c, s: c.has(s, DCT + "temporal")),
    Indicator("accessibility", "access URL answers", 50, "distribution",
              lambda c, d: all(c.reachable(u.value) for u in c.values(d, DCAT + "accessURL")) and c.has(d, DCAT + "accessURL")),
    Indicator("accessibility", "download URL given", 20, "distribution", lambda c, d: c.has(d, DCAT + "downloadURL")),
    Indicator("accessibility", "download URL answers", 30, "distribution",
              lambda c, d: c.has(d, DCAT + "downloadURL") and all(c.reachable(u.value) for u in c.values(d, DCAT + "downloadURL"))),
    Indicator("interoperability", "format", 20, "distribution", lambda c, d: c.has(d, DCT + "format")),
    Indicator("interoperability", "media type", 10, "distribution", lambda c, d: c.has(d, DCAT + "mediaType")),
    Indicator("interoperability", "format and media type from the vocabularies", 10, "distribution",
              lambda c, d: bool(c.file_type(d)) and all(m.value.startswith(IANA_MEDIA_TYPES) for m in c.values(d, DCAT + "mediaType"))),
    Indicator("interoperability", "non-proprietary format", 20, "distribution", lambda c, d: c.file_type(d) in NON_PROPRIETARY),
    Indicator("interoperability", "machine-readable format", 20, "distribution", lambda c, d: c.file_type(d) in MACHINE_READABLE),
    Indicator("interoperability", "DCAT-AP compliance", 30, "dataset", lambda c, s: c.compliant),
    Indicator("reusability", "licence", 20, "distribution", lambda c, d: c.has(d, DCT + "license")),
    Indicator("reusability", "licence from the vocabulary", 10, "distribution",
              lambda c, d: all(l.value.startswith(KNOWN_LICENCES) for l in c.values(d, DCT + "license")) and c.has(d, DCT + "license")),
    Indicator("reusability", "access restrictions", 10, "dataset", lambda c, s: c.has(s, DCT + "accessRights")),
    Indicator("reusability", "access restrictions from the vocabulary", 5, "dataset",
              lambda c, s: any(a.value.startswith(EU_AUTHORITY + "access-right/") for a in c.values(s, DCT + "accessRights"))),
    Indicator("reusability", "contact point", 20, "dataset", lambda c, s: c.has(s, DCAT + "contactPoint")),
    Indicator("reusability", "publisher", 10, "dataset", lambda c, s: c.has(s, DCT + "publisher")),
    Indicator("contextuality", "rights", 5, "distribution", lambda c, d: c.has(d, DCT + "rights")),
    Indicator("contextuality", "file size", 5, "distribution", lambda c, d: c.has(d, DCAT + "byteSize")),
    Indicator("contextuality", "date of issue", 5, "distribution", lambda c, d: c.has(d, DCT + "issued")),
    Indicator("contextuality", "modification date", 5, "distribution", lambda c, d: c.has(d, DCT + "modified")),
]


def _rating(score: float) -> str:
    return "excellent" if score >= 351 else "good" if score >= 221 else "sufficient" if score >= 121 else "bad"


@pytest.fixture(scope="module")
def catalogue(kemi_build):
    settings = load_settings(REPO / "kemi-lod.yaml")
    server = make_server(kemi_build, settings, "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    local = f"http://127.0.0.1:{server.server_address[1]}/"

    def reachable(url: str) -> bool:
        """The URL answers 200 where the build is served (its base IRI mapped to the local server)."""
        if not url.startswith(settings.base_iri):
            return False
        try:
            with urllib.request.urlopen(local + url[len(settings.base_iri):], timeout=10) as r:
                return r.status == 200
        except urllib.error.HTTPError:
            return False

    compliant = all(not run.violations for run in check_catalog(kemi_build / "catalog.ttl", list(PROFILES["dcat-ap-3"].shapes)))
    try:
        yield Catalogue(kemi_build / "catalog.ttl", reachable, compliant)
    finally:
        server.shutdown()
        close_server(server)


def test_the_indicators_add_up_to_the_eu_method_s_405_points():
    by_dimension: dict[str, int] = {}
    for i in INDICATORS:
        by_dimension[i.dimension] = by_dimension.get(i.dimension, 0) + i.points
    assert by_dimension == {"findability": 100, "accessibility": 100, "interoperability": 110, "reusability": 75,
                            "contextuality": 20}


def test_every_dataset_meets_every_indicator(catalogue, capsys):
    unmet = []
    lines = []
    for dataset in catalogue.datasets():
        slug = dataset.rsplit("#", 1)[1]
        score = 0.0
        for i in INDICATORS:
            subjects = [dataset] if i.on == "dataset" else catalogue.distributions(dataset)
            share = sum(i.met(catalogue, s) for s in subjects) / len(subjects) if subjects else 0.0
            score += share * i.points
            accepted = ACCEPTED.get((slug, i.name), set())
            failing = [s for s in subjects if not i.met(catalogue, s) and catalogue.file_type(s) not in accepted]
            if share < 1 and (slug, i.name) not in NOT_APPLICABLE and (failing or not accepted):
                unmet.append((slug, i.name, f"{share:.0%}"))
        lines.append(f"{slug}: {score:.0f} of 405 points ({_rating(score)}), "
                     f"{len(catalogue.distributions(dataset))} distributions")
    with capsys.disabled():
        print("\nEU metadata-quality score (MQA) of catalog.ttl:\n  " + "\n  ".join(lines))
    assert catalogue.datasets() and unmet == []
