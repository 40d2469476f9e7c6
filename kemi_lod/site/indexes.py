"""The home page, an index page per kind of resource, and the static query page.

The projects' index is a table complete without JavaScript and sortable with `assets/sort.js`;
the organisations' lists the funders first, with their projects and stated sums. Every list is
in Finnish alphabetical order of the labels.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Iterator

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.outputs.tables import Joined
from kemi_lod.outputs.sheets import listed_files
from kemi_lod.rdf.formats import CSV, FILE_TYPES, SPARQL_QUERY
from kemi_lod.site.format import euros
from kemi_lod.site.graph import SiteGraph, root_of
from kemi_lod.site.charts import CHARTS, chart_figures
from kemi_lod.site.editor import editor_head, query_form
from kemi_lod.site.findable import json_ld_script
from kemi_lod.site.layout import QUERY_PAGE, VOCABULARY_PAGE, layout, scroll_table, site_titles
from kemi_lod.site.page import Page
from kemi_lod.site.project_list import TITLE as PROJECTS_TITLE, Listed, project_link, project_lists
from kemi_lod.vocabulary.files import CONTEXT_FILE
from kemi_lod.vocabulary.terms import DCT, HANKE, SCHEMA, SKOS

# the index pages' titles, in the order the home page lists them
KIND_TITLES = {"project": PROJECTS_TITLE, "org": "Organisaatiot ja rahoittajat", "programme": "Rahoitusohjelmat",
               "place": "Paikat", "person": "Henkilöt", "source": "Lähteet"}


def index_pages(g: SiteGraph, projects: Joined) -> Iterator[tuple[str, str]]:
    """Each kind's index page as (file under the web root, HTML); persons' only where they are
    named. The projects' list is made from their facts (`project_list`); the rows of the other
    long lists are remembered (`SiteGraph.remember`)."""
    yield from project_lists(g, projects)
    yield "id/org/index.html", _org_index(g, projects)
    yield "id/programme/index.html", _programme_index(g)
    yield "id/place/index.html", _place_index(g)
    yield "id/source/index.html", _source_index(g)
    if g.settings.persons == "names":
        yield "id/person/index.html", _person_index(g, projects)


# --- the home page ------------------------------------------------------------------------------


def home_page(g: SiteGraph, markup: dict) -> str:
    """The home page, with the data as a schema.org Dataset for dataset search engines (`markup`)."""
    page = Page(g, "index.html")
    s = g.settings
    desc = g.text([ox.Literal(t, language=l) for l, t in s.description.items])
    sections = [_browse_section(page)]
    sections.append(_open_data_section(page))
    lang = desc.language if desc is not None else "fi"
    attr = f' lang="{lang}"' if lang != "fi" else ""
    sections.insert(len(sections) - 1, chart_figures(page.href, [c.name for c in CHARTS]))  # before the downloads
    body = f"<p{attr}>{escape(desc.value) if desc is not None else ''}</p>\n" + "".join(sections)
    title = g.text(site_titles(s))
    return page.layout(title.value if title is not None else s.dataset, body, json_ld_script(markup))


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
                 (f"{stem}.nt", "koko aineisto N-Triples-muodossa"),
                 *((f.path, f"{f.what[0]} ({FILE_TYPES[f.path.rsplit('.', 1)[1]].label})") for f in listed_files(page.g.settings)),
                 ("catalog.ttl", "aineistokuvaus (DCAT-AP)"), (".well-known/void", "aineiston tilastot (VoID)"),
                 (VOCABULARY_PAGE, "sanaston kuvaus"), (f"ontology/{CONTEXT_FILE}", "JSON-LD-konteksti: sanaston selkeät avaimet (title, funding, amount, …)")]
    items = "".join(f'<li><a href="{escape(page.href(p))}">{escape(t)}</a></li>' for p, t in downloads)
    return (f'<section aria-labelledby="lataa"><h2 id="lataa">Avoin data</h2>\n<ul>{items}</ul>\n'
            f'<p>SPARQL-kyselyt: <a href="{escape(page.href(QUERY_PAGE))}">esimerkkikyselyt ja kyselyrajapinta</a>.</p>'
            "</section>\n")


# --- the index pages ----------------------------------------------------------------------------


def _org_index(g: SiteGraph, projects: Joined) -> str:
    page = Page(g, "id/org/index.html")
    funded = _funders(g, projects)
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


def _funders(g: SiteGraph, projects: Joined) -> dict[str, tuple[set[str], Decimal | None]]:
    """Each organisation that funds a project: the projects, and the sum of the stated amounts
    (None: none stated), from the projects' facts (`ProjectFacts.funder_amounts`).

    The sum is of the financing-plan amounts (paid amounts apart); a contribution that is part
    of another of the same funder is in that one's amount already. Funding stated only as an
    earlier value (`hanke:value` of a history node) does not count.
    """
    found: dict[str, tuple[set[str], list[Decimal]]] = {}
    for p in projects.projects:
        if p.iri not in g.resources:
            continue
        for funder, amount in p.funder_amounts:
            r = g.resources.get(funder)
            if r is not None and r.kind == "org":
                funded, sums = found.setdefault(funder, (set(), []))
                funded.add(p.iri)
                sums += [Decimal(amount)] if amount else []
    return {f: (funded, sum(sums, Decimal(0)) if sums else None) for f, (funded, sums) in found.items()}


def _programme_index(g: SiteGraph) -> str:
    page = Page(g, "id/programme/index.html")
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


def _place_index(g: SiteGraph) -> str:
    """The places with their type, the place they lie in, their official code and their
    projects: those in the place or in a place within it, each counted once."""
    page = Page(g, "id/place/index.html")
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


def _person_index(g: SiteGraph, projects: Joined) -> str:
    """The named persons, each with their projects' roles (from the projects' facts)."""
    page = Page(g, "id/person/index.html")
    roles: dict[str, list[tuple[str, str, str, str]]] = {}  # person -> (contact node, link, role, earlier)
    for p in projects.projects:
        if p.person_roles and p.iri in g.resources:
            link = project_link(page, Listed(g, p))
            for node, person, role, earlier in p.person_roles:
                roles.setdefault(person, []).append(
                    (node, link, f" ({escape(g.label(role))}" if role else " (", ", aiempi tieto)" if earlier else ")"))
    rows = [f'<tr><th scope="row">{page.link(iri)}</th><td>{"; ".join("".join(r[1:]) for r in sorted(roles.get(iri, ())))}</td></tr>'
            for iri in g.by_label(r.iri for r in g.of_kind("person"))]
    body = scroll_table('<table><caption>Hankkeiden yhteyshenkilöt ja heidän tehtävänsä</caption>\n<thead><tr><th scope="col">Nimi</th>'
                        '<th scope="col">Hankkeet</th></tr></thead>\n<tbody>' + "\n".join(rows) + "</tbody></table>",
                        KIND_TITLES["person"]) + "\n"
    return page.layout(KIND_TITLES["person"], body, head='<meta name="robots" content="noindex">\n')


def _source_index(g: SiteGraph) -> str:
    page = Page(g, "id/source/index.html")
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
