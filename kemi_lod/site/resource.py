"""A resource's page: its facts, the project's funding, contacts, sources and history, what links to it.

Every record's resource gets `id/<kind>/<id>.html` (served at the resource's own IRI by content
negotiation, see `site/hosting.py` and `commands/serve/`), with links to its description
as Turtle, JSON-LD and N-Triples beside it and its schema.org JSON-LD embedded.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from kemi_lod.site.format import euros
from kemi_lod.site.graph import Resource, SiteGraph, amounts, counted_for, planned, planned_sum, relation_label, root_of
from kemi_lod.site.layout import outside_link, scroll_table
from kemi_lod.site.page import Page
from kemi_lod.site.parts import in_parts
from kemi_lod.site.schema_org import schema_org
from kemi_lod.site.summary import CURATION, org_summary, project_summary, summarised
from kemi_lod.outputs.sheets import JSON_KINDS, kind_index
from kemi_lod.rdf.formats import DESCRIPTIONS, JSON, JSON_LD
from kemi_lod.site.findable import json_ld_script
from kemi_lod.vocabulary.terms import DCT, HANKE, PROV, SCHEMA

KIND_NAMES = {"project": "hanke", "org": "organisaatio", "programme": "rahoitusohjelma", "person": "henkilö",
              "source": "lähde", "place": "paikka"}
FUNDING_LINKS = {SCHEMA.funder.value, HANKE.fund.value}  # inbound links that make a funder's table
# Shown in sections of their own on a project's page, not among its facts.
PROJECT_SECTIONS = {SCHEMA.funding.value, HANKE.contact.value, DCT.source.value, HANKE.earlierValue.value}


def resource_page(g: SiteGraph, r: Resource) -> str:
    """A project's page opens with its summary and ends with how its record was made (sources,
    curation facts, earlier values); any other resource's page lists its facts."""
    page = Page(g, r.path)
    parts = [f'<p class="kind">{escape(KIND_NAMES[r.kind].capitalize())}</p>\n',
             f'<p class="iri">Tunniste (IRI): <code>{escape(r.iri)}</code></p>\n']
    if r.kind == "project":
        parts += [project_summary(page, r), _facts_section(page, r, _project_skip(g, r) | summarised(g, r) | CURATION),
                  _funding_section(page, r), _curation_section(page, r)]
    else:
        parts += [org_summary(page, r) if r.kind == "org" else "", _facts_section(page, r, set())]
    parts.append(_inbound_sections(page, r))
    parts.append(_formats_section(r, g.settings.pages))
    return page.layout(g.label(r.iri), "".join(parts), _head(g, r), g.label_lang(r.iri), canonical=r.iri)


def _curation_section(page: Page, r: Resource) -> str:
    """How the record was made: the curation facts, the sources it cites, the values earlier
    sources stated."""
    others = {t.predicate.value for t in page.g.out.get(r.iri, ())} - CURATION
    facts = page.facts(r.iri, others | _project_skip(page.g, r))
    return ('<section aria-labelledby="laatiminen"><h2 id="laatiminen">Aineiston laatiminen ja lähteet</h2>\n'
            + (f'<dl class="facts">{facts}</dl>\n' if facts else "")
            + _sources_section(page, r) + _history_section(page, r) + "</section>\n")


def _head(g: SiteGraph, r: Resource) -> str:
    """Links to the machine-readable descriptions, and the schema.org JSON-LD."""
    alternates = "".join(
        f'<link rel="alternate" type="{t.media_type}" href="{escape(r.id)}.{t.extension}" title="{t.label}">\n'
        for t in DESCRIPTIONS
    )
    # a person's page is open to everyone but not for search engines to index (personal data)
    robots = '<meta name="robots" content="noindex">\n' if r.kind == "person" else ""
    return robots + alternates + json_ld_script(schema_org(g, r))


def _project_skip(g: SiteGraph, r: Resource) -> set[str]:
    """A project's predicates left out of its facts: those with sections of their own, a stated title."""
    skip = set(PROJECT_SECTIONS)
    derived = g.value(r.iri, HANKE.titleDerived)
    if derived is not None and derived.value == "false":
        skip.add(HANKE.titleDerived.value)
    return skip


def _facts_section(page: Page, r: Resource, skip: set[str]) -> str:
    facts = page.facts(r.iri, skip)
    return f'<section aria-labelledby="tiedot"><h2 id="tiedot">Tiedot</h2>\n<dl class="facts">{facts}</dl></section>\n'


def _history_section(page: Page, r: Resource) -> str:
    earlier = page.g.values(r.iri, HANKE.earlierValue)
    if not earlier:
        return ""
    items = "".join(_earlier_value(page, o.value) for o in earlier)
    return f'<section aria-labelledby="historia"><h3 id="historia">Aiemmin ilmoitetut tiedot</h3>\n<dl class="facts">{items}</dl></section>\n'


def _earlier_value(page: Page, node: str) -> str:
    """One earlier value as the field itself is shown (`budjetti: 90 000 € (suunniteltu)`), then
    the page and lines that stated it, then anything else the node says."""
    g = page.g
    prop = g.value(node, HANKE.ofProperty)
    predicate = prop.value if prop is not None else HANKE.value.value
    values = "".join(f"<dd>{page.value(v, predicate, node)}</dd>" for v in g.values(node, HANKE.value))
    cites = [(g.value(c.value, DCT.source), _lines(g, c.value)) for c in g.values(node, HANKE.citation)]
    stated = [page.link(s.value) + lines for s, lines in cites if s is not None]
    stated = stated or [page.link(s.value) for s in g.values(node, DCT.source)]
    rest = page.facts(node, {HANKE.ofProperty.value, HANKE.value.value, DCT.source.value})
    return (f'<dt id="{escape(node.split("#", 1)[1])}">{escape(g.property_label(predicate))}</dt>{values}'
            + (f'<dd>lähde: {", ".join(stated)}</dd>' if stated else "")
            + (f'<dd><dl class="node">{rest}</dl></dd>' if rest else ""))


def _lines(g: SiteGraph, citation: str) -> str:
    """`, rivi 9` or `, rivit 7–17`: the lines a citation names ("" where it names none)."""
    first, last = g.value(citation, HANKE.firstLine), g.value(citation, HANKE.lastLine)
    if first is None or last is None:
        return ""
    return f", rivi {first.value}" if first.value == last.value else f", rivit {first.value}–{last.value}"


def _formats_section(r: Resource, pages: bool) -> str:
    """The resource's documents, and the files of every resource of its kind (the JSON-LD one
    is written with pages only: without, `kemi-lod serve` renders this page on request)."""
    names = {JSON_LD: "JSON-LD (JSON selkein avaimin: title, funding, …)"}
    links = "".join(f'<li><a href="{escape(r.id)}.{t.extension}" type="{t.media_type}">{names.get(t, t.label)}</a></li>'
                    for t in DESCRIPTIONS)
    every = ""
    if r.kind in JSON_KINDS:  # never persons
        files = [(kind_index(r.kind), JSON, "pääkentät"), *([(kind_index(r.kind, "jsonld"), JSON_LD, "kokonaan")] if pages else [])]
        every = "<p>Kaikki samanlaiset: " + ", ".join(
            f'<a href="{escape(path.rsplit("/", 1)[1])}" type="{t.media_type}">{escape(path.rsplit("/", 1)[1])}</a> ({what})'
            for path, t, what in files) + ".</p>"
    return f'<section aria-labelledby="muodot"><h2 id="muodot">Tiedot koneluettavina</h2>\n<ul>{links}</ul>\n{every}</section>\n'


# --- a project's own sections -------------------------------------------------------------------


def _funding_section(page: Page, r: Resource) -> str:
    g = page.g
    rows = [_funding_row(page, node.value) for node in g.values(r.iri, SCHEMA.funding)]
    named = g.values(r.iri, SCHEMA.funder)
    out = ['<section aria-labelledby="rahoitus"><h2 id="rahoitus">Rahoitus</h2>\n']
    if rows:
        out.append(scroll_table(
            '<table><caption>Rahoitusosuudet</caption>\n<thead><tr><th scope="col">Rahoittajaryhmä</th>'
            '<th scope="col">Rahoittaja</th><th scope="col">Rahasto tai avustus</th><th scope="col">Summa</th>'
            '<th scope="col">Osuus</th><th scope="col">Sivun sanamuoto</th></tr></thead>\n<tbody>'
            + "\n".join(rows) + "</tbody></table>", "Rahoitusosuudet") + "\n")
    if named:
        out.append("<p>Rahoittajat, joiden osuutta lähde ei erittele: " + ", ".join(page.link(o.value) for o in named) + "</p>\n")
    if not rows and not named:
        out.append("<p>Rahoitusta ei ole ilmoitettu.</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _funding_row(page: Page, n: str) -> str:
    """One funding share: who, from which fund, how much, what share, as the page put it."""
    g = page.g
    cells = [", ".join(page.link(v.value) for v in g.values(n, p)) for p in (HANKE.funderGroup, SCHEMA.funder, HANKE.fund)]
    amount = "".join(page.money(m) for m in amounts(g, n, SCHEMA.amount)) + _part_note(page, n)
    share = [page.literal(v, p.value) for p in (HANKE.sharePercentage, HANKE.maximumSharePercentage) for v in g.values(n, p)]
    if g.value(n, HANKE.maximumSharePercentage) is not None:
        share = [f"enintään {s}" if i == len(share) - 1 else s for i, s in enumerate(share)]
    stated = g.value(n, HANKE.statedText)
    anchor = escape(n.split("#", 1)[1])
    return (
        f'<tr id="{anchor}"><td>{cells[0]}</td><td>{cells[1]}</td><td>{cells[2]}</td>'
        f'<td class="num">{amount}</td>'
        f'<td class="num">{", ".join(share)}</td><td>{escape(stated.value) if stated is not None else ""}</td></tr>'
    )


def _part_note(page: Page, n: str, counted: bool = True) -> str:
    """Where a contribution is part of another: `sisältyy osuuteen: kuntien rahoitus 89 976 €`,
    linked to that contribution's row; `counted` False: its money is in a total already."""
    g = page.g
    whole = g.value(n, DCT.isPartOf)
    if "#" not in n or whole is None:  # a programme is part of another: not a contribution
        return ""
    total = planned_sum(g, whole.value)
    text = escape(_contribution_label(g, whole.value)) + (f" {euros(total)}" if total is not None else "")
    r = g.resources.get(root_of(whole.value))
    anchor = "#" + escape(whole.value.split("#", 1)[1])
    if r is not None and r.path == page.path:
        text = f'<a href="{anchor}">{text}</a>'
    elif r is not None and g.has_page(r.iri):
        text = f'<a href="{escape(page.href(r.page))}{anchor}">{text}</a>'
    again = "" if counted else " (mukana jo yhteissummassa)"
    return f'<span class="part">sisältyy osuuteen: {text}{again}</span>'


def _contribution_label(g: SiteGraph, n: str) -> str:
    """A contribution named by its funder group, funder or fund ("kuntien rahoitus")."""
    for p in (HANKE.funderGroup, SCHEMA.funder, HANKE.fund):
        found = g.value(n, p)
        if found is not None:
            return g.label(found.value)
    return "rahoitusosuus"


def _sources_section(page: Page, r: Resource) -> str:
    g = page.g
    items = []
    for cite in g.values(r.iri, HANKE.citation):
        source = g.value(cite.value, DCT.source)
        lines = _lines(g, cite.value)
        url = g.value(source.value, SCHEMA.url) if source is not None else None
        original = f" ({outside_link(url.value, 'alkuperäinen sivu', shows_iri=False)})" if url is not None else ""
        items.append(f"<li>{page.link(source.value) if source is not None else ''}{lines}{original}</li>")
    if not items:
        items = [f"<li>{page.link(s.value)}</li>" for s in g.values(r.iri, DCT.source)]
    return f'<section aria-labelledby="lahteet"><h3 id="lahteet">Lähteet</h3>\n<ul>{"".join(items)}</ul></section>\n'


# --- what links to the resource -----------------------------------------------------------------


def _inbound_sections(page: Page, r: Resource) -> str:
    """The projects `r` funds, and the other records' links to it; a long list (a funder has
    thousands) made in remembered parts (`site.parts.in_parts`)."""
    made = in_parts(page.g, f"links {page.path}", page.g.inbound.get(r.iri, ()), lambda links: _links(page, r, links))
    funded = [item for item in made if item[0] == "funded"]
    other = [item for item in made if item[0] == "other"]  # a record is in one part, and there once
    return (_funded_section(page, funded) if funded else "") + (_references_section(other) if other else "")


def _links(page: Page, r: Resource, links) -> list:
    """Items of `links` to `r` (the triples of some records): the funding ones as ("funded",
    record's sort key, contribution, record, planned sum, has a paid amount, counted in the
    total, row), the others as ("other", kind, sort key, record, how it links, row)."""
    g = page.g
    g.inbound.get(r.iri)  # what the records of a part are depends on all the links: read
    items, seen = [], set()
    for t in links:
        s, p = t.subject.value, t.predicate.value
        root = root_of(s)
        if root == r.iri or root not in g.resources:
            continue
        kind, label = _how_linked(g, r, s, p)
        if kind != "other":
            items.append(["funded", g.sort_key(root), s, root, *_funded_row(page, root, s, label, kind == "counted")])
        elif (root, label) not in seen:
            seen.add((root, label))
            what = g.resources[root].kind
            items.append(["other", what, g.sort_key(root), root, label, f'<tr><th scope="row">{page.link(root)}</th>'
                          f'<td>{escape(KIND_NAMES[what])}</td><td>{escape(label)}</td></tr>'])
    return items


def _how_linked(g: SiteGraph, r: Resource, s: str, p: str) -> tuple[str, str]:
    """How `s` links to `r` with `p`: "counted", "funded" (its money is in a total already) or
    "other"; and the relation's label."""
    label = relation_label(g, s, p)
    role = g.value(s, PROV.hadRole)
    if role is not None:
        label += f" ({g.label(role.value)})"
    project = g.resources[root_of(s)].kind == "project"  # a programme's fund is no funding of a project
    earlier = "earlierValue" in label or g.property_label(HANKE.earlierValue.value) in label
    if p in FUNDING_LINKS and project and not earlier:
        return ("counted" if counted_for(g, s, r.iri, p) else "funded"), label
    return "other", label


def _funded_section(page: Page, funded: list) -> str:
    """The projects the resource funds, each contribution with its amounts, and their sum: the
    financing-plan amounts (paid amounts apart), a part of a contribution counted already not again."""
    rows, total, stated, paid = [], Decimal(0), False, False
    for _, _, _, _, plan, paid_here, counted, row in sorted(funded, key=lambda e: (e[1], e[2])):
        if counted and plan:
            total, stated = total + Decimal(plan), True
        paid = paid or paid_here
        rows.append(row)
    projects = len({e[3] for e in funded})
    sum_text = (euros(total) + (' <span class="money-notes">(ilman maksettuja summia)</span>' if paid else "")) if stated else "–"
    return (
        '<section aria-labelledby="rahoitetut"><h2 id="rahoitetut">Rahoitetut hankkeet</h2>\n'
        + scroll_table(
            '<table><caption>Hankkeet, joita tämä rahoittaa, ja ilmoitetut summat</caption>\n'
            '<thead><tr><th scope="col">Hanke</th><th scope="col">Yhteys</th><th scope="col">Summa</th></tr></thead>\n<tbody>'
            + "\n".join(rows)
            + f'</tbody>\n<tfoot><tr><th scope="row">Yhteensä ({projects} {"hanke" if projects == 1 else "hanketta"})</th>'
            f'<td></td><td class="num">{sum_text}</td></tr></tfoot></table>',
            "Rahoitetut hankkeet")
        + "</section>\n"
    )


def _funded_row(page: Page, root: str, s: str, label: str, counted: bool) -> tuple[str, bool, bool, str]:
    """A funded contribution: its planned sum ("" where none), whether it has a paid amount,
    whether it counts in the total, and its row."""
    shown = amounts(page.g, s, SCHEMA.amount)
    plan = planned(shown)
    cell = ("".join(page.money(m) for m in shown) or "–") + _part_note(page, s, counted)
    row = f'<tr><th scope="row">{page.link(root)}</th><td>{escape(label)}</td><td class="num">{cell}</td></tr>'
    return (str(plan) if plan is not None else ""), any(not m.planned for m in shown), counted, row


def _references_section(other: list) -> str:
    rows = [e[5] for e in sorted(other, key=lambda e: (e[1], e[2], e[3], e[4]))]
    return (
        '<section aria-labelledby="viittaukset"><h2 id="viittaukset">Viittaukset</h2>\n'
        + scroll_table(
            '<table><caption>Muut tiedot, jotka viittaavat tähän</caption>\n'
            '<thead><tr><th scope="col">Kohde</th><th scope="col">Laji</th><th scope="col">Yhteys</th></tr></thead>\n<tbody>'
            + "\n".join(rows) + "</tbody></table>", "Viittaukset")
        + "</section>\n"
    )