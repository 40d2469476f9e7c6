"""Atomic publication of a build directory.

The output path (`build`) is a symbolic link to a versioned directory beside it
(`.build.versions/<n>`). A build fills a fresh staging directory, renames it to its version
and then swaps the link with `os.replace`, which is atomic on POSIX file systems: at every
moment `build` is the complete old build or the complete new one, even if the process is
killed. Readers that resolved the old link keep a complete tree: the previous version is
kept until the next build. Versions older than that are renamed out of the way at once and
removed by a child process the build does not wait for (removing a site of many small files
takes seconds), never the one in use; a build that then fails has still removed them.

A version in use by a server is never removed: `kemi-lod serve` holds a shared lock on
`<n>.in-use` beside the version (`Lease`) while it serves it, and pruning skips a version whose
lease file it cannot lock. A server that dies releases its locks with it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from kemi_lod.errors import OutputError, display_path, os_reason

T = TypeVar("T")
KEEP = 2  # the current version and the one before it
PRUNED = "pruned-"  # what a version or staging folder being removed is renamed to begin with


def versions_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.versions"


@contextmanager
def _lock(versions: Path, out: Path) -> Iterator[None]:
    try:
        handle = open(versions / ".lock", "w")
    except OSError as exc:  # a read-only or full file system, or no permission
        raise OutputError(f"{display_path(out)}: cannot write the build ({os_reason(exc)}); the previous build is untouched") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"{display_path(versions)}: another build is writing this output") from None
        yield


def publish_atomically(out: Path, fill: Callable[[Path], T]) -> T:
    """Run `fill(staging_dir)`, then make `out` point at the result in one atomic step."""
    out = Path(os.path.abspath(out))
    versions = versions_dir(out)
    try:
        versions.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{display_path(versions)}: cannot create output directory: {exc.strerror}") from None
    with _lock(versions, out):
        _remove_stale(versions)
        number = _next_number(versions)
        staging = versions / f"tmp-{number}-{os.getpid()}"
        live = out.resolve() if out.is_symlink() else None
        _prune(versions, number, live)
        try:
            staging.mkdir()
            result = fill(staging)
            final = versions / str(number)
            os.rename(staging, final)
            _switch(out, final)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"{display_path(out)}: cannot write the build ({os_reason(exc)}); the previous build is untouched") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _prune(versions, keep=number)
    return result


def _switch(out: Path, final: Path) -> None:
    if out.exists() and not out.is_symlink():
        if not out.is_dir():
            raise OSError(errno.EEXIST, f"{display_path(out)} exists and is not a build directory")
        # A build directory from before versioning: move it in as a version (one rename).
        os.rename(out, versions_dir(out) / "0-legacy")
    link = out.parent / f".{out.name}.link-{os.getpid()}"
    if link.is_symlink():
        link.unlink()
    os.symlink(os.path.relpath(final, out.parent), link)
    os.replace(link, out)


def _next_number(versions: Path) -> int:
    numbers = [int(p.name) for p in versions.iterdir() if p.name.isdigit()]
    return max(numbers, default=0) + 1


def _remove_stale(versions: Path) -> None:
    """Staging directories of builds that were killed (we hold the lock, so no build is writing
    one), and versions whose removal did not finish."""
    stale = []
    for p in sorted(versions.iterdir()):
        if p.name.startswith("tmp-"):
            stale.append(p.with_name(f"{PRUNED}{p.name}"))
            os.rename(p, stale[-1])
        elif p.name.startswith(PRUNED):
            stale.append(p)
    _remove(stale)


def _prune(versions: Path, keep: int, spare: Path | None = None) -> None:
    """Remove the versions older than the KEEP up to `keep`, except `spare` (the one the link
    points at) and those a server holds a lease on."""
    doomed = []
    for p in sorted(versions.iterdir()):
        name = p.name
        number = int(name) if name.isdigit() else 0 if name == "0-legacy" else None
        if number is not None and number <= keep - KEEP and p.resolve() != spare:
            doomed += _unleased(p)
    _remove(doomed)


def _remove(paths: list[Path]) -> None:
    """Remove folders in a child process of their own (`rm -rf`), which the build does not wait
    for: a version has tens of thousands of files, and removing them from this process held the
    interpreter the build needs (it slowed a small rebuild by seconds). The folders have names
    no version has (`_unleased`), so what a removal leaves unfinished the next build removes."""
    if not paths:
        return
    try:  # the shell starts rm in the background and ends: rm is nobody's child to wait for
        subprocess.run(["sh", "-c", 'rm -rf -- "$@" &', "sh", *map(str, paths)], stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, check=True)
    except (OSError, subprocess.CalledProcessError):  # no shell: removed here
        for p in paths:
            shutil.rmtree(p, ignore_errors=True)


def _unleased(version: Path) -> list[Path]:
    """The version renamed out of the way (to a name `_remove_stale` removes, should the removal
    not finish), unless a server holds its lease: [] then."""
    lease = version.with_name(version.name + ".in-use")
    doomed = version.with_name(f"{PRUNED}{version.name}-{os.getpid()}")
    try:
        handle = open(lease, "a")
    except FileNotFoundError:
        os.rename(version, doomed)
        return [doomed]
    except OSError:
        return []  # cannot tell: keep it
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # a server is serving it
        os.rename(version, doomed)
        lease.unlink(missing_ok=True)
    return [doomed]


class Lease:
    """A server's claim on the version it serves: pruning leaves that version alone until the
    lease is released (or the process ends). Where the lease file cannot be written (a read-only
    publication), the claim is not made and nothing else changes."""

    def __init__(self, version: Path) -> None:
        self._handle = None
        if version.parent.name.startswith(".") and version.parent.name.endswith(".versions"):
            try:
                self._handle = open(version.with_name(version.name + ".in-use"), "a")
                fcntl.flock(self._handle, fcntl.LOCK_SH)
            except OSError:
                self.release()

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def purge_earlier_versions(out: Path) -> list[Path]:
    """Remove every kept version but the one `out` points at (after a person was removed, the
    versions before hold their data); returns what was removed."""
    versions = versions_dir(out)
    if not versions.is_dir() or not out.is_symlink():
        return []
    with _lock(versions, out):
        current = out.resolve()
        gone = [p for p in sorted(versions.iterdir()) if p.is_dir() and p.resolve() != current]
        for p in gone:
            shutil.rmtree(p, ignore_errors=True)
    return gone
