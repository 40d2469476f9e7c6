"""Typed values and the field specs that read them from located YAML nodes.

A spec is a mapping of field names to `Field`s; `read_mapping` checks a node against it and
returns an `Entry` of typed values (Decimal amounts, `PartialDate`s, `Text`, `Ref`s) plus a
problem for every unknown, missing or ill-typed field. Nothing here raises on bad input.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any, Callable, Mapping

from kemi_lod.errors import Problem
from kemi_lod.records.kinds import ID_PATTERN, id_problem
from kemi_lod.records.yamldoc import YNode

LANG_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_TEXT = 20_000


@dataclass(frozen=True)
class Text:
    """Text in one or more languages: (language tag, string) pairs sorted by tag."""

    items: tuple[tuple[str, str], ...]

    def get(self, lang: str) -> str | None:
        return next((s for tag, s in self.items if tag == lang), None)

    def first(self) -> str:
        return self.get("fi") or self.items[0][1]


@dataclass(frozen=True)
class PartialDate:
    """A date at the precision it was written: year, year-month or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def datatype(self) -> str:
        return "date" if self.day else "gYearMonth" if self.month else "gYear"

    @property
    def lexical(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class Ref:
    """A reference to another record, checked once all records are loaded."""

    kind: str
    id: str
    line: int
    field: str


@dataclass(frozen=True)
class Entry:
    """A checked mapping: typed values by field name, and the line of each field."""

    values: Mapping[str, Any]
    line: int
    lines: Mapping[str, int] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def __contains__(self, name: str) -> bool:
        return name in self.values

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


class Invalid(Exception):
    """Raised by a parser for one bad value; turned into a Problem by `read_mapping`."""


@dataclass
class Context:
    """What parsers need besides the node: where we are, the code lists, what to collect."""

    path: str
    codes: Mapping[str, frozenset[str]]
    problems: list[Problem]
    refs: list[Ref]
    max_amount: Decimal = Decimal("1e12")

    def problem(self, line: int, name: str, message: str) -> None:
        self.problems.append(Problem(self.path, line, name, message))


Parser = Callable[[YNode, Context, str], Any]


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = False
    retired: str = ""  # a field of an earlier record format: what to write instead


def retired(hint: str) -> Field:
    """A field an earlier record format had: refused, with what replaces it."""

    def parse(node: YNode, ctx: Context, where: str) -> Any:
        raise Invalid(f"this field was retired in record format 2 (vocabulary 2.0.0): {hint}")

    return Field(parse, retired=hint)


Spec = Mapping[str, Field]


def read_mapping(node: YNode, spec: Spec, ctx: Context, where: str = "", check: Callable[[Entry, Context, str], None] | None = None) -> Entry | None:
    """Check `node` against `spec`; None (and problems) if it is not a usable mapping."""
    if not node.is_mapping():
        ctx.problem(node.line, where, f"expected a mapping of fields, found {_describe(node)}")
        return None
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for name, child in node.value.items():  # type: ignore[union-attr]
        path = f"{where}.{name}" if where else name
        if name not in spec:
            known = ", ".join(n for n, f in spec.items() if not f.retired)
            ctx.problem(child.line, path, f"unknown field (expected one of: {known})")
            continue
        lines[name] = child.line
        if child.kind == "scalar" and child.value is None:
            ctx.problem(child.line, path, "no value given")
            continue
        try:
            values[name] = spec[name].parse(child, ctx, path)
        except Invalid as exc:
            ctx.problem(child.line, path, str(exc))
    for name, f in spec.items():
        if f.required and name not in node.value:  # type: ignore[operator]
            path = f"{where}.{name}" if where else name
            ctx.problem(node.line, path, "missing required field")
    entry = Entry(MappingProxyType(values), node.line, MappingProxyType(lines))
    if check is not None:
        check(entry, ctx, where)
    return entry


def _describe(node: YNode) -> str:
    if node.kind != "scalar":
        return f"a {node.kind}"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {node.raw}"
    shown = value if len(value) <= 40 else value[:37] + "..."
    return f"the text {shown!r}"


# --- parsers -------------------------------------------------------------------------------


def string(node: YNode, ctx: Context, where: str) -> str:
    if node.kind != "scalar" or not isinstance(node.value, str):
        if node.kind == "scalar" and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.raw  # a bare number is fine where text is expected (notation "5")
        raise Invalid(f"expected text, found {_describe(node)}")
    value = node.value.strip()
    if not value:
        raise Invalid("expected text, found an empty string")
    if len(value) > MAX_TEXT:
        raise Invalid(f"text is {len(value)} characters long, more than {MAX_TEXT}")
    return value


def text(node: YNode, ctx: Context, where: str) -> Text:
    if node.is_mapping():
        items = []
        for lang, child in node.value.items():  # type: ignore[union-attr]
            if not LANG_TAG.match(lang):
                ctx.problem(child.line, f"{where}.{lang}", "not a language tag (e.g. fi, en, sv)")
                continue
            try:
                items.append((lang, string(child, ctx, f"{where}.{lang}")))
            except Invalid as exc:
                ctx.problem(child.line, f"{where}.{lang}", str(exc))
        if not items:
            raise Invalid("expected text in at least one language")
        return Text(tuple(sorted(items)))
    return Text((("fi", string(node, ctx, where)),))


def iri_problem(value: str) -> str | None:
    """Why `value` is not an absolute IRI, or None."""
    if not re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        return f"expected an absolute IRI (https://…), found {value!r}"
    bad = _IRI_FORBIDDEN.search(value)
    if bad:
        return f"IRI contains {bad.group()!r}, which IRIs cannot hold"
    return None


def _checked(problem_of: Callable[[str], str | None]) -> Parser:
    """A parser of strings that `problem_of` accepts (None) or says what is wrong with."""
    def parse(node: YNode, ctx: Context, where: str) -> str:
        value = string(node, ctx, where)
        problem = problem_of(value)
        if problem:
            raise Invalid(problem)
        return value

    return parse


iri = _checked(iri_problem)


_WEB_IRI = re.compile(r"^https?://(?:\[[0-9A-Fa-f:.]+\]|[^/?#\[\]@:]+)(?::\d{1,5})?(?:[/?#]|$)", re.I)


def web_iri_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address a page may link and a browser may open: any other
    scheme (javascript:, data:, file:) is refused, and so is a malformed host ("http://[::1")."""
    problem = iri_problem(value)
    if problem:
        return problem
    if not re.match(r"^https?:", value, re.I):
        return f"expected an http or https address, found {value!r}"
    if not _WEB_IRI.match(value):
        return f"not a well-formed http(s) address (its host): {value!r}"
    return None


web_iri = _checked(web_iri_problem)


def boolean(node: YNode, ctx: Context, where: str) -> bool:
    if node.kind != "scalar" or not isinstance(node.value, bool):
        raise Invalid(f"expected true or false, found {_describe(node)}")
    return node.value


def _decimal(node: YNode) -> Decimal:
    if node.kind != "scalar" or isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
        raise Invalid(f"expected a number, found {_describe(node)}")
    try:
        value = Decimal(node.raw.replace("_", ""))
    except InvalidOperation:
        raise Invalid(f"expected a number, found {node.raw!r}") from None
    if not value.is_finite():
        raise Invalid(f"expected a finite number, found {node.raw!r}")
    return value


CURRENCY = "EUR"  # every amount of a record is in euros (ISO 4217 code)
DEFAULT_STATUS = "planned"  # an amount a page states without saying whether applied, granted or paid


def amount(node: YNode, ctx: Context, where: str) -> Decimal:
    value = _decimal(node)
    if value < 0:
        raise Invalid(f"amount must not be negative, found {node.raw}")
    if value > ctx.max_amount:
        raise Invalid(f"amount {node.raw} exceeds the ceiling of {ctx.max_amount:,f} euros (setting max_amount)")
    if value != value.quantize(Decimal("0.01")):
        raise Invalid(f"amount {node.raw} has more than two decimals")
    return value


def count(node: YNode, ctx: Context, where: str) -> int:
    """A whole number from 1 up (a position in a list)."""
    if node.kind != "scalar" or isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 1:
        raise Invalid(f"expected a whole number from 1 up, found {_describe(node)}")
    return node.value


def number(minimum: Decimal | None = None, maximum: Decimal | None = None) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> Decimal:
        value = _decimal(node)
        if minimum is not None and value < minimum:
            raise Invalid(f"must be at least {minimum}, found {node.raw}")
        if maximum is not None and value > maximum:
            raise Invalid(f"must be at most {maximum}, found {node.raw}")
        return value

    return parse


def date(node: YNode, ctx: Context, where: str) -> PartialDate:
    if node.kind != "scalar" or node.value is None or isinstance(node.value, (bool, float)):
        raise Invalid(f"expected a date (\"2020-01-31\", \"2020-01\" or \"2020\"), found {_describe(node)}")
    match = _DATE.match(node.raw.strip())
    if not match:
        raise Invalid(f"expected a date (\"2020-01-31\", \"2020-01\" or \"2020\"), found {node.raw!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if year < 1000:
        raise Invalid(f"year {year} is out of range")
    if month is not None and not 1 <= month <= 12:
        raise Invalid(f"{node.raw!r} is not a date: there is no month {month}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
        if not 1 <= day <= last:
            raise Invalid(f"{node.raw!r} is not a date: month {month} of {year} has {last} days")
    return PartialDate(year, month, day)


def year(node: YNode, ctx: Context, where: str) -> PartialDate:
    value = date(node, ctx, where)
    if value.month is not None:
        raise Invalid(f"expected a year (\"2020\"), found {node.raw!r}")
    return value


def lines(node: YNode, ctx: Context, where: str) -> tuple[int, int]:
    raw = node.raw.strip() if node.kind == "scalar" else ""
    match = re.match(r"^(\d+)(?:\s*-\s*(\d+))?$", raw)
    if not match:
        raise Invalid(f"expected a line number or range (\"7-17\"), found {_describe(node)}")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise Invalid(f"{raw!r} is not a line range")
    return (first, last)


identifier = _checked(id_problem)


BUSINESS_ID = re.compile(r"^(\d{7})-(\d)$")
_BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_problem(value: str) -> str | None:
    """Why `value` is not a Finnish business ID (Y-tunnus), or None: seven digits, a hyphen and
    a check digit: the digits weighted 7, 9, 10, 5, 8, 4, 2, summed, modulo 11; a remainder of 0
    gives 0, of 1 no valid ID, of r the digit 11 - r."""
    match = BUSINESS_ID.match(value)
    if match is None:
        return f"{value!r} is not a business ID (seven digits, '-', a check digit: 1234567-1)"
    remainder = sum(w * int(d) for w, d in zip(_BUSINESS_ID_WEIGHTS, match.group(1))) % 11
    if remainder == 1:
        return f"{value!r} is not a business ID: no check digit fits its first seven digits"
    expected = 0 if remainder == 0 else 11 - remainder
    if int(match.group(2)) != expected:
        return f"{value!r} has a wrong check digit: {match.group(1)}-{expected} would be valid"
    return None


business_id = _checked(business_id_problem)


def ref(kind: str) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> Ref:
        target = Ref(kind, identifier(node, ctx, where), node.line, where)
        ctx.refs.append(target)
        return target

    return parse


def code(scheme: str) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> str:
        value = string(node, ctx, where)
        known = ctx.codes.get(scheme, frozenset())
        if value not in known:
            raise Invalid(f"unknown code {value!r} (expected one of: {', '.join(sorted(known))})")
        return value

    return parse


def choice(*options: str) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> str:
        value = string(node, ctx, where)
        if value not in options:
            raise Invalid(f"expected one of: {', '.join(options)}; found {value!r}")
        return value

    return parse


def listof(item: Parser, min_items: int = 1) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> tuple:
        if not node.is_sequence():
            raise Invalid(f"expected a list, found {_describe(node)}")
        if len(node.value) < min_items:  # type: ignore[arg-type]
            raise Invalid("expected a list with at least one item" if min_items == 1 else f"expected at least {min_items} items")
        out = []
        for i, child in enumerate(node.value, start=1):  # type: ignore[arg-type]
            path = f"{where}[{i}]"
            try:
                value = item(child, ctx, path)
            except Invalid as exc:
                ctx.problem(child.line, path, str(exc))
                continue
            if value is not None:
                out.append(value)
        return tuple(out)

    return parse


def either(scalar: Parser, spec: Spec, check: Callable[[Entry, Context, str], None] | None = None) -> Parser:
    """A value written as a scalar (`budget: 449880`) or as a mapping (`budget: {amount: …, year: …}`)."""

    def parse(node: YNode, ctx: Context, where: str) -> Any:
        if node.is_mapping():
            return read_mapping(node, spec, ctx, where, check)
        return scalar(node, ctx, where)

    return parse


def mapping(spec: Spec, check: Callable[[Entry, Context, str], None] | None = None) -> Parser:
    def parse(node: YNode, ctx: Context, where: str) -> Entry | None:
        if not node.is_mapping():
            raise Invalid(f"expected a mapping of fields, found {_describe(node)}")
        return read_mapping(node, spec, ctx, where, check)

    return parse
