"""A project recorded twice is a warning naming both files; `--strict` makes it an error;
same-titled projects of the same period with different codes are different projects."""

from __future__ import annotations

import shutil

import yaml

from support import run_cli

PROJECT = "data/projects/kaikki-kentat.yaml"


def test_a_record_copied_under_another_name_is_a_warning_naming_both(publication):
    shutil.copy(publication / PROJECT, publication / "data" / "projects" / "kopio.yaml")
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert ("data/projects/kopio.yaml:1: warning: title: the same project as data/projects/kaikki-kentat.yaml "
            "(the same title and source lines): remove one, or give each the code that tells them apart") in result.stderr
    strict = run_cli("build", "--strict")
    assert strict.exit_code == 1 and "kemi-lod: build failed; the previous build is untouched" in strict.stderr
    assert "data/projects/kopio.yaml:1: title: the same project as data/projects/kaikki-kentat.yaml" in strict.stderr
    assert run_cli("validate", "--strict").exit_code == 1


def test_the_same_title_and_period_under_different_codes_are_different_projects(publication):
    record = yaml.safe_load((publication / PROJECT).read_text(encoding="utf-8"))
    assert record["identifier"] == "S12345"
    record.pop("history", None)
    record.update(identifier="S67890", sources=[{"source": "sivu", "lines": "99"}])  # other lines, another code
    other = publication / "data" / "projects" / "toinen.yaml"
    other.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = run_cli("validate")
    assert "the same project" not in result.stderr, result.stderr
    record.pop("identifier")  # no code: the title, period and budget make it the same project
    other.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    result = run_cli("validate")
    assert ("data/projects/toinen.yaml:1: warning: title: the same project as data/projects/kaikki-kentat.yaml "
            "(the same title, period and budget)") in result.stderr
