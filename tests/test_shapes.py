"""The shapes and the engines: SHACL-for-SHACL, and a valid graph and invalid ones per rule.

Each folder under tests/shacl/ is named after a shape of shapes/hanke-shapes.ttl and holds
`valid.ttl` (no result from that shape) and one or more invalid cases, `invalid.ttl` or
`invalid-<case>.ttl`, each with `expected.txt` or `expected-<case>.txt`: that shape's exact
results on it. Both engines, the compiled one and pySHACL, must give exactly these results.
Every case is validated with the code lists beside it, as a build validates the data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate

from support import TESTS
from kemi_lod.shacl.engine import RDF_TYPE, SH, Evaluator, Shape, Shapes, SparqlConstraint, _patterns, index, run_sparql
from kemi_lod.shacl.validation import compiled_shapes, make_context, pyshacl_results, shapes_graph
from kemi_lod.vocabulary.files import codelist_triples
from kemi_lod.vocabulary.terms import PREFIXES, shorten

CASES = TESTS / "shacl"
HEADER = ("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())
          + "@prefix ex: <https://example.org/> .\n"
          + "@prefix status: <https://w3id.org/hanke/code/amount-status/> .\n")
RULES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
INVALID = sorted(p for rule in RULES for p in (CASES / rule).glob("invalid*.ttl"))
SHAPES = "https://w3id.org/hanke/shapes#"


def parse(turtle: str) -> list[ox.Triple]:
    """A case with the code lists (the concepts an amount's status must be one of)."""
    return [q.triple for q in ox.parse(HEADER + turtle, format=ox.RdfFormat.TURTLE)] + list(codelist_triples())


def expected_of(case: Path) -> Path:
    return case.with_name("expected" + case.stem.removeprefix("invalid") + ".txt")


def compiled_results(triples: list[ox.Triple]):
    """The compiled engine on a whole graph: Core on the graph as one record, SPARQL on a store."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    core = Evaluator(compiled_shapes(), make_context({})).validate(index(triples))
    return core + run_sparql(compiled_shapes(), store)


@cache
def _worded() -> frozenset[str]:
    """The shapes with an sh:message of their own."""
    return frozenset(str(s) for s in shapes_graph().subjects(rdflib.URIRef(SH + "message")))


def line(r) -> str:
    """A result as the engines agree on it: by the shape's message where it has one (a rule's
    always); else, by its path, constraint component and value (a SHACL Core result that each
    engine words its own way)."""
    if r.component == "sh:SPARQLConstraintComponent" or r.shape in _worded():
        return f"{r.severity} <{r.focus}> {r.message}"
    value = "" if r.value is None else f" {r.value}"
    return f"{r.severity} <{r.focus}> {shorten(r.path) if r.path else '-'} {r.component}{value}"


def lines_of(rule: str, results) -> list[str]:
    """The results of the rule's node shape and of its property shapes (named `<rule>-<path>`)."""
    return sorted(line(r) for r in results
                  if r.shape == SHAPES + rule or r.shape.startswith(SHAPES + rule + "-"))


def test_every_data_quality_rule_has_cases():
    rules = {c.shape.removeprefix(SHAPES) for c in compiled_shapes().sparql}
    assert rules <= set(RULES)
    assert {"ProjectPeriodStated", "ProjectBudgetStated", "MonetaryAmountShape", "FundingContributionShape"} <= set(RULES)
    named = {s.removeprefix(SHAPES) for s in _named_shapes()}
    assert set(RULES) <= named, set(RULES) - named  # a folder of a renamed or removed shape
    for rule in RULES:
        folder = CASES / rule
        assert (folder / "valid.ttl").is_file() and list(folder.glob("invalid*.ttl")), rule
        # each case has its expectation, and no expectation is left without its case
        assert sorted(expected_of(c) for c in folder.glob("invalid*.ttl")) == sorted(folder.glob("expected*.txt")), rule


def _named_shapes() -> set[str]:
    graph = shapes_graph()
    return {str(s) for s in graph.subjects() if str(s).startswith(SHAPES)}


@pytest.mark.parametrize("engine", [compiled_results, pyshacl_results], ids=["compiled", "pyshacl"])
@pytest.mark.parametrize("rule", RULES)
def test_valid_graph_gives_no_result(rule, engine):
    assert lines_of(rule, engine(parse((CASES / rule / "valid.ttl").read_text()))) == []


@pytest.mark.parametrize("engine", [compiled_results, pyshacl_results], ids=["compiled", "pyshacl"])
@pytest.mark.parametrize("case", INVALID, ids=[f"{p.parent.name}/{p.stem}" for p in INVALID])
def test_invalid_graph_gives_exactly_the_expected_results(case, engine, update_golden):
    got = lines_of(case.parent.name, engine(parse(case.read_text())))
    expected_file = expected_of(case)
    if update_golden and engine is compiled_results:
        expected_file.write_text("".join(text + "\n" for text in got))
    assert got == expected_file.read_text().splitlines()
    assert got, "an invalid case must produce at least one result"


def test_shapes_pass_shacl_for_shacl():
    conforms, _, text = validate(shapes_graph(), meta_shacl=True, inference="none")
    assert conforms, text


def test_a_rebuild_loads_every_predicate_the_rules_read():
    """A rebuild runs the SPARQL rules on a store of the predicates that predicates_for_sparql
    finds in their text (by pattern); a build that checks every record runs them on the whole
    dump. The two agree only if those predicates include every one that a triple pattern of a
    rule reads, as rdflib's parser finds them (shacl._patterns)."""
    shapes = compiled_shapes()
    found = shapes.predicates_for_sparql()
    assert found is not None  # the shipped rules have no variable predicate
    for c in shapes.sparql:
        patterns = _patterns(c.query)
        assert patterns, c.shape
        read = {p for _, steps, _ in patterns for step, alternatives in steps
                for p in (alternatives if step == "*" else [step])}
        assert read and read <= found, (c.shape, read - found)


def _rule(body: str) -> SparqlConstraint:
    query = f"PREFIX ex: <https://example.org/>\nSELECT $this WHERE {{ {body} }}"
    return SparqlConstraint("urn:shape", "urn:target", query, "Violation", {})


@pytest.mark.parametrize(("body", "expected"), [
    ('$this ex:a/^ex:b ?x ; <https://example.org/c> ?y . FILTER(?y != "ex:d")',
     {"https://example.org/a", "https://example.org/b", "https://example.org/c"}),
    ("$this (ex:a|ex:b)* ?x . FILTER NOT EXISTS { ?x ex:c ?z }",
     {"https://example.org/a", "https://example.org/b", "https://example.org/c"}),
    ("$this ex:a ?x . ?x ?p ?z", None),
    ("$this ex:a ?x . FILTER NOT EXISTS { ?x ?p ?z }", None),
], ids=["paths-and-full-iris", "alternatives-and-not-exists", "variable-predicate", "variable-predicate-in-not-exists"])
def test_the_predicates_of_a_rule_are_found_in_its_text(body, expected):
    found = Shapes.predicates_for_sparql(SimpleNamespace(sparql=[_rule(body)]))
    assert found == (None if expected is None else frozenset(expected | {RDF_TYPE}))


def test_a_property_without_values_is_reported_only_by_constraints_that_need_one():
    """The evaluator skips property shapes that have no values and nothing that could fail
    without them; sh:minCount above 0 and sh:hasValue still report."""
    def prop(path: str, *constraints) -> Shape:
        return Shape(node=f"urn:shape:{path}", named="urn:shape", path=f"urn:p:{path}", constraints=list(constraints))

    node = Shape(node="urn:shape", named="urn:shape", properties=[
        prop("needed", ("minCount", 1)),
        prop("fixed", ("hasValue", "urn:v")),
        prop("optional", ("minCount", 0), ("datatype", "http://www.w3.org/2001/XMLSchema#string")),
        prop("typed", ("class", "urn:C")),
    ])
    graph = {"urn:x": {RDF_TYPE: [ox.NamedNode("urn:T")]}}
    results = Evaluator(compiled_shapes(), make_context({})).node_results(node, "urn:x", graph)
    assert sorted((r.path, r.component) for r in results) == [
        ("urn:p:fixed", "sh:HasValueConstraintComponent"), ("urn:p:needed", "sh:MinCountConstraintComponent")]
