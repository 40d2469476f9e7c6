"""The compiled SHACL engine and pySHACL find exactly the same problems, at every size."""

from __future__ import annotations

import pytest

from support import REPO, load_benchmark
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.shacl.validation import compiled_shapes

synthetic = load_benchmark("synthetic")
SEEDED, generate = synthetic.SEEDED, synthetic.generate


def report(config, engine, **kw):
    settings = load_settings(config)
    checked = check(settings, settings.root / "data", engine=engine, **kw)
    assert checked.report is not None, checked.problems
    return checked.report


def keys(rep):
    return sorted(r.key() for r in rep.results)


def located(rep):
    return sorted((p.path, p.line, p.field, p.severity) for p in rep.problems)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("syn") / "pub", projects=120, seed=7, errors=True)


@pytest.mark.slow
def test_the_engines_agree_on_the_fixture_and_the_kemi_data(publication):
    # the fixture as a copy (a check keeps its cache beside the configuration, never in tests/)
    for config in (publication / "kemi-lod.yaml", REPO / "kemi-lod.yaml"):
        compiled, reference = report(config, "compiled"), report(config, "pyshacl")
        assert keys(compiled) == keys(reference)
        assert located(compiled) == located(reference)


@pytest.mark.slow
def test_the_engines_agree_on_every_seeded_error(seeded):
    compiled = report(seeded / "kemi-lod.yaml", "compiled", use_cache=False, workers=2)
    reference = report(seeded / "kemi-lod.yaml", "pyshacl", use_cache=False)
    assert keys(compiled) == keys(reference)
    assert located(compiled) == located(reference)
    # each result's rule: its node shape (a property shape is named <node shape>-<path>)
    shapes = {r.shape.rsplit("#", 1)[1].split("-", 1)[0] for r in compiled.results}
    assert shapes == set(SEEDED.values())


def test_the_same_errors_are_found_at_every_size(tmp_path):
    small = generate(tmp_path / "small", projects=12, seed=3, errors=True)
    large = generate(tmp_path / "large", projects=400, seed=3, errors=True)
    one = report(small / "kemi-lod.yaml", "compiled", use_cache=False)
    two = report(large / "kemi-lod.yaml", "compiled", use_cache=False, workers=2)
    assert [str(p).replace(str(small), "") for p in one.problems] == [str(p).replace(str(large), "") for p in two.problems]
    assert len(one.problems) == len(SEEDED)  # one problem per seeded error


def test_cached_and_uncached_builds_report_the_same(seeded):
    cold = report(seeded / "kemi-lod.yaml", "compiled", use_cache=False)
    report(seeded / "kemi-lod.yaml", "compiled")  # fills the cache
    warm = report(seeded / "kemi-lod.yaml", "compiled")
    assert [str(p) for p in cold.problems] == [str(p) for p in warm.problems]
    assert keys(cold) == keys(warm)


@pytest.mark.slow
def test_an_incremental_check_reports_what_a_cold_check_reports(tmp_path):
    pub = generate(tmp_path / "pub", projects=300, seed=5, errors=True)
    report(pub / "kemi-lod.yaml", "compiled", workers=2)  # fills the cache
    broken = pub / "data" / "projects" / "hanke-000020.yaml"
    # a contribution added at the end of its complete list, more than the whole budget
    broken.write_text(broken.read_text().replace("funding_complete: true\n", "  - {group: private, amount: 99999999}\nfunding_complete: true\n"))
    fixed = pub / "data" / "projects" / "hanke-000006.yaml"  # the reversed period
    fixed.write_text(fixed.read_text().replace('start: "2023-05-01"', 'start: "2021-05-01"'))
    settings = load_settings(pub / "kemi-lod.yaml")
    warm = check(settings, pub / "data")
    assert warm.rebuilt == 2
    cold = check(settings, pub / "data", use_cache=False)
    assert [str(p) for p in warm.report.problems] == [str(p) for p in cold.report.problems]
    shapes = {p.message.rsplit("[", 1)[1] for p in warm.report.problems if p.path.endswith("hanke-000020.yaml")}
    # its list was complete, and a single contribution above the budget (vocabulary 2.0.0)
    assert shapes == {"hsh:ContributionsWithinBudget]", "hsh:CompleteFundingEqualsBudget]", "hsh:MunicipalShareWithinBudget]"}
    assert not [p for p in warm.report.problems if p.path.endswith("hanke-000006.yaml")]


LOCAL_QUERY = "SELECT ?this ?value WHERE { ?this <http://x/p> ?n . ?n <http://x/amount> ?value }"


@pytest.mark.parametrize("query, external, local", [
    (LOCAL_QUERY, frozenset(), True),
    (LOCAL_QUERY, frozenset({"http://x/p"}), False),  # ?n may be another record's node
    ("SELECT ?this WHERE { ?this <http://x/p>/<http://x/q> ?v }", frozenset(), True),
    ("SELECT ?this WHERE { ?this <http://x/p>/<http://x/q> ?v }", frozenset({"http://x/p"}), False),
    ("SELECT ?this WHERE { ?this <http://x/p> ?v . ?other <http://x/q> ?w }", frozenset(), False),
    ("SELECT ?this WHERE { ?this ?p ?v }", frozenset(), False),
    ("SELECT ?this WHERE { ?this <http://x/p> ?v . <http://x/r> <http://x/q> ?w }", frozenset(), False),
    ("SELECT ?this WHERE { ?project <http://x/has> ?this ; <http://x/budget> ?b }", frozenset(), True),
    # ?z reaches ?v by a predicate that never leaves a record, so ?z is in the record too
    ("SELECT ?this WHERE { ?this <http://x/p> ?v FILTER EXISTS { ?z <http://x/q> ?v } }", frozenset(), True),
    ("SELECT ?this WHERE { ?this <http://x/p> ?v FILTER EXISTS { ?z <http://x/q> ?v } }", frozenset({"http://x/q"}), False),
    ("SELECT ?this WHERE { ?this <http://x/p> ?v . FILTER NOT EXISTS { ?v <http://x/q> ?w } }", frozenset(), True),
])
def test_rule_locality(query, external, local):
    from kemi_lod.shacl.engine import rule_is_local

    assert rule_is_local(query, external) is local


@pytest.mark.slow
def test_a_build_checking_every_record_reports_what_a_check_reports(tmp_path):
    """A build without a cache runs the SHACL-SPARQL rules on the store of its own dump, in a
    thread, while it writes; it must find what `validate` finds, and publish nothing."""
    from kemi_lod.build.pipeline import build

    pub = generate(tmp_path / "pub", projects=300, seed=5, errors=True)
    (pub / "data" / "projects" / "hanke-000009.yaml").unlink()  # the SHACL Core violation:
    settings = load_settings(pub / "kemi-lod.yaml")  # with one, the rules are not left to the build
    assert check(settings, pub / "data", use_cache=False, defer_rules=True).pending is not None
    built = build(settings, pub / "data", pub / "build", use_cache=False, workers=2)
    checked = check(settings, pub / "data", use_cache=False)
    assert not built.ok and not (pub / "build").exists()
    assert [str(p) for p in built.checked.report.problems] == [str(p) for p in checked.report.problems]
    assert keys(built.checked.report) == keys(checked.report)
    violations = {c.shape.rsplit("#", 1)[1] for c in compiled_shapes().sparql if c.severity == "error"}
    assert {p.message.rsplit("[", 1)[1] for p in built.checked.problems} == {
        f"hsh:{name}]" for name in SEEDED.values() if name in violations}  # the rules' violations
