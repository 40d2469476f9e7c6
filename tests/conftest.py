"""The fixtures the test modules share; pytest finds them here. Paths and helpers are in support.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import FIXTURE, REPO, free_port, run_cli, tree_bytes


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden files from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def publication(tmp_path, monkeypatch) -> Path:
    """A copy of the fixture publication, as the current directory."""
    target = tmp_path / "pub"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target


@pytest.fixture(scope="session")
def kemi_build(tmp_path_factory) -> Iterator[Path]:
    """The repository's publication (kemi-lod.yaml and data/), built once for the whole run.

    Tests only read it; one that changes a build makes its own. At the end of the run the build
    must be as it was written, or the test that changed it would have misled the tests after it.
    """
    out = tmp_path_factory.mktemp("kemi") / "build"
    result = run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    root = out.resolve()
    written = tree_bytes(root)
    yield root
    now = tree_bytes(root)
    changed = sorted(name for name in written.keys() | now.keys() if written.get(name) != now.get(name))
    assert changed == [], "a test changed the shared build (kemi_build); give it a build of its own"


def _oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        pytest.fail("the oxigraph server is not installed (pip install -e '.[test]' installs it)")
    return found


@pytest.fixture
def oxigraph(tmp_path):
    """A fresh Oxigraph server on loopback with its store in a temporary folder; yields its base URL."""
    port = free_port()
    log = open(tmp_path / "oxigraph.log", "wb")
    proc = subprocess.Popen([_oxigraph_binary(), "serve", "--location", str(tmp_path / "store"),
                             "--bind", f"127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("oxigraph did not start: " + (tmp_path / "oxigraph.log").read_text())
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(10)
    log.close()
