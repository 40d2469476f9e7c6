"""The data as tables for people with a spreadsheet: `<dataset>.xlsx` and a CSV per sheet.

Five tables, each from the records' facts (`tables.Joined`, computed from the graph, never
from the YAML): the projects (the table `<dataset>-projects.csv` has always had), the funding
contributions (one row per amount of a contribution: its value, currency, status and year,
with the funder, fund and funder group), the organisations, the programmes, and the contact
roles (with the persons' names only where the publication names persons). Each is written
twice from the same rows and columns:

- as CSV (RFC 4180, UTF-8, comma) with its CSV on the Web description (`<file>-metadata.json`),
  for programs;
- as a sheet of the workbook, for Excel and LibreOffice: a Finnish and an English heading row
  above the data, numbers, dates and booleans as typed cells (a Finnish Excel opens it right,
  whatever its list separator), and a README sheet first with the licence, the source and every
  column's meaning. openpyxl writes it; the archive is then made deterministic (fixed dates, the
  same bytes for the same data).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.outputs.tables import COLUMNS, LIST, Column, Joined, csvw_metadata, natural, project_lines, resource_id, table_names

EXCEL_ROWS = 1_048_576  # a sheet's limit, heading rows included


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name and the CSV's suffix: <dataset>-<name>.csv
    title: tuple[str, str]  # what it holds, in Finnish and English (`TABLES`)
    columns: tuple[Column, ...]
    rows: Iterable[dict[str, str]]  # each column's lexical value ("" for none), as the CSV has it; read once
    key: str = ""  # the column that identifies a row, where one does
    about: str = ""  # the CSVW aboutUrl template: the IRI a row describes
    count: int | None = None  # how many rows (None: len(rows))

    @property
    def size(self) -> int:
        return self.count if self.count is not None else len(self.rows)  # type: ignore[arg-type]


def _identified(settings: Settings, en: str, fi: str) -> tuple[Column, ...]:
    """A named resource's first columns: its identifier, its IRI and its name in each language
    of the publication (`en`, `fi`: what it is, in the possessive)."""
    return (
        Column("id", "string", f"the {en} identifier", f"{fi} tunniste", headings=("tunniste", "identifier")),
        Column("iri", "anyURI", f"the {en} IRI", f"{fi} IRI", headings=("IRI", "IRI")),
        *(Column(f"name_{lang}", "string", f"the name in {lang}", f"nimi kielellä {lang}", headings=(f"nimi ({lang})", f"name ({lang})"))
          for lang in settings.languages),
    )


def _named(joined: Joined, iri: str, settings: Settings) -> dict[str, str]:
    labels = joined.labels.get(iri, ())
    return {f"name_{lang}": min((text for l, text in labels if l == lang), default="") for lang in settings.languages}


CONTRIBUTION_COLUMNS = (
    Column("project_id", "string", "the project's identifier", "hankkeen tunniste", headings=("hanke", "project")),
    Column("project_iri", "anyURI", "the project's IRI", "hankkeen IRI", headings=("hankkeen IRI", "project IRI")),
    Column("contribution", "anyURI", "the contribution's IRI", "rahoitusosuuden IRI", headings=("rahoitusosuus", "contribution")),
    Column("funder_group", "string", "the funder group's code (eu, eu-and-state, state, municipal, private, other)",
           "rahoittajaryhmän koodi", headings=("rahoittajaryhmä", "funder group")),
    Column("funder", "string", "the funders named, joined with '; '", "nimetyt rahoittajat", headings=("rahoittaja", "funder"), separator=LIST),
    Column("funder_iri", "anyURI", "the funders' IRIs, joined with '; '", "rahoittajien IRI:t", headings=("rahoittajan IRI", "funder IRI"), separator=LIST),
    Column("fund", "string", "the funds or programmes, joined with '; '", "rahastot tai ohjelmat", headings=("rahasto", "fund"), separator=LIST),
    Column("fund_iri", "anyURI", "the funds' IRIs, joined with '; '", "rahastojen IRI:t", headings=("rahaston IRI", "fund IRI"), separator=LIST),
    Column("part_of", "anyURI", "the contribution this one is a part of (its amount is within that one's)",
           "rahoitusosuus, jonka osa tämä on (summa sisältyy siihen)", headings=("osa osuutta", "part of")),
    Column("amount", "decimal", "the amount as stated", "ilmoitettu summa", headings=("summa", "amount")),
    Column("amount_iri", "anyURI", "the amount's IRI (what the row describes, where there is an amount)", "summan IRI",
           headings=("summan IRI", "amount IRI")),
    Column("currency", "string", "the amount's currency (ISO 4217)", "summan valuutta (ISO 4217)", "^[A-Z]{3}$", headings=("valuutta", "currency")),
    Column("status", "string", "the amount's status: applied, granted, planned or paid", "summan tila: applied = haettu, granted = myönnetty, planned = suunniteltu, paid = maksettu",
           headings=("tila", "status")),
    Column("year", "gYear", "the calendar year the amount is for, where stated", "vuosi, jota summa koskee, jos ilmoitettu", headings=("vuosi", "year")),
    Column("date", "string", "when the amount reached its status, at the precision stated", "milloin summa saavutti tilansa", headings=("päivä", "date")),
)


def _contributions(joined: Joined) -> Iterator[dict[str, str]]:
    for p in joined.projects:
        for node, group, funders, funds, part_of, amounts in sorted(json.loads(p.contributions), key=lambda c: natural(c[0])):
            head = {"project_id": resource_id(p.iri), "project_iri": p.iri, "contribution": _whole(p.iri, node), "funder_group": group,
                    "funder": joined.joined(funders), "funder_iri": LIST.join(funders),
                    "fund": joined.joined(funds), "fund_iri": LIST.join(funds), "part_of": _whole(p.iri, part_of)}
            for amount, value, currency, status, year, date in amounts or (("", "", "", "", "", ""),):
                yield {**head, "amount": value, "amount_iri": _whole(p.iri, amount), "currency": currency, "status": status,
                       "year": year, "date": date}


def _whole(record: str, part: str) -> str:
    """An IRI the facts keep as its `tables.hash_part`, whole again."""
    return record + part if part.startswith("#") else part


def _organisation_columns(settings: Settings) -> tuple[Column, ...]:
    return (
        *_identified(settings, "organisation's", "organisaation"),
        Column("unit", "boolean", "whether it is a unit of another organisation", "onko se toisen organisaation yksikkö", headings=("yksikkö", "unit")),
        Column("unit_of", "string", "the organisation it is a unit of", "organisaatio, jonka yksikkö se on", headings=("yksikkö organisaatiossa", "unit of")),
        Column("business_id", "string", "its Finnish business ID (Y-tunnus), joined with '; '", "Y-tunnus", headings=("Y-tunnus", "business ID"), separator=LIST),
        Column("homepage", "anyURI", "its web site", "verkkosivusto", headings=("kotisivu", "homepage"), separator=LIST),
    )


def _organisations(joined: Joined, settings: Settings) -> Iterator[dict[str, str]]:
    for iri, unit, ids, unit_of, homepages in joined.organisations:
        yield {"id": resource_id(iri), "iri": iri, **_named(joined, iri, settings), "unit": "true" if unit else "false",
               "unit_of": joined.joined(unit_of), "business_id": LIST.join(ids), "homepage": LIST.join(homepages)}


def _programme_columns(settings: Settings) -> tuple[Column, ...]:
    return (
        *_identified(settings, "programme's", "ohjelman"),
        Column("notation", "string", "its code or abbreviation, joined with '; '", "koodi tai lyhenne", headings=("koodi", "code"), separator=LIST),
        Column("level", "string", "its level's code (fund, programme, call, …)", "tason koodi", headings=("taso", "level")),
        Column("managed_by", "string", "the organisations that manage it", "hallinnoivat organisaatiot", headings=("hallinnoija", "managed by")),
        Column("part_of", "string", "what it is a part of", "mihin se kuuluu", headings=("osa", "part of")),
    )


def _programmes(joined: Joined, settings: Settings) -> Iterator[dict[str, str]]:
    for iri, notations, level, managers, wholes in joined.programmes:
        yield {"id": resource_id(iri), "iri": iri, **_named(joined, iri, settings), "notation": LIST.join(notations),
               "level": level, "managed_by": joined.joined(managers), "part_of": joined.joined(wholes)}


def _role_columns(settings: Settings) -> tuple[Column, ...]:
    named = settings.persons == "names"
    return (
        Column("project_id", "string", "the project's identifier", "hankkeen tunniste", headings=("hanke", "project")),
        Column("project_iri", "anyURI", "the project's IRI", "hankkeen IRI", headings=("hankkeen IRI", "project IRI")),
        Column("contact", "anyURI", "the contact role's IRI", "yhteyshenkilötehtävän IRI", headings=("yhteystehtävä", "contact")),
        Column("role", "string", "the role", "tehtävä", headings=("tehtävä", "role")),
        Column("role_iri", "anyURI", "the role's IRI in the code list", "tehtävän IRI koodistossa", headings=("tehtävän IRI", "role IRI"), separator=LIST),
        *((Column("person", "string", "the person's name", "henkilön nimi", headings=("henkilö", "person")),
           Column("person_iri", "anyURI", "the person's IRI", "henkilön IRI", headings=("henkilön IRI", "person IRI"), separator=LIST))
          if named else ()),
    )


def _roles(joined: Joined, settings: Settings) -> Iterator[dict[str, str]]:
    named = settings.persons == "names"
    for p in joined.projects:
        for node, roles, agents in sorted(p.contacts, key=lambda c: natural(c[0])):
            row = {"project_id": resource_id(p.iri), "project_iri": p.iri, "contact": node, "role": joined.joined(roles),
                   "role_iri": LIST.join(roles)}
            if named:
                row |= {"person": "; ".join(sorted({n for a in agents for n in joined.names.get(a, ())})),
                        "person_iri": LIST.join(agents)}
            yield row


def tables(joined: Joined, settings: Settings, projects: list[bytes]) -> list[Table]:
    """The five tables, in the workbook's order, their rows made as they are read (once: each
    row goes to the CSV and the sheet together, `write_sheets`); `projects`: the projects' CSV
    lines (`tables.project_lines`)."""
    names = [c.name for c in COLUMNS]
    rows = (dict(zip(names, r)) for r in csv.reader(line.decode() for line in projects[1:]))
    amounts = sum(max(1, len(c[5])) for p in joined.projects for c in json.loads(p.contributions))
    # a row of the contributions' table is one amount of a contribution (or the contribution,
    # where it states none): no one IRI it describes, so CSVW gives each row a node of its own
    return [
        Table("projects", TABLES["projects"], COLUMNS, rows, "id", "{+iri}", len(projects) - 1),
        Table("contributions", TABLES["contributions"], CONTRIBUTION_COLUMNS, _contributions(joined), count=amounts),
        Table("organisations", TABLES["organisations"], _organisation_columns(settings),
              _organisations(joined, settings), "id", "{+iri}", len(joined.organisations)),
        Table("programmes", TABLES["programmes"], _programme_columns(settings), _programmes(joined, settings), "id", "{+iri}",
              len(joined.programmes)),
        Table("contact-roles", TABLES["contact-roles"], _role_columns(settings), _roles(joined, settings), about="{+contact}",
              count=sum(len(p.contacts) for p in joined.projects)),
    ]


# the tables, in the workbook's order: each one's name (its sheet's, and its CSV's suffix) and what
# it holds, in Finnish and English
TABLES = {"projects": ("hankkeet", "projects"), "contributions": ("rahoitusosuudet", "funding contributions"),
          "organisations": ("organisaatiot", "organisations"), "programmes": ("rahoitusohjelmat", "funding programmes"),
          "contact-roles": ("yhteyshenkilöt", "contact roles")}


def sheet_names(settings: Settings) -> dict[str, tuple[str, str]]:
    """Each table's CSV and CSVW file under the web root."""
    return {t: table_names(settings) if t == "projects" else (f"{settings.dataset}-{t}.csv", f"{settings.dataset}-{t}.csv-metadata.json")
            for t in TABLES}


def workbook_name(settings: Settings) -> str:
    return f"{settings.dataset}.xlsx"


# --- the workbook -------------------------------------------------------------------------------
#
# openpyxl makes the workbook: its package, properties and styles, the README sheet, and each
# table's sheet with its two heading rows, frozen panes and column widths. The tables' rows, up
# to a million cells at 100,000 projects, are then written into their sheets' XML here, cell by
# cell as SpreadsheetML defines them (ECMA-376 part 1, 18.3.1: inline strings, numbers, dates as
# day numbers with a date style, booleans): openpyxl takes some 7 µs a cell, which would be a
# minute of a large build, where this takes a seventh of it. The tests read every cell back with
# openpyxl and pandas.

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^(19\d\d|2\d\d\d)-\d\d-\d\d$")  # the graph's dates are valid days
_ESCAPED = re.compile(r"_(x[0-9A-Fa-f]{4}_)")  # what a spreadsheet reads as an escaped character
CELL_TEXT = 32_767  # a spreadsheet cell's most characters
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of the 1900 date system (day 60 being the 29th of February 1900)
WIDTHS = {"anyURI": 28, "string": 24, "decimal": 14, "date": 12, "gYear": 8, "boolean": 8}


def _letters(n: int) -> str:
    """The column letters of the n-th column (0: A, 26: AA)."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def _text(value: str) -> str:
    """An inline string: characters XML 1.0 forbids as U+FFFD, `_xHHHH_` kept as written,
    carriage returns kept (XML would read them as line feeds), cut at a cell's length."""
    value = value[:CELL_TEXT]
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if "_x" in value:
        value = _ESCAPED.sub(r"_x005F_\1", value)
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return f'<is><t xml:space="preserve">{text}</t></is>' if text != text.strip() else f"<is><t>{text}</t></is>"


def _kind(column: Column) -> str:
    """How a column's values are written: "n" numbers, "d" dates, "b" booleans, "s" text."""
    if column.separator:
        return "s"
    return {"decimal": "n", "gYear": "n", "date": "d", "boolean": "b"}.get(column.datatype, "s")


def _cell(kind: str, ref: str, value: str, date_style: int) -> str:
    """One cell of a row: `value` as the CSV has it, typed by its column's `kind`."""
    if kind == "s":
        return f'<c r="{ref}" t="inlineStr">{_text(value)}</c>'
    if kind == "n" and _NUMBER.match(value) and len(value.lstrip("-").replace(".", "").strip("0")) <= 15:  # a double's digits
        return f'<c r="{ref}"><v>{value}</v></c>'
    if kind == "d" and _DATE.match(value) and value >= "1900-03-01":  # after the 1900 system's false 29 February
        return f'<c r="{ref}" s="{date_style}"><v>{(dt.date.fromisoformat(value) - _EXCEL_EPOCH).days}</v></c>'
    if kind == "b":
        return f'<c r="{ref}" t="b"><v>{1 if value in ("true", "1") else 0}</v></c>'
    return f'<c r="{ref}" t="inlineStr">{_text(value)}</c>'


def _both(table: Table, date_style: int, sheet, csv_out) -> None:
    """The table's rows, read once: into the sheet (a stream of its XML) as rows 3, 4, … after
    the two heading rows, and into `csv_out` (a binary file, where given) as CSV, in parts of
    BATCH rows."""
    columns = [(c.name, _letters(i), _kind(c)) for i, c in enumerate(table.columns)]
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    if csv_out is not None:
        writer.writerow([c.name for c in table.columns])
    xml: list[str] = []
    for n, row in enumerate(table.rows, 3):
        if csv_out is not None:
            writer.writerow([row[name] for name, _, _ in columns])
        if n <= EXCEL_ROWS:
            cells = "".join([_cell(kind, f"{letter}{n}", value, date_style)
                             for name, letter, kind in columns if (value := row[name])])
            xml.append(f'<row r="{n}">{cells}</row>')
        if n % BATCH == 0:
            sheet.write("".join(xml).encode())
            xml = []
            if csv_out is not None:
                csv_out.write(text.getvalue().encode())
                text.seek(0)
                text.truncate()
    sheet.write("".join(xml).encode())
    if csv_out is not None:
        csv_out.write(text.getvalue().encode())


BATCH = 5_000  # rows written at a time


def workbook(settings: Settings, tables_: list[Table], modified: dt.date | None,
             csvs: dict | None = None, kept: dict | None = None) -> bytes:
    """The workbook of the tables; with `csvs` (table name -> binary file), the tables' CSVs too,
    made in the same pass (`_both`);
    `kept`: tables whose sheets are copied from a previous workbook (an open `ZipFile`), as they were."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    when = dt.datetime.combine(modified or dt.date(2000, 1, 1), dt.time())
    book.properties.created = book.properties.modified = when
    book.properties.creator = settings.publisher.name.first()
    book.properties.title = settings.title.first()
    bold = Font(bold=True)
    readme = book.create_sheet("README")
    for values in _readme_rows(settings, tables_):
        readme.append(values)
    for table in tables_:
        sheet = book.create_sheet(table.name)
        sheet.freeze_panes = "A3"
        for i, c in enumerate(table.columns):
            sheet.column_dimensions[_letters(i)].width = WIDTHS.get(c.datatype, 16)
        for heading in (0, 1):
            row = []
            for c in table.columns:
                head = WriteOnlyCell(sheet, c.headings[heading] or c.name)
                head.font = bold
                row.append(head)
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    sheets = {f"xl/worksheets/sheet{i}.xml": table for i, table in enumerate(tables_, 2)}  # after the README
    return _finished(buffer.getvalue(), book.properties, when, sheets, csvs, kept or {})


def _readme_rows(settings: Settings, tables_: list[Table]) -> Iterator[list]:
    for lang, text in settings.title.items:
        yield [text]
    yield []
    for lang, text in settings.description.items:
        yield [text]
    yield []
    yield ["lisenssi / licence", settings.licence]
    yield ["julkaisija / publisher", settings.publisher.name.first()]
    yield ["lähde / source", f"{settings.base_iri}{settings.dataset}.ttl",
           "laskettu linkitetystä datasta / computed from the linked data"]
    yield ["luettelo / catalogue", f"{settings.base_iri}catalog.ttl"]
    yield ["huom. / note", f"Solussa on enintään {CELL_TEXT} merkkiä: pidempi teksti on katkaistu, CSV-tiedostossa se on kokonaan. "
           f"A cell holds at most {CELL_TEXT} characters: a longer text is cut here, and whole in the CSV."]
    for table in tables_:
        if table.size > EXCEL_ROWS - 2:
            yield ["huom. / note", f"{table.name}: {EXCEL_ROWS - 2} / {table.size}",
                   "Taulukossa on vain ensimmäiset rivit; CSV-tiedostossa kaikki. The sheet holds the first rows; the CSV all of them."]
    yield []
    yield ["taulukko / sheet", "sarake / column (CSV)", "otsikko", "heading", "tyyppi / type", "merkitys", "meaning"]
    for table in tables_:
        for c in table.columns:
            yield [table.name, c.name, c.headings[0], c.headings[1], c.datatype + (f" ({c.separator.strip()}-list)" if c.separator else ""),
                   c.fi, c.en]


def _finished(data: bytes, properties, when: dt.datetime, sheets: dict[str, Table], csvs: dict | None,
              kept: dict) -> bytes:
    """openpyxl's workbook with the tables' rows in their sheets, a date style, and made
    deterministic: every entry dated 1980-01-01 (zip's first date) in the same order, the
    document modified `when` (openpyxl dates both with the time of writing)."""
    from openpyxl.xml.functions import tostring

    properties.modified = when
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        styles, date_style = _with_date_style(source.read(STYLES).decode())
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o600 << 16
            if info.filename in sheets and sheets[info.filename].name in kept:  # as the previous workbook has it
                old = kept[sheets.pop(info.filename).name]
                with old.open(info.filename) as before, target.open(fixed, "w") as sheet:
                    shutil.copyfileobj(before, sheet, 1 << 20)
                continue
            if info.filename in sheets:  # streamed: the rows are not held
                table = sheets.pop(info.filename)
                head, tail = _around_rows(source.read(info.filename).decode(), table)
                with target.open(fixed, "w") as sheet:
                    sheet.write(head.encode())
                    _both(table, date_style, sheet, (csvs or {}).get(table.name))
                    sheet.write(tail.encode())
                continue
            if info.filename == CORE_PROPERTIES:
                body = tostring(properties.to_tree())
            elif info.filename == STYLES:
                body = styles.encode()
            else:
                body = source.read(info.filename)
            target.writestr(fixed, body)
    if sheets:
        raise RuntimeError(f"openpyxl named the sheets otherwise: {sorted(sheets)}")
    return out.getvalue()


def _with_date_style(styles: str) -> tuple[str, int]:
    """The styles with one more cell format, the date (the built-in number format 14, which
    Excel shows as the reader's short date), and its index."""
    head, found, rest = styles.partition("<cellXfs count=\"")
    count, _, tail = rest.partition("\"")
    if not found:
        raise ValueError("openpyxl wrote no cell formats")
    body, end, after = tail.partition("</cellXfs>")
    xf = '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1" pivotButton="0" quotePrefix="0" xfId="0"/>'
    return f'{head}<cellXfs count="{int(count) + 1}"{body}{xf}{end}{after}', int(count)


def _around_rows(sheet: str, table: Table) -> tuple[str, str]:
    """A sheet openpyxl wrote with its heading rows: what goes before the table's rows (with the
    sheet's dimension) and after them."""
    last = min(table.size, EXCEL_ROWS - 2) + 2
    dimension = f'<dimension ref="A1:{_letters(len(table.columns) - 1)}{last}"/>'
    head, found, tail = sheet.partition("<sheetViews>")
    rows, end, after = tail.partition("</sheetData>")
    if not found or not end:
        raise ValueError("openpyxl wrote a sheet without views or data")
    return f"{head}{dimension}<sheetViews>{rows}", f"</sheetData>{after}"


STYLES = "xl/styles.xml"
CORE_PROPERTIES = "docProps/core.xml"  # the document's title, author and dates


def write_sheets(out: Path, settings: Settings, joined: Joined, modified: ox.Literal | None, reuse: Reuse | None = None,
                 changed: frozenset[str] | None = None) -> list[Written]:
    """Every table as CSV with its CSVW description, and the workbook, dated `modified` (the
    data's xsd:date); `changed`: the subjects changed since the previous build, whose projects'
    rows alone are made again (`tables.project_lines`). Each row is made once, for the CSV and
    the sheet together; the CSVs are streamed to their files, the sheets into the workbook."""
    reuse = reuse if reuse is not None else Reuse()
    lines = project_lines(joined, reuse, changed)
    every = tables(joined, settings, lines)
    # a table made of what the previous build's was made of is that build's: its CSV linked, its
    # sheet copied from that build's workbook (a title changed remakes the projects' alone)
    previous = reuse.previous / workbook_name(settings) if reuse.previous is not None else None
    written, kept = [], set()
    for table in every[1:]:
        digest = _inputs(table.name, joined)
        before = reuse.fragment(f"sheet {table.name}")
        reuse.keep(f"sheet {table.name}", digest, b"")
        csv_name = sheet_names(settings)[table.name][0]
        if before is not None and before[0] == digest and csv_name in reuse.known and previous is not None and previous.is_file():
            taken = reuse.take(out, csv_name, reuse.known[csv_name][0])
            if taken is not None:
                written.append(taken)
                kept.add(table.name)
    made = {t.name: out / f".{sheet_names(settings)[t.name][0]}.part" for t in every[1:] if t.name not in kept}  # streamed
    when = dt.date.fromisoformat(modified.value) if modified is not None else None
    with contextlib.ExitStack() as files:
        csvs = {name: files.enter_context(open(path, "wb")) for name, path in made.items()}
        old = files.enter_context(zipfile.ZipFile(previous)) if kept else None
        book = workbook(settings, every, when, csvs, {name: old for name in kept})
    for table in every:
        csv_name, meta_name = sheet_names(settings)[table.name]
        if table.name == "projects":  # the CSV is `lines`
            written.append(reuse.write(out, csv_name, b"".join(lines)))
        elif table.name in made:
            written.append(reuse.place(out, csv_name, made[table.name]))
        written.append(reuse.write(out, meta_name, csvw_metadata(settings, csv_name, table.columns, table.title,
                                                                 table.key, table.about)))
    written.append(reuse.write(out, workbook_name(settings), book))
    return written


def _inputs(table: str, joined: Joined) -> bytes:
    """A digest of what a table but the projects' is made of (the rules that make it are the
    build's code, which the cache's key holds)."""
    h = hashlib.blake2b(digest_size=16)
    if table == "contributions":
        parts = (f"{p.iri}\n{p.contributions}" for p in joined.projects)
    elif table == "contact-roles":
        parts = (f"{p.iri}\n{p.contacts!r}" for p in joined.projects)
    else:
        parts = iter([repr(joined.organisations if table == "organisations" else joined.programmes)])
    for part in parts:
        h.update(part.encode() + b"\n")
    h.update(repr(sorted(joined.labels.items())).encode())
    h.update(repr(sorted((k, sorted(v)) for k, v in joined.names.items())).encode())
    return h.digest()


@dataclass(frozen=True)
class Listed:
    """A file of this module's, or a kind's JSON, as the catalogue lists it."""

    path: str
    slug: str  # its name in the catalogue's IRIs
    what: tuple[str, str]  # what it holds, in Finnish and English
    form: tuple[str, str] = ("", "")  # how, where the format does not say it all
    schema: str | None = None  # its CSVW description


# the kinds whose resources are also in one JSON and one JSON-LD file (`site.json_index`), with
# their Finnish and English names. Never persons: a list of names in one file is what a person's
# page, open to everyone but `noindex` and out of the sitemap, keeps from being (docs/privacy.md).
JSON_KINDS = {"project": ("hankkeet", "projects"), "org": ("organisaatiot", "organisations"),
              "programme": ("rahoitusohjelmat", "funding programmes"), "place": ("paikat", "places"),
              "source": ("lähteet", "sources")}


def kind_index(kind: str, extension: str = "json") -> str:
    """A kind's resources as JSON (`json`: each with its main fields) or JSON-LD (`jsonld`:
    each resource's framed document, with pages)."""
    return f"id/{kind}/index.{extension}"


def listed_files(settings: Settings) -> list[Listed]:
    """The tables as CSV, the workbook and the kinds' JSON and JSON-LD, as the catalogue lists
    them where they were written."""
    table = ("taulukko", "a table")
    csvs = [Listed(csv_name, "csv" if t == "projects" else f"csv-{t}", TABLES[t], table, meta)  # the projects' keeps its first name
            for t, (csv_name, meta) in sheet_names(settings).items()]
    summary = ("kunkin pääkentät, sivu ja JSON-LD-dokumentti", "each with its main fields, its page and its JSON-LD document")
    framed = ("kukin kokonaan, selkein avaimin ja ympärilleen kehystettynä",
              "each whole, in plain terms and framed around itself")
    return [
        *csvs,
        Listed(workbook_name(settings), "xlsx", ("kaikki taulukot Excel-työkirjana", "every table as an Excel workbook")),
        *(Listed(kind_index(k), f"json-{k}", names, summary) for k, names in JSON_KINDS.items()),
        *(Listed(kind_index(k, "jsonld"), f"jsonld-{k}", names, framed) for k, names in JSON_KINDS.items()),
    ]
