"""The repository stands alone: a user clones it and nothing else.

Everything the tests, benchmarks, README and code read lives in the repository (the source
pages in `source-pages/`, the register export under `tests/fixtures/eura2014/`, the DCAT-AP
shapes in `kemi_lod/standards/`), and no file names a path outside it. The last test proves it
the way a newcomer would: HEAD cloned into an empty folder with no siblings, and the tests that
read those files run there, none of them skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from support import REGISTER_CSV, REPO, source_pages
from kemi_lod.standards import PROFILES

# A path that leaves the repository: a sibling folder, a parent of the checkout, a machine path.
OUTSIDE = re.compile(
    r"\.\./shared|['\"/]shared['\"/]"  # the sibling folder the developers' machines have
    r"|REPO\.parent\b|parents\[[2-9]\]|parent\.parent\.parent"  # climbing out of the checkout
    r"|/work/|/home/|/root/|/tmp/kemi-lod-npm"  # this machine's own folders
)
SCANNED = ("tests", "benchmarks", "kemi_lod", "docs", "README.md", "data/README.md", ".ci/run", "pyproject.toml")
# Files that read the inputs: run in the clone, where a missing input fails instead of skipping.
DATA_READING_TESTS = ("test_facts.py", "test_import_page.py", "test_import_fidelity.py", "test_cli_import.py",
                      "test_import_register.py", "test_catalog.py", "test_second_publication.py", "test_init.py",
                      "test_progress.py")


def _text_files(paths) -> list[Path]:
    files = []
    for name in paths:
        path = REPO / name
        for p in sorted(path.rglob("*")) if path.is_dir() else [path]:
            # vendor/: third-party bundles copied as published (their licences beside them)
            if p.is_file() and not {"__pycache__", "vendor"} & set(p.parts) and p.suffix not in (".pyc", ".png", ".sqlite"):
                files.append(p)
    return files


def test_no_file_names_a_path_outside_the_repository():
    found = []
    for path in _text_files(SCANNED):
        if path == Path(__file__):
            continue  # the pattern itself
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert found == []


def test_the_pattern_finds_what_it_is_for():
    sibling = "sha" + "red"  # spelt apart, so that this file does not name the folder itself
    for line in (f'SHARED = REPO.parent / "{sibling}"', f"see ../{sibling}/seeds/", 'Path(__file__).parents[2] / "x"',
                 "/work/main/data", f'os.path.join("..", "{sibling}", "seeds")'):
        assert OUTSIDE.search(line), line
    for line in ("a shared funder", "parents[1]", "REPO / 'data'"):
        assert not OUTSIDE.search(line), line


def test_every_source_record_names_a_kept_copy_of_its_page():
    records = sorted((REPO / "data" / "sources").glob("*.yaml"))
    named = {yaml.safe_load(r.read_text(encoding="utf-8"))["file"] for r in records}
    kept = {p.name for p in (REPO / "source-pages").glob("*.txt")}
    assert named == kept == {p.name for p in source_pages()}
    assert all(p.is_file() for p in source_pages())


def test_the_inputs_are_in_the_repository_with_their_provenance():
    assert REGISTER_CSV.is_file() and REGISTER_CSV.is_relative_to(REPO)
    for profile in PROFILES.values():
        assert all(p.is_file() and p.is_relative_to(REPO / "kemi_lod" / "standards") for p in profile.shapes + profile.ontology)
    for folder in (REPO / "source-pages", REGISTER_CSV.parent, REPO / "kemi_lod" / "standards"):
        note = (folder / "README.md").read_text(encoding="utf-8")
        assert "icence" in note and "2026-12-04" in note, folder  # where from, when, under what licence


@pytest.mark.slow
def test_a_clone_with_no_siblings_passes_the_tests_that_read_the_inputs(tmp_path):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    empty = tmp_path / "empty"
    empty.mkdir()
    clone = empty / "kemi-lod"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)], check=True)
    assert sorted(p.name for p in empty.iterdir()) == ["kemi-lod"]
    # the clone's own code and package data, installed apart (not this checkout's editable
    # install); -P keeps the current folder off the path, so the installed copy is what loads
    site = tmp_path / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(clone)],
                   check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run([sys.executable, "-P", "-c", "import kemi_lod.ontology, kemi_lod.queries, kemi_lod.shapes as s; "
                            "print(*(m.__path__[0] for m in (kemi_lod.ontology, kemi_lod.queries, s)))"],
                           cwd=clone, env=env, capture_output=True, text=True, check=True)
    assert all(Path(p).is_relative_to(site) for p in where.stdout.split()), where.stdout
    result = subprocess.run(
        [sys.executable, "-P", "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
         *(f"tests/{name}" for name in DATA_READING_TESTS)],
        cwd=clone, env=env, capture_output=True, text=True, timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.fullmatch(r"\d+ passed in [\d.]+s( \(\d+:\d+:\d+\))?", summary), summary  # nothing skipped
