"""Bad input never breaks a publication: one folder per case under tests/badinput/.

Each case holds files laid over a copy of the fixture publication (`data/…`,
`kemi-lod.yaml`), `case.yaml` (`exit_code`, optional `args`) and `expected.txt`, the exact
messages on standard error. The fixture is built first; the bad build must leave that
build byte for byte as it was. A case with `exit_code: 0` is input that must be accepted
(`utf8-bom-accepted`: a record rewritten with a byte order mark builds the same bytes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from support import TESTS, run_cli, tree_bytes

CASES = TESTS / "badinput"
META = {"case.yaml", "expected.txt"}


def overlay(case: Path, target: Path) -> None:
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_file() and str(rel) not in META:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_bad_input_is_reported_and_the_previous_build_survives(name, publication, update_golden):
    case = CASES / name
    meta = yaml.safe_load((case / "case.yaml").read_text())
    assert run_cli("build").exit_code == 0
    before = tree_bytes(publication / "build")
    overlay(case, publication)

    result = run_cli("build", *meta.get("args", []))

    if update_golden:
        (case / "expected.txt").write_text(result.stderr)
    assert result.stderr == (case / "expected.txt").read_text()
    assert result.exit_code == meta["exit_code"]
    assert "Traceback" not in result.stderr
    assert tree_bytes(publication / "build") == before
