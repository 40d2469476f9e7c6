"""The national structural-funds register's project list (CSV) -> draft records.

The register (EURA 2014, published on rakennerahastot.fi) exports one project a line, but the
export is damaged: names hold unquoted commas, "|" stands for a comma, columns are shifted, a
few rows are wrapped in an extra layer of quotes. Every row therefore goes through the same
steps: split it (undoing the quote layer where that reads cleanly), then find the one way to
spread its fields over the header's columns that makes every typed column (code, fund, axis,
status, dates, amounts) hold a value of its type. A row with exactly one such reading is
imported; the named rules it needed are recorded. A row with none, or with more than one, is
written to `rejects.csv` with its line and the reason, never guessed at.

Columns are found by header name through a table of synonyms, so other exports of the register
(the 2007-2013 list, other column orders) read the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterator, Mapping

from kemi_lod.progress import SILENT, Progress
from kemi_lod.importers.common import Draft, Sourced, normalise_org_name, write_draft

# --- the columns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column the importer understands: its kind decides how a value is checked, and a
    joinable column is free text that may have been split at an unquoted comma."""

    name: str
    kind: str  # code, fund, text, name, axis, status, date, amount, section
    joinable: bool = False
    synonyms: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("code", "code", synonyms=("Koodi", "Projektikoodi", "Hankekoodi", "Hankkeen koodi")),
    Column("fund", "fund", synonyms=("Rahasto",)),
    Column("title", "text", True, ("Hankkeen nimi", "Projektin nimi", "Nimi")),
    Column("section", "section", synonyms=("Ohjelma / osio", "Ohjelma/osio", "Ohjelman osio", "Osio")),
    Column("axis", "axis", synonyms=("Tl", "Toimintalinja")),
    Column("authority", "name", True, ("Viranomainen", "Rahoittava viranomainen", "Myöntävä viranomainen")),
    Column("status", "status", synonyms=("Tila", "Toiminnan tila", "Hankkeen tila")),
    Column("start", "date", synonyms=("Aloituspvm", "Alkamispvm", "Aloituspäivämäärä")),
    Column("end", "date", synonyms=("Päättymispvm", "Päättymispäivämäärä")),
    Column("implementer", "name", True, ("Toteuttajan nimi", "Toteuttaja", "Tuensaaja")),
    Column("granted", "amount", synonyms=("Myönnetty EU- ja valtion rahoitus",)),
    Column("paid", "amount", synonyms=("Toteutunut EU- ja valtion rahoitus", "Maksettu EU- ja valtion rahoitus")),
    Column("planned_public", "amount", synonyms=("Suunniteltu julkinen rahoitus yhteensä", "Suunniteltu julkinen rahoitus")),
    Column("realised_public", "amount", synonyms=("Toteutunut julkinen rahoitus yhteensä", "Toteutunut julkinen rahoitus")),
)
REQUIRED = ("code", "title")
# Free text is never split into more than this many extra fields; beyond it the row is
# rejected rather than searched (the number of readings grows with it).
MAX_EXTRA_FIELDS = 8

FUNDS: Mapping[str, str] = MappingProxyType({"eakr": "erdf", "esr": "esf"})
STATUSES: Mapping[str, str] = MappingProxyType({
    "toiminnassa": "in-operation",
    "käynnissä": "in-operation",
    "päättynyt": "ended",
    "toiminta päättynyt": "ended",
})


def _header_key(name: str) -> str:
    """Header names compare without case, surrounding space, a BOM or the stray ';' the
    2014 export ends its last header name with."""
    return " ".join(name.replace("\ufeff", "").strip().rstrip(";").split()).casefold()


SYNONYMS: Mapping[str, Column] = MappingProxyType(
    {_header_key(s): c for c in COLUMNS for s in c.synonyms}
)


@dataclass(frozen=True)
class Layout:
    """The header read: for each position the column it holds (None: a column not used)."""

    names: tuple[str, ...]  # the header's own spelling, for messages
    columns: tuple[Column | None, ...]

    @property
    def width(self) -> int:
        """Positions up to the last column used: unnamed trailing columns (the 2007-2013
        export's "Column 15".."Column 20") only ever hold the empty fields rows end with."""
        used = [i for i, c in enumerate(self.columns) if c is not None]
        return used[-1] + 1 if used else 0

    def has(self, name: str) -> bool:
        return any(c is not None and c.name == name for c in self.columns)


def read_header(line: str) -> tuple[Layout | None, list[str]]:
    """The layout of a header line, or the errors that make the file unreadable."""
    try:
        names = next(csv.reader([line]), [])
    except csv.Error as exc:
        return None, [f"line 1: the header cannot be read as CSV: {exc}"]
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    errors = []
    for name in names:
        column = SYNONYMS.get(_header_key(name))
        if column is not None and column.name in seen:
            errors.append(f"line 1: columns {seen[column.name]!r} and {name.strip()!r} both hold the {column.name}")
            column = None
        if column is not None:
            seen[column.name] = name.strip()
        columns.append(column)
    missing = [n for n in REQUIRED if n not in seen]
    if missing:
        wanted = "; ".join(f"{c.name} (one of: {', '.join(c.synonyms)})" for c in COLUMNS if c.name in missing)
        errors.append(f"line 1: missing required column(s): {wanted}")
    layout = Layout(tuple(n.strip().rstrip(";") for n in names), tuple(columns))
    return (None if errors else layout), errors


# --- values --------------------------------------------------------------------------------

_CODE = re.compile(r"^[A-Z]{1,3}[0-9]{3,8}$")
_DATE_FI = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_AMOUNT = re.compile(r"^-?\d+(?:\.\d+)?$")
_LETTER = re.compile(r"[^\W\d_]")
_ELY_HEAD = re.compile(r"elinkeino-\s*$", re.I)
_ELY_TAIL = re.compile(r"^\s*liikenne-\s+ja\s+ympäristökes(?:k|ku|kus)?\s*$", re.I)
_ELY_TRUNCATED = re.compile(r"^(.*elinkeino-\s*,?\s*liikenne-\s+ja\s+ympäristökes)(k|ku)?$", re.I | re.S)
# an authority's designation, after one region word ("Keski-Suomen", "Uudenmaan")
_AUTHORITY_NAME = re.compile(
    r"^(?P<before>.*?)(?P<region>[^\W\d_][\w-]*)\s+(?:elinkeino-\s*,?\s*liikenne-\s+ja\s+ympäristökeskus|ELY-keskus|liitto|maakuntaliitto)$",
    re.I | re.S,
)
_PIPE = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Misfit:
    """Why a value (or a line) does not fit its column: `kind` is short and countable. Not
    an `errors.Problem`: these are the register's damage, reported as rejects."""

    column: str
    kind: str
    message: str


def parse_date(text: str) -> dt.date | None:
    """A Finnish d.m.yyyy date, or None when the text is not one."""
    match = _DATE_FI.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_amount(text: str) -> Decimal | None:
    """Euros as the register writes them: digits, a '.' and at most two decimals."""
    if not _AMOUNT.match(text) or ("." in text and len(text.split(".")[1]) > 2):
        return None
    return Decimal(text)


def _check(column: Column, header: str, value: str) -> Misfit | None:
    """None when the value fits the column's kind; empty values fit optional columns."""
    v = value.strip()
    kind = column.kind
    if not v:
        return Misfit(header, "missing-value", "empty") if column.name in REQUIRED or kind == "fund" else None
    if kind == "code" and not _CODE.match(v):
        return Misfit(header, "bad-code", f"{v!r} is not a project code (like A70301)")
    if kind == "fund" and v.casefold() not in FUNDS:
        return Misfit(header, "unknown-fund", f"{v!r} is not a known fund ({', '.join(k.upper() for k in FUNDS)})")
    if kind == "axis" and not re.fullmatch(r"\d{1,2}", v):
        return Misfit(header, "bad-axis", f"{v!r} is not a priority-axis number")
    if kind == "status" and v.casefold() not in STATUSES:
        return Misfit(header, "unknown-status", f"{v!r} is not a known status")
    if kind == "date" and parse_date(v) is None:
        if parse_amount(v) is not None:
            return Misfit(header, "amount-in-date-column", f"{v!r} is an amount, not a date")
        return Misfit(header, "bad-date", f"{v!r} is not a date (d.m.yyyy)")
    if kind == "amount" and parse_amount(v) is None:
        if parse_date(v) is not None:
            return Misfit(header, "date-in-amount-column", f"{v!r} is a date, not an amount")
        return Misfit(header, "bad-amount", f"{v!r} is not an amount")
    if kind in ("text", "name") and not _LETTER.search(v):
        return Misfit(header, "not-a-name", f"{v!r} holds no letters (a number where a name belongs)")
    if column.name == "authority":
        match = _AUTHORITY_NAME.match(" ".join(v.split()))
        if match and match.group("before").strip():
            return Misfit(header, "authority-holds-other-text",
                           f"{v!r} has other text before the authority's name "
                           f"({match.group('before').strip()!r}): the title has run into this column")
    return None


# --- splitting a line ----------------------------------------------------------------------


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


# --- reading a row -------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """A row's fields spread over the columns: values by column name and the rules used."""

    values: Mapping[str, str]
    rules: tuple[str, ...]


def _distributions(extra: int, slots: int) -> Iterator[tuple[int, ...]]:
    """Every way to give `extra` additional fields to `slots` joinable columns."""
    if slots == 0:
        if extra == 0:
            yield ()
        return
    for cuts in itertools.combinations_with_replacement(range(extra + 1), slots - 1):
        bounds = (0, *cuts, extra)
        yield tuple(bounds[i + 1] - bounds[i] for i in range(slots))


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
        problem = _check(column, layout.names[i], value)
        if problem:
            problems.append(problem)
        values[column.name] = value
    return values, rules, problems


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


# --- rows ----------------------------------------------------------------------------------


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
            notes.append(f"{_header_of(layout, column.name)}: {values[column.name]}")
            values[column.name] = ""
            rules.append("negative-amount-as-note")
    return Row(number, MappingProxyType(values), tuple(dict.fromkeys(rules)), title_as_stated, tuple(notes))


def _header_of(layout: Layout, name: str) -> str:
    return next(layout.names[i] for i, c in enumerate(layout.columns) if c is not None and c.name == name)


# --- records -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Programme:
    """The programme whose priority axes the register's "Tl" numbers are."""

    id: str
    name: Mapping[str, str]


PROGRAMME_2014_2020 = Programme(
    "kestavaa-kasvua-ja-tyota-2014-2020",
    MappingProxyType({
        "fi": "Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma",
        "en": "Sustainable growth and jobs 2014–2020 – Finland's structural funds programme",
    }),
)
FUND_RECORDS: Mapping[str, dict[str, Any]] = MappingProxyType({
    "erdf": {"name": {"fi": "Euroopan aluekehitysrahasto", "en": "European Regional Development Fund"},
             "level": "fund", "notation": "EAKR", "description": "Euroopan unionin rakennerahasto, lyhenne EAKR."},
    "esf": {"name": {"fi": "Euroopan sosiaalirahasto", "en": "European Social Fund"},
            "level": "fund", "notation": "ESR", "description": "Euroopan unionin rakennerahasto, lyhenne ESR."},
})
SOURCE_URL = "https://www.rakennerahastot.fi/rahoitetut-hankkeet"
SOURCE_TITLE = "EURA 2014 -hankelista (rakennerahastot.fi)"
# Who keeps the register and publishes rakennerahastot.fi: the programme's managing authority.
REGISTER_KEEPER = {"fi": "Työ- ja elinkeinoministeriö", "en": "Ministry of Economic Affairs and Employment of Finland"}
REGISTER_KEEPER_HOME = "https://tem.fi/"
_AUTO = Programme("", MappingProxyType({}))
Spellings = dict[str, dict[str, list[Any]]]  # org id -> spelling -> [count, first where]


def _amount_value(text: str) -> int | float | None:
    amount = parse_amount(text)
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def _iso(text: str) -> str | None:
    date = parse_date(text)
    return date.isoformat() if date else None


def draft_register(read: RegisterRead, file_name: str, dataset: str, programme: Programme | None) -> tuple[Draft, str]:
    """The records of every imported row, the programme structure they use and the source;
    also the id of the register's keeper, the source's publisher."""
    draft = Draft()
    keeper = draft.organisation(REGISTER_KEEPER["fi"], "rakennerahastot.fi")
    draft.records["org"][keeper]["name"] = Sourced(dict(REGISTER_KEEPER), "rakennerahastot.fi")
    draft.records["org"][keeper]["homepage"] = REGISTER_KEEPER_HOME
    draft.records["source"][dataset] = {
        "title": SOURCE_TITLE,
        "url": SOURCE_URL,
        "publisher": keeper,
        "file": file_name,
        "description": {
            "fi": "Rakennerahastojen EURA 2014 -järjestelmän julkinen hankelista CSV-tiedostona, "
                  "sellaisena kuin vapaaehtoiset keräsivät sen noin vuonna 2016 "
                  "(os-data/eu-structural-funds, commit 6ffe5ddb2610077f0eb4bed0cf110618c55dcd12).",
            "en": "The public project list of the EURA 2014 structural-funds register as a CSV file, "
                  "as collected by volunteers around 2016 "
                  "(os-data/eu-structural-funds, commit 6ffe5ddb2610077f0eb4bed0cf110618c55dcd12).",
        },
    }
    axis_funds: dict[str, set[str]] = {}
    spellings: Spellings = {}
    for row in read.rows:
        ident = row.values["code"].lower()
        draft.records["project"][draft.unique("project", ident)] = _project(
            draft, row, file_name, dataset, programme, axis_funds, spellings)
    _name_organisations(draft, spellings)
    if programme is not None and axis_funds:
        draft.records["programme"][programme.id] = {"name": dict(programme.name), "level": "programme"}
        for number, funds in sorted(axis_funds.items(), key=lambda kv: int(kv[0])):
            record: dict[str, Any] = {
                "name": {"fi": f"Toimintalinja {number}", "en": f"Priority axis {number}"},
                "level": "priority-axis",
                "notation": number,
                "part_of": programme.id,
            }
            if len(funds) == 1:
                record["fund"] = next(iter(funds))
            draft.records["programme"][f"toimintalinja-{number}"] = record
    for fund in sorted({FUNDS[f] for r in read.rows if (f := r.values.get("fund", "").casefold()) in FUNDS}):
        draft.records["programme"][fund] = dict(FUND_RECORDS[fund])
    return draft, keeper


def _organisation(draft: Draft, spellings: Spellings, name: str, where: str) -> str:
    """The organisation's id; every spelling the register uses for it is counted, with the
    first line it is on."""
    ident = draft.organisation(name, where)
    seen = spellings.setdefault(ident, {}).setdefault(" ".join(name.split()), [0, where])
    seen[0] += 1
    return ident


def _name_organisations(draft: Draft, spellings: Spellings) -> None:
    """The register spells one organisation many ways ("OULUN YLIOPISTO", "Oulun Yliopisto",
    the ELY names with and without their comma): the most frequent spelling is the name (the
    first seen on a tie), the others are kept as alternative names."""
    for ident, seen in spellings.items():
        record = draft.records["org"][ident]
        given = record["name"].value
        if isinstance(given, dict):  # a name given here, not read from the file
            others = [s for s in seen if s not in given.values()]
        else:
            preferred = max(seen, key=lambda s: seen[s][0])  # max keeps the first of equals
            record["name"] = Sourced(preferred, seen[preferred][1])
            others = [s for s in seen if s != preferred]
        if others:
            record["alt_names"] = others


def _project(draft: Draft, row: Row, file_name: str, dataset: str, programme: Programme | None,
             axis_funds: dict[str, set[str]], spellings: Spellings) -> dict[str, Any]:
    """One project record; each value carries the file and line it came from."""
    v = row.values
    where = f"{file_name}:{row.line}"
    fund = FUNDS.get(v.get("fund", "").casefold())  # None where the file has no fund column
    record: dict[str, Any] = {"title": Sourced(" ".join(v["title"].split()), where)}
    if row.title_as_stated:
        record["title_as_stated"] = Sourced(row.title_as_stated, where)
    record["identifier"] = Sourced(v["code"], where)
    if v.get("status"):
        record["project_status"] = Sourced(STATUSES[v["status"].casefold()], where)
    record["sources"] = [{"source": dataset, "lines": str(row.line)}]
    axis = v.get("axis", "")
    if programme is not None and axis:
        number = str(int(axis))
        axis_funds.setdefault(number, set()).update([fund] if fund else [])
        record["programmes"] = Sourced([f"toimintalinja-{number}"], where)
    elif programme is not None:
        record["programmes"] = Sourced([programme.id], where)
    contribution: dict[str, Any] = {"group": "eu-and-state", **({"fund": fund} if fund else {})}
    for key, column in (("amount", "granted"), ("paid", "paid")):
        if (value := _amount_value(v.get(column, ""))) is not None:
            contribution[key] = value
    record["funding"] = [Sourced(contribution, where)]
    public = {k: a for k, c in (("planned", "planned_public"), ("realised", "realised_public"))
              if (a := _amount_value(v.get(c, ""))) is not None}
    if public:
        record["public_funding"] = Sourced(public, where)
    if v.get("authority"):
        record["granted_by"] = Sourced(_organisation(draft, spellings, v["authority"], where), where)
    period = {k: d for k, c in (("start", "start"), ("end", "end")) if (d := _iso(v.get(c, "")))}
    if period:
        record["period"] = Sourced(period, where)
    if v.get("implementer"):
        record["implementers"] = Sourced([_organisation(draft, spellings, v["implementer"], where)], where)
    notes = list(row.notes)
    if programme is None:
        notes += [f"{name}: {v[key]}" for key, name in (("section", "Ohjelma / osio"), ("axis", "Tl")) if v.get(key)]
    if notes:
        record["notes"] = Sourced(notes, where)
    return record


# --- the import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterResult:
    """What an import did. `clean + repaired + rejected` is the number of rows (non-empty
    lines after the header); `repairs` counts the rows each rule was needed for (a row may
    need several), `rejected_by` the rejects by kind."""

    rows: int
    clean: int
    repaired: int
    rejected: int
    repairs: Mapping[str, int]
    rejected_by: Mapping[str, int]
    repaired_lines: Mapping[int, tuple[str, ...]]
    rejects: tuple[Reject, ...]
    messages: tuple[str, ...]
    errors: tuple[str, ...]
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def _failed(errors: list[str] | tuple[str, ...]) -> RegisterResult:
    empty: Mapping[Any, Any] = MappingProxyType({})
    return RegisterResult(0, 0, 0, 0, empty, empty, empty, (), (), tuple(errors))


def _base_problem(name: str, value: str) -> str | None:
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", value or ""):
        return f"{name} must be an http(s) IRI ending with '/', found {value!r}"
    return None


def import_register(
    csv_path: Path,
    out: Path,
    organisations_base: str,
    base_iri: str,
    dataset: str = "eura2014",
    *,
    programme: Programme | None = _AUTO,
    implementer: str | None = None,
    progress: Progress = SILENT,
) -> RegisterResult:
    """Import the register's project list into `out`: `out/data/...` (records),
    `out/rejects.csv` and, when there is none yet, `out/kemi-lod.yaml`.

    `programme` is the programme whose priority axes the "Tl" numbers name. By default that is
    the 2014-2020 programme, unless the file has a programme-section column (the 2007-2013
    export), where axis numbers belong to several programmes: then the axis and section are
    kept as notes. Bad data never raises: it comes back in the result.

    `implementer` keeps only the rows of that implementer (one municipality's projects),
    compared as organisation names are (`normalise_org_name`: case, spacing and company
    forms do not matter). A rejected row cannot be read into columns, so it is kept in
    rejects.csv when its text names the implementer anywhere.

    `progress` hears of the rows read and of the records written.
    """
    errors = [p for p in (_base_problem("base_iri", base_iri), _base_problem("organisations_base", organisations_base)) if p]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", dataset):
        errors.append(f"dataset {dataset!r} is not an id (lower-case letters, digits and -)")
    if errors:
        return _failed(errors)
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return _failed([f"{csv_path}: cannot read: {exc.strerror}"])
    except UnicodeDecodeError as exc:
        return _failed([f"{csv_path}: not UTF-8 (byte {exc.start}); convert the export to UTF-8 first"])
    read = read_register(text, progress)
    if read.errors:
        return _failed([f"{csv_path.name}:{e}" for e in read.errors])
    messages = [f"{csv_path.name}:{n}: empty line, not a row" for n in read.blank_lines]
    if implementer is not None:
        read = select_implementer(read, implementer)
        if not read.rows:
            return _failed([f"{csv_path.name}: no row has the implementer {implementer!r}"])
    if programme is _AUTO:
        programme = None if read.layout is not None and read.layout.has("section") else PROGRAMME_2014_2020
        if programme is None:
            messages.append("the file has a programme-section column: priority axes are kept as notes, not linked")
    draft, keeper = draft_register(read, csv_path.name, dataset, programme)
    written = write_draft(draft, out / "data", progress)
    written.append(write_rejects(read.rejects, out / "rejects.csv"))
    config = out / "kemi-lod.yaml"
    if not config.exists():
        config.write_text(render_config(dataset, base_iri, organisations_base, keeper), encoding="utf-8")
        written.append(config)
    return _result(read, tuple(messages), tuple(written))


def select_implementer(read: RegisterRead, name: str) -> RegisterRead:
    """The rows implemented by `name`, and the rejected rows whose text names it."""
    key = normalise_org_name(name)
    rows = tuple(r for r in read.rows if normalise_org_name(r.values.get("implementer", "")) == key)
    rejects = tuple(r for r in read.rejects if key in normalise_org_name(r.raw))
    return replace(read, rows=rows, rejects=rejects)


def _result(read: RegisterRead, messages: tuple[str, ...], written: tuple[Path, ...]) -> RegisterResult:
    repaired = {r.line: r.rules for r in read.rows if r.rules}
    repairs = Counter(rule for rules in repaired.values() for rule in rules)
    rejected_by = Counter(r.kind for r in read.rejects)
    rows = len(read.rows) + len(read.rejects)
    return RegisterResult(
        rows=rows,
        clean=len(read.rows) - len(repaired),
        repaired=len(repaired),
        rejected=len(read.rejects),
        repairs=MappingProxyType(dict(sorted(repairs.items()))),
        rejected_by=MappingProxyType(dict(sorted(rejected_by.items()))),
        repaired_lines=MappingProxyType(repaired),
        rejects=read.rejects,
        messages=messages,
        errors=(),
        written=written,
    )


def write_rejects(rejects: tuple[Reject, ...], path: Path) -> Path:
    """The rejected lines, one a row: line, reason (kind: detail), the raw text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["line", "reason", "raw"])
    for r in sorted(rejects, key=lambda r: r.line):
        writer.writerow([r.line, f"{r.kind}: {r.reason}", r.raw])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def render_config(dataset: str, base_iri: str, organisations_base: str, publisher_id: str) -> str:
    """A starting `kemi-lod.yaml` for the imported register; the operator reviews it."""
    return f"""\
# The structural-funds register's project list as linked open data (written by the importer;
# review it). The publisher below is the body that keeps the register and publishes
# rakennerahastot.fi; if you republish the list under your own name, put your organisation here.
dataset: {dataset}
base_iri: {base_iri}
organisations_base: {organisations_base}
title:
  fi: Rakennerahastohankkeet 2014–2020 (EURA 2014 -hankelista)
  en: Structural-fund projects 2014–2020 (EURA 2014 project list)
description:
  fi: >-
    Suomen rakennerahastojen EURA 2014 -rekisterin julkinen hankelista linkitettynä avoimena
    datana: hankkeet, rahastot, toimintalinjat, rahoittavat viranomaiset, toteuttajat,
    toiminta-ajat sekä myönnetty ja toteutunut rahoitus. Rivit, joita ei voinut lukea
    yksiselitteisesti, on jätetty pois ja lueteltu tiedostossa rejects.csv.
  en: >-
    The public project list of Finland's EURA 2014 structural-funds register as linked open
    data: projects, funds, priority axes, granting authorities, implementers, periods and the
    funding granted and paid. Rows that could not be read unambiguously are left out and
    listed in rejects.csv.
publisher:
  id: {publisher_id}
  name: {{fi: {REGISTER_KEEPER['fi']}, en: {REGISTER_KEEPER['en']}}}
  homepage: {REGISTER_KEEPER_HOME}
contact_point:
  name: {{fi: Rakennerahastot.fi, en: Rakennerahastot.fi}}
  url: https://www.rakennerahastot.fi/
licence: https://creativecommons.org/licenses/by/4.0/
spatial:
  name: {{fi: Suomi, en: Finland}}
languages: [fi]
"""
