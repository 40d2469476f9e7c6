"""No dead code: vulture finds nothing unused in kemi_lod beyond the allow-list of entry points
and framework hooks (tests/vulture_allowlist.py). What only tests use lives in tests/."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import REPO


def test_vulture_finds_no_unused_code():
    pytest.importorskip("vulture", reason="vulture is not installed (pip install -e '.[test]')")
    run = subprocess.run([sys.executable, "-m", "vulture", "kemi_lod", "tests/vulture_allowlist.py",
                          "--min-confidence", "60"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert run.stdout == "" and run.returncode == 0, run.stdout
