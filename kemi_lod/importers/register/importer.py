"""The import: the arguments checked, the file read, the rows of one implementer kept where
asked, the programme chosen, then the records, `rejects.csv` and a starting `kemi-lod.yaml`
written; and what it did, as a RegisterResult. Bad data never raises."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from kemi_lod.importers.common import write_draft
from kemi_lod.importers.register.draft import (
    PROGRAMME_2014_2020, REGISTER_KEEPER, REGISTER_KEEPER_HOME, Programme, draft_register,
)
from kemi_lod.importers.register.rows import RegisterRead, Reject, read_register, select_implementer
from kemi_lod.progress import SILENT, Progress
from kemi_lod.records.kinds import ID_PATTERN

_AUTO = Programme("", MappingProxyType({}))  # the default: chosen by the file's columns


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
    rejects: tuple[Reject, ...]
    messages: tuple[str, ...]
    errors: tuple[str, ...]
    written: tuple[Path, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


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
    `out/rejects.csv`, `out/repairs.csv` (each repaired line with its rules) and, when there is
    none yet, `out/kemi-lod.yaml`.

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
    errors = _argument_problems(base_iri, organisations_base, dataset)
    if errors:
        return _failed(errors)
    read = _read_file(csv_path, progress)
    if isinstance(read, RegisterResult):
        return read
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
    written.append(write_repairs(_repaired(read), out / "repairs.csv"))
    config = out / "kemi-lod.yaml"
    if not config.exists():
        config.write_text(render_config(dataset, base_iri, organisations_base, keeper), encoding="utf-8")
        written.append(config)
    return _result(read, tuple(messages), tuple(written))


def _argument_problems(base_iri: str, organisations_base: str, dataset: str) -> list[str]:
    errors = [p for p in (_base_problem("base_iri", base_iri), _base_problem("organisations_base", organisations_base)) if p]
    if not ID_PATTERN.match(dataset):
        errors.append(f"dataset {dataset!r} is not an id (lower-case letters, digits and -)")
    return errors


def _base_problem(name: str, value: str) -> str | None:
    if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", value or ""):
        return f"{name} must be an http(s) IRI ending with '/', found {value!r}"
    return None


def _read_file(csv_path: Path, progress: Progress) -> RegisterRead | RegisterResult:
    """The file read, or the failed result saying why it cannot be."""
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        return _failed([f"{csv_path}: cannot read: {exc.strerror}"])
    except UnicodeDecodeError as exc:
        return _failed([f"{csv_path}: not UTF-8 (byte {exc.start}); convert the export to UTF-8 first"])
    read = read_register(text, progress)
    if read.errors:
        return _failed([f"{csv_path.name}:{e}" for e in read.errors])
    return read


def _failed(errors: list[str] | tuple[str, ...]) -> RegisterResult:
    empty: Mapping[Any, Any] = MappingProxyType({})
    return RegisterResult(0, 0, 0, 0, empty, empty, (), (), tuple(errors))


def _repaired(read: RegisterRead) -> dict[int, tuple[str, ...]]:
    """line -> the repair rules applied to it, for every repaired row."""
    return {r.line: r.rules for r in read.rows if r.rules}


def _result(read: RegisterRead, messages: tuple[str, ...], written: tuple[Path, ...]) -> RegisterResult:
    repaired = _repaired(read)
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


def write_repairs(repaired: Mapping[int, tuple[str, ...]], path: Path) -> Path:
    """The repaired lines, one a row: line, the rules applied (space-separated), so that a data
    steward can check each repair against the export."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["line", "repairs"])
    writer.writerows([line, " ".join(rules)] for line, rules in sorted(repaired.items()))
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
# Each project's code links to its page in the register (README.md "Linking").
register:
  name: {{fi: EURA 2014 -rakennerahastorekisteri, en: EURA 2014 structural-funds register}}
  page: "https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi={{code}}"
"""
