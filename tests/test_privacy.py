"""Personal data: the default publishes roles, not names; person pages are not for indexing; a
person is removed from the records, the build, its kept versions and the cache by one command."""

from __future__ import annotations

import difflib
import sqlite3
from pathlib import Path

from support import run_cli
from kemi_lod.build.cache import cache_file
from kemi_lod.commands.remove_person import remove_person

NAME = "Matti Virtanen"  # p-77c2 of the fixture: a current contact and an earlier one


def _tree_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*")) if p.is_file())


def test_remove_person_takes_them_out_of_records_build_versions_and_cache(publication):
    assert run_cli("build").exit_code == 0
    assert run_cli("build").exit_code == 0  # two versions kept
    assert NAME in _tree_text(publication / "build")
    project = publication / "data" / "projects" / "kaikki-kentat.yaml"
    before = project.read_text(encoding="utf-8").splitlines()
    result = run_cli("remove-person", "p-77c2")
    assert result.exit_code == 0, result.stderr
    assert "data/projects/kaikki-kentat.yaml: 2 contacts taken out" in result.stdout
    assert "deleted 1 earlier build version and compacted the cache" in result.stdout  # KEEP = 2: the one before
    assert "kemi-lod publish again" in result.stdout
    # the records: the person's file, the contact and the history item that kept only them
    assert not (publication / "data" / "persons" / "p-77c2.yaml").exists()
    after = project.read_text(encoding="utf-8").splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:2] in ("- ", "+ ")]
    assert changes == [
        "-   - {person: p-77c2, role: project-worker}",
        "-   - field: contacts", "-     value: [{person: p-77c2, role: project-manager}]", "-     source: vanha-sivu",
        '-     lines: "10"',
    ]
    # the build and what is kept of it
    versions = publication / ".build.versions"
    assert [p.name for p in versions.iterdir() if p.is_dir()] == [(publication / "build").resolve().name]
    assert NAME not in _tree_text(versions) and "p-77c2" not in _tree_text(versions)
    cache = cache_file(publication, publication / "data")
    db = sqlite3.connect(cache)
    try:
        paths = [row[0] for row in db.execute("SELECT path FROM files")]
    finally:
        db.close()
    assert not any("p-77c2" in path for path in paths) and any("p-0a1b" in path for path in paths)
    assert NAME.encode() not in cache.read_bytes()


def test_a_flow_list_loses_only_the_persons_item_and_an_emptied_list_its_key(tmp_path):
    data = tmp_path / "data"
    (data / "persons").mkdir(parents=True)
    (data / "projects").mkdir()
    (data / "persons" / "p-0001.yaml").write_text("name: A B\n", encoding="utf-8")
    (data / "projects" / "a.yaml").write_text(
        "title: A\ncontacts: [{person: p-0002, role: coordinator}, {person: p-0001, role: expert}, "
        "{person: p-0003}]  # kept comment\nsummary: S\n", encoding="utf-8")
    (data / "projects" / "b.yaml").write_text(
        "title: B\ncontacts:\n  - {person: p-0001, role: expert}\nhistory:\n  - field: contacts\n"
        "    value: [{person: p-0001}, {person: p-0004}]\n    source: s\nsummary: T\n", encoding="utf-8")
    removal = remove_person(data, "p-0001")
    assert {p.name: n for p, n in removal.edited.items()} == {"a.yaml": 1, "b.yaml": 2}
    assert (data / "projects" / "a.yaml").read_text(encoding="utf-8") == (
        "title: A\ncontacts: [{person: p-0002, role: coordinator}, {person: p-0003}]  # kept comment\nsummary: S\n")
    assert (data / "projects" / "b.yaml").read_text(encoding="utf-8") == (
        "title: B\nhistory:\n  - field: contacts\n    value: [{person: p-0004}]\n    source: s\nsummary: T\n")


def test_an_unknown_person_is_refused_and_nothing_changes(publication):
    result = run_cli("remove-person", "p-9999")
    assert result.exit_code == 2 and "data/persons/p-9999.yaml: no such person record" in result.stderr


def test_person_pages_are_not_for_search_engines(kemi_build):
    pages = sorted((kemi_build / "id" / "person").glob("*.html"))
    assert pages and all('<meta name="robots" content="noindex">' in p.read_text(encoding="utf-8") for p in pages)
    project = (kemi_build / "id" / "project" / "vahvax.html").read_text(encoding="utf-8")
    assert "noindex" not in project


def test_earlier_contacts_are_not_published_unless_the_setting_asks(publication):
    """A person only a project's history names is not published, and the cache follows when a
    current contact goes (the person's record is processed again)."""
    assert run_cli("build").exit_code == 0
    assert NAME in _tree_text(publication / "build")  # p-77c2: a current contact and an earlier one
    project = publication / "data" / "projects" / "kaikki-kentat.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("  - {person: p-77c2, role: project-worker}\n", ""),
                       encoding="utf-8")
    assert run_cli("build").exit_code == 0  # incremental: the cache is kept
    built = _tree_text(publication / "build")
    assert NAME not in built and "id/person/p-77c2" not in built
    nt = (publication / "build" / "fixture.nt").read_text(encoding="utf-8")
    history = [line for line in nt.splitlines() if line.startswith("<https://example.org/pub/id/project/kaikki-kentat#history-3-contact-1>")]
    assert any("prov#hadRole" in line for line in history) and not any("prov#agent" in line for line in history)
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "earlier_contacts: true\n", encoding="utf-8")
    assert run_cli("build").exit_code == 0
    nt = (publication / "build" / "fixture.nt").read_text(encoding="utf-8")
    assert NAME in nt and "<https://example.org/pub/id/person/p-77c2>" in nt


def test_the_kemi_publication_publishes_no_earlier_contact(kemi_build):
    assert "Heidi Nikkilä" not in _tree_text(kemi_build)
