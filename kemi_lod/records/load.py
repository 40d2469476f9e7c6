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

import yaml

from kemi_lod.records import fields as f
from kemi_lod.records.kinds import FOLDER_OF, KINDS
from kemi_lod.errors import Problem, display_path
from kemi_lod.records.yamldoc import YAML_LOADER as _YAML_LOADER, YNode, parse_yaml

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


def _contribution_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    _one_of("group", "funder", "fund")(entry, ctx, where)
    if entry.get("status") == "paid" and "paid" in entry:
        ctx.problem(entry.line_of("paid"), f"{where}.paid",
                    "an amount with status: paid is itself the paid amount; give paid only beside an amount applied, granted or planned")


SOURCE = {
    "title": f.Field(f.text, required=True),
    "url": f.Field(f.web_iri, required=True),
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
        f.mapping({"value": f.Field(f.business_id, required=True), "source": f.Field(f.web_iri, required=True)})
    ),
    "homepage": f.Field(f.web_iri),
    "jurisdiction": f.Field(f.ref("place")),
}
PERSON = {"name": f.Field(f.string, required=True)}
PLACE = {
    "name": f.Field(f.text, required=True),
    "alt_names": f.Field(f.listof(f.text)),
    "type": f.Field(f.code("place-type"), required=True),
    "within": f.Field(f.ref("place")),
}
PROGRAMME = {
    "name": f.Field(f.text, required=True),
    "level": f.Field(f.code("programme-level"), required=True),
    "notation": f.Field(f.string),
    "part_of": f.Field(f.ref("programme")),
    "fund": f.Field(f.ref("programme")),
    "managed_by": f.Field(f.ref("org")),
    "description": f.Field(f.text),
}

CITATION = {"source": f.Field(f.ref("source"), required=True), "lines": f.Field(f.lines)}
CONTRIBUTION = {
    "group": f.Field(f.code("funder-group")),
    "funder": f.Field(f.ref("org")),
    "fund": f.Field(f.ref("programme")),
    "amount": f.Field(f.amount),
    "status": f.Field(f.code("amount-status")),
    "status_date": f.Field(f.date),
    "year": f.Field(f.year),
    "paid": f.Field(f.amount),
    "share_percent": f.Field(PERCENT),
    "max_share_percent": f.Field(PERCENT),
    "part_of": f.Field(f.count),
    "sources": f.Field(f.listof(f.mapping(CITATION))),
    "stated": f.Field(f.string),
}
BUDGET = {
    "amount": f.Field(f.amount, required=True),
    "status": f.Field(f.code("amount-status")),
    "stated": f.Field(f.string),
}
ANNUAL_BUDGET = dict(BUDGET, year=f.Field(f.year, required=True))
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
CONTACT = {
    "person": f.Field(f.ref("person"), required=True),
    "role": f.Field(f.code("role")),  # the generic role (project-manager, coordinator, …)
    "title": f.Field(f.text),  # the person's own job title, as the source gives it
}
TITLE_DERIVED = {"from": f.Field(f.string, required=True)}
PUBLIC_FUNDING = {"planned": f.Field(f.amount), "realised": f.Field(f.amount)}

PROJECT_FIELDS: dict[str, f.Field] = {
    "title": f.Field(f.text, required=True),
    "title_derived": f.Field(f.mapping(TITLE_DERIVED)),
    "title_as_stated": f.Field(f.string),
    "identifier": f.Field(f.string),
    "sources": f.Field(f.listof(f.mapping(CITATION)), required=True),
    "department": f.Field(f.ref("org")),
    "section": f.Field(f.code("list-section")),
    "status": f.retired("the status belongs to each amount: funding: [{…, amount: …, status: applied, status_date: \"2019-10\"}]"),
    "project_status": f.Field(f.code("project-status")),
    "programmes": f.Field(f.listof(f.ref("programme"))),
    "funding": f.Field(f.listof(f.mapping(CONTRIBUTION, _contribution_check))),
    "funding_complete": f.Field(f.boolean),
    "funders": f.Field(f.listof(f.ref("org"))),
    "granted_by": f.Field(f.ref("org")),
    "budget": f.Field(f.either(f.amount, BUDGET)),
    "public_funding": f.Field(f.mapping(PUBLIC_FUNDING, _one_of("planned", "realised"))),
    "annual_budget": f.Field(f.mapping(ANNUAL_BUDGET)),
    "city_share": f.retired(
        "the city's share is a contribution: funding: [{funder: <the city>, group: municipal, amount: …, year: …}]"
    ),
    "period": f.Field(f.mapping(PERIOD, _period_check)),
    "staff": f.Field(f.mapping(STAFF, _one_of("headcount", "person_years", exactly=True))),
    "contacts": f.Field(f.listof(f.mapping(CONTACT))),
    "implementers": f.Field(f.listof(f.ref("org"))),
    "partners": f.Field(f.listof(f.ref("org"))),
    "cooperation": f.Field(f.listof(f.ref("org"))),
    "cooperation_note": f.Field(f.text),
    "area": f.retired("areas are place records (data/places/<id>.yaml, with a type and the place they lie within): places: [<id>, …]"),
    "places": f.Field(f.listof(f.ref("place"))),
    "register_code": f.Field(f.mapping({"value": f.Field(f.string, required=True), "source": f.Field(f.web_iri, required=True)})),
    "summary": f.Field(f.text),
    "continues": f.Field(f.ref("project")),
    "notes": f.Field(f.listof(f.text)),
}
# Fields whose earlier values a history item can keep.
HISTORY_FIELDS = tuple(
    n for n, spec in PROJECT_FIELDS.items()
    if n not in ("sources", "title_derived", "identifier", "public_funding", "register_code") and not spec.retired
)


def _history_field(node: YNode, ctx: f.Context, where: str) -> str:
    """The project field a history item keeps an earlier value of; a retired one gets its hint."""
    name = f.string(node, ctx, where)
    if name in PROJECT_FIELDS and PROJECT_FIELDS[name].retired:
        raise f.Invalid(f"{name!r} was retired in record format 2 (vocabulary 2.0.0): {PROJECT_FIELDS[name].retired}")
    return f.choice(*HISTORY_FIELDS)(node, ctx, where)


def _history_item(node: YNode, ctx: f.Context, where: str) -> f.Entry | None:
    """A history item's `value` is read with the spec of the field it names."""
    spec = {
        "field": f.Field(_history_field, required=True),
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
    "place": PLACE,
}


def _org_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    if entry.get("type") == "unit" and "unit_of" not in entry:
        ctx.problem(entry.line, "unit_of", "a unit needs unit_of: the organisation it belongs to")
    if "unit_of" in entry and entry.get("type") != "unit":
        ctx.problem(entry.line_of("unit_of"), "unit_of", "only a record with type: unit has unit_of")


def _project_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    """A contribution's `part_of` names another contribution of the list, one that is not
    itself a part, and a part's amount is not more than the whole's."""
    funding = entry.get("funding", ())
    for i, item in enumerate(funding, start=1):
        if "part_of" not in item:
            continue
        target, line, at = item.get("part_of"), item.line_of("part_of"), f"funding[{i}].part_of"
        if target > len(funding):
            ctx.problem(line, at, f"there is no funding[{target}]: the list has {len(funding)} contributions")
            continue
        whole = funding[target - 1]
        if target == i:
            ctx.problem(line, at, "a contribution cannot be part of itself")
        elif "part_of" in whole:
            ctx.problem(line, at, f"funding[{target}] is itself part of another contribution; name the one that is not")
        else:
            _part_within_whole(item, whole, i, target, ctx)


def _part_within_whole(part: f.Entry, whole: f.Entry, i: int, target: int, ctx: f.Context) -> None:
    """A part's amount is not more than the whole's amount of the same status, nor its paid part."""
    for key in ("amount", "paid"):
        if key not in part or key not in whole:
            continue
        if key == "amount" and part.get("status", f.DEFAULT_STATUS) != whole.get("status", f.DEFAULT_STATUS):
            continue  # a granted part of a planned whole: different things, not compared
        if part.get(key) > whole.get(key):
            ctx.problem(
                part.line_of(key), f"funding[{i}].{key}",
                f"{part.get(key)} is more than the {whole.get(key)} of funding[{target}], which it is part of",
            )


def _place_check(entry: f.Entry, ctx: f.Context, where: str) -> None:
    if entry.get("type") == "region" and "within" in entry:
        ctx.problem(entry.line_of("within"), "within", "a region lies within no other place of a publication")


CHECKS = {"org": _org_check, "project": _project_check, "place": _place_check}


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


@dataclass(frozen=True)
class RecordFile:
    kind: str
    id: str
    path: str  # as the file system has it (a str: a scan of 100,000 files makes no Path objects)
    shown: str
    stat: str = ""  # modification time and size when scanned, "mtime_ns:size"


@dataclass(frozen=True)
class Scan:
    """The record files of a data folder, before any is read."""

    files: tuple[RecordFile, ...]
    problems: tuple[Problem, ...]  # bad file names, duplicate ids, a missing folder

    def ids(self) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {kind: set() for kind in KINDS.values()}
        for file in self.files:
            out[file.kind].add(file.id)
        return {kind: frozenset(v) for kind, v in out.items()}


def read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def scan_records(data_dir: Path, root: Path | None = None) -> Scan:
    """List the record files (`*.yaml.example` is skipped) and check their names."""
    if not data_dir.is_dir():
        return Scan((), (Problem(display_path(data_dir, root), 0, "", "data directory not found"),))
    files: list[RecordFile] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, str], str] = {}
    shown_dir = display_path(data_dir, root)  # resolved once, not per file
    inside = data_dir.resolve()
    for folder, kind in KINDS.items():
        folder_path = data_dir / folder
        if not folder_path.is_dir():
            continue
        if not folder_path.resolve().is_relative_to(inside):
            problems.append(Problem(f"{shown_dir}/{folder}", 0, "", "a symbolic link to a folder outside the data folder: not read"))
            continue
        for entry in sorted(os.scandir(folder_path), key=lambda e: e.name):
            if not entry.name.endswith((".yaml", ".yml")):
                continue
            path = entry.path
            shown = f"{shown_dir}/{folder}/{entry.name}"
            refused = _not_a_record_file(entry, inside)
            if refused:
                problems.append(Problem(shown, 0, "", refused))
                continue
            ident = entry.name.rsplit(".", 1)[0]
            if f.id_problem(ident):
                problems.append(Problem(shown, 0, "", f"file name {f.id_problem(ident)}"))
            elif kind == "person" and not PERSON_ID.match(ident):
                problems.append(Problem(shown, 0, "", f"person id {ident!r} is not opaque: use p- and hex digits (p-3f9a)"))
            elif (kind, ident) in seen:
                problems.append(Problem(shown, 0, "", f"duplicate id {ident!r} (also {seen[(kind, ident)]})"))
            else:
                seen[(kind, ident)] = shown
                st = entry.stat()
                files.append(RecordFile(kind, ident, path, shown, f"{st.st_mtime_ns}:{st.st_size}"))
    return Scan(tuple(files), tuple(problems))


def _not_a_record_file(entry: os.DirEntry, inside: Path) -> str | None:
    """Why a file named like a record is not read, if it is not a regular file of the data
    folder: a symbolic link leading outside it, nowhere or in a loop, a FIFO, a device, a folder.
    Nothing of such a file is read (its first line is never echoed in a message)."""
    if entry.is_symlink():
        try:
            target = Path(entry.path).resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop
            return "a symbolic link that leads nowhere (dangling, or a loop): not read"
        if not target.is_relative_to(inside):
            return "a symbolic link to a file outside the data folder: not read"
    try:
        if entry.is_file():
            return None
    except OSError:
        pass
    return "not a regular file (a folder, FIFO, socket or device): not read"


def contacts_in(data: bytes) -> list[str]:
    """The persons a project record's current contacts name, read without loading the record
    (the build needs them before the records are processed); [] where the text is no YAML or
    has no such contacts (loading the record reports what is wrong)."""
    root = _compose(_contacts_block(data))  # the record's `contacts:` block alone: a tenth of the time
    if root is None:
        root = _compose(data)
    if not isinstance(root, yaml.MappingNode):
        return []
    contacts = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "contacts"), None)
    if not isinstance(contacts, yaml.SequenceNode):
        return []
    return [v.value for item in contacts.value if isinstance(item, yaml.MappingNode)
            for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "person" and isinstance(v, yaml.ScalarNode)]


# a top-level `contacts:` key, and the first line after it that starts another top-level entry
# (a key, a document marker or anything else at column 0 but a comment or a sequence item)
_CONTACTS_KEY = re.compile(rb"^contacts[ \t]*:", re.M)
_NEXT_TOP_LEVEL = re.compile(rb"^(?:---|\.\.\.|[^ \t\r\n#-])", re.M)
_DOCUMENT_MARK = re.compile(rb"^(?:---|\.\.\.)", re.M)


def _contacts_block(data: bytes) -> bytes | None:
    """The text of a record's one top-level `contacts:` entry, where it can be cut out safely:
    None (then the whole text is read) where the key is not there exactly once, where a line
    before it may open a scalar or collection that goes on over lines (so that the key could be
    inside it), where the text has directives or document marks, or where the block uses
    anchors, aliases or tags."""
    found = list(_CONTACTS_KEY.finditer(data))
    if len(found) != 1 or data.startswith((b"%", b"\xef\xbb\xbf")) or _DOCUMENT_MARK.search(data):
        return None
    start = found[0].start()
    if not all(map(_closed, data[:start].split(b"\n"))):
        return None
    end = _NEXT_TOP_LEVEL.search(data, found[0].end())
    block = data[start:end.start() if end else len(data)]
    return None if any(c in block for c in (b"&", b"*", b"!")) else block


def _closed(line: bytes) -> bool:
    """Whether every quote and bracket the line opens, it closes (conservatively: no backslashes)."""
    return b"\\" not in line and line.count(b'"') % 2 == 0 and line.count(b"'") % 2 == 0 and \
        line.count(b"[") == line.count(b"]") and line.count(b"{") == line.count(b"}")


def _compose(data: bytes | None) -> yaml.Node | None:
    if data is None:
        return None
    try:
        return yaml.compose(data, Loader=_YAML_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None


def load_record(file: RecordFile, data: bytes, codes: Mapping[str, frozenset[str]], max_amount: Decimal) -> tuple[Record | None, list[Problem], list[f.Ref]]:
    """Read one record from its bytes; problems and references are returned, never raised."""
    doc = parse_yaml(data, file.shown)
    problems = list(doc.problems)
    refs: list[f.Ref] = []
    if doc.root is None:
        return None, problems, refs
    ctx = f.Context(file.shown, codes, problems, refs, max_amount)
    entry = f.read_mapping(doc.root, SPECS[file.kind], ctx, "", CHECKS.get(file.kind))
    # Kept even with problems, so that references to it are not reported missing too.
    return (Record(file.kind, file.id, file.shown, entry) if entry is not None else None), problems, refs


def check_refs(shown: str, refs: list[f.Ref], ids: Mapping[str, frozenset[str]]) -> list[Problem]:
    return [
        Problem(shown, r.line, r.field, f"unknown {FOLDER_OF[r.kind].rstrip('s')} {r.id!r} (no {FOLDER_OF[r.kind]}/{r.id}.yaml)")
        for r in refs if r.id not in ids[r.kind] and f.ID_PATTERN.match(r.id)
    ]


def load_records(data_dir: Path, codes: Mapping[str, frozenset[str]], max_amount: Decimal, root: Path | None = None) -> LoadResult:
    """Read every record under `data_dir`, in one process; problems are collected, never raised."""
    scan = scan_records(data_dir, root)
    ids = scan.ids()
    problems = list(scan.problems)
    by_kind: dict[str, list[Record]] = {kind: [] for kind in KINDS.values()}
    for file in scan.files:
        try:
            data = read_bytes(file.path)
        except OSError as exc:
            problems.append(Problem.unreadable(file.shown, exc))
            continue
        record, found, refs = load_record(file, data, codes, max_amount)
        problems.extend(found)
        problems.extend(check_refs(file.shown, refs, ids))
        if record is not None:
            by_kind[file.kind].append(record)
    records = Records({kind: tuple(sorted(items, key=lambda r: r.id)) for kind, items in by_kind.items()})
    return LoadResult(records, tuple(sorted(problems)))
