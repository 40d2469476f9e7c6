"""The shapes and the engines: SHACL-for-SHACL, and one valid and one invalid graph per rule.

Each folder under tests/shacl/ is named after a shape of shapes/hanke-shapes.ttl and holds
`valid.ttl` (no result from that shape) and `invalid.ttl` with `expected.txt`: that shape's
exact results. Both engines, the compiled one and pySHACL, must give exactly these results.
"""

from __future__ import annotations

from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from pyshacl import validate

from support import TESTS
from kemi_lod.shacl.engine import RDF_TYPE, Evaluator, Shape, Shapes, SparqlConstraint, _patterns, index, run_sparql
from kemi_lod.shacl.validation import compiled_shapes, make_context, pyshacl_results, shapes_graph
from kemi_lod.vocabulary.terms import PREFIXES

CASES = TESTS / "shacl"
HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "@prefix ex: <https://example.org/> .\n"
RULES = sorted(p.name for p in CASES.iterdir() if p.is_dir())
SHAPES = "https://w3id.org/hanke/shapes#"


def parse(turtle: str) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(HEADER + turtle, format=ox.RdfFormat.TURTLE)]


def compiled_results(triples: list[ox.Triple]):
    """The compiled engine on a whole graph: Core on the graph as one record, SPARQL on a store."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    core = Evaluator(compiled_shapes(), make_context({})).validate(index(triples))
    return core + run_sparql(compiled_shapes(), store)


def lines_of(rule: str, results) -> list[str]:
    """The results of the rule's node shape and of its property shapes (named `<rule>-<path>`)."""
    return sorted(f"{r.severity} <{r.focus}> {r.message}" for r in results
                  if r.shape == SHAPES + rule or r.shape.startswith(SHAPES + rule + "-"))


def test_every_data_quality_rule_has_cases():
    rules = {c.shape.removeprefix(SHAPES) for c in compiled_shapes().sparql}
    assert rules <= set(RULES)
    assert {"ProjectPeriodStated", "ProjectBudgetStated"} <= set(RULES)


@pytest.mark.parametrize("engine", [compiled_results, pyshacl_results], ids=["compiled", "pyshacl"])
@pytest.mark.parametrize("rule", RULES)
def test_valid_graph_gives_no_result(rule, engine):
    assert lines_of(rule, engine(parse((CASES / rule / "valid.ttl").read_text()))) == []


@pytest.mark.parametrize("engine", [compiled_results, pyshacl_results], ids=["compiled", "pyshacl"])
@pytest.mark.parametrize("rule", RULES)
def test_invalid_graph_gives_exactly_the_expected_results(rule, engine, update_golden):
    got = lines_of(rule, engine(parse((CASES / rule / "invalid.ttl").read_text())))
    expected_file = CASES / rule / "expected.txt"
    if update_golden and engine is compiled_results:
        expected_file.write_text("".join(line + "\n" for line in got))
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
