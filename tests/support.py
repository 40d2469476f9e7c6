"""What the test modules share besides fixtures: the repository's paths, the in-process CLI and
small helpers, imported as `from support import ...` (the fixtures are in conftest.py, which
pytest loads by itself and no test imports)."""

from __future__ import annotations

import importlib.util
import json
import socket
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

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


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Run:
    """Run the CLI in-process, as a user would from the current directory."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root (through the build link), by relative path."""
    root = root.resolve()
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@cache
def load_benchmark(name: str) -> ModuleType:
    """A script of benchmarks/ (a folder of scripts, not a package), imported from its file once."""
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def context_inlined(path: Path) -> bytes:
    """A resource's JSON-LD (framed, naming the vocabulary's context by its published address)
    with that context inlined, for a parser that must not fetch it."""
    doc = json.loads(path.read_bytes())
    doc["@context"] = json.loads((REPO / "ontology" / "hanke-context.jsonld").read_bytes())["@context"]
    return json.dumps(doc, ensure_ascii=False).encode()
