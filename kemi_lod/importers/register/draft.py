"""Rows -> draft records: a project record a row (each value with the file and line it came
from), the organisations it names (one record under every spelling the register uses), the
programme's priority axes and funds it uses, and the register itself as the source."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from kemi_lod.importers.common import (
    EU_FUNDS, PROGRAMME_2014_2020_ID, PROGRAMME_2014_2020_NAME, Draft, Sourced, plain_number,
)
from kemi_lod.importers.register.columns import FUNDS, STATUSES, parse_amount, parse_date
from kemi_lod.importers.register.rows import RegisterRead, Row


@dataclass(frozen=True)
class Programme:
    """The programme whose priority axes the register's "Tl" numbers are."""

    id: str
    name: Mapping[str, str]


PROGRAMME_2014_2020 = Programme(PROGRAMME_2014_2020_ID, MappingProxyType(dict(PROGRAMME_2014_2020_NAME)))
FUND_RECORDS: Mapping[str, dict[str, Any]] = MappingProxyType({
    ident: {**record, "description": f"Euroopan unionin rakennerahasto, lyhenne {record['notation']}."}
    for ident, record in EU_FUNDS.items()
})
SOURCE_URL = "https://www.rakennerahastot.fi/rahoitetut-hankkeet"
SOURCE_TITLE = "EURA 2014 -hankelista (rakennerahastot.fi)"
SOURCE_DESCRIPTION = {
    "fi": "Rakennerahastojen EURA 2014 -järjestelmän julkinen hankelista CSV-tiedostona, "
          "sellaisena kuin vapaaehtoiset keräsivät sen noin vuonna 2016 "
          "(os-data/eu-structural-funds, commit 6ffe5ddb2610077f0eb4bed0cf110618c55dcd12).",
    "en": "The public project list of the EURA 2014 structural-funds register as a CSV file, "
          "as collected by volunteers around 2016 "
          "(os-data/eu-structural-funds, commit 6ffe5ddb2610077f0eb4bed0cf110618c55dcd12).",
}
# Who keeps the register and publishes rakennerahastot.fi: the programme's managing authority.
REGISTER_KEEPER = {"fi": "Työ- ja elinkeinoministeriö", "en": "Ministry of Economic Affairs and Employment of Finland"}
REGISTER_KEEPER_HOME = "https://tem.fi/"
Spellings = dict[str, dict[str, list[Any]]]  # org id -> spelling -> [count, first where]


def draft_register(read: RegisterRead, file_name: str, dataset: str, programme: Programme | None) -> tuple[Draft, str]:
    """The records of every imported row, the programme structure they use and the source;
    also the id of the register's keeper, the source's publisher."""
    draft = Draft()
    keeper = _add_source(draft, file_name, dataset)
    axis_funds: dict[str, set[str]] = {}
    spellings: Spellings = {}
    for row in read.rows:
        ident = row.values["code"].lower()
        draft.records["project"][draft.unique("project", ident)] = _project(
            draft, row, file_name, dataset, programme, axis_funds, spellings)
    _name_organisations(draft, spellings)
    if programme is not None and axis_funds:
        _add_programme(draft, programme, axis_funds)
    for fund in sorted({FUNDS[f] for r in read.rows if (f := r.values.get("fund", "").casefold()) in FUNDS}):
        draft.records["programme"][fund] = dict(FUND_RECORDS[fund])
    return draft, keeper


def _add_source(draft: Draft, file_name: str, dataset: str) -> str:
    """The register's source record and its publisher, the register's keeper (its id)."""
    keeper = draft.organisation(REGISTER_KEEPER["fi"], "rakennerahastot.fi")
    draft.records["org"][keeper]["name"] = Sourced(dict(REGISTER_KEEPER), "rakennerahastot.fi")
    draft.records["org"][keeper]["homepage"] = REGISTER_KEEPER_HOME
    draft.records["source"][dataset] = {
        "title": SOURCE_TITLE,
        "url": SOURCE_URL,
        "publisher": keeper,
        "file": file_name,
        "description": dict(SOURCE_DESCRIPTION),
    }
    return keeper


def _add_programme(draft: Draft, programme: Programme, axis_funds: dict[str, set[str]]) -> None:
    """The programme and the priority axes the rows use (with their fund, where only one)."""
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
    record.update(_funding(v, fund, where))
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


def _funding(v: Mapping[str, str], fund: str | None, where: str) -> dict[str, Any]:
    """The row's `funding` (the EU and state contribution: the amount granted, with the status
    granted, and the part of it paid so far) and `public_funding` (planned and realised)."""
    contribution: dict[str, Any] = {"group": "eu-and-state", **({"fund": fund} if fund else {})}
    if (granted := _amount_value(v.get("granted", ""))) is not None:
        contribution.update(amount=granted, status="granted")
    if (paid := _amount_value(v.get("paid", ""))) is not None:
        contribution["paid"] = paid
    fields: dict[str, Any] = {"funding": [Sourced(contribution, where)]}
    public = {k: a for k, c in (("planned", "planned_public"), ("realised", "realised_public"))
              if (a := _amount_value(v.get(c, ""))) is not None}
    if public:
        fields["public_funding"] = Sourced(public, where)
    return fields


def _amount_value(text: str) -> int | float | None:
    amount = parse_amount(text)
    return None if amount is None else plain_number(amount)


def _iso(text: str) -> str | None:
    date = parse_date(text)
    return date.isoformat() if date else None
