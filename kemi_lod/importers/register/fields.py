"""A line's fields: the line split as CSV (a row wrapped whole in an extra layer of quotes is
unwrapped where that reads cleanly), then the one way to spread its fields over the header's
columns that makes every typed column hold a value of its type (free-text columns may have
been split at unquoted commas, and are joined again)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterator, Mapping

from kemi_lod.importers.register.columns import MAX_EXTRA_FIELDS, Column, Layout, Misfit, check_value

_ELY_HEAD = re.compile(r"elinkeino-\s*$", re.I)
_ELY_TAIL = re.compile(r"^\s*liikenne-\s+ja\s+ympäristökes(?:k|ku|kus)?\s*$", re.I)


@dataclass(frozen=True)
class Split:
    """The fields of one line, with the rule that was needed to get them (if any)."""

    fields: tuple[str, ...]
    rules: tuple[str, ...] = ()


def split_line(text: str) -> Split | Misfit:
    """Split a line into fields. A row wrapped whole in one pair of quotes (its inner quotes
    doubled) is unwrapped once: that is only accepted when every quote left in it is CSV
    quoting, i.e. the fields written back as CSV give the same text; a stray quote means the
    layers cannot be told apart, so the row is not guessed at."""
    body = text.rstrip()
    body = body[:-1] if body.endswith(";") else body  # the export ends each line with ';'
    try:
        fields = next(csv.reader([body]), [])
    except csv.Error as exc:
        return Misfit("", "unreadable-csv", f"not readable as CSV: {exc}")
    if len(fields) == 1 and body.startswith('"') and body.endswith('"') and "," in fields[0]:
        return _unwrap(fields[0])
    return Split(tuple(fields))


def _unwrap(inner: str) -> Split | Misfit:
    """The fields inside a quoted row (`inner` is the row with the outer quotes removed and
    its quotes undoubled, as the CSV reader returns it)."""
    try:
        rows = list(csv.reader([inner], strict=True))
    except csv.Error as exc:
        return Misfit("", "quoted-row-unclear",
                      f"a row wrapped in quotes: once unwrapped, its quotes do not pair up ({exc})")
    fields = rows[0] if len(rows) == 1 else []
    again = io.StringIO()
    csv.writer(again, lineterminator="").writerow(fields)
    if again.getvalue() != inner:
        return Misfit("", "quoted-row-unclear",
                      "a row wrapped in quotes: once unwrapped, quote marks remain inside unquoted fields, "
                      "so where the quoted part of the title begins and ends is unknown")
    return Split(tuple(fields), ("quoted-row",))


# --- spreading fields over columns -----------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A row's fields spread over the columns: values by column name and the rules used."""

    values: Mapping[str, str]
    rules: tuple[str, ...]


def read_fields(fields: tuple[str, ...], layout: Layout) -> Reading | Misfit:
    """The one reading of the fields that fits every column, or why there is none."""
    fields = _drop_trailing_empty(fields, layout.width)
    extra = len(fields) - layout.width
    if extra < 0:
        return Misfit("", "too-few-fields", f"{len(fields)} fields where the header names {layout.width} columns")
    if extra > MAX_EXTRA_FIELDS:
        return Misfit("", "too-many-fields", f"{len(fields)} fields where the header names {layout.width} columns")
    slots = [i for i in range(layout.width) if layout.columns[i] is not None and layout.columns[i].joinable]
    fits: list[Reading] = []
    best: list[Misfit] | None = None
    for dist in _distributions(extra, len(slots)):
        values, rules, problems = _spread(fields, layout, dict(zip(slots, dist)))
        if not problems:
            fits.append(Reading(MappingProxyType(values), tuple(rules)))
        elif best is None or len(problems) < len(best):
            best = problems
    if len(fits) == 1:
        return fits[0]
    if fits:
        options = " | ".join(f"title {r.values.get('title', '')!r}" for r in fits[:3])
        return Misfit("", "ambiguous", f"{len(fits)} ways to read the fields fit the columns ({options})")
    if best is None:  # no joinable column can take the extra fields
        return Misfit("", "too-many-fields", f"{len(fields)} fields where the header names {layout.width} columns")
    return Misfit(best[0].column, best[0].kind, "; ".join(f"{p.column}: {p.message}" for p in best))


def _drop_trailing_empty(fields: tuple[str, ...], width: int) -> tuple[str, ...]:
    """Rows end with empty fields the header does not name (",,;"): drop them, but never
    below the header's width, where an empty field is a value."""
    out = list(fields)
    while len(out) > width and not out[-1].strip():
        out.pop()
    return tuple(out)


def _distributions(extra: int, slots: int) -> Iterator[tuple[int, ...]]:
    """Every way to give `extra` additional fields to `slots` joinable columns."""
    if slots == 0:
        if extra == 0:
            yield ()
        return
    for cuts in itertools.combinations_with_replacement(range(extra + 1), slots - 1):
        bounds = (0, *cuts, extra)
        yield tuple(bounds[i + 1] - bounds[i] for i in range(slots))


def _spread(fields: tuple[str, ...], layout: Layout, counts: Mapping[int, int]) -> tuple[dict[str, str], list[str], list[Misfit]]:
    """One reading: the values, the rules it needs and the problems it has."""
    values: dict[str, str] = {}
    rules: list[str] = []
    problems: list[Misfit] = []
    at = 0
    for i in range(layout.width):
        column = layout.columns[i]
        take = 1 + counts.get(i, 0)
        pieces = list(fields[at:at + take])
        at += take
        if column is None:
            continue
        value, joined = _join_pieces(column, pieces) if take > 1 else (pieces[0], [])
        rules += joined
        problem = check_value(column, layout.names[i], value)
        if problem:
            problems.append(problem)
        values[column.name] = value
    return values, rules, problems


def _join_pieces(column: Column, pieces: list[str]) -> tuple[str, list[str]]:
    """Re-join a value split at unquoted commas; the ELY centres' long name is its own rule
    because its comma ("elinkeino-, liikenne- ja ympäristökeskus") is part of the name."""
    rules: list[str] = []
    merged: list[str] = []
    for piece in pieces:
        if merged and column.kind == "name" and _ELY_HEAD.search(merged[-1]) and _ELY_TAIL.match(piece):
            merged[-1] = merged[-1] + "," + piece
            rules.append("ely-name-split")
        else:
            merged.append(piece)
    if len(merged) > 1:
        rules.append(f"{column.name}-comma")
    return ",".join(merged), rules
