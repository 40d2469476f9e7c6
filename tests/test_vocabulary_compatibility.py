"""Vocabulary stability: the current ontology, code lists and shapes against every release kept.

Without a new major version, no term may be removed, no domain or range change, no subclass
or subproperty axiom go, and no shape tighten (kemi_lod/vocabulary/compatibility.py). The negative cases
write modified copies of the current vocabulary to tmp and require the exact break reported.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph

from support import REPO, run_cli
from kemi_lod.vocabulary.compatibility import Version, Vocabulary, check_against, load_vocabulary

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


def check_all(releases: list[Vocabulary], current: Vocabulary) -> list[str]:
    return [p for r in releases for p in check_against(r, current)]


@cache
def releases():
    return [load_vocabulary(p, p.name) for p in sorted(RELEASES.iterdir(), key=lambda p: Version.parse(p.name).key())]


@cache
def current():
    return load_vocabulary(ONTOLOGY, "current", SHAPES)


def test_every_release_is_kept_and_named_by_its_version():
    kept = releases()
    assert [str(r.version) for r in kept] == [r.name for r in kept] == ["1.0.0", "1.1.0"]
    assert str(current().version) == "2.0.0"  # in preparation (ontology/CHANGELOG.md)


def test_the_current_vocabulary_is_compatible_with_every_release():
    assert check_all(releases(), current()) == []


def test_each_release_is_compatible_with_the_earlier_ones():
    kept = releases()
    assert [p for i, r in enumerate(kept) for p in check_all(kept[:i], r)] == []


def test_the_shapes_file_states_the_ontologys_version():
    shapes = current().shapes
    versions = {str(v) for v in shapes.objects(None, Graph().namespace_manager.expand_curie("owl:versionInfo"))}
    assert versions == {str(current().version)}


# --- negative cases: a modified copy of the current vocabulary ---------------------------------


@cache
def _parsed(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _copy(path: Path) -> Graph:
    g = Graph()
    for t in _parsed(path):
        g.add(t)
    return g


def modified(tmp_path: Path, version: str, ontology_update: str = "", shapes_update: str = ""):
    """The current vocabulary with SPARQL updates applied and `version` stated, written to tmp and loaded."""
    folder = tmp_path / f"v{version}"
    folder.mkdir()
    for name, update in (("hanke.ttl", ontology_update), ("codelists.ttl", "")):
        g = _copy(ONTOLOGY / name)
        if name == "hanke.ttl":
            g.update(PREFIXES + f"""DELETE {{ ?o owl:versionInfo ?v }} INSERT {{ ?o owl:versionInfo "{version}" }}
                                   WHERE {{ ?o a owl:Ontology ; owl:versionInfo ?v }}""")
        if update:
            g.update(PREFIXES + update)
        g.serialize(folder / name, format="turtle")
    shapes = _copy(SHAPES / "hanke-shapes.ttl")
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


PREFIX = "modified 1.2.0 against 1.1.0 1.1.0: "
SUFFIX = " (a break needs a new major version)"
BREAKS = {
    "term removed": (
        {"ontology_update": "DELETE WHERE { hanke:paidAmount ?p ?o }"},
        [f"term removed: <{V}paidAmount> (deprecate it with owl:deprecated true instead)"]),
    "domain changed": (
        {"ontology_update": "DELETE { hanke:totalBudget rdfs:domain ?d } INSERT { hanke:totalBudget rdfs:domain hanke:FundingContribution } WHERE { hanke:totalBudget rdfs:domain ?d }"},
        [f"rdfs:domain changed: <{V}totalBudget> {{<{PROJECT}>}} -> {{<{V}FundingContribution>}}"]),
    "range changed": (
        {"ontology_update": "DELETE { hanke:totalBudget rdfs:range ?r } INSERT { hanke:totalBudget rdfs:range xsd:integer } WHERE { hanke:totalBudget rdfs:range ?r }"},
        [f"rdfs:range changed: <{V}totalBudget> {{<http://www.w3.org/2001/XMLSchema#decimal>}} -> {{<http://www.w3.org/2001/XMLSchema#integer>}}"]),
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
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_each_kind_of_break_is_caught_without_a_new_major_version(tmp_path, case):
    changes, expected = BREAKS[case]
    release = releases()[-1]
    assert check_against(release, modified(tmp_path, "1.2.0", **changes)) == [PREFIX + b + SUFFIX for b in expected]


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_new_major_version_may_break(tmp_path, case):
    changes, _ = BREAKS[case]
    assert check_against(releases()[-1], modified(tmp_path, "2.0.0", **changes)) == []


def test_a_removed_code_is_a_removed_term(tmp_path):
    assert check_against(releases()[-1], _code_removed(tmp_path, "1.2.0")) == [
        PREFIX + "term removed: <https://w3id.org/hanke/code/role/coordinator> (deprecate it with owl:deprecated true instead)" + SUFFIX]


ALLOWED = {
    "deprecation": {"ontology_update": "INSERT DATA { hanke:paidAmount owl:deprecated true }"},
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
    assert check_against(releases()[-1], modified(tmp_path, "1.2.0", **ALLOWED[case])) == []


def test_a_released_version_is_frozen_and_versions_never_go_back(tmp_path):
    changed = modified(tmp_path, "1.1.0", ontology_update="INSERT DATA { hanke:paidAmount owl:deprecated true }")
    assert check_against(releases()[-1], changed) == [
        "modified 1.1.0 against 1.1.0 1.1.0: a released version changed; raise the version"]
    (tmp_path / "old").mkdir()
    older = modified(tmp_path / "old", "1.0.5")
    assert check_against(releases()[-1], older) == ["modified 1.0.5 against 1.1.0 1.1.0: the version goes backwards"]


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
            0, f"the shipped vocabulary 2.0.0 keeps what ontology/releases/{release} {release} promised\n", "")


def test_check_vocabulary_lists_each_break_with_exit_code_1(tmp_path, monkeypatch):
    _code_removed(tmp_path, "1.2.0")
    monkeypatch.chdir(tmp_path)
    old = str(RELEASES / "1.1.0")  # outside the current folder: shown as given
    result = run_cli("check-vocabulary", old, "v1.2.0")
    expected = check_against(load_vocabulary(RELEASES / "1.1.0", old), load_vocabulary(tmp_path / "v1.2.0", "v1.2.0"))
    assert len(expected) == 1 and "coordinator" in expected[0]
    assert (result.exit_code, result.stderr.splitlines()) == (1, expected)
    assert result.stdout == f"v1.2.0 1.2.0 is not compatible with {old} 1.1.0: 1 break\n"


def test_check_vocabulary_names_a_missing_file_with_exit_code_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old").mkdir()
    result = run_cli("check-vocabulary", "old")
    assert result.exit_code == 2
    assert result.stderr == ("kemi-lod: old/hanke.ttl: no such file (a vocabulary folder holds hanke.ttl, "
                             "codelists.ttl and hanke-shapes.ttl)\n")
