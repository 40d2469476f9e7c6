"""The output path always holds a complete build: old or new, never a mix or nothing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import FIXTURE, run_cli, tree_bytes
from kemi_lod.build.atomic import publish_atomically, versions_dir

EXTRA = """title: Lisätty hanke
sources: [{source: sivu, lines: "30"}]
budget: 1234
"""


def test_a_failing_build_step_leaves_the_previous_build(publication):
    assert run_cli("build").exit_code == 0
    before = tree_bytes(publication / "build")

    def fill(staging: Path) -> None:
        (staging / "fixture.ttl").write_text("half")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        publish_atomically(publication / "build", fill)
    assert tree_bytes(publication / "build") == before
    assert not [p for p in versions_dir(publication / "build").iterdir() if p.name.startswith("tmp-")]


def test_an_unwritable_output_is_a_clear_error(publication):
    """An output path that cannot be created (its parent is a file, even for root)."""
    (publication / "blocker").write_text("a file, not a folder")
    result = run_cli("build", "--out", "blocker/build")
    assert result.exit_code == 2
    assert result.stderr == "kemi-lod: blocker/.build.versions: cannot create output directory: Not a directory\n"
    assert (publication / "blocker").read_text() == "a file, not a folder"


def _reference_builds(tmp_path: Path) -> tuple[dict, dict]:
    """The complete outputs of data version A (the fixture) and B (A plus one project)."""
    a, b = tmp_path / "ref-a", tmp_path / "ref-b"
    shutil.copytree(FIXTURE, a)
    shutil.copytree(FIXTURE, b)
    (b / "data" / "projects" / "lisatty.yaml").write_text(EXTRA)
    for pub in (a, b):
        assert run_cli("build", "--config", str(pub / "kemi-lod.yaml")).exit_code == 0
    return tree_bytes(a / "build"), tree_bytes(b / "build")


def _start_build(pub: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kemi_lod", "build"], cwd=pub,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _kill_when_staging_appears(proc: subprocess.Popen, versions: Path, limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and proc.poll() is None:
        if any(p.name.startswith("tmp-") for p in versions.iterdir()):
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.0005)
    proc.wait()
    return False


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_complete_build(tmp_path):
    build_a, build_b = _reference_builds(tmp_path)
    pub = tmp_path / "pub"
    shutil.copytree(FIXTURE, pub)
    assert run_cli("build", "--config", str(pub / "kemi-lod.yaml")).exit_code == 0
    extra = pub / "data" / "projects" / "lisatty.yaml"
    versions = versions_dir(pub / "build")

    killed_while_writing = 0
    for attempt, delay in enumerate([None, 0.2, None, 0.6, None, 1.0, 1.4, None, 2.0]):
        if attempt % 2 == 0:
            extra.write_text(EXTRA)
        elif extra.exists():
            extra.unlink()
        proc = _start_build(pub)
        if delay is None:
            killed_while_writing += _kill_when_staging_appears(proc, versions)
        else:
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        current = tree_bytes(pub / "build")
        assert current in (build_a, build_b), f"attempt {attempt}: incomplete build"
    assert killed_while_writing >= 3

    # the next build completes and clears what killed builds left behind
    extra.write_text(EXTRA)
    assert run_cli("build", "--config", str(pub / "kemi-lod.yaml")).exit_code == 0
    assert tree_bytes(pub / "build") == build_b
    assert not [p for p in versions.iterdir() if p.name.startswith("tmp-")]


# --- a full disk and a read-only output, on a small file system the test mounts -----------------


def _disk_usage(root: Path) -> int:
    """Bytes a tree takes on tmpfs: every file and folder rounded up to 4 KiB pages."""
    return sum(-(-p.stat().st_size // 4096) * 4096 if p.is_file() else 4096 for p in root.rglob("*"))


@pytest.fixture
def small_disk(tmp_path):
    """Mount a tmpfs of a given size (root only: CI and the developers' machines run as root)."""
    mounted: list[Path] = []

    def mount(size: int, name: str = "disk") -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}); the full-disk test needs root")
        mounted.append(point)
        return point

    yield mount
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_full_disk_is_a_clear_error_and_the_previous_build_survives(publication, small_disk, tmp_path):
    assert run_cli("build", "--out", str(tmp_path / "measure")).exit_code == 0
    one_build = _disk_usage(tmp_path / ".measure.versions")
    # room for one build and a half: the first fits, the second (written beside it) cannot
    disk = small_disk(one_build * 3 // 2)
    out = disk / "build"
    assert run_cli("build", "--out", str(out)).exit_code == 0
    before = tree_bytes(out)

    (publication / "data" / "projects" / "lisatty.yaml").write_text(EXTRA)
    result = run_cli("build", "--out", str(out))

    assert result.exit_code == 2
    assert result.stderr.endswith(f"kemi-lod: {out}: cannot write the build (the disk is full); the previous build is untouched\n")
    assert "Traceback" not in result.stderr
    assert tree_bytes(out) == before
    assert [p.name for p in versions_dir(out).iterdir() if p.name != ".lock"] == ["1"]  # no half-written version left
    # once there is room again, the next build goes through
    subprocess.run(["mount", "-o", f"remount,size={one_build * 3}", str(disk)], check=True)
    assert run_cli("build", "--out", str(out)).exit_code == 0
    assert tree_bytes(out) != before


def test_a_read_only_output_is_a_clear_error_and_the_previous_build_survives(publication, small_disk):
    disk = small_disk(64 * 1024 * 1024)
    out = disk / "build"
    assert run_cli("build", "--out", str(out)).exit_code == 0
    before = tree_bytes(out)
    # read-only for root too (a chmod would not stop root)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

    (publication / "data" / "projects" / "lisatty.yaml").write_text(EXTRA)
    result = run_cli("build", "--out", str(out))

    assert result.exit_code == 2
    assert result.stderr == f"kemi-lod: {out}: cannot write the build (Read-only file system); the previous build is untouched\n"
    assert "Traceback" not in result.stderr
    assert tree_bytes(out) == before
