"""The test suite's own shape: fixtures in conftest.py, which pytest loads and no test imports;
paths and helpers in support.py, imported from the tests folder that pytest itself puts on the
path (its default import mode, for a tests folder without __init__.py), with no path added by hand."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from support import REPO, TESTS

CONFTEST_IMPORT = re.compile(r"^\s*(from\s+conftest\s+import\b|import\s+conftest\b)")
PATH_EDIT = re.compile(r"\bsys\.path\s*(\.\s*(insert|append|extend|remove|pop|clear)\s*\(|\+=|=(?!=)|\[[^\]]*\]\s*=(?!=))"
                       r"|\bsyspath_prepend\b|\baddsitedir\b")


def _findings(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if CONFTEST_IMPORT.search(line):
            found.append(f"{path.relative_to(REPO)}:{number}: imports conftest (put what it needs in support.py)")
        if PATH_EDIT.search(line):
            found.append(f"{path.relative_to(REPO)}:{number}: changes sys.path (support.load_benchmark loads a script)")
    return found


def test_no_test_imports_conftest_or_changes_the_import_path():
    found = [f for path in sorted(TESTS.glob("*.py")) if path != Path(__file__) for f in _findings(path)]
    assert found == []


def test_pytest_is_given_no_import_path_of_its_own():
    options = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "pythonpath" not in options


def test_the_patterns_find_what_they_are_for():
    for line in ("from conftest import REPO", "    from conftest import FIXTURE", "import conftest"):
        assert CONFTEST_IMPORT.search(line), line
    for line in ('sys.path.insert(0, str(REPO / "benchmarks"))', "sys.path.append(x)", "sys.path += [x]",
                 "sys.path = [x, *sys.path]", "sys.path[:0] = [x]", "monkeypatch.syspath_prepend(x)", "site.addsitedir(x)"):
        assert PATH_EDIT.search(line), line
    for line in ("from support import REPO", "# fixtures live in conftest.py", "sys.path == before",
                 "command = [sys.executable, '-m', 'kemi_lod']", "import_conftest()"):
        assert not CONFTEST_IMPORT.search(line) and not PATH_EDIT.search(line), line
