"""The one way the build writes a file into its output folder, and what it records of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Written:
    path: str  # relative to the output directory, with /
    size: int


def write_file(out: Path, name: str, data: bytes) -> Written:
    """`data` at `out/name` (folders made as needed)."""
    path = out / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Written(name, len(data))


def written(out: Path, path: Path) -> Written:
    """What was recorded of a file that was streamed to disk rather than written whole."""
    return Written(path.relative_to(out).as_posix(), path.stat().st_size)
