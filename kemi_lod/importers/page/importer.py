"""Pages -> records: each page read in turn (an earlier file name is an earlier state), its
projects merged with the earlier pages', then every project written as a record in the
records' field order (a contribution's keys in theirs), with its sources, continuation and
completeness stated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from kemi_lod.importers.common import Draft, Sourced, plain, slug, write_draft
from kemi_lod.importers.page.draft import PageDraft, PageProject
from kemi_lod.importers.page.lines import read_lines
from kemi_lod.importers.page.merge import merge_page
from kemi_lod.importers.page.money import funding_complete
from kemi_lod.importers.page.reader import read_page
from kemi_lod.importers.page.titles import normalise_title
from kemi_lod.records.load import CONTRIBUTION

MAX_TEXT = 20_000  # the loader's limit for one text value
DEFAULT_MAX_AMOUNT = Decimal("1e10")  # the publication's default ceiling (setting max_amount)
_ORDER = ("title", "title_derived", "title_as_stated", "sources", "department", "section", "programmes",
          "funding", "funding_complete", "funders", "granted_by", "budget", "annual_budget", "period",
          "staff", "contacts", "implementers", "partners", "cooperation", "cooperation_note", "places", "summary",
          "continues", "notes", "history")


@dataclass
class PageImport:
    """What the pages hold, as draft records, and every problem met reading them."""

    draft: Draft
    problems: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file name -> source id


def line_range(lines: Any) -> tuple[int, int]:
    """(first, last) of a citation's lines ("12" or "12-20")."""
    first, _, last = str(lines).partition("-")
    return int(first), int(last or first)


def import_pages(files: list[Path], urls: dict[str, str] | None = None, *, city: str, city_id: str | None = None,
                 max_amount: Decimal = DEFAULT_MAX_AMOUNT) -> PageImport:
    """Read the pages (in file-name order: an earlier name is an earlier state) into draft
    records. `urls` gives each page's address by file name; `city` is the name of the city whose
    pages they are ("Tornion kaupunki"), `city_id` the id of its organisation record (the
    publisher's id in the publication's settings; by default the id its name gives, as
    `kemi-lod init` names the publisher): the publisher of the pages and the funder of the
    city's own shares. Never raises on the pages' text."""
    draft = PageDraft(city, max_amount, city_id)
    result = PageImport(draft.draft, draft.problems)
    merged: list[PageProject] = []
    for path in sorted(files, key=lambda p: p.name):
        draft.file = path.name
        source = draft.source = _source(draft, result, path.name, (urls or {}).get(path.name))
        lines, problem = read_lines(path)
        if problem:
            draft.problems.append(problem)
        projects = read_page(draft, lines)
        for project in projects:
            _cite(draft, project, source)
        merged = merge_page(merged, projects)
    _emit(draft, merged)
    return result


def _source(draft: PageDraft, result: PageImport, name: str, url: str | None) -> str:
    """The source record of one page."""
    ident = draft.draft.unique("source", slug(Path(name).stem))
    if not url:
        url = f"https://example.invalid/{name}"
        draft.problem(0, f"no URL given; the source's url is the placeholder {url}")
    elif re.search(r'[\x00-\x20<>"{}|\\^`]', url) or not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        draft.problem(0, f"the URL {url!r} is not an IRI; the placeholder is used")
        url = f"https://example.invalid/{name}"
    draft.draft.records["source"][ident] = {
        "title": Sourced(name, name), "url": Sourced(url, ""), "publisher": Sourced(draft.city, ""),
        "file": Sourced(name, name),
    }
    result.sources[name] = ident
    return ident


def _cite(draft: PageDraft, project: PageProject, source: str) -> None:
    """The project's `sources`: the page and the lines it is stated on."""
    lines = f"{project.first}-{project.last}" if project.last != project.first else str(project.first)
    project.fields["sources"] = Sourced([{"source": source, "lines": lines}], draft.where(project.first, project.last))


def write_page_import(imported: PageImport, out: Path) -> list[Path]:
    """Write the records under out/<folder>/<id>.yaml (out is the publication's data folder)."""
    return write_draft(imported.draft, out)


# --- projects -> records -----------------------------------------------------------------------


def _emit(draft: PageDraft, projects: list[PageProject]) -> None:
    """Every project as a record (ids are minted first: a record may name a later one)."""
    ids: dict[int, str] = {}
    sources = {name: ident for ident, rec in draft.draft.records["source"].items() for name in [plain(rec["file"])]}
    for project in projects:
        ids[id(project)] = draft.draft.unique("project", slug(plain(project.fields["title"])))
        draft.draft.records["project"][ids[id(project)]] = {}
    for project in projects:
        ident = ids[id(project)]
        fields = dict(project.fields)
        if project.derived_from is not None:
            fields["title_derived"] = Sourced({"from": project.derived_from.value}, project.derived_from.where)
        if project.notes:
            fields["notes"] = Sourced(list(project.notes), project.notes[0].where)
        if project.continues_name is not None:
            _continues(draft, project, projects, ids, fields)
        if funding_complete(fields):
            fields["funding_complete"] = Sourced(True, fields["funding"].where)
        if "funding" in fields:
            fields["funding"] = _in_key_order(fields["funding"])
        _source_ids(fields, sources)
        draft.draft.records["project"][ident] = {k: _fit(draft, fields[k]) for k in _ORDER if k in fields}


def _continues(draft: PageDraft, project: PageProject, projects: list[PageProject], ids: dict, fields: dict) -> None:
    key = normalise_title(project.continues_name.value)
    found = [p for p in projects if p is not project and not p.derived_from
             and normalise_title(plain(p.fields["title"])).startswith(key)]
    if len(found) == 1:
        fields["continues"] = Sourced(ids[id(found[0])], project.continues_name.where)
    else:
        where = project.continues_name.where
        draft.problems.append(f"{where}: continues {project.continues_name.value!r}, which is "
                              f"{'no' if not found else 'more than one'} project of the pages; not linked")


def _in_key_order(funding: Sourced) -> Sourced:
    """The contributions with their keys in the records' order (group, funder, fund, amount,
    status, …), however the readers filled them."""
    keys = list(CONTRIBUTION)
    items = [Sourced({k: c.value[k] for k in sorted(c.value, key=keys.index)}, c.where) for c in funding.value]
    return Sourced(items, funding.where)


def _source_ids(fields: dict[str, Sourced], sources: dict[str, str]) -> None:
    """History items name their page by file while reading; records name the source record."""
    if "history" not in fields:
        return
    for item in fields["history"].value:
        item.value["source"] = sources.get(item.value["source"], item.value["source"])


def _fit(draft: PageDraft, value: Any, where: str = "") -> Any:
    """A value the loader accepts: no text longer than its limit."""
    if isinstance(value, Sourced):
        return Sourced(_fit(draft, value.value, value.where or where), value.where)
    if isinstance(value, str) and len(value) > MAX_TEXT:
        draft.problems.append(f"{where}: a text of {len(value)} characters was cut to {MAX_TEXT}")
        return value[: MAX_TEXT - 1].rstrip() + "…"
    if isinstance(value, dict):
        return {k: _fit(draft, v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_fit(draft, v, where) for v in value]
    return value
