"""A rebuild makes again only what changed: every other file of the new version is the previous
version's, hard-linked, and the result is byte for byte a build from scratch of the same data."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import run_cli, tree_bytes
from kemi_lod.build import pipeline
from kemi_lod.config import load_settings
from kemi_lod.site import parts
from kemi_lod.sparql.predicates import predicates_of
from kemi_lod.sparql.queries import examples


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _rebuild(publication: Path) -> tuple[set[str], set[str], dict[str, bytes], Path]:
    """Build again: (the files made anew, the files whose bytes changed, the tree, the version)."""
    before = (publication / "build").resolve()
    old = _files(before)
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    after = (publication / "build").resolve()
    assert after != before
    new = _files(after)
    made = {name for name, p in new.items() if name not in old or p.stat().st_ino != old[name].stat().st_ino}
    changed = {name for name, p in new.items() if name not in old or p.read_bytes() != old[name].read_bytes()}
    return made, changed, tree_bytes(publication / "build"), after


def _from_scratch(publication: Path, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "scratch"
    shutil.copytree(publication / "data", fresh / "data")
    shutil.copy(publication / "kemi-lod.yaml", fresh / "kemi-lod.yaml")
    assert run_cli("build", "--no-cache", "--config", str(fresh / "kemi-lod.yaml")).exit_code == 0
    return tree_bytes(fresh / "build")


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def test_a_rebuild_with_nothing_changed_makes_no_file(publication):
    """The published version stands: a new one would hold the same bytes. A file removed from
    it by hand makes the next build write a version again (linking all but that file)."""
    assert run_cli("build").exit_code == 0
    version = (publication / "build").resolve()
    before = tree_bytes(publication / "build")
    result = run_cli("build")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == f"nothing changed: build/ holds the same {len(before)} files"
    assert (publication / "build").resolve() == version and tree_bytes(publication / "build") == before
    assert all(p.stat().st_nlink == 1 for p in _files(version).values())  # nothing linked or written

    (version / "id" / "project" / "jatkuva.html").unlink()
    made, changed, tree, _ = _rebuild(publication)
    assert made == {"id/project/jatkuva.html"} and tree == before


def test_a_changed_title_remakes_exactly_the_files_that_show_it(publication, tmp_path):
    assert run_cli("build").exit_code == 0
    previous = (publication / "build").resolve()
    showing = {name for name, p in _files(previous).items()
               if name.endswith(".html") and "Jatkuva toiminta" in p.read_text(encoding="utf-8")}
    assert len(showing) >= 3  # its page, the index, the pages that link it

    _edit(publication / "data" / "projects" / "jatkuva.yaml", r"^title: .*$", "title: Uusi nimi hankkeelle")
    made, changed, tree, _ = _rebuild(publication)

    assert made == changed  # nothing made that did not change, nothing changed that was not made
    assert showing <= changed  # every page that showed the title shows the new one
    assert {"id/project/jatkuva.ttl", "id/project/jatkuva.jsonld", "id/project/jatkuva.nt"} <= changed
    assert not any(name.startswith("id/person/") for name in made)  # its persons' pages never showed it
    assert tree == _from_scratch(publication, tmp_path)


def test_a_changed_name_reaches_every_page_that_shows_it(publication, tmp_path):
    assert run_cli("build").exit_code == 0
    _edit(publication / "data" / "organisations" / "yliopisto.yaml", r"^name: .*$", "name: Uusi yliopisto")
    made, changed, tree, _ = _rebuild(publication)
    assert made == changed
    assert "id/org/yliopisto.html" in made
    assert tree == _from_scratch(publication, tmp_path)


@pytest.mark.parametrize("edit", ["title", "amount", "remove", "add"])
def test_long_lists_made_in_remembered_parts_are_the_lists_made_whole(publication, tmp_path, monkeypatch, edit):
    """A funder's list of thousands of links is made in parts, each remembered (site.parts,
    `PART_ROWS`); the fixture's lists are short, so parts of two rows stand in for them. The
    pages are the same bytes as pages made whole, before and after a change."""
    assert run_cli("build").exit_code == 0
    whole = tree_bytes(publication / "build")
    monkeypatch.setattr(parts, "PART_ROWS", 2)
    assert run_cli("build", "--no-cache").exit_code == 0
    assert tree_bytes(publication / "build") == whole
    assert run_cli("build").exit_code == 0  # the parts remembered: nothing changed
    if edit == "title":
        _edit(publication / "data" / "projects" / "jatkuva.yaml", r"^title: .*$", "title: Uusi nimi hankkeelle")
    elif edit == "amount":
        _edit(publication / "data" / "projects" / "jatkuva.yaml", r"(amount|budget): (\d+)", r"\1: 1\2")
    elif edit == "remove":
        (publication / "data" / "projects" / "yksirivinen.yaml").unlink()
    else:  # a project with the same funders: a new record in their long lists
        text = (publication / "data" / "projects" / "jatkuva.yaml").read_text(encoding="utf-8")
        (publication / "data" / "projects" / "kopio.yaml").write_text(re.sub(r"^title: .*$", "title: Kopio", text, count=1, flags=re.M),
                                                                       encoding="utf-8")
    made, changed, tree, _ = _rebuild(publication)
    assert made == changed
    monkeypatch.setattr(parts, "PART_ROWS", 100)
    assert tree == _from_scratch(publication, tmp_path)


@pytest.mark.parametrize("edit", ["remove", "add"])
def test_removed_and_added_records_rebuild_as_from_scratch(publication, tmp_path, edit):
    assert run_cli("build").exit_code == 0
    projects = publication / "data" / "projects"
    if edit == "remove":
        (projects / "yksirivinen.yaml").unlink()
    else:
        (projects / "uusi.yaml").write_text('title: Aivan uusi hanke\nsources: [{source: sivu, lines: "40"}]\n',
                                             encoding="utf-8")
    made, changed, tree, version = _rebuild(publication)
    assert made == changed
    assert (edit == "add") == (version / "id" / "project" / "uusi.html").is_file()
    assert not (version / "id" / "project" / "yksirivinen.html").exists() or edit == "add"
    assert tree == _from_scratch(publication, tmp_path)


def test_a_rebuild_runs_again_only_the_examples_that_read_a_changed_predicate(publication, tmp_path, monkeypatch):
    ran: list[list[str]] = []
    real = pipeline.run_examples

    def spy(store, only=None):
        results = real(store, only)
        ran.append(sorted(r.query.name for r in results))
        return results

    monkeypatch.setattr(pipeline, "run_examples", spy)
    settings = load_settings(publication / "kemi-lod.yaml")
    assert pipeline.build(settings, publication / "data", publication / "build").ok
    assert ran[-1] == sorted(q.name for q in examples())  # the first build runs every example

    _edit(publication / "data" / "projects" / "jatkuva.yaml", r"^title: .*$", "title: Uusi nimi hankkeelle")
    assert pipeline.build(settings, publication / "data", publication / "build").ok
    title = "http://purl.org/dc/terms/title"
    expected = sorted(q.name for q in examples() if (p := predicates_of(q.text)) is None or title in p)
    assert ran[-1] == expected and "funding-by-fund" not in expected  # the money is not read again
    assert tree_bytes(publication / "build") == _from_scratch(publication, tmp_path)

    _edit(publication / "data" / "projects" / "jatkuva.yaml", r"^title: .*$", "title: Jatkuva toiminta")
    _edit(publication / "data" / "projects" / "jatkuva.yaml", r"(amount: )(\d)", r"\g<1>9\g<2>")
    assert pipeline.build(settings, publication / "data", publication / "build").ok
    assert "funding-by-fund" in ran[-1]
    assert tree_bytes(publication / "build") == _from_scratch(publication, tmp_path / "again")


def test_a_changed_title_makes_only_the_projects_table_again(publication, tmp_path, monkeypatch):
    """The other tables' CSVs are linked and their sheets copied from the previous workbook,
    and the workbook is the one a build from scratch writes."""
    from kemi_lod.outputs import sheets

    assert run_cli("build").exit_code == 0
    made_rows = []
    real = sheets._both
    monkeypatch.setattr(sheets, "_both", lambda table, *args: (made_rows.append(table.name), real(table, *args)))
    _edit(publication / "data" / "projects" / "jatkuva.yaml", r"^title: .*$", "title: Uusi nimi hankkeelle")
    made, changed, tree, _ = _rebuild(publication)
    assert made_rows == ["projects"]
    assert {"fixture-projects.csv", "fixture.xlsx"} <= made and "fixture-contributions.csv" not in made
    monkeypatch.setattr(sheets, "_both", real)
    assert tree == _from_scratch(publication, tmp_path)
