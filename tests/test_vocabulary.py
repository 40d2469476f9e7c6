"""The vocabulary: every term the build uses is declared, and every own term is documented."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from support import FIXTURE, REPO
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.shacl.validation import to_rdflib
from kemi_lod.vocabulary.terms import HANKE, HANKE_IRI, PREFIXES

EXTERNAL_VOCABULARIES = tuple(iri for prefix, iri in PREFIXES.items() if prefix != "hanke")

ONTOLOGY = REPO / "ontology"


def ontology() -> rdflib.Graph:
    graph = rdflib.Graph()
    for name in ("hanke.ttl", "codelists.ttl"):
        graph.parse(ONTOLOGY / name)
    return graph


def declared_terms(graph: rdflib.Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    return {str(s) for k in kinds for s in graph.subjects(RDF.type, k)}


def built_graph(config) -> rdflib.Graph:
    settings = load_settings(config)
    checked = check(settings, settings.root / "data")
    assert checked.ok
    return to_rdflib(checked.graph())


def test_every_predicate_and_class_in_the_built_graph_is_declared_or_external():
    declared = declared_terms(ontology())
    for config in (REPO / "kemi-lod.yaml", FIXTURE / "kemi-lod.yaml"):
        graph = built_graph(config)
        used = {str(p) for p in graph.predicates()} | {str(c) for c in graph.objects(None, RDF.type)}
        undeclared = sorted(
            t for t in used
            if t not in declared and not any(t.startswith(ns) for ns in EXTERNAL_VOCABULARIES)
        )
        assert undeclared == []
        own = {t for t in used if t.startswith(HANKE_IRI)}
        assert own <= declared


def test_the_code_namespace_matches_the_ontology_exactly():
    declared = {t for t in declared_terms(ontology()) if t.startswith(HANKE_IRI)}
    assert {t.value for t in HANKE} == declared


def test_every_own_term_has_finnish_and_english_label_and_comment():
    graph = ontology()
    for term in declared_terms(graph):
        node = rdflib.URIRef(term)
        for prop in (RDFS.label, RDFS.comment):
            langs = sorted(o.language for o in graph.objects(node, prop))
            assert langs == ["en", "fi"], f"{term} {prop}: {langs}"
        assert (node, RDFS.isDefinedBy, rdflib.URIRef("https://w3id.org/hanke/vocab")) in graph


def test_every_code_has_finnish_and_english_labels():
    graph = ontology()
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    concepts = set(graph.subjects(RDF.type, skos.Concept))
    # 2.0.0 added the amount statuses, the funder group eu, place types, identifier schemes and the
    # generic roles (the 1.x role titles stay, deprecated)
    assert len(concepts) == 47
    for concept in concepts:
        assert sorted(o.language for o in graph.objects(concept, skos.prefLabel)) == ["en", "fi"]
    statuses = rdflib.URIRef("https://w3id.org/hanke/code/amount-status")
    assert sorted(str(graph.value(c, skos.notation)) for c in graph.subjects(skos.inScheme, statuses)) == [
        "applied", "granted", "paid", "planned"]
    for concept in graph.subjects(skos.inScheme, statuses):  # what each status means, in both languages
        assert sorted(o.language for o in graph.objects(concept, skos.definition)) == ["en", "fi"]


def test_the_ontology_is_versioned_and_its_release_is_kept():
    graph = ontology()
    node = rdflib.URIRef("https://w3id.org/hanke/vocab")
    version = str(graph.value(node, OWL.versionInfo))
    assert version == "2.2.0"
    assert graph.value(node, OWL.versionIRI) == rdflib.URIRef(f"https://w3id.org/hanke/vocab/{version}")
    release = ONTOLOGY / "releases" / version
    if not release.exists():  # a major version in preparation: announced, and newer than every release
        assert f"## {version} (in preparation)" in (ONTOLOGY / "CHANGELOG.md").read_text(encoding="utf-8")
        kept = [tuple(map(int, p.name.split("."))) for p in (ONTOLOGY / "releases").iterdir()]
        assert tuple(map(int, version.split("."))) > max(kept)
        return
    for source in (ONTOLOGY / "hanke.ttl", ONTOLOGY / "codelists.ttl", ONTOLOGY / "hanke-context.jsonld", REPO / "shapes" / "hanke-shapes.ttl"):
        assert (release / source.name).read_bytes() == source.read_bytes(), f"{source.name} changed without a new release"


def test_the_amount_statuses_the_code_spells_are_the_code_list():
    """Tables, pages and the mapping name the statuses through AMOUNT_STATUSES and PAID."""
    from kemi_lod.vocabulary.files import codes
    from kemi_lod.vocabulary.terms import AMOUNT_STATUSES, PAID

    assert set(AMOUNT_STATUSES) == codes()["amount-status"] and len(AMOUNT_STATUSES) == 4
    assert PAID.value.endswith("/amount-status/paid")


REUSED = ("https://schema.org/", "http://data.europa.eu/s66#", "http://purl.org/cerif/frapo/", "http://www.w3.org/ns/org#",
          "http://data.europa.eu/m8g/", "http://purl.org/dc/terms/", "http://www.w3.org/ns/prov#",
          "http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/ns/dcat#")


def test_every_own_term_is_aligned_to_a_reused_one_or_says_why_none_fits():
    """A subclass or subproperty of a reused term, a SKOS mapping to one, the term that replaces a
    deprecated one, or a scope note that says why no reused term fits."""
    g = ontology()
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    kinds = (rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty, rdflib.RDF.Property)
    own = {t for k in kinds for t in g.subjects(RDF.type, k) if str(t).startswith("https://w3id.org/hanke/vocab#")}
    assert len(own) >= 60
    unaligned = []
    for term in sorted(own):
        links = [o for p in (rdflib.RDFS.subClassOf, rdflib.RDFS.subPropertyOf, skos.exactMatch, skos.closeMatch, skos.broadMatch)
                 for o in g.objects(term, p) if str(o).startswith(REUSED)]
        replaced = list(g.objects(term, dct.isReplacedBy))
        why = [n for n in g.objects(term, skos.scopeNote)
               if n.language == "en" and str(n).startswith("No term of the reused vocabularies fits: ")]
        why_fi = [n for n in g.objects(term, skos.scopeNote) if n.language == "fi"]
        if not (links or replaced or (why and why_fi)):
            unaligned.append(str(term))
    assert unaligned == []
    closes = {str(s): {str(o) for o in g.objects(s, skos.closeMatch)} for s in own}
    assert "http://data.europa.eu/s66#isImplementedBy" in closes["https://w3id.org/hanke/vocab#managedBy"]
    assert "http://data.europa.eu/s66#hasTotalCost" in closes["https://w3id.org/hanke/vocab#budget"]


def test_projects_are_typed_with_the_reused_class_the_guide_promises(kemi_build):
    g = rdflib.Graph().parse(kemi_build / "kemi.nt", format="nt")
    projects = set(g.subjects(RDF.type, rdflib.URIRef("https://w3id.org/hanke/vocab#Project")))
    assert len(projects) == 44
    assert projects == set(g.subjects(RDF.type, rdflib.URIRef("https://schema.org/Project")))
    assert "schema:Project" in (REPO / "docs" / "reusing-the-vocabulary.md").read_text(encoding="utf-8")


def test_a_deprecated_role_code_still_builds_with_a_warning_naming_no_kemi_title_as_current(publication):
    """The 1.x role codes (one city's job titles) stay resolvable, deprecated: a record with one
    builds, with a warning; no current role is a job title of a city."""
    from support import run_cli

    project = publication / "data" / "projects" / "kaikki-kentat.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace(
        "{person: p-0a1b, role: project-manager}", "{person: p-0a1b, role: sports-instructor}"), encoding="utf-8")
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert ("data/projects/kaikki-kentat.yaml:41: warning: contacts[1].prov:hadRole: The role code is deprecated (in 2.0.0): use its replacement (dct:isReplacedBy) "
            "and keep the job title as text (title). [hsh:CurrentRole-hadRole]") in result.stderr
    g = ontology()
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    role = rdflib.URIRef("https://w3id.org/hanke/code/role")
    current = {str(c).rsplit("/", 1)[1] for c in g.subjects(skos.inScheme, role) if (c, rdflib.OWL.deprecated, None) not in g}
    assert current == {"project-manager", "coordinator", "project-worker", "project-assistant", "expert",
                       "responsible-person", "contact-person"}
