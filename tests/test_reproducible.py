"""Two builds of the same input, in different folders, at different times, are byte-identical.

Real `kemi-lod build` subprocesses: one run from the publication folder, the other from
elsewhere with `--config`, its files given other modification times, a second later, without
the cache; SOURCE_DATE_EPOCH unset in both (and then set alike in both).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import FIXTURE, tree_bytes

pytestmark = pytest.mark.slow  # whole builds in several places and times


def _build(cwd: Path, *args: str, epoch: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    done = subprocess.run([sys.executable, "-m", "kemi_lod", "build", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def _copy(target: Path, mtime: float) -> Path:
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns(".kemi-lod-cache"))
    for p in target.rglob("*"):
        os.utime(p, (mtime, mtime))
    return target


@pytest.mark.parametrize("epoch", [None, "1700000000"])
def test_two_builds_in_different_places_and_times_are_identical(tmp_path, epoch):
    first = _copy(tmp_path / "a" / "pub", 1_600_000_000)
    second = _copy(tmp_path / "somewhere" / "else" / "julkaisu", 1_700_000_000)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()

    _build(first, epoch=epoch)
    time.sleep(1.1)  # a clock a second later: nothing may depend on the time of the build
    _build(elsewhere, "--config", str(second / "kemi-lod.yaml"), "--no-cache", "--jobs", "2", epoch=epoch)

    a, b = tree_bytes(first / "build"), tree_bytes(second / "build")
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    assert len(a) > 100  # the site, dumps, catalogue, queries: every file was compared
