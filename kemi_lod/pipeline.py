"""records -> graph -> validated graph -> files: the one build used by the CLI and the tests."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .errors import Problem
from .mapping import map_records
from .output import publish_atomically
from .publish import Written, sort_triples, write_dumps, write_tool_files
from .records import Records, load_records
from .toolfiles import codelist_triples, codes
from .validation import Report, validate_graph


@dataclass(frozen=True)
class Checked:
    """The outcome of loading, mapping and validating (no files written)."""

    records: Records
    problems: tuple[Problem, ...]  # record problems, or SHACL violations
    report: Report | None
    triples: tuple[ox.Triple, ...]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    written: tuple[Written, ...]
    out: Path | None

    @property
    def ok(self) -> bool:
        return self.checked.ok


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = now - self._last
        self._last = now


def check(settings: Settings, data_dir: Path) -> Checked:
    """Load, map and validate; problems are returned, nothing is written."""
    clock = _Clock()
    loaded = load_records(data_dir, codes(), settings.max_amount)
    clock.lap("load records")
    if loaded.problems:
        return Checked(loaded.records, loaded.problems, None, (), clock.timings)
    mapped = map_records(loaded.records, settings)
    triples = (*mapped.triples, *codelist_triples())
    clock.lap("map")
    report = validate_graph(triples, mapped.origins, mapped.field_origins)
    clock.lap("validate")
    return Checked(loaded.records, report.violations, report, triples, clock.timings)


def build(settings: Settings, data_dir: Path, out: Path) -> BuildResult:
    """Check, then write the publication to `out` atomically; nothing is written if invalid."""
    checked = check(settings, data_dir)
    if not checked.ok:
        return BuildResult(checked, (), None)
    clock = _Clock()
    ordered = sort_triples(checked.triples)
    clock.lap("sort")

    def fill(staging: Path) -> list[Written]:
        written = write_dumps(ordered, staging, settings)
        clock.lap("write dumps")
        written += write_tool_files(staging)
        clock.lap("other artefacts")
        return written

    written = publish_atomically(out, fill)
    checked.timings.update(clock.timings)
    return BuildResult(checked, tuple(written), out)
