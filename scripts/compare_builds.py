#!/usr/bin/env python3
"""Build the repository's publication at two git revisions and compare the output byte for byte.

    python scripts/compare_builds.py BEFORE [AFTER]     (AFTER: the working tree)

Each revision is installed on its own (pip, into a temporary folder, without dependencies: the
current environment has them) and built with the same SOURCE_DATE_EPOCH, from that revision's
own data. Prints each file that differs or exists in one build only, and exits 1 if any does.
Used to show that a change which should not alter the output (a refactoring) does not.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def checkout(revision: str | None, into: Path) -> Path:
    """The repository at `revision` (None: the working tree, as it is) in a folder of its own."""
    if revision is None:
        return REPO
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(into), revision], check=True)
    return into


def build(source: Path, work: Path) -> Path:
    """`kemi-lod build` of `source` by the code of `source`; the build folder (a real folder)."""
    site = work / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(source)],
                   check=True)
    out = work / "build"
    env = {**os.environ, "PYTHONPATH": str(site), "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run([sys.executable, "-m", "kemi_lod", "build", "--config", str(source / "kemi-lod.yaml"),
                    "--out", str(out), "--no-cache", "--quiet"], check=True, env=env, stdout=subprocess.DEVNULL,
                   cwd=work)  # not the repository: `-m` puts the current folder first on the path
    return out.resolve()


def differences(a: Path, b: Path, prefix: str = "") -> list[str]:
    cmp = filecmp.dircmp(a, b)
    found = [f"only before: {prefix}{n}" for n in sorted(cmp.left_only)]
    found += [f"only after: {prefix}{n}" for n in sorted(cmp.right_only)]
    found += [f"differs: {prefix}{n}" for n in sorted(cmp.common_files) if (a / n).read_bytes() != (b / n).read_bytes()]
    for sub in sorted(cmp.common_dirs):
        found += differences(a / sub, b / sub, f"{prefix}{sub}/")
    return found


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    before, after = argv[0], (argv[1] if len(argv) == 2 else None)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        trees = []
        try:
            for name, revision in (("before", before), ("after", after)):
                source = checkout(revision, tmp_path / name / "src")
                trees.append(build(source, tmp_path / name))
            found = differences(*trees)
            files = sum(1 for p in trees[1].rglob("*") if p.is_file())
        finally:
            for name in ("before", "after"):
                if (tmp_path / name / "src").exists():
                    subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tmp_path / name / "src")])
    for line in found:
        print(line)
    print(f"{len(found)} difference{'s' if len(found) != 1 else ''} in {files} files")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
