"""YAML records on disk -> typed, frozen records, with every problem located.

The record layout and fields are documented in `data/README.md`; the specs below are the
single definition the loader checks against.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Mapping

from . import fields as f
from .errors import Problem, display_path
from .yamldoc import YNode, read_yaml

# folder under data/ -> resource kind (the IRI segment)
KINDS: Mapping[str, str] = {
    "projects": "project",
    "organisations": "org",
    "persons": "person",
    "programmes": "programme",
    "sources": "source",
}
FOLDER_OF = {kind: folder for folder, kind in KINDS.items()}
PERSON_ID = re.compile(r"^p-[0-9a-f]{4,}$")
PERCENT = f.number(Decimal(0), Decimal(100))


def _one_of(*names: str, exactly: bool = False):
    def check(entry: f.Entry, ctx: f.Context, where: str) -> None:
        given = [n for n in names if n in entry.lines]
        if not given or (exactly and len(given) > 1):
            what = "exactly one" if exactly else "at least one"
            ctx.problem(entry.line, where, f"give {what} of: {', '.join(names)}")

    return check


def _period_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    if not any(n in entry.lines for n in ("start", "end", "ongoing")):
        ctx.problem(entry.line, where, "give start, end or ongoing")
    if entry.get("ongoing") and "end" in entry:
        ctx.problem(entry.line_of("end"), f"{where}.end", "an ongoing period has no end")


SOURCE = {
    "title": f.Field(f.text, required=True),
    "url": f.Field(f.iri, required=True),
    "publisher": f.Field(f.ref("org")),
    "date": f.Field(f.date),
    "file": f.Field(f.string),
    "description": f.Field(f.text),
}
ORGANISATION = {
    "name": f.Field(f.text, required=True),
    "alt_names": f.Field(f.listof(f.text)),
    "type": f.Field(f.choice("organisation", "unit")),
    "unit_of": f.Field(f.ref("org")),
    "business_id": f.Field(
        f.mapping({"value": f.Field(f.string, required=True), "source": f.Field(f.iri, required=True)})
    ),
    "homepage": f.Field(f.iri),
}
PERSON = {"name": f.Field(f.string, required=True)}
PROGRAMME = {
    "name": f.Field(f.text, required=True),
    "level": f.Field(f.code("programme-level"), required=True),
    "notation": f.Field(f.string),
    "part_of": f.Field(f.ref("programme")),
    "fund": f.Field(f.ref("programme")),
    "managed_by": f.Field(f.ref("org")),
    "description": f.Field(f.text),
}

CONTRIBUTION = {
    "group": f.Field(f.code("funder-group")),
    "funder": f.Field(f.ref("org")),
    "fund": f.Field(f.ref("programme")),
    "amount": f.Field(f.amount),
    "share_percent": f.Field(PERCENT),
    "max_share_percent": f.Field(PERCENT),
    "stated": f.Field(f.string),
}
STAFF_SHARE = {
    "headcount": f.Field(f.number(Decimal(0))),
    "person_years": f.Field(f.number(Decimal(0))),
    "organisation": f.Field(f.ref("org"), required=True),
}
STAFF = {
    "headcount": f.Field(f.number(Decimal(0))),
    "person_years": f.Field(f.number(Decimal(0))),
    "split": f.Field(f.listof(f.mapping(STAFF_SHARE, _one_of("headcount", "person_years", exactly=True)))),
    "stated": f.Field(f.string),
}
PERIOD = {"start": f.Field(f.date), "end": f.Field(f.date), "ongoing": f.Field(f.boolean)}
YEARED_AMOUNT = {
    "amount": f.Field(f.amount, required=True),
    "year": f.Field(f.year),
    "stated": f.Field(f.string),
}
CONTACT = {"person": f.Field(f.ref("person"), required=True), "role": f.Field(f.code("role"))}
CITATION = {"source": f.Field(f.ref("source"), required=True), "lines": f.Field(f.lines)}
STATUS = {"code": f.Field(f.code("application-status"), required=True), "date": f.Field(f.date)}
TITLE_DERIVED = {"from": f.Field(f.string, required=True)}

PROJECT_FIELDS: dict[str, f.Field] = {
    "title": f.Field(f.text, required=True),
    "title_derived": f.Field(f.mapping(TITLE_DERIVED)),
    "title_as_stated": f.Field(f.string),
    "sources": f.Field(f.listof(f.mapping(CITATION)), required=True),
    "department": f.Field(f.ref("org")),
    "section": f.Field(f.code("list-section")),
    "status": f.Field(f.mapping(STATUS)),
    "programmes": f.Field(f.listof(f.ref("programme"))),
    "funding": f.Field(f.listof(f.mapping(CONTRIBUTION, _one_of("group", "funder", "fund")))),
    "funding_complete": f.Field(f.boolean),
    "funders": f.Field(f.listof(f.ref("org"))),
    "granted_by": f.Field(f.ref("org")),
    "budget": f.Field(f.amount),
    "annual_budget": f.Field(f.mapping(YEARED_AMOUNT)),
    "city_share": f.Field(f.mapping(YEARED_AMOUNT)),
    "period": f.Field(f.mapping(PERIOD, _period_check)),
    "staff": f.Field(f.mapping(STAFF, _one_of("headcount", "person_years", exactly=True))),
    "contacts": f.Field(f.listof(f.mapping(CONTACT))),
    "implementers": f.Field(f.listof(f.ref("org"))),
    "partners": f.Field(f.listof(f.ref("org"))),
    "cooperation": f.Field(f.listof(f.ref("org"))),
    "cooperation_note": f.Field(f.text),
    "area": f.Field(f.text),
    "summary": f.Field(f.text),
    "continues": f.Field(f.ref("project")),
    "notes": f.Field(f.listof(f.text)),
}
# Fields whose earlier values a history item can keep.
HISTORY_FIELDS = tuple(n for n in PROJECT_FIELDS if n not in ("sources", "title_derived"))


def _history_item(node: YNode, ctx: f.Context, where: str) -> f.Entry | None:
    """A history item's `value` is read with the spec of the field it names."""
    spec = {
        "field": f.Field(f.choice(*HISTORY_FIELDS), required=True),
        "value": f.Field(lambda n, c, w: n, required=True),
        "source": f.Field(f.ref("source"), required=True),
        "lines": f.Field(f.lines),
    }
    entry = f.read_mapping(node, spec, ctx, where)
    if entry is None or "field" not in entry or "value" not in entry:
        return None
    name, raw = entry.get("field"), entry.get("value")
    try:
        value = PROJECT_FIELDS[name].parse(raw, ctx, f"{where}.value")
    except f.Invalid as exc:
        ctx.problem(raw.line, f"{where}.value", str(exc))
        return None
    values = dict(entry.values, value=value)
    return f.Entry(MappingProxyType(values), entry.line, entry.lines)


PROJECT = dict(PROJECT_FIELDS, history=f.Field(f.listof(_history_item)))
SPECS: Mapping[str, f.Spec] = {
    "project": PROJECT,
    "org": ORGANISATION,
    "person": PERSON,
    "programme": PROGRAMME,
    "source": SOURCE,
}


def _org_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    if entry.get("type") == "unit" and "unit_of" not in entry:
        ctx.problem(entry.line, "unit_of", "a unit needs unit_of: the organisation it belongs to")
    if "unit_of" in entry and entry.get("type") != "unit":
        ctx.problem(entry.line_of("unit_of"), "unit_of", "only a record with type: unit has unit_of")


CHECKS = {"org": _org_check}


@dataclass(frozen=True)
class Record:
    kind: str
    id: str
    path: str  # as shown in messages
    entry: f.Entry


@dataclass(frozen=True)
class Records:
    """All records of a publication, each kind sorted by id."""

    by_kind: Mapping[str, tuple[Record, ...]]

    def of(self, kind: str) -> tuple[Record, ...]:
        return self.by_kind.get(kind, ())

    def __iter__(self) -> Iterator[Record]:
        for kind in KINDS.values():
            yield from self.of(kind)

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_kind.values())


@dataclass(frozen=True)
class LoadResult:
    records: Records
    problems: tuple[Problem, ...]


def record_files(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """(kind, path) of every record file, in a stable order; `*.yaml.example` is skipped."""
    for folder, kind in KINDS.items():
        folder_path = data_dir / folder
        if not folder_path.is_dir():
            continue
        for entry in sorted(os.scandir(folder_path), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                yield kind, Path(entry.path)


def load_records(data_dir: Path, codes: Mapping[str, frozenset[str]], max_amount: Decimal, root: Path | None = None) -> LoadResult:
    """Read every record under `data_dir`; problems are collected, never raised."""
    shown_dir = display_path(data_dir, root)
    if not data_dir.is_dir():
        problem = Problem(shown_dir, 0, "", "data directory not found")
        return LoadResult(Records({}), (problem,))
    problems: list[Problem] = []
    refs: list[tuple[str, f.Ref]] = []
    by_kind: dict[str, dict[str, Record]] = {kind: {} for kind in KINDS.values()}
    for kind, path in record_files(data_dir):
        shown = display_path(path, root)
        ident = path.name.rsplit(".", 1)[0]
        if not f.ID_PATTERN.match(ident):
            problems.append(Problem(shown, 0, "", f"file name {ident!r} is not an id (lower-case letters, digits and -)"))
            continue
        if kind == "person" and not PERSON_ID.match(ident):
            problems.append(Problem(shown, 0, "", f"person id {ident!r} is not opaque: use p- and hex digits (p-3f9a)"))
            continue
        if ident in by_kind[kind]:
            first = by_kind[kind][ident].path
            problems.append(Problem(shown, 0, "", f"duplicate id {ident!r} (also {first})"))
            continue
        record = _load_one(kind, ident, path, shown, codes, max_amount, problems, refs)
        if record is not None:
            by_kind[kind][ident] = record
    for shown, target in refs:
        if target.id not in by_kind[target.kind] and f.ID_PATTERN.match(target.id):
            what = FOLDER_OF[target.kind].rstrip("s")
            problems.append(Problem(shown, target.line, target.field, f"unknown {what} {target.id!r} (no {FOLDER_OF[target.kind]}/{target.id}.yaml)"))
    records = Records({kind: tuple(items[k] for k in sorted(items)) for kind, items in by_kind.items()})
    return LoadResult(records, tuple(sorted(problems)))


def _load_one(kind, ident, path, shown, codes, max_amount, problems, refs) -> Record | None:
    doc = read_yaml(path, shown)
    problems.extend(doc.problems)
    if doc.root is None:
        return None
    local: list[f.Ref] = []
    ctx = f.Context(shown, codes, problems, local, max_amount)
    entry = f.read_mapping(doc.root, SPECS[kind], ctx, "", CHECKS.get(kind))
    refs.extend((shown, r) for r in local)
    if entry is None:
        return None
    # Kept even when it has problems, so references to it do not report it missing too.
    return Record(kind, ident, shown, entry)
