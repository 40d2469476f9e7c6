"""The benchmark's synthetic publications: deterministic, realistic, and buildable."""

from __future__ import annotations

from support import load_benchmark, tree_bytes
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.shacl.validation import compiled_shapes

synthetic = load_benchmark("synthetic")
SEEDED, generate = synthetic.SEEDED, synthetic.generate


def test_the_same_seed_gives_the_same_files(tmp_path):
    a = generate(tmp_path / "a", projects=50, seed=4)
    b = generate(tmp_path / "b", projects=50, seed=4)
    c = generate(tmp_path / "c", projects=50, seed=5)
    assert tree_bytes(a) == tree_bytes(b)
    assert tree_bytes(a) != tree_bytes(c)


def test_a_project_does_not_depend_on_the_size(tmp_path):
    small = generate(tmp_path / "small", projects=20, seed=4)
    large = generate(tmp_path / "large", projects=60, seed=4)
    for i in (0, 7, 19):
        name = f"data/projects/hanke-{i:06d}.yaml"
        assert (small / name).read_text().splitlines()[:4] == (large / name).read_text().splitlines()[:4]


def test_a_clean_publication_builds_without_findings_and_is_shaped_like_the_real_one(tmp_path):
    pub = generate(tmp_path / "pub", projects=200, seed=2)
    settings = load_settings(pub / "kemi-lod.yaml")
    checked = check(settings, pub / "data", use_cache=False)
    assert checked.ok and checked.report.problems == ()
    # the curated records: about 52 per project with 2.0.0's amount nodes, a third of them without
    # money; every synthetic project has funding and a budget
    assert 50 <= checked.triples / checked.projects <= 80
    text = "".join(p.read_text() for p in sorted((pub / "data" / "projects").glob("*.yaml")))
    for shape in ('start: "20', "ongoing: true", "person_years", "split:", "history:", "share_percent", "continues:",
                  # record format 2: the city's contribution (a year's share as a part), statuses, citations
                  "funder: kaupunki, amount:", "part_of: 2", "status: applied", "status: granted", "status_date:",
                  "paid:", "sources: [{source: sivu-", "budget: {amount:"):
        assert shape in text, shape
    assert "city_share" not in text
    assert any(len(p.read_text()) > 0 for p in (pub / "data" / "persons").glob("*.yaml"))


def test_every_rule_has_a_seeded_error(tmp_path):
    pub = generate(tmp_path / "pub", projects=30, seed=2, errors=True)
    settings = load_settings(pub / "kemi-lod.yaml")
    checked = check(settings, pub / "data", use_cache=False)
    # each result's rule: its node shape (a property shape is named <node shape>-<path>)
    found = {r.shape.rsplit("#", 1)[1].split("-", 1)[0]: r.focus.rsplit("/", 1)[1].split("#")[0]
             for r in checked.report.results}
    assert found == {rule: f"hanke-{i:06d}" for i, rule in SEEDED.items()}


def test_every_rule_the_records_can_break_is_seeded():
    """The SHACL-SPARQL rules without a seeded error are those no record can break: the record
    format writes one budget per status and year, a part of a contribution of its own project
    that is not itself a part, and every amount in euros."""
    rules = {c.shape.rsplit("#", 1)[1] for c in compiled_shapes().sparql}
    # what the loader refuses first (a part larger than its whole, two amounts of one kind) or no
    # record can write (two budgets, a part of another project, another currency)
    assert rules - set(SEEDED.values()) == {"BudgetStatedOnce", "PartOfSameProject", "CurrencyCode", "PartWithinWhole", "AmountsDistinct"}
