"""Every version IRI resolves in the build: the vocabulary's, the code lists' and the shapes',
of every release and of the version the tool ships, as Turtle and JSON-LD, at the path the
redirect rule of docs/data-model.md gives it; the catalogue conforms to the versioned IRI."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib
from rdflib.namespace import OWL

from support import REPO

VOCAB = "https://w3id.org/hanke/vocab"
SHAPES_IRI = "https://w3id.org/hanke/shapes"
CODE_IRI = "https://w3id.org/hanke/code"
# the redirect rule (docs/data-model.md): a version IRI -> the file under the web root
FILE_OF = {"": "hanke", "/codelists": "codelists", "/shapes": "hanke-shapes"}


def _target(iri: str) -> tuple[str, str]:
    """The version and the file (without extension) a version IRI leads to."""
    match = re.fullmatch(rf"{re.escape(VOCAB)}/(\d+\.\d+\.\d+)(/codelists|/shapes)?", iri)
    assert match, f"{iri} is no version IRI of the rule"
    return match[1], f"ontology/releases/{match[1]}/{FILE_OF[match[2] or '']}"


def test_the_redirect_rule_in_the_docs_is_the_one_tested():
    rule = (REPO / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert "RewriteRule ^vocab/([0-9.]+)$ https://data.kemi.fi/ontology/releases/$1/hanke.ttl" in rule
    assert "RewriteRule ^vocab/([0-9.]+)/codelists$ https://data.kemi.fi/ontology/releases/$1/codelists.ttl" in rule
    assert "RewriteRule ^vocab/([0-9.]+)/shapes$ https://data.kemi.fi/ontology/releases/$1/hanke-shapes.ttl" in rule


def test_every_version_iri_in_the_build_leads_to_its_files(kemi_build: Path):
    followed = set()
    for path in sorted(kemi_build.glob("**/*.ttl")):
        g = rdflib.Graph().parse(path, format="turtle")
        for predicate in (OWL.versionIRI, OWL.priorVersion, rdflib.URIRef("http://purl.org/dc/terms/conformsTo")):
            for iri in g.objects(None, predicate):
                if str(iri).startswith(VOCAB + "/"):
                    followed.add(str(iri))
    assert {f"{VOCAB}/{v}{part}" for v in ("1.1.0", "2.0.0", "2.1.0", "2.2.0") for part in ("", "/codelists", "/shapes")} <= followed
    assert f"{VOCAB}/1.0.0" in followed  # 1.1.0's prior version
    for iri in sorted(followed):
        version, stem = _target(iri)
        for ext in ("ttl", "jsonld"):
            assert (kemi_build / f"{stem}.{ext}").is_file(), f"{iri} -> {stem}.{ext}"
        g = rdflib.Graph().parse(kemi_build / f"{stem}.ttl", format="turtle")
        as_jsonld = rdflib.Graph().parse(kemi_build / f"{stem}.jsonld", format="json-ld")
        assert len(g) == len(as_jsonld) and len(g) > 0
        subject = {"hanke": VOCAB, "codelists": CODE_IRI, "hanke-shapes": SHAPES_IRI}[stem.rsplit("/", 1)[1]]
        infos = {str(o) for o in g.objects(rdflib.URIRef(subject), OWL.versionInfo)}
        # the 1.x code lists and shapes had no header of their own: the vocabulary's version names them
        assert infos in ({version}, set()) and (infos or version in ("1.0.0", "1.1.0")), iri


def test_the_catalogue_conforms_to_the_versioned_vocabulary(kemi_build: Path):
    g = rdflib.Graph().parse(kemi_build / "catalog.ttl", format="turtle")
    dataset = rdflib.URIRef("https://data.kemi.fi/catalog.ttl#dataset")
    assert set(g.objects(dataset, rdflib.URIRef("http://purl.org/dc/terms/conformsTo"))) == {rdflib.URIRef(f"{VOCAB}/2.2.0")}
