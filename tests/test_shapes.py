"""The shapes: SHACL-for-SHACL, and one valid and one invalid graph per data-quality rule.

Each folder under tests/shacl/ is named after a shape of shapes/hanke-shapes.ttl and holds
`valid.ttl` (no result from that shape) and `invalid.ttl` with `expected.txt`: that shape's
exact results, one `severity focus` line each.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from pyshacl import validate

from conftest import TESTS
from kemi_lod.validation import shapes_graph, validate_graph
from kemi_lod.vocab import PREFIXES

CASES = TESTS / "shacl"
HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "@prefix ex: <https://example.org/> .\n"
RULES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def results_of(rule: str, turtle: str) -> list[str]:
    triples = [q.triple for q in ox.parse(HEADER + turtle, format=ox.RdfFormat.TURTLE)]
    report = validate_graph(triples, {}, {})
    return sorted(f"{p.severity} {p.message}" for p in report.problems if p.message.endswith(f"[hsh:{rule}]"))


def test_every_data_quality_rule_has_cases():
    shapes = shapes_graph().serialize(format="nt")
    named = {line.split()[0][1:-1].rsplit("#", 1)[1] for line in shapes.splitlines()
             if line.startswith("<https://w3id.org/hanke/shapes#") and "<http://www.w3.org/ns/shacl#sparql>" in line}
    assert named <= set(RULES)
    assert {"ProjectPeriodStated", "ProjectBudgetStated"} <= set(RULES)


@pytest.mark.parametrize("rule", RULES)
def test_valid_graph_gives_no_result(rule):
    assert results_of(rule, (CASES / rule / "valid.ttl").read_text()) == []


@pytest.mark.parametrize("rule", RULES)
def test_invalid_graph_gives_exactly_the_expected_results(rule, update_golden):
    got = results_of(rule, (CASES / rule / "invalid.ttl").read_text())
    expected_file = CASES / rule / "expected.txt"
    if update_golden:
        expected_file.write_text("".join(line + "\n" for line in got))
    assert got == expected_file.read_text().splitlines()
    assert got, "an invalid case must produce at least one result"


def test_shapes_pass_shacl_for_shacl():
    conforms, _, text = validate(shapes_graph(), meta_shacl=True, inference="none")
    assert conforms, text
