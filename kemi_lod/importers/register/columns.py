"""The register's columns and the values they take: the columns the importer understands (found
by header name through a table of synonyms), the header read into a layout, and the check that
a value fits its column's kind (code, fund, axis, status, date, amount, name)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Mapping

from kemi_lod.importers.common import ELY_LONG_NAME, EU_FUNDS


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

# the fund column's values (the funds' notations, any case) -> fund ids
FUNDS: Mapping[str, str] = MappingProxyType({record["notation"].casefold(): ident for ident, record in EU_FUNDS.items()})
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

    def header_of(self, name: str) -> str:
        """The header's own spelling of a column."""
        return next(self.names[i] for i, c in enumerate(self.columns) if c is not None and c.name == name)


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
# an authority's designation, after one region word ("Keski-Suomen", "Uudenmaan")
_AUTHORITY_NAME = re.compile(
    rf"^(?P<before>.*?)(?P<region>[^\W\d_][\w-]*)\s+(?:{ELY_LONG_NAME}|ELY-keskus|liitto|maakuntaliitto)$",
    re.I | re.S,
)


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


def check_value(column: Column, header: str, value: str) -> Misfit | None:
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
    if kind in ("date", "amount"):
        return _check_date_or_amount(kind, header, v)
    if kind in ("text", "name") and not _LETTER.search(v):
        return Misfit(header, "not-a-name", f"{v!r} holds no letters (a number where a name belongs)")
    if column.name == "authority":
        return _check_authority(header, v)
    return None


def _check_date_or_amount(kind: str, header: str, v: str) -> Misfit | None:
    """A date or an amount; one found where the other belongs is named as such."""
    if kind == "date" and parse_date(v) is None:
        if parse_amount(v) is not None:
            return Misfit(header, "amount-in-date-column", f"{v!r} is an amount, not a date")
        return Misfit(header, "bad-date", f"{v!r} is not a date (d.m.yyyy)")
    if kind == "amount" and parse_amount(v) is None:
        if parse_date(v) is not None:
            return Misfit(header, "date-in-amount-column", f"{v!r} is a date, not an amount")
        return Misfit(header, "bad-amount", f"{v!r} is not an amount")
    return None


def _check_authority(header: str, v: str) -> Misfit | None:
    """An authority's name with other text before it: the title has run into the column."""
    match = _AUTHORITY_NAME.match(" ".join(v.split()))
    if match and match.group("before").strip():
        return Misfit(header, "authority-holds-other-text",
                      f"{v!r} has other text before the authority's name "
                      f"({match.group('before').strip()!r}): the title has run into this column")
    return None
