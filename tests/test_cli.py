"""The command line: help everywhere, version, validate, configuration errors."""

from __future__ import annotations

import re
import shutil

import pytest
import rdflib

from support import REPO, run_cli
from kemi_lod.cli import main

COMMANDS = sorted(main.commands)
# the city's share for one year (not in the whole-period sums) above the whole budget: only
# MunicipalShareWithinBudget is violated; no period, so a warning
BROKEN = 'title: Rikki\nsources: [{source: sivu}]\nbudget: 10\nfunding: [{funder: testikunta, group: municipal, amount: 20, year: "2020"}]\n'


@pytest.mark.parametrize("args", [[], *[[c] for c in COMMANDS]], ids=lambda a: " ".join(a) or "kemi-lod")
def test_every_command_has_help(args):
    result = run_cli(*args, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0
    assert re.fullmatch(r"kemi-lod, version \d+\.\d+\.\d+\n", result.stdout)


def test_an_unknown_option_is_a_usage_error(publication):
    assert run_cli("build", "--no-such-option").exit_code == 2


def test_a_missing_configuration_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 2
    assert result.stderr == (
        "kemi-lod: kemi-lod.yaml: configuration file not found "
        "(run it in a publication folder, or give --config)\n"
    )


def test_validate_writes_nothing_and_reports_warnings_and_notes(publication):
    result = run_cli("validate")
    assert result.exit_code == 0
    # jatkuva states a budget for one year (annual_budget): a budget, so no note
    assert result.stdout == "4 projects, 884 triples: 0 violations, 1 warnings, 4 notes\n"
    assert result.stderr == (
        "data/organisations/rahoittaja.yaml:1: note: The organisation has no business ID: its record gives none (business_id) and none of its names is in the reference table (reference/organisations.csv). [hsh:OrganisationBusinessId]\n"
        "data/organisations/yliopisto.yaml:1: note: The organisation has no business ID: its record gives none (business_id) and none of its names is in the reference table (reference/organisations.csv). [hsh:OrganisationBusinessId]\n"
        "data/places/testikunta.yaml:1: note: skos:exactMatch: The municipality or region has no official code: none of its names is in the reference tables (reference/municipalities.csv, reference/regions.csv). [hsh:OfficialPlaceLinked-exactMatch]\n"
        "data/projects/yksirivinen.yaml:1: warning: dct:temporal: The project has no period. "
        "[hsh:ProjectPeriodStated-temporal]\n"
        "data/projects/yksirivinen.yaml:1: note: hanke:budget: The project states no budget. "
        "[hsh:ProjectBudgetStated-budget]\n"
    )
    assert not (publication / "build").exists()


def test_validate_can_print_the_shacl_report_as_turtle(publication):
    (publication / "data" / "projects" / "jatkuva.yaml").write_text(BROKEN)
    result = run_cli("validate", "--format", "ttl")
    assert result.exit_code == 1
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(False)]
    violations = {str(report.value(r, sh.sourceShape)) for r in report.subjects(sh.resultSeverity, sh.Violation)}
    assert violations == {"https://w3id.org/hanke/shapes#MunicipalShareWithinBudget"}
    warnings = {str(report.value(r, sh.sourceShape)) for r in report.subjects(sh.resultSeverity, sh.Warning)}
    assert warnings == {"https://w3id.org/hanke/shapes#ProjectPeriodStated-temporal"}  # the property shape
    # the shapes published with the build name it, a sh:PropertyShape of its node shape
    shapes = rdflib.Graph().parse(REPO / "shapes" / "hanke-shapes.ttl")
    hsh = rdflib.Namespace("https://w3id.org/hanke/shapes#")
    assert (hsh.ProjectPeriodStated, sh.property, hsh["ProjectPeriodStated-temporal"]) in shapes
    assert (hsh["ProjectPeriodStated-temporal"], rdflib.RDF.type, sh.PropertyShape) in shapes


@pytest.mark.parametrize("engine", ["compiled", "pyshacl"])
def test_a_report_with_only_warnings_and_notes_does_not_conform_but_the_build_passes(publication, engine):
    """SHACL: sh:conforms is false whenever there is a result, whatever its severity; the build
    fails on violations only."""
    result = run_cli("validate", "--format", "ttl", "--engine", engine, "--no-cache")
    assert result.exit_code == 0
    report = rdflib.Graph().parse(data=result.stdout, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    severities = sorted(str(o).rsplit("#", 1)[1] for o in report.objects(None, sh.resultSeverity))
    assert severities == ["Info", "Info", "Info", "Info", "Warning"]
    assert list(report.objects(None, sh.conforms)) == [rdflib.Literal(False)]
    assert run_cli("build", "--engine", engine).exit_code == 0


def test_both_engines_write_the_same_report(publication):
    (publication / "data" / "projects" / "jatkuva.yaml").write_text(BROKEN)
    compiled = run_cli("validate", "--format", "ttl", "--no-cache")
    reference = run_cli("validate", "--format", "ttl", "--engine", "pyshacl", "--no-cache")
    assert (compiled.exit_code, reference.exit_code) == (1, 1)
    assert compiled.stdout == reference.stdout
    assert "https://w3id.org/hanke/shapes#MunicipalShareWithinBudget" in compiled.stdout  # a report, not a refusal


def test_validate_reports_record_problems_with_exit_code_1(publication):
    shutil.rmtree(publication / "data" / "persons")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "4 problems"
