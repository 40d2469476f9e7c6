"""`kemi-lod build`: golden dumps, round trips, determinism, empty and foreign publications."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from support import FIXTURE, REPO, TESTS, run_cli, tree_bytes
from kemi_lod.config import load_settings
from kemi_lod.build.pipeline import check
from kemi_lod.shacl.validation import to_rdflib

GOLDEN = TESTS / "golden"
FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def parse(path: Path, fmt: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    return graph


def describe_diff(expected: rdflib.Graph, actual: rdflib.Graph) -> str:
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = ["only in golden:"] + sorted(f"  {t}" for t in only_expected.serialize(format="nt").splitlines() if t)
    lines += ["only in build:"] + sorted(f"  {t}" for t in only_actual.serialize(format="nt").splitlines() if t)
    return "\n".join(lines)


def test_build_writes_the_golden_dumps(publication, update_golden):
    assert run_cli("build").exit_code == 0
    for name in ("fixture.ttl", "fixture.nt", "fixture.jsonld", "context.jsonld",
                 "catalog.ttl", "void.ttl", "fixture-projects.csv"):
        built = publication / "build" / name
        golden = GOLDEN / name
        if update_golden:
            shutil.copyfile(built, golden)
        if built.read_bytes() != golden.read_bytes():
            fmt = FORMATS.get(name.rsplit(".", 1)[1])
            detail = describe_diff(parse(golden, fmt), parse(built, fmt)) if fmt else ""
            pytest.fail(f"{name} differs from tests/golden/{name} (run pytest --update-golden if intended)\n{detail}")


@pytest.fixture
def fixture_build(tmp_path) -> Path:
    """The fixture publication, built for one test."""
    assert run_cli("build", "--config", str(FIXTURE / "kemi-lod.yaml"), "--out", str(tmp_path / "build")).exit_code == 0
    return tmp_path / "build"


@pytest.mark.parametrize("config, built", [(FIXTURE / "kemi-lod.yaml", "fixture_build"), (REPO / "kemi-lod.yaml", "kemi_build")],
                         ids=["fixture", "kemi"])
def test_yaml_to_graph_to_each_format_round_trips(request, config, built):
    settings = load_settings(config)
    checked = check(settings, settings.root / "data")
    assert checked.ok, checked.problems
    expected = to_rdflib(checked.graph())
    out = request.getfixturevalue(built)
    for ext, fmt in FORMATS.items():
        dumped = parse(out / f"{settings.dataset}.{ext}", fmt)
        assert isomorphic(expected, dumped), f"{ext}:\n{describe_diff(expected, dumped)}"


def test_the_same_input_builds_byte_identical_output(kemi_build, tmp_path):
    config = str(REPO / "kemi-lod.yaml")
    assert run_cli("build", "--config", config, "--out", str(tmp_path / "b")).exit_code == 0
    first, second = tree_bytes(kemi_build), tree_bytes(tmp_path / "b")
    site = ("id/", "assets/", "index.html", "sparql.html", "hosting/", ".htaccess")  # the pages (tests/test_site.py)
    site += ("sitemap.xml", "robots.txt")  # tests/test_findable.py
    site += ("queries/", "charts/")  # the example queries, their results and charts (test_queries.py, test_charts.py)
    site += ("ontology/releases/",)  # every version of the vocabulary (tests/test_versions.py)
    assert sorted(f for f in first if not f.startswith(site)) == [
        ".well-known/void", "catalog-avoindata.ttl", "catalog.jsonld", "catalog.ttl", "context.jsonld",
        *(f"kemi-{t}.csv{m}" for t in ("contact-roles", "contributions", "organisations", "programmes", "projects")
          for m in ("", "-metadata.json")),
        "kemi.jsonld", "kemi.nt", "kemi.ttl", "kemi.xlsx",
        "ontology/codelists.jsonld", "ontology/codelists.ttl", "ontology/hanke-context.jsonld", "ontology/hanke.jsonld",
        "ontology/hanke.ttl", "ontology/index.html", "shapes/hanke-shapes.ttl", "void.ttl",
    ]
    assert first == second


def test_the_repository_publication_has_no_violations():
    settings = load_settings(REPO / "kemi-lod.yaml")
    checked = check(settings, settings.root / "data")
    assert checked.problems == ()
    assert checked.projects == 44


def test_decimals_are_written_in_canonical_form(publication):
    run_cli("build")
    nt = (publication / "build" / "fixture.nt").read_text()
    assert '"100000.0"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    assert '"15000.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt
    assert '"4.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in nt


def test_an_empty_data_directory_builds_an_empty_publication(publication):
    shutil.rmtree(publication / "data")
    (publication / "data").mkdir()
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("0 projects, ")
    graph = parse(publication / "build" / "fixture.ttl", "turtle")
    assert not list(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/hanke/vocab#Project")))


def test_the_tool_files_come_from_the_installed_package(tmp_path, monkeypatch):
    """A publication folder outside the repository builds with the packaged vocabulary and shapes."""
    target = tmp_path / "elsewhere"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    assert run_cli("build").exit_code == 0
    assert (target / "build" / "ontology" / "hanke.ttl").read_bytes() == (REPO / "ontology" / "hanke.ttl").read_bytes()
    assert (target / "build" / "shapes" / "hanke-shapes.ttl").read_bytes() == (REPO / "shapes" / "hanke-shapes.ttl").read_bytes()


def test_jsonld_dump_embeds_the_published_context(publication):
    import json

    run_cli("build")
    dump = json.loads((publication / "build" / "fixture.jsonld").read_text())
    context = json.loads((publication / "build" / "context.jsonld").read_text())
    assert dump["@context"] == context["@context"]
    assert "hanke" in context["@context"] and len(context["@context"]) < 20
