"""Vocabulary stability: the current ontology, code lists and shapes against every release kept.

Without a new major version, no term may be removed, no domain or range change, no subclass
or subproperty axiom go, and no shape tighten (kemi_lod/vocabulary/compatibility.py). The
current version, 2.2.0, follows such a major version (2.0.0): against 1.1.0 its money model
is a list of breaks, allowed only because the major version went up, and it removes nothing.
The negative cases write modified copies of the current vocabulary to tmp, as the next minor
version of it (2.2.0), and require the exact break reported against the current one.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL

from support import REPO, run_cli
from kemi_lod.vocabulary.compatibility import (
    Version, Vocabulary, breaking_changes, check_against, load_vocabulary, terms,
)

ONTOLOGY, SHAPES, RELEASES = REPO / "ontology", REPO / "shapes", REPO / "ontology" / "releases"
PREFIXES = """
PREFIX hanke: <https://w3id.org/hanke/vocab#>
PREFIX hsh: <https://w3id.org/hanke/shapes#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
V = "https://w3id.org/hanke/vocab#"
PROJECT = f"{V}Project"
CONTRIBUTION = f"{V}FundingContribution"
AMOUNT = "https://schema.org/MonetaryAmount"


def check_all(releases: list[Vocabulary], current: Vocabulary) -> list[str]:
    return [p for r in releases for p in check_against(r, current)]


@cache
def releases():
    return [load_vocabulary(p, p.name) for p in sorted(RELEASES.iterdir(), key=lambda p: Version.parse(p.name).key())]


def release_before_2():
    """1.1.0, the last release before the money model (the tests of its breaks compare with it)."""
    return next(r for r in releases() if r.name == "1.1.0")


@cache
def current():
    return load_vocabulary(ONTOLOGY, "current", SHAPES)


def test_every_release_is_kept_and_named_by_its_version():
    kept = releases()
    assert [str(r.version) for r in kept] == [r.name for r in kept] == ["1.0.0", "1.1.0", "2.0.0", "2.1.0", "2.2.0"]
    assert str(current().version) == "2.2.0"  # released 2026-12-06 (ontology/CHANGELOG.md)


def test_the_current_vocabulary_is_compatible_with_every_release():
    assert check_all(releases(), current()) == []


def test_each_release_is_compatible_with_the_earlier_ones():
    kept = releases()
    assert [p for i, r in enumerate(kept) for p in check_all(kept[:i], r)] == []


def test_the_shapes_file_states_the_ontologys_version():
    shapes = current().shapes
    versions = {str(v) for v in shapes.objects(None, Graph().namespace_manager.expand_curie("owl:versionInfo"))}
    assert versions == {str(current().version)}


# --- 2.0.0: the money model breaks 1.1.0, as only a major version may ------------------------------

# Breaks the money model must be reported for (ontology/CHANGELOG.md, 2.0.0): a sample, each
# the start of one line of breaking_changes(1.1.0, current).
MONEY_BREAKS = [
    # schema:amount of a contribution now leads to a node (it was a bare decimal)
    f"shape new constraint: {CONTRIBUTION} <https://schema.org/amount>: sh:class <{AMOUNT}> (sh:Violation)",
    f"shape new constraint: {CONTRIBUTION} <http://purl.org/dc/terms/isPartOf>: sh:maxCount 1 (sh:Violation)",
    # every amount has one value and one currency
    f"shape new required property: {AMOUNT} <https://schema.org/value>: sh:minCount 1 (sh:Violation)",
    f"shape new required property: {AMOUNT} <https://schema.org/currency>: sh:minCount 1 (sh:Violation)",
    f"shape new constraint: {AMOUNT}: sh:nodeKind <http://www.w3.org/ns/shacl#IRI> (sh:Violation)",
    # the rewritten and the new rules (SHACL-SPARQL on existing classes)
    f"shape new constraint: {PROJECT}: sh:sparql SELECT $this (SUM(?amount) AS ?value) (SAMPLE(?total) AS ?budget) (hanke:budget AS ?path)",
    f"shape new constraint: {PROJECT}: sh:sparql SELECT DISTINCT $this ?value (hanke:budget AS ?path)",
    f"shape new constraint: {CONTRIBUTION}: sh:sparql SELECT $this ?value (dct:isPartOf AS ?path)",
    f"shape new constraint: {CONTRIBUTION}: sh:sparql SELECT $this ?value ?whole (schema:amount AS ?path)",
]
# The terms 2.0.0 deprecates, each with what replaces it; none is removed.
DEPRECATED = {
    f"{V}totalBudget": f"{V}budget",
    f"{V}annualBudget": f"{V}budget",
    f"{V}AnnualBudget": AMOUNT,
    f"{V}MunicipalShare": CONTRIBUTION,
    f"{V}municipalShare": "https://schema.org/funding",
    f"{V}paidAmount": "https://schema.org/amount",
    f"{V}plannedPublicFunding": f"{V}publicFunding",
    f"{V}realisedPublicFunding": f"{V}publicFunding",
    f"{V}applicationStatus": f"{V}amountStatus",
    f"{V}applicationDate": "http://purl.org/dc/terms/date",
    "https://w3id.org/hanke/code/application-status": "https://w3id.org/hanke/code/amount-status",
    "https://w3id.org/hanke/code/application-status/applied": "https://w3id.org/hanke/code/amount-status/applied",
    "https://w3id.org/hanke/code/application-status/granted": "https://w3id.org/hanke/code/amount-status/granted",
    f"{V}areaOfOperation": "http://purl.org/dc/terms/spatial",
    "https://w3id.org/hanke/code/role/project-coordinator": "https://w3id.org/hanke/code/role/coordinator",
    "https://w3id.org/hanke/code/role/project-secretary": "https://w3id.org/hanke/code/role/project-assistant",
    "https://w3id.org/hanke/code/role/business-development-expert": "https://w3id.org/hanke/code/role/expert",
    "https://w3id.org/hanke/code/role/business-development-manager": "https://w3id.org/hanke/code/role/responsible-person",
    "https://w3id.org/hanke/code/role/leading-principal": "https://w3id.org/hanke/code/role/responsible-person",
    "https://w3id.org/hanke/code/role/leisure-services-manager": "https://w3id.org/hanke/code/role/responsible-person",
    "https://w3id.org/hanke/code/role/sports-instructor": "https://w3id.org/hanke/code/role/project-worker",
}


def test_the_money_model_is_reported_as_breaks_against_1_1_0():
    breaks = breaking_changes(release_before_2(), current())
    missing = [b for b in MONEY_BREAKS if not any(line.startswith(b) for line in breaks)]
    assert missing == [], "\n".join(breaks)
    assert not [b for b in breaks if b.startswith("term removed")]  # deprecated, never removed


def test_the_money_model_needs_the_new_major_version(tmp_path):
    """The same files stated as a minor version of 1.1.0 are refused, break by break; as 2.0.0
    they are accepted (the CHANGELOG says how to migrate)."""
    release = release_before_2()
    as_minor = modified(tmp_path, "1.2.0")
    refused = check_against(release, as_minor)
    assert refused == [f"modified 1.2.0 against 1.1.0 1.1.0: {b} (a break needs a new major version)"
                       for b in breaking_changes(release, current())]
    assert len(refused) >= len(MONEY_BREAKS)
    assert check_against(release, current()) == []
    assert "## 2.0.0 (2026-12-05)" in (ONTOLOGY / "CHANGELOG.md").read_text(encoding="utf-8")


def test_every_term_of_every_release_is_kept_and_the_replaced_ones_are_deprecated():
    kept = terms(current().ontology)
    for release in releases():
        assert terms(release.ontology) - kept == set(), release.name
    g = current().ontology
    deprecated = {str(s) for s in g.subjects(OWL.deprecated, Literal(True))}
    assert deprecated == set(DEPRECATED)
    for term, replacement in DEPRECATED.items():
        assert [str(o) for o in g.objects(URIRef(term), DCTERMS.isReplacedBy)] == [replacement], term
        if replacement.startswith(V) or replacement.startswith("https://w3id.org/hanke/code/"):
            assert URIRef(replacement) in kept and (URIRef(replacement), OWL.deprecated, Literal(True)) not in g


# --- negative cases: a modified copy of the current vocabulary ---------------------------------


@cache
def _parsed(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _copy(path: Path) -> Graph:
    g = Graph()
    for t in _parsed(path):
        g.add(t)
    return g


def modified(tmp_path: Path, version: str, ontology_update: str = "", shapes_update: str = "",
             base: Path | None = None, context_update: dict | None = None):
    """The current vocabulary (or the release in `base`) with SPARQL updates applied, its JSON-LD
    context's terms set as `context_update` says (None: removed), and `version` stated, written
    to tmp and loaded."""
    folder = tmp_path / f"v{version}"
    folder.mkdir()
    if ((base or ONTOLOGY) / "hanke-context.jsonld").is_file():
        context = json.loads(((base or ONTOLOGY) / "hanke-context.jsonld").read_text(encoding="utf-8"))
        for term, definition in (context_update or {}).items():
            context["@context"].pop(term) if definition is None else context["@context"].__setitem__(term, definition)
        (folder / "hanke-context.jsonld").write_text(json.dumps(context, indent=2), encoding="utf-8")
    for name, update in (("hanke.ttl", ontology_update), ("codelists.ttl", "")):
        g = _copy((base or ONTOLOGY) / name)
        if name == "hanke.ttl":
            g.update(PREFIXES + f"""DELETE {{ ?o owl:versionInfo ?v }} INSERT {{ ?o owl:versionInfo "{version}" }}
                                   WHERE {{ ?o a owl:Ontology ; owl:versionInfo ?v }}""")
        if update:
            g.update(PREFIXES + update)
        g.serialize(folder / name, format="turtle")
    shapes = _copy((base or SHAPES) / "hanke-shapes.ttl")
    if shapes_update:
        shapes.update(PREFIXES + shapes_update)
    shapes.serialize(folder / "hanke-shapes.ttl", format="turtle")
    return load_vocabulary(folder, "modified")


def _code_removed(tmp_path, version):
    folder = tmp_path / f"v{version}"
    modified(tmp_path, version)
    g = Graph().parse(folder / "codelists.ttl", format="turtle")
    g.update(PREFIXES + "DELETE WHERE { <https://w3id.org/hanke/code/role/coordinator> ?p ?o }")
    g.update(PREFIXES + "DELETE WHERE { ?s ?p <https://w3id.org/hanke/code/role/coordinator> }")
    g.serialize(folder / "codelists.ttl", format="turtle")
    return load_vocabulary(folder, "modified")


MINOR = "2.3.0"  # the next minor version of the current one
PREFIX = f"modified {MINOR} against current 2.2.0: "
SUFFIX = " (a break needs a new major version)"
BREAKS = {
    # even a deprecated term stays: removing it breaks data that still uses it
    "term removed": (
        {"ontology_update": "DELETE WHERE { hanke:paidAmount ?p ?o }"},
        [f"term removed: <{V}paidAmount> (deprecate it with owl:deprecated true instead)"]),
    "domain changed": (
        {"ontology_update": "DELETE { hanke:budget rdfs:domain ?d } INSERT { hanke:budget rdfs:domain hanke:FundingContribution } WHERE { hanke:budget rdfs:domain ?d }"},
        [f"rdfs:domain changed: <{V}budget> {{<{PROJECT}>}} -> {{<{V}FundingContribution>}}"]),
    "range changed": (
        {"ontology_update": "DELETE { hanke:budget rdfs:range ?r } INSERT { hanke:budget rdfs:range xsd:decimal } WHERE { hanke:budget rdfs:range ?r }"},
        [f"rdfs:range changed: <{V}budget> {{<{AMOUNT}>}} -> {{<http://www.w3.org/2001/XMLSchema#decimal>}}"]),
    "subclass axiom removed": (
        {"ontology_update": "DELETE DATA { hanke:Project rdfs:subClassOf schema:Project }"},
        [f"rdfs:subClassOf axiom removed: <{PROJECT}> rdfs:subClassOf <https://schema.org/Project>"]),
    "subproperty axiom removed": (
        {"ontology_update": "DELETE DATA { hanke:implementer rdfs:subPropertyOf prov:wasAssociatedWith }"},
        [f"rdfs:subPropertyOf axiom removed: <{V}implementer> rdfs:subPropertyOf <http://www.w3.org/ns/prov#wasAssociatedWith>"]),
    "minCount up": (
        {"shapes_update": "DELETE { ?p sh:minCount 1 } INSERT { ?p sh:minCount 2 } WHERE { hsh:ProjectPeriodStated sh:property ?p . ?p sh:minCount 1 }"},
        [f"shape constraint tightened: {PROJECT} <http://purl.org/dc/terms/temporal>: sh:minCount 2 (sh:Warning); "
         f"was {PROJECT} <http://purl.org/dc/terms/temporal>: sh:minCount 1 (sh:Warning)"]),
    "new required property": (
        {"shapes_update": "INSERT { ?p sh:minCount 1 } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:department }"},
        [f"shape new required property: {PROJECT} <{V}department>: sh:minCount 1 (sh:Violation)"]),
    "maxCount down": (
        {"shapes_update": "INSERT { ?p sh:maxCount 3 } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:note }"},
        [f"shape new constraint: {PROJECT} <{V}note>: sh:maxCount 3 (sh:Violation)"]),
    "new sh:class": (
        {"shapes_update": "INSERT { ?p sh:class org:Organization } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:note }"},
        [f"shape new constraint: {PROJECT} <{V}note>: sh:class <http://www.w3.org/ns/org#Organization> (sh:Violation)"]),
    "new sh:datatype": (
        {"shapes_update": "INSERT { ?p sh:datatype xsd:string } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:continues }"},
        [f"shape new constraint: {PROJECT} <{V}continues>: sh:datatype <http://www.w3.org/2001/XMLSchema#string> (sh:Violation)"]),
    "new sh:in": (
        {"shapes_update": "INSERT { ?p sh:in ( hanke:a hanke:b ) } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:continues }"},
        [f"shape new constraint: {PROJECT} <{V}continues>: sh:in ['<{V}a>', '<{V}b>'] (sh:Violation)"]),
    "new sh:pattern": (
        {"shapes_update": "INSERT { ?p sh:pattern \"^[A-Z]\" } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:note }"},
        [f"shape new constraint: {PROJECT} <{V}note>: sh:pattern \"^[A-Z]\" (sh:Violation)"]),
    "new sh:node": (
        {"shapes_update": "INSERT { ?p sh:node hsh:RoleConcept } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:continues }"},
        [f"shape new constraint: {PROJECT} <{V}continues>: sh:node <https://w3id.org/hanke/shapes#RoleConcept> (sh:Violation)"]),
    "severity raised": (
        {"shapes_update": "DELETE { ?p sh:severity sh:Warning } INSERT { ?p sh:severity sh:Violation } WHERE { hsh:ProjectPeriodStated sh:property ?p . ?p sh:severity sh:Warning }"},
        [f"shape severity raised: {PROJECT} <http://purl.org/dc/terms/temporal>: sh:minCount 1 (sh:Violation); "
         f"was {PROJECT} <http://purl.org/dc/terms/temporal>: sh:minCount 1 (sh:Warning)"]),
    "new SPARQL rule": (
        {"shapes_update": "INSERT DATA { hsh:NewRule a sh:NodeShape ; sh:targetClass hanke:Project ; "
                          "sh:sparql [ sh:select \"SELECT $this WHERE { FILTER(false) }\" ] }"},
        [f"shape new constraint: {PROJECT}: sh:sparql SELECT $this WHERE {{ FILTER(false) }} (sh:Violation)"]),
    "JSON-LD context term removed": ({"context_update": {"funder": None}}, ["JSON-LD context term removed: 'funder'"]),
    "JSON-LD context term changed": (
        {"context_update": {"title": {"@id": "dct:alternative", "@container": "@language"}}},
        ["JSON-LD context term changed: 'title'"]),
    "a money constraint tightened": (
        {"shapes_update": "INSERT { ?p sh:pattern \"^EUR$\" } WHERE { hsh:MonetaryAmountShape sh:property ?p . ?p sh:path schema:currency }"},
        [f"shape new constraint: {AMOUNT} <https://schema.org/currency>: sh:pattern \"^EUR$\" (sh:Violation)"]),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_kind_of_break_is_caught_without_a_new_major_version(tmp_path, case):
    changes, expected = BREAKS[case]
    assert check_against(current(), modified(tmp_path, MINOR, **changes)) == [PREFIX + b + SUFFIX for b in expected]


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_new_major_version_may_break(tmp_path, case):
    changes, _ = BREAKS[case]
    assert check_against(current(), modified(tmp_path, "3.0.0", **changes)) == []


def test_a_removed_code_is_a_removed_term(tmp_path):
    assert check_against(current(), _code_removed(tmp_path, MINOR)) == [
        PREFIX + "term removed: <https://w3id.org/hanke/code/role/coordinator> (deprecate it with owl:deprecated true instead)" + SUFFIX]


ALLOWED = {
    "nothing but the version": {},
    "deprecation": {"ontology_update": "INSERT DATA { hanke:fundingComplete owl:deprecated true }"},
    "a new amount status": {
        "ontology_update": "INSERT DATA { <https://w3id.org/hanke/code/amount-status/committed> a skos:Concept ; "
                           "skos:inScheme <https://w3id.org/hanke/code/amount-status> }"},
    "a new JSON-LD context term": {"context_update": {"newThing": "hanke:newThing"}},
    "a new term with constraints": {
        "ontology_update": "INSERT DATA { hanke:newThing a owl:DatatypeProperty ; rdfs:domain hanke:Project ; rdfs:range xsd:string }",
        "shapes_update": "INSERT { ?s sh:property [ sh:path hanke:newThing ; sh:maxCount 1 ; sh:datatype xsd:string ] } "
                         "WHERE { BIND(hsh:ProjectShape AS ?s) }"},
    "a constraint loosened": {
        "shapes_update": "DELETE { ?p sh:maxCount 1 } WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:department }"},
    "a severity lowered": {
        "shapes_update": "DELETE { ?p sh:severity sh:Warning } INSERT { ?p sh:severity sh:Info } WHERE { hsh:ProjectPeriodStated sh:property ?p . ?p sh:severity sh:Warning }"},
    "a constraint moved to another shape targeting the class": {
        "shapes_update": "DELETE { ?p sh:maxCount 1 } INSERT { hsh:Moved a sh:NodeShape ; sh:targetClass hanke:Project ; "
                         "sh:property [ sh:path hanke:department ; sh:maxCount 1 ] } "
                         "WHERE { hsh:ProjectShape sh:property ?p . ?p sh:path hanke:department }"},
}


@pytest.mark.parametrize("case", sorted(ALLOWED))
def test_compatible_changes_need_no_major_version(tmp_path, case):
    assert check_against(current(), modified(tmp_path, MINOR, **ALLOWED[case])) == []


def test_a_released_version_is_frozen_and_versions_never_go_back(tmp_path):
    release = RELEASES / "1.1.0"
    (tmp_path / "same").mkdir()
    assert check_against(release_before_2(), modified(tmp_path / "same", "1.1.0", base=release)) == []
    changed = modified(tmp_path, "1.1.0", ontology_update="INSERT DATA { hanke:paidAmount owl:deprecated true }", base=release)
    assert check_against(release_before_2(), changed) == [
        "modified 1.1.0 against 1.1.0 1.1.0: a released version changed; raise the version"]
    (tmp_path / "old").mkdir()
    older = modified(tmp_path / "old", "1.0.5")
    assert check_against(release_before_2(), older) == ["modified 1.0.5 against 1.1.0 1.1.0: the version goes backwards"]


def test_the_guides_example_passes_the_shapes_and_both_guides_are_linked():
    import pyshacl

    guide = (REPO / "docs" / "reusing-the-vocabulary.md").read_text(encoding="utf-8")
    example = guide.split("```turtle\n", 1)[1].split("```", 1)[0]
    data = Graph().parse(data=example, format="turtle")
    data.parse(ONTOLOGY / "codelists.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=_parsed(SHAPES / "hanke-shapes.ttl"), advanced=True)
    assert conforms, text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/reusing-the-vocabulary.md" in readme and "docs/sanaston-uudelleenkaytto.md" in readme
    assert "(sanaston-uudelleenkaytto.md)" in guide
    assert "(reusing-the-vocabulary.md)" in (REPO / "docs" / "sanaston-uudelleenkaytto.md").read_text(encoding="utf-8")


# --- the command ------------------------------------------------------------------------------------


def test_check_vocabulary_accepts_every_release_against_the_shipped_vocabulary(monkeypatch):
    monkeypatch.chdir(REPO)
    for release in ("1.0.0", "1.1.0"):
        result = run_cli("check-vocabulary", f"ontology/releases/{release}")
        assert (result.exit_code, result.stdout, result.stderr) == (
            0, f"the shipped vocabulary 2.2.0 keeps what ontology/releases/{release} {release} promised\n", "")


def test_check_vocabulary_lists_each_break_with_exit_code_1(tmp_path, monkeypatch):
    _code_removed(tmp_path, MINOR)
    monkeypatch.chdir(tmp_path)
    old = str(ONTOLOGY)  # the current vocabulary, outside the current folder: shown as given
    result = run_cli("check-vocabulary", old, f"v{MINOR}", "--old-shapes", str(SHAPES))
    expected = check_against(load_vocabulary(ONTOLOGY, old, SHAPES), load_vocabulary(tmp_path / f"v{MINOR}", f"v{MINOR}"))
    assert len(expected) == 1 and "coordinator" in expected[0]
    assert (result.exit_code, result.stderr.splitlines()) == (1, expected)
    assert result.stdout == f"v{MINOR} {MINOR} is not compatible with {old} 2.2.0: 1 break\n"


def test_check_vocabulary_lists_the_money_model_as_breaks_of_a_minor_version(tmp_path, monkeypatch):
    modified(tmp_path, "1.2.0")  # the current files, stated as a minor version of 1.1.0
    monkeypatch.chdir(tmp_path)
    old = str(RELEASES / "1.1.0")
    result = run_cli("check-vocabulary", old, "v1.2.0")
    breaks = breaking_changes(release_before_2(), current())
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == len(breaks) >= len(MONEY_BREAKS)
    assert result.stdout == f"v1.2.0 1.2.0 is not compatible with {old} 1.1.0: {len(breaks)} breaks\n"


def test_check_vocabulary_names_a_missing_file_with_exit_code_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    result = run_cli("check-vocabulary", "old")
    assert result.exit_code == 2
    assert result.stderr == ("kemi-lod: old/hanke.ttl: no such file (a vocabulary folder holds hanke.ttl, "
                             "codelists.ttl and hanke-shapes.ttl)\n")


def test_a_new_term_that_takes_an_old_term_s_values_is_a_break():
    """The framer writes a value under the first term that fits it: a new term for the same
    property and kind of value, placed before the old one, renames the key in new documents."""
    from kemi_lod.vocabulary.compatibility import context_breaks

    old = json.loads((ONTOLOGY / "hanke-context.jsonld").read_text(encoding="utf-8"))["@context"]
    new = {"beginning": {"@id": "dcat:startDate", "@type": "xsd:date"}, **old}
    assert context_breaks(old, new) == [
        "JSON-LD context: http://www.w3.org/2001/XMLSchema#date values of <http://www.w3.org/ns/dcat#startDate> "
        "now go under 'beginning', not 'start'"]
    assert context_breaks(old, {**old, "beginning": {"@id": "dcat:startDate", "@type": "xsd:date"}}) == []
