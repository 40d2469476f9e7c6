"""The register's rows: each line read into a row (its fields, then the value-level rules:
"|" for a comma, a truncated ELY name, a negative amount kept as a note) or a reject with its
reason; the whole file read; and the rows of one implementer."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

from kemi_lod.importers.common import normalise_org_name
from kemi_lod.importers.register.columns import Layout, Misfit, parse_amount, read_header
from kemi_lod.importers.register.fields import Reading, read_fields, split_line
from kemi_lod.progress import SILENT, Progress

_ELY_TRUNCATED = re.compile(r"^(.*elinkeino-\s*,?\s*liikenne-\s+ja\s+ympäristökes)(k|ku)?$", re.I | re.S)
_PIPE = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Row:
    """A project row read: its line, values by column name, the rules it needed, and notes
    (register text no field holds, kept verbatim)."""

    line: int
    values: Mapping[str, str]
    rules: tuple[str, ...]
    title_as_stated: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reject:
    """A line that was not imported: its number, why, and its text as it stands in the file."""

    line: int
    kind: str
    reason: str
    raw: str


@dataclass(frozen=True)
class RegisterRead:
    """A whole file read: the layout, the rows imported, the rows rejected."""

    layout: Layout | None
    rows: tuple[Row, ...]
    rejects: tuple[Reject, ...]
    errors: tuple[str, ...]  # file-level: nothing can be read
    blank_lines: tuple[int, ...] = ()


def read_register(text: str, progress: Progress = SILENT) -> RegisterRead:
    """Read the register's CSV text; never raises on bad data. `progress` counts the lines."""
    lines = re.split(r"\r\n|\n|\r", text)
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or not lines[0].strip():
        return RegisterRead(None, (), (), ("line 1: no header (the file is empty or starts with an empty line)",))
    layout, errors = read_header(lines[0])
    if layout is None:
        return RegisterRead(None, (), (), tuple(errors))
    rows: list[Row] = []
    rejects: list[Reject] = []
    blank: list[int] = []
    first_line: dict[str, int] = {}  # project id -> the line that has it
    progress.stage("rows", len(lines) - 1, "rows")
    for number, raw in enumerate(lines[1:], start=2):
        progress.advance()
        if not raw.strip():
            blank.append(number)
            continue
        outcome = read_row(number, raw, layout)
        if isinstance(outcome, Row):
            ident = outcome.values["code"].lower()
            if ident in first_line:  # the same project twice: which line is right is unknown
                outcome = Reject(number, "duplicate-code", f"code {outcome.values['code']} is also on line {first_line[ident]}", raw)
            else:
                first_line[ident] = number
        (rows if isinstance(outcome, Row) else rejects).append(outcome)  # type: ignore[arg-type]
    return RegisterRead(layout, tuple(rows), tuple(rejects), (), tuple(blank))


def read_row(number: int, raw: str, layout: Layout) -> Row | Reject:
    """One line -> a row, or a reject with its reason."""
    split = split_line(raw)
    if isinstance(split, Misfit):
        return Reject(number, split.kind, split.message, raw)
    reading = read_fields(split.fields, layout)
    if isinstance(reading, Misfit):
        return Reject(number, reading.kind, reading.message, raw)
    return _mend(number, reading, split.rules, layout)


def _mend(number: int, reading: Reading, split_rules: tuple[str, ...], layout: Layout) -> Row:
    """The value-level rules, applied to a reading that already fits its columns."""
    values = {k: v.strip() for k, v in reading.values.items()}
    rules = list(split_rules) + list(reading.rules)
    title_as_stated = None
    if "|" in values.get("title", ""):
        title_as_stated = values["title"]
        values["title"] = _PIPE.sub(", ", values["title"]).strip(" ,")
        rules.append("pipe-for-comma")
    for name in ("authority", "implementer"):
        match = _ELY_TRUNCATED.match(values.get(name, ""))
        if match:
            values[name] = match.group(1) + "kus"
            rules.append("ely-name-truncated")
    notes = []
    for column in (c for c in layout.columns if c is not None and c.kind == "amount"):
        amount = parse_amount(values.get(column.name, ""))
        if amount is not None and amount < 0:
            notes.append(f"{layout.header_of(column.name)}: {values[column.name]}")
            values[column.name] = ""
            rules.append("negative-amount-as-note")
    return Row(number, MappingProxyType(values), tuple(dict.fromkeys(rules)), title_as_stated, tuple(notes))


def select_implementer(read: RegisterRead, name: str) -> RegisterRead:
    """The rows implemented by `name`, and the rejected rows whose text names it."""
    key = normalise_org_name(name)
    rows = tuple(r for r in read.rows if normalise_org_name(r.values.get("implementer", "")) == key)
    rejects = tuple(r for r in read.rejects if key in normalise_org_name(r.raw))
    return replace(read, rows=rows, rejects=rejects)
