"""The projects' list: a table complete without JavaScript, sortable (`assets/sort.js`) and
filtered (`assets/find.js`), split into pages of LIST_ROWS projects with `find.json`, the small
file find.js searches on every page when there is more than one.

Made from the projects' facts the record stage keeps with each record (`outputs.tables`:
title, department, period, budget, funders, funds), joined with the labels of what they link;
never from the whole graph, so the list costs a few seconds at 100,000 projects and is written
with or without per-resource pages. The labels of the departments, funders and funds linked
are the site graph's (`SiteGraph.label`), as on every other page.
"""

from __future__ import annotations

import json
from functools import cached_property
from html import escape
from typing import Iterator

import pyoxigraph as ox

from kemi_lod.outputs.tables import Joined, ProjectFacts
from kemi_lod.site.charts import chart_figures
from kemi_lod.site.format import finnish_sort_key
from kemi_lod.site.graph import SiteGraph, whole_of
from kemi_lod.site.layout import scroll_table
from kemi_lod.site.page import Page, period_words

LIST_ROWS = 1000  # a longer list of projects is split into pages of this many rows
FINDING_INDEX = "find.json"  # what find.js searches when the list is split (`id/project/index.json` is the projects as JSON)
TITLE = "Hankkeet"


class Listed:
    """One project as the list shows it: its facts, its title in the publication's first
    language that has one, that title's sort key, its page and what find.js filters it by."""

    def __init__(self, g: SiteGraph, p: ProjectFacts) -> None:
        self.p = p
        # in the dump's order (`sort_triples`: by the literal's text form), as `SiteGraph.label` reads them
        titles = sorted((ox.Literal(text, language=lang or None) for lang, text in p.titles), key=str)
        title = g.text(titles)
        self.title = title.value if title is not None else p.iri.rstrip("/").rsplit("/", 1)[-1]
        self.lang = title.language or "" if title is not None else ""
        r = g.resources.get(p.iri)
        self.page = r.page if r is not None else ""
        self.file = self.page.rsplit("/", 1)[-1]
        self._g = g

    @cached_property
    def key(self) -> str:
        return finnish_sort_key(self.title)

    @cached_property
    def facets(self) -> tuple[str, list[str], list[int]]:
        return _facets(self._g, self.p)


def project_lists(g: SiteGraph, joined: Joined) -> Iterator[tuple[str, str]]:
    """The list's pages as (file under the web root, HTML), and `find.json` when split."""
    listed = sorted((Listed(g, p) for p in joined.projects if p.iri in g.resources), key=lambda l: (l.key, l.p.iri))
    chunks = [listed[i:i + LIST_ROWS] for i in range(0, len(listed), LIST_ROWS)] or [[]]
    names = ["index.html", *(f"index-{n}.html" for n in range(2, len(chunks) + 1))]
    for number, (name, chunk) in enumerate(zip(names, chunks), 1):
        page = Page(g, f"id/project/{name}")
        yield page.path, _page(page, [_row(page, l) for l in chunk], len(listed), names, number)
    if len(chunks) > 1:
        yield f"id/project/{FINDING_INDEX}", _finding_index(listed)


def _page(page: Page, rows: list[str], total: int, names: list[str], number: int) -> str:
    head = (f'<script src="{escape(page.href("assets/sort.js"))}" defer></script>\n'
            f'<script src="{escape(page.href("assets/find.js"))}" defer></script>\n')
    if len(names) == 1:
        intro, pager, index = f"Kaikki {total} hanketta nimen mukaan aakkosjärjestyksessä.", "", ""
    else:
        first = (number - 1) * LIST_ROWS + 1
        intro = (f"{total} hanketta nimen mukaan aakkosjärjestyksessä, {LIST_ROWS} kullakin sivulla; tällä sivulla "
                 f"{first}–{first + len(rows) - 1}. Haku ja valinnat käyvät läpi kaikki sivut.")
        current = ' aria-current="page"'
        links = "".join(f'<li><a href="{n}"{current if i == number else ""}>{i}</a></li>' for i, n in enumerate(names, 1))
        pager = f'<nav class="pager" aria-label="Hankeluettelon sivut"><ul>{links}</ul></nav>\n'
        index = f' data-index="{FINDING_INDEX}"'
    body = (
        f"<p>{intro} Sarakkeen otsikon painike järjestää taulukon.</p>\n" + pager
        + scroll_table(
            f'<table class="sortable findable"{index}><caption>Hankkeet: nimi, toimiala, toiminta-aika, kokonaisbudjetti ja rahoittajat</caption>\n'
            '<thead><tr><th scope="col" aria-sort="ascending">Nimi</th><th scope="col">Toimiala</th><th scope="col">Toiminta-aika</th>'
            '<th scope="col" data-type="number">Budjetti</th><th scope="col">Rahoittajat</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>", TITLE) + "\n" + pager
        + chart_figures(page.href, ["projects-per-year", "money-by-year"])
    )
    return page.layout(TITLE, body, head)


def _finding_index(listed: list[Listed]) -> str:
    """Every project as [title, its page (a file beside the list), department, funds, years]:
    what find.js searches when the list is split."""
    entries = [json.dumps([l.title, l.file, *l.facets], ensure_ascii=False, separators=(",", ":")) for l in listed]
    return '{"projects":[\n' + ",\n".join(entries) + "\n]}\n"


def _facets(g: SiteGraph, p: ProjectFacts) -> tuple[str, list[str], list[int]]:
    """What find.js filters a project by: its department's label, its funds' labels, its years."""
    return (g.label(p.departments[0]) if p.departments else ""), sorted({g.label(f) for f in p.funds}), years(p.bounds)


def years(bounds: tuple[str, str] | None) -> list[int]:
    """The calendar years a period touches (its computed bounds; at most 30 years)."""
    found = [int(b[:4]) for b in bounds or () if b]
    return list(range(found[0], min(found[-1], found[0] + 29) + 1)) if found else []


def project_link(page: Page, l: Listed) -> str:
    """The project's title, linking its page (as `Page.link` would, without reading the graph)."""
    lang = f' lang="{escape(l.lang)}"' if l.lang and l.lang != "fi" else ""
    if not l.page:
        return f"<span{lang}>{escape(l.title)}</span>"
    return f'<a href="{escape(page.href(l.page))}"{lang}>{escape(l.title)}</a>'


def _row(page: Page, l: Listed) -> str:
    """A project's row; each cell carries the key the sort script compares."""
    g, p = page.g, l.p
    dept = p.departments[0] if p.departments else None
    start, end, ongoing = p.period or ("", "", False)
    period = period_words(start, end, ongoing) if p.period is not None else ""
    key = p.bounds[0] if p.bounds is not None else ""
    budget = whole_of(p.budgets)
    funders = g.by_label(p.funders)
    dept_label, funds, spans = l.facets
    facets = (f' data-department="{escape(dept_label)}" data-funds="{escape("|".join(funds))}"'
              f' data-years="{" ".join(str(y) for y in spans)}"')
    return (
        f'<tr{facets}><th scope="row" data-sort="{escape(l.key)}">{project_link(page, l)}</th>'
        f'<td data-sort="{escape(finnish_sort_key(dept_label))}">{page.link(dept) if dept is not None else ""}</td>'
        f'<td data-sort="{escape(key)}">{period}</td>'
        f'<td class="num" data-sort="{budget.value if budget is not None else ""}">{page.money(budget) if budget is not None else "–"}</td>'
        f'<td data-sort="{escape(finnish_sort_key(", ".join(g.label(f) for f in funders)))}">'
        f'{", ".join(page.link(f) for f in funders)}</td></tr>'
    )
