from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemi_lod.cli import main

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
FIXTURE = TESTS / "fixtures" / "publication"
# Inputs the tests read, all inside the repository (each folder's README says where it came from).
REGISTER_CSV = TESTS / "fixtures" / "eura2014" / "projektilista-csv-final.original.csv"


def source_pages() -> list[Path]:
    """The kept copies of the source pages, found as the publication's source records name them."""
    import yaml

    records = sorted((REPO / "data" / "sources").glob("*.yaml"))
    return sorted(REPO / "source-pages" / yaml.safe_load(r.read_text(encoding="utf-8"))["file"] for r in records)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Run:
    """Run the CLI in-process, as a user would from the current directory."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def publication(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture publication, as the current directory."""
    target = tmp_path / "pub"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root (through the build link), by relative path."""
    root = root.resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
