"""The home page, an index page per kind of resource, and the static query page.

The projects' index is a table complete without JavaScript and sortable with `assets/sort.js`;
the organisations' lists the funders first, with their projects and stated sums. Every list is
in Finnish alphabetical order of the labels.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape
from typing import Iterator

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.rdf.formats import CSV, SPARQL_QUERY
from kemi_lod.site.format import euros, finnish_sort_key
from kemi_lod.site.graph import SiteGraph, counted_for, planned_sum, relation_label, root_of, whole_budget
from kemi_lod.site.charts import CHARTS, chart_figures
from kemi_lod.site.editor import editor_head, query_form
from kemi_lod.site.layout import QUERY_PAGE, VOCABULARY_PAGE, layout, scroll_table, site_titles
from kemi_lod.site.page import Page, computed_bounds, period_plain
from kemi_lod.site.parts import in_parts
from kemi_lod.vocabulary.terms import DCT, HANKE, PROV, SCHEMA, SKOS

# the index pages' titles, in the order the home page lists them
LIST_ROWS = 1000  # a longer list of projects is split into pages of this many rows
KIND_TITLES = {"project": "Hankkeet", "org": "Organisaatiot ja rahoittajat", "programme": "Rahoitusohjelmat",
               "place": "Paikat", "person": "Henkilöt", "source": "Lähteet"}


def index_pages(g: SiteGraph, pages: bool) -> Iterator[tuple[str, str]]:
    """Each kind's index page as (file under the web root, HTML); persons' only where they are
    named. The rows of the long lists are remembered (`SiteGraph.remember`)."""
    yield from _project_index(g, pages)
    yield "id/org/index.html", _org_index(g, pages)
    yield "id/programme/index.html", _programme_index(g, pages)
    yield "id/place/index.html", _place_index(g, pages)
    yield "id/source/index.html", _source_index(g, pages)
    if g.settings.persons == "names":
        yield "id/person/index.html", _person_index(g, pages)


# --- the home page ------------------------------------------------------------------------------


def home_page(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "index.html", pages)
    s = g.settings
    desc = g.text([ox.Literal(t, language=l) for l, t in s.description.items])
    sections = [_browse_section(page)] if pages else []
    sections.append(_open_data_section(page))
    lang = desc.language if desc is not None else "fi"
    attr = f' lang="{lang}"' if lang != "fi" else ""
    sections.insert(len(sections) - 1, chart_figures(page.href, [c.name for c in CHARTS]))  # before the downloads
    body = f"<p{attr}>{escape(desc.value) if desc is not None else ''}</p>\n" + "".join(sections)
    title = g.text(site_titles(s))
    return page.layout(title.value if title is not None else s.dataset, body)


def _browse_section(page: Page) -> str:
    """The index pages, with how many resources each lists."""
    g, s = page.g, page.g.settings
    lists = [(f"id/{k}/index.html", KIND_TITLES[k], len(g.of_kind(k))) for k in KIND_TITLES if k != "person" or s.persons == "names"]
    items = "".join(f'<li><a href="{escape(page.href(p))}">{escape(t)}</a> ({n})</li>' for p, t, n in lists)
    return f'<section aria-labelledby="selaa"><h2 id="selaa">Selaa</h2>\n<ul>{items}</ul></section>\n'


def _open_data_section(page: Page) -> str:
    """The downloads, the vocabulary and the queries."""
    stem = page.g.settings.dataset
    downloads = [(f"{stem}.ttl", "koko aineisto Turtle-muodossa"), (f"{stem}.jsonld", "koko aineisto JSON-LD-muodossa"),
                 (f"{stem}.nt", "koko aineisto N-Triples-muodossa"), (f"{stem}-projects.csv", "hankkeet taulukkona (CSV)"),
                 ("catalog.ttl", "aineistokuvaus (DCAT-AP)"), (".well-known/void", "aineiston tilastot (VoID)"),
                 (VOCABULARY_PAGE, "sanaston kuvaus")]
    items = "".join(f'<li><a href="{escape(page.href(p))}">{escape(t)}</a></li>' for p, t in downloads)
    return (f'<section aria-labelledby="lataa"><h2 id="lataa">Avoin data</h2>\n<ul>{items}</ul>\n'
            f'<p>SPARQL-kyselyt: <a href="{escape(page.href(QUERY_PAGE))}">esimerkkikyselyt ja kyselyrajapinta</a>.</p>'
            "</section>\n")


# --- the index pages ----------------------------------------------------------------------------


def _project_index(g: SiteGraph, pages: bool) -> Iterator[tuple[str, str]]:
    """The projects' list: one page, or pages of LIST_ROWS projects with `index.json`, the
    small file find.js searches on every page (title, page, department, funds, years)."""
    ordered = g.by_label(r.iri for r in g.of_kind("project"))
    chunks = [ordered[i:i + LIST_ROWS] for i in range(0, len(ordered), LIST_ROWS)] or [[]]
    names = ["index.html", *(f"index-{n}.html" for n in range(2, len(chunks) + 1))]
    for number, (name, chunk) in enumerate(zip(names, chunks), 1):
        page = Page(g, f"id/project/{name}", pages)
        # the rows are the same on whichever page they fall (all in one folder): one memory for them
        rows = [g.remember(f"id/project/index.html {s}", lambda: _project_row(page, s)) for s in chunk]
        yield page.path, _project_list(page, rows, len(ordered), names, number)
    if len(chunks) > 1:
        yield "id/project/index.json", _finding_index(g, ordered)


def _project_list(page: Page, rows: list[str], total: int, names: list[str], number: int) -> str:
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
        index = ' data-index="index.json"'
    body = (
        f"<p>{intro} Sarakkeen otsikon painike järjestää taulukon.</p>\n" + pager
        + scroll_table(
            f'<table class="sortable findable"{index}><caption>Hankkeet: nimi, toimiala, toiminta-aika, kokonaisbudjetti ja rahoittajat</caption>\n'
            '<thead><tr><th scope="col" aria-sort="ascending">Nimi</th><th scope="col">Toimiala</th><th scope="col">Toiminta-aika</th>'
            '<th scope="col" data-type="number">Budjetti</th><th scope="col">Rahoittajat</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>", "Hankkeet") + "\n" + pager
        + chart_figures(page.href, ["projects-per-year", "money-by-year"])
    )
    return page.layout(KIND_TITLES["project"], body, head)


def _finding_index(g: SiteGraph, ordered: list[str]) -> str:
    """Every project as [title, its page (a file beside the list), department, funds, years]:
    what find.js searches when the list is split. Each entry is remembered like a row."""
    def entry(s: str) -> str:
        department, funds, years = _facets(g, s)
        return json.dumps([g.label(s), g.resources[s].page.rsplit("/", 1)[-1], department, funds, years],
                          ensure_ascii=False, separators=(",", ":"))
    entries = [g.remember(f"id/project/index.json {s}", lambda: entry(s)) for s in ordered]
    return '{"projects":[\n' + ",\n".join(entries) + "\n]}\n"


def _facets(g: SiteGraph, s: str) -> tuple[str, list[str], list[int]]:
    """What find.js filters a project by: its department's label, its funds' labels, its years."""
    dept = g.value(s, HANKE.department)
    funds = sorted({g.label(f.value) for node in g.values(s, SCHEMA.funding) for f in g.values(node.value, HANKE.fund)})
    return (g.label(dept.value) if dept is not None else ""), funds, _years(g, s)


def _years(g: SiteGraph, s: str) -> list[int]:
    """The calendar years a project's period touches (its computed bounds; at most 30 years)."""
    bounds = computed_bounds(g, s)
    years = [int(b[:4]) for b in bounds or () if b]
    return list(range(years[0], min(years[-1], years[0] + 29) + 1)) if years else []


def _project_row(page: Page, s: str) -> str:
    """A project's row; each cell carries the key the sort script compares."""
    g = page.g
    dept = g.value(s, HANKE.department)
    period, key = period_plain(g, s)
    budget = whole_budget(g, s)
    funders: list[str] = []
    for node in g.values(s, SCHEMA.funding):
        funders += [o.value for o in g.values(node.value, SCHEMA.funder)]
    funders += [o.value for o in g.values(s, SCHEMA.funder)]
    funders = g.by_label(set(funders))
    dept_label, funds, years = _facets(g, s)
    facets = (f' data-department="{escape(dept_label)}" data-funds="{escape("|".join(funds))}"'
              f' data-years="{" ".join(str(y) for y in years)}"')
    return (
        f'<tr{facets}><th scope="row" data-sort="{escape(g.sort_key(s))}">{page.link(s)}</th>'
        f'<td data-sort="{escape(finnish_sort_key(dept_label))}">{page.link(dept.value) if dept is not None else ""}</td>'
        f'<td data-sort="{escape(key)}">{period}</td>'
        f'<td class="num" data-sort="{budget.value if budget is not None else ""}">{page.money(budget) if budget is not None else "–"}</td>'
        f'<td data-sort="{escape(finnish_sort_key(", ".join(g.label(f) for f in funders)))}">'
        f'{", ".join(page.link(f) for f in funders)}</td></tr>'
    )


def _org_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/org/index.html", pages)
    funded = _funders(g)
    rows = [f'<tr><th scope="row">{page.link(iri)}</th><td class="num">{len(p)}</td><td class="num">{euros(total) if total is not None else "–"}</td></tr>'
            for iri in g.by_label(funded) for p, total in [funded[iri]]]
    others = g.by_label(r.iri for r in g.of_kind("org") if r.iri not in funded)
    other_items = "".join(f"<li>{page.link(iri)}</li>" for iri in others)
    body = (
        '<section aria-labelledby="rahoittajat"><h2 id="rahoittajat">Rahoittajat</h2>\n'
        + scroll_table(
            '<table><caption>Rahoittajat, niiden rahoittamien hankkeiden määrä ja ilmoitetut summat yhteensä</caption>\n'
            '<thead><tr><th scope="col">Rahoittaja</th><th scope="col">Hankkeita</th><th scope="col">Summat yhteensä</th></tr></thead>\n<tbody>'
            + "\n".join(rows) + "</tbody></table>", "Rahoittajat") + "</section>\n"
        f'<section aria-labelledby="muut"><h2 id="muut">Muut organisaatiot</h2>\n<ul>{other_items}</ul></section>\n'
        + chart_figures(page.href, ["money-by-year"])
    )
    return page.layout(KIND_TITLES["org"], body)


def _funders(g: SiteGraph) -> dict[str, tuple[set[str], Decimal | None]]:
    """Each organisation that funds a project: the projects, and the sum of the stated amounts (None: none stated).

    The sum is of the financing-plan amounts (`planned_sum`: paid amounts apart); a contribution
    that is part of another of the same funder is in that one's amount already (`counted_for`).
    Funding stated only as an earlier value (`hanke:value` of a history node) does not count.
    """
    funded: dict[str, tuple[set[str], Decimal | None]] = {}
    for r in g.of_kind("org"):
        projects, total, stated = set(), Decimal(0), False
        made = in_parts(g, f"funds {r.iri}", g.inbound.get(r.iri, ()), lambda links: _funding(g, r.iri, links), short=True)
        for root, amount in made:
            projects.add(root)
            if amount:
                total, stated = total + Decimal(amount), True
        if projects:
            funded[r.iri] = (projects, total if stated else None)
    return funded


def _funding(g: SiteGraph, funder: str, links) -> list[list[str]]:
    """What the contributions among `links` (the triples of some records) add to `funder`'s
    row: each contribution's project and the money that counts ("" where none)."""
    g.inbound.get(funder)  # what the records of a part are depends on all the links: read
    found = []
    for t in links:
        s = t.subject.value
        root = root_of(s)
        if t.predicate.value != SCHEMA.funder.value or root not in g.resources:
            continue
        if g.resources[root].kind != "project" or g.parent(s) and g.parent(s)[1] == HANKE.value.value:
            continue
        amount = planned_sum(g, s)
        found.append([root, str(amount) if amount is not None and counted_for(g, s, funder, SCHEMA.funder.value) else ""])
    return found


def _programme_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/programme/index.html", pages)
    rows = []
    for iri in g.by_label(r.iri for r in g.of_kind("programme")):
        level = g.value(iri, HANKE.programmeLevel)
        parent = g.value(iri, DCT.isPartOf)
        projects = {root_of(t.subject.value) for t in g.inbound.get(iri, ())
                    if t.predicate.value in (HANKE.fund.value, HANKE.programme.value) and root_of(t.subject.value) in g.resources}
        rows.append(f'<tr><th scope="row">{page.link(iri)}</th><td>{page.link(level.value) if level is not None else ""}</td>'
                    f'<td>{page.link(parent.value) if parent is not None else ""}</td><td class="num">{len(projects)}</td></tr>')
    caption = "Rahoitusohjelmat, rahastot ja avustukset"
    body = scroll_table(f'<table><caption>{caption}</caption>\n<thead><tr><th scope="col">Nimi</th>'
                        '<th scope="col">Taso</th><th scope="col">Osa ohjelmaa</th><th scope="col">Hankkeita</th></tr></thead>\n<tbody>'
                        + "\n".join(rows) + "</tbody></table>", KIND_TITLES["programme"]) + "\n"
    return page.layout(KIND_TITLES["programme"], body + chart_figures(page.href, ["money-by-fund"]))


def _place_index(g: SiteGraph, pages: bool) -> str:
    """The places with their type, the place they lie in, their official code and their
    projects: those in the place or in a place within it, each counted once."""
    page = Page(g, "id/place/index.html", pages)
    inside: dict[str, set[str]] = {}  # place -> itself and the places within it, at any depth
    for r in g.of_kind("place"):
        outer, seen = r.iri, set()
        while outer is not None and outer not in seen:
            seen.add(outer)
            inside.setdefault(outer, set()).add(r.iri)
            parent = g.value(outer, SCHEMA.containedInPlace)
            outer = parent.value if parent is not None else None
    rows = []
    for iri in g.by_label(r.iri for r in g.of_kind("place")):
        kind, parent = g.value(iri, DCT.type), g.value(iri, SCHEMA.containedInPlace)
        projects = {root_of(t.subject.value) for p in inside.get(iri, ()) for t in g.inbound.get(p, ())
                    if t.predicate.value == DCT.spatial.value and g.resources.get(root_of(t.subject.value)) is not None
                    and g.resources[root_of(t.subject.value)].kind == "project"}
        codes = [f'<a href="{escape(m.value)}">{escape(m.value.rsplit("/", 1)[1])}</a>'
                 for m in g.values(iri, SKOS.exactMatch) if m.value.startswith("http://uri.suomi.fi/")]
        rows.append(f'<tr><th scope="row">{page.link(iri)}</th><td>{page.link(kind.value) if kind is not None else ""}</td>'
                    f'<td>{page.link(parent.value) if parent is not None else ""}</td><td>{" ".join(codes)}</td>'
                    f'<td class="num">{len(projects)}</td></tr>')
    caption = "Hankkeiden kunnat, maakunnat ja alueet"
    body = scroll_table(f'<table><caption>{caption}</caption>\n<thead><tr><th scope="col">Nimi</th>'
                        '<th scope="col">Tyyppi</th><th scope="col">Sijaitsee</th><th scope="col">Virallinen koodi</th>'
                        '<th scope="col">Hankkeita</th></tr></thead>\n<tbody>'
                        + "\n".join(rows) + "</tbody></table>", KIND_TITLES["place"]) + "\n"
    return page.layout(KIND_TITLES["place"], body)


def _person_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/person/index.html", pages)
    rows = [g.remember(f"{page.path} {iri}", lambda: f'<tr><th scope="row">{page.link(iri)}</th><td>{"; ".join(_person_roles(page, iri))}</td></tr>')
            for iri in g.by_label(r.iri for r in g.of_kind("person"))]
    body = scroll_table('<table><caption>Hankkeiden yhteyshenkilöt ja heidän tehtävänsä</caption>\n<thead><tr><th scope="col">Nimi</th>'
                        '<th scope="col">Hankkeet</th></tr></thead>\n<tbody>' + "\n".join(rows) + "</tbody></table>",
                        KIND_TITLES["person"]) + "\n"
    return page.layout(KIND_TITLES["person"], body, head='<meta name="robots" content="noindex">\n')


def _person_roles(page: Page, person: str) -> list[str]:
    """The person's projects, each with the role and whether it is an earlier value."""
    g, roles = page.g, []
    for t in g.inbound.get(person, ()):
        if t.predicate.value == PROV.agent.value and root_of(t.subject.value) in g.resources:
            role = g.value(t.subject.value, PROV.hadRole)
            history = relation_label(g, t.subject.value, t.predicate.value).startswith(g.property_label(HANKE.earlierValue.value))
            roles.append(page.link(root_of(t.subject.value)) + (f" ({escape(g.label(role.value))}" if role is not None else " (")
                         + (", aiempi tieto)" if history else ")"))
    return roles


def _source_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/source/index.html", pages)
    items = []
    for iri in g.by_label(r.iri for r in g.of_kind("source")):
        date = g.value(iri, DCT.date)
        when = f" ({page.literal(date, DCT.date.value)})" if date is not None else ""
        items.append(f"<li>{page.link(iri)}{when}</li>")
    return page.layout(KIND_TITLES["source"], f"<ul>{''.join(items)}</ul>\n")


# --- the query page -----------------------------------------------------------------------------


def query_page(settings: Settings) -> str:
    """`sparql.html`: the example queries with their results, and where the endpoint is.

    A static page, so it works from disk too; `kemi-lod serve` answers `sparql` itself with a
    page that runs the queries. The form sends a query to the endpoint: the `endpoint` setting,
    else `sparql` beside this page (what `kemi-lod serve` answers).
    """
    from kemi_lod.sparql.queries import examples

    action = settings.endpoint or "sparql"
    items = "".join(
        f'<li><span lang="fi">{escape(_example_title(q))}</span>: '
        f'<a href="queries/{escape(q.name)}.rq" type="{SPARQL_QUERY.media_type}">kysely</a>, '
        f'<a href="queries/{escape(q.name)}.csv" type="{CSV.media_type}">tulos tämän julkaisun tiedoilla (CSV)</a></li>'
        for q in examples())
    default = examples()[0].text if examples() else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    body = (
        _endpoint_text(settings)
        + query_form(QUERY_PAGE, action, "get", default, [(q.name, _example_title(q), q.text) for q in examples()])
        + f'<section aria-labelledby="esim"><h2 id="esim">Esimerkkikyselyt</h2>\n<ul>{items}</ul></section>\n'
    )
    return layout(settings, QUERY_PAGE, "SPARQL-kyselyt", body, head=editor_head(QUERY_PAGE))


def _example_title(q) -> str:
    return q.headers.get("title-fi") or q.title or q.name


def _endpoint_text(settings: Settings) -> str:
    """Where the publication's queries are answered: its endpoint, or `kemi-lod serve` and `query`."""
    if settings.endpoint:
        return (f'<p>Julkaisun SPARQL 1.1 -rajapinta on osoitteessa <a href="{escape(settings.endpoint)}">'
                f"<code>{escape(settings.endpoint)}</code></a>.</p>\n")
    return ("<p>Tällä julkaisulla ei ole julkista SPARQL-rajapintaa. Kyselyt voi ajaa omalla koneella: "
            "<code>kemi-lod serve</code> palvelee julkaisua ja vastaa kyselyihin osoitteessa "
            "<code>/sparql</code> (lomake alla toimii silloin), ja <code>kemi-lod query</code> ajaa kyselyn "
            "komentoriviltä. Koko aineiston voi myös ladata omaan tietokantaan.</p>\n")
