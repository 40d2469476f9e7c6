"""The output path always holds a complete build: old or new, never a mix or nothing."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import FIXTURE, load_benchmark, run_cli, tree_bytes
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


def test_old_versions_are_removed_without_the_build_waiting_for_it(tmp_path):
    """Two versions are kept; an older one is renamed out of the way at once (so a server or a
    person never sees it half removed) and removed by a process the build does not wait for."""
    out = tmp_path / "build"
    made = []

    def fill(staging: Path) -> None:
        for i in range(200):
            (staging / f"{i}.txt").write_text(str(len(made)))
        made.append(staging)

    for _ in range(4):
        publish_atomically(out, fill)
        kept = sorted(int(p.name) for p in versions_dir(out).iterdir() if p.name.isdigit())
        assert kept == list(range(max(1, len(made) - 1), len(made) + 1))  # at once: the older ones are renamed
    deadline = time.monotonic() + 30
    while any(p.name.startswith("pruned-") for p in versions_dir(out).iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in versions_dir(out).iterdir()) == [".lock", "3", "4"]
    assert (out / "0.txt").read_text() == "3"


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
    # room for one build and a half: the first fits, the second (written beside it, all of it:
    # without the cache nothing is linked from the first) cannot
    disk = small_disk(one_build * 3 // 2)
    out = disk / "build"
    assert run_cli("build", "--out", str(out)).exit_code == 0
    before = tree_bytes(out)

    (publication / "data" / "projects" / "lisatty.yaml").write_text(EXTRA)
    result = run_cli("build", "--no-cache", "--out", str(out))

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


# --- the build's worker processes end with it -----------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_build_leaves_no_worker_process_behind(tmp_path, sig):
    """Killed while its workers process records (a publication of 3,000 projects, no cache):
    every worker is gone within two seconds."""
    synthetic = load_benchmark("synthetic")
    pub = tmp_path / "big"
    synthetic.generate(pub, 3000)
    proc = subprocess.Popen([sys.executable, "-m", "kemi_lod", "build", "--no-cache", "--jobs", "2"], cwd=pub,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        workers = [int(c) for c in children.read_text().split()] if children.exists() else []
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(0.5)  # busy with records
    proc.send_signal(sig)
    proc.wait(10)
    time.sleep(2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
    assert alive == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


# --- a publication folder the build may not write ---------------------------------------------


def _without_root_powers() -> list[str]:
    """A command prefix that runs a process as root without the capabilities that let root
    ignore file modes (so a read-only folder is read-only to it, as to any user)."""
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's file-mode powers")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def test_validate_and_build_elsewhere_work_in_a_read_only_publication(publication, tmp_path):
    shutil.rmtree(publication / ".kemi-lod-cache", ignore_errors=True)
    for path in [publication, *publication.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        run = [*_without_root_powers(), sys.executable, "-m", "kemi_lod"]
        done = subprocess.run([*run, "validate"], cwd=publication, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "note: .kemi-lod-cache: cannot be written (Permission denied); the cache is neither reused nor kept\n" \
            in done.stderr
        assert "Traceback" not in done.stderr

        out = tmp_path / "elsewhere" / "build"
        out.parent.mkdir()
        done = subprocess.run([*run, "build", "--out", str(out)], cwd=publication, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert (out / "index.html").is_file()
        assert not (publication / ".kemi-lod-cache").exists()

        done = subprocess.run([*run, "build"], cwd=publication, capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.endswith("kemi-lod: .build.versions: cannot create output directory: Permission denied\n")
    finally:
        for path in [publication, *publication.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


def test_a_full_disk_at_the_cache_is_a_clear_error_and_the_previous_build_survives(publication, small_disk,
                                                                                     tmp_path):
    """The publication (and so its cache) on a small disk, the output elsewhere: the cache
    cannot grow by a record and the message says so."""
    disk = small_disk(2 * 1024 * 1024)
    pub = disk / "pub"
    shutil.copytree(publication, pub, ignore=shutil.ignore_patterns("build", ".build.versions", ".kemi-lod-cache"))
    out = tmp_path / "out" / "build"
    assert run_cli("build", "--config", str(pub / "kemi-lod.yaml"), "--out", str(out)).exit_code == 0
    before = tree_bytes(out)
    for n in range(40):  # new records: more for the cache to hold than the disk has room for
        (pub / "data" / "projects" / f"lisatty-{n}.yaml").write_text(EXTRA.replace("Lisätty hanke", f"Lisätty {n}"))
    (disk / "filler").write_bytes(b"\0" * max(0, shutil.disk_usage(disk).free - 8192))

    result = run_cli("build", "--config", str(pub / "kemi-lod.yaml"), "--out", str(out))

    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.endswith("cannot write the cache (the disk is full); the previous build is untouched\n")
    assert f"kemi-lod: {pub}/.kemi-lod-cache/" in result.stderr
    assert tree_bytes(out) == before
