"""The triples two N-Triples dumps of the build differ by, at the cost of comparing their bytes.

A dump is the graph in one canonical form (one triple per line, sorted, no duplicates), so
two dumps of graphs that differ by a few records are the same bytes but for a few short
stretches. The common start and end are found by comparing blocks of bytes; only the lines of
the stretch between them are compared one by one.
"""

from __future__ import annotations

import mmap
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

_BLOCK = 1 << 16


def changed_triples(old: bytes | mmap.mmap, new: bytes | mmap.mmap) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(removed, added): the triples of `old` that `new` lacks, and those `new` adds (bytes, or
    files mapped into memory)."""
    start = line_start(old, _common_prefix(old, new))
    end = _common_suffix(old, new, limit=min(len(old), len(new)) - start)
    end = line_end(old, len(old) - end)
    tail = len(old) - end  # the same last bytes, whole lines, in both
    old_lines = set(old[start:end].splitlines())
    new_lines = set(new[start:len(new) - tail].splitlines())
    return _parse(old_lines - new_lines), _parse(new_lines - old_lines)


def changed_files(old: Path, new: Path) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """`changed_triples` of two dump files, mapped into memory rather than read (at 100,000
    projects each is a gigabyte)."""
    with _mapped(old) as before, _mapped(new) as after:
        return changed_triples(before, after)


def changes_since(version: Path | None, dump: Path) -> list[ox.Triple] | None:
    """The triples removed or added since `version` (a build folder), by comparing its dump
    of the same name with `dump` (None: there is none to compare with)."""
    before = version / dump.name if version is not None else None
    if before is None or not before.is_file():
        return None
    removed, added = changed_files(before, dump)
    return removed + added


def changed_subjects(changes: list[ox.Triple] | None) -> frozenset[str] | None:
    """The subjects of `changes`, and the records they are part of (the IRI before a "#")."""
    return None if changes is None else frozenset(s for t in changes for s in (t.subject.value, t.subject.value.split("#")[0]))


@contextmanager
def _mapped(path: Path) -> Iterator[bytes | mmap.mmap]:
    """The file's bytes, mapped into memory (an empty file cannot be mapped: its bytes)."""
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size == 0:
            yield b""
            return
        with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            yield mapped


def _common_prefix(a: bytes, b: bytes) -> int:
    n, i = min(len(a), len(b)), 0
    while i < n and a[i:i + _BLOCK] == b[i:i + _BLOCK]:
        i += _BLOCK
    while i < n and a[i] == b[i]:  # within the first block that differs
        i += 1
    return min(i, n)


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """How many last bytes `a` and `b` share, at most `limit` (so that it does not overlap the prefix)."""
    i = 0
    while i + _BLOCK <= limit and a[len(a) - i - _BLOCK:len(a) - i] == b[len(b) - i - _BLOCK:len(b) - i]:
        i += _BLOCK
    while i < limit and a[len(a) - i - 1] == b[len(b) - i - 1]:
        i += 1
    return i


def line_start(data: bytes, at: int) -> int:
    """The start of the line that holds byte `at`."""
    return data.rfind(b"\n", 0, at) + 1


def line_end(data: bytes, at: int) -> int:
    """The end (after its newline) of the first line that ends at or after byte `at`; the
    newline is then one of the bytes from `at` on (shared by both dumps)."""
    found = data.find(b"\n", at)
    return len(data) if found < 0 else found + 1


def _parse(lines: set[bytes]) -> list[ox.Triple]:
    text = b"\n".join(sorted(line for line in lines if line.strip()))
    return [q.triple for q in ox.parse(text, format=ox.RdfFormat.N_TRIPLES)] if text else []
