"""What the readers fill: the draft all pages are read into (organisations and programmes,
added on first sight under any spelling; amounts checked against the ceiling; every problem
met; the page being read, which contributions cite), the project one page states, and a
label's value as the page wraps it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kemi_lod.linking import normalise, reference
from kemi_lod.importers.common import Draft, Sourced, normalise_org_name, plain, plain_number, slug
from kemi_lod.importers.page.lexicon import FUNDS, PROGRAMMES
from kemi_lod.importers.page.notation import nominative
from kemi_lod.importers.page.titles import normalise_title

_PROGRAMME_KEYS = ("name", "level", "notation", "part_of", "fund", "managed_by", "description")
_PROGRAMME_LINKS = ("part_of", "fund", "managed_by")  # where a second statement may disagree


class PageDraft:
    """Reads pages into a Draft; owns the organisation and programme records it mints. `file`
    is the page being read: problems and sources name it; `source` is its source record's id.
    `city` is the id of the city's organisation record (`city_id` where given: the publisher's
    id in the publication's settings), the funder of the city's own share."""

    def __init__(self, city: str, max_amount: Decimal, city_id: str | None = None) -> None:
        self.draft = Draft()
        self.problems: list[str] = []
        self.max_amount = max_amount
        self.file = ""
        self.source = ""
        self.city = self.org(city, "", alt=municipality_name(city), ident=city_id)
        self.city_name = city

    def problem(self, line: int | str, what: str) -> None:
        """A problem at a line of the current file (line 0: the file as a whole)."""
        self.problems.append(f"{self.file}:{line}: {what}" if line else f"{self.file}: {what}")

    def where(self, first: int, last: int | None = None) -> str:
        return f"{self.file}:{first}" + (f"-{last}" if last and last != first else "")

    def cite(self, line: int) -> dict[str, str]:
        """A citation of one line of the page being read (a contribution's `sources` item)."""
        return {"source": self.source, "lines": str(line)}

    # organisations ------------------------------------------------------------------------
    def org(self, name: str, where: str, alt: str | None = None, ident: str | None = None, **extra: Any) -> str:
        """The organisation of that name (any spelling or alias), added on first sight (with the
        id `ident` where given); a new spelling of a known one becomes an alternative name.
        "A/B" is one organisation."""
        name = " ".join(name.split()).strip(" .,")
        name = name[:1].upper() + name[1:]
        if not re.search(r"\w", name):
            self.problem(where.rpartition(":")[2] or 0, f"an organisation with no name ({name!r}); named 'Nimetön'")
            name = "Nimetön"
        parts = [p.strip() for p in name.split("/") if p.strip()] if "/" in name else []
        keys = [org_key(name)] + [org_key(p) for p in parts] + ([org_key(alt)] if alt else [])
        known = next((self.draft.org_keys[k] for k in keys if k in self.draft.org_keys), None)
        if known is None:
            known = self.draft.organisation(parts[0] if parts else name, where, ident, **extra)
            if parts:
                self.problem(where.rpartition(":")[2] or 0, f"read {name!r} as one organisation, named {parts[0]!r}")
        record = self.draft.records["org"][known]
        for spelling in [name, *parts[1:]] + ([alt] if alt else []):
            _add_alt_name(record, spelling, where)
        for k in keys:
            self.draft.org_keys.setdefault(k, known)
        return known

    def places(self, text: str, where: str) -> list[str]:
        """The places an area's text names: municipalities of the reference table named one by
        one ("Tornio, Ylitornio ja Pello"), or else one named area lying in the city's municipality."""
        parts = [p.strip() for p in re.split(r",\s*|\s+ja\s+", text) if p.strip()]
        if parts and all(reference().place("municipality", [p]) is not None for p in parts):
            return [self.place(p, "municipality", where) for p in parts]
        return [self.place(text, "area", where, within=self.home())]

    def place(self, name: str, kind: str, where: str, within: str | None = None) -> str:
        """The place record of that name, added on first sight."""
        records = self.draft.records["place"]
        known = next((i for i, r in records.items() if normalise(plain(r["name"])) == normalise(name)), None)
        if known is not None:
            return known
        ident = self.draft.unique("place", slug(name))
        records[ident] = {"name": Sourced(name, where), "type": Sourced(kind, where)}
        if within is not None:
            records[ident]["within"] = Sourced(within, where)
        return ident

    def home(self) -> str | None:
        """The city's municipality as a place (its organisation's jurisdiction), where its name
        ("Tornio" of "Tornion kaupunki") is a municipality of the reference table."""
        short = municipality_name(self.city_name)
        if short is None or reference().place("municipality", [short]) is None:
            return None
        ident = self.place(short, "municipality", "")
        self.draft.records["org"][self.city].setdefault("jurisdiction", Sourced(ident, ""))
        return ident

    def department(self, heading: str, where: str) -> str:
        return self.org(heading, where, type=Sourced("unit", where), unit_of=Sourced(self.city, where))

    # programmes ---------------------------------------------------------------------------
    def programme(self, ident: str, where: str, **fields: Any) -> str:
        """A programme record: known ones from FUNDS/PROGRAMMES, others from the page's words;
        a second statement fills what the first left out."""
        known = FUNDS.get(ident) or PROGRAMMES.get(ident) or {}
        records = self.draft.records["programme"]
        new = {**known, **{k: v for k, v in fields.items() if v is not None and k not in known}}
        if ident in records and _programme_key(records[ident]) != _programme_key(new) and not known:
            ident = self.draft.unique("programme", ident)
        record = records.setdefault(ident, {})
        for key in _PROGRAMME_KEYS:
            if key in new and key not in record:
                record[key] = Sourced(new[key], where)
            elif key in new and key in _PROGRAMME_LINKS and plain(record[key]) != new[key]:
                self.problems.append(f"{where}: programme {ident}: {key} {new[key]!r} differs from "
                                     f"{plain(record[key])!r} ({record[key].where}); the first is kept")
        return ident

    def grant(self, name: str, where: str, managed_by: str | None = None) -> str:
        return self.programme(slug(name), where, name=name, level="grant-instrument", managed_by=managed_by)

    # amounts ------------------------------------------------------------------------------
    def amount(self, value: Decimal, line: int) -> int | float | None:
        if value > self.max_amount:
            self.problem(line, f"amount {value} is more than the ceiling of {self.max_amount} euros; not read")
            return None
        if value != value.quantize(Decimal("0.01")):
            self.problem(line, f"amount {value} has more than two decimals; not read")
            return None
        return plain_number(value)


def _add_alt_name(record: dict, spelling: str, where: str) -> None:
    current = [plain(record["name"])] + list(plain(record.get("alt_names", Sourced([], ""))))
    if spelling and spelling not in current:
        old = record.get("alt_names")
        record["alt_names"] = Sourced([*(plain(old) if old else []), spelling], old.where if old else where)


def org_key(name: str) -> str:
    """The key an organisation is known by on the pages: as both importers normalise names,
    and "X ELY" is the ELY centre ("X ELY-keskus")."""
    key = normalise_org_name(name)
    return re.sub(r"\bely$", "ely-keskus", key)


def municipality_name(city: str) -> str | None:
    """"Tornio" of "Tornion kaupunki": how the pages name the city in lists, and the name of the
    municipality it governs."""
    words = city.split()
    if len(words) == 2 and words[1].lower() in ("kaupunki", "kunta"):
        return nominative(words[0])
    return None


def _programme_key(record: dict) -> str:
    name = plain(record.get("name"))
    return normalise_title(name["fi"] if isinstance(name, dict) else str(name or ""))


def plain_numbers(mapping: dict[str, Any]) -> dict[str, Any]:
    """The mapping with its Decimal values as record numbers."""
    return {k: plain_number(v) if isinstance(v, Decimal) else v for k, v in mapping.items()}


# --- what one page states --------------------------------------------------------------------


@dataclass
class PageProject:
    """A project as one page states it; `fields` hold Sourced values in the records' shape."""

    file: str
    first: int
    last: int
    fields: dict[str, Sourced] = field(default_factory=dict)
    notes: list[Sourced] = field(default_factory=list)
    derived_from: Sourced | None = None  # the words a derived title is taken from
    continues_name: Sourced | None = None
    order: int = 0
    # read off a block, placed among its contributions once the whole block is read (money.py)
    status: Sourced | None = None  # {status, status_date} its title states ("(haettu 10/2019)")
    city_share: Sourced | None = None  # the city's own share, as a contribution

    def set(self, name: str, value: Any, where: str) -> None:
        self.fields[name] = Sourced(value, where)

    def add(self, name: str, items: list, where: str) -> None:
        """Append to a list field, keeping the first source of the field."""
        if not items:
            return
        old = self.fields.get(name)
        if old is None:
            self.fields[name] = Sourced(list(items), where)
        else:
            old.value.extend(i for i in items if plain(i) not in plain(old.value))

    def note(self, text: str, where: str) -> None:
        if text and text not in [n.value for n in self.notes]:
            self.notes.append(Sourced(text, where))


@dataclass
class LabelValue:
    """A label's value, possibly wrapped over lines: the text and the line each part starts on."""

    text: str
    parts: list[tuple[int, int]]  # (offset in text, line number)
    label_line: str  # the whole first line, label included
    year: str | None = None  # a year the label states ("Kaupungin osuus vuonna 2020")

    def line_at(self, offset: int) -> int:
        return max((n for o, n in self.parts if o <= offset), default=self.parts[0][1])

    @property
    def first(self) -> int:
        return self.parts[0][1]

    @property
    def last(self) -> int:
        return self.parts[-1][1]
