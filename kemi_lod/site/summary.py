"""The summary a project's page opens with, and the facts it leaves to the end.

A visitor comes for what the project is, when it runs, what it costs, who pays how much and whom
to ask: the summary says that in one block (`project_summary`), from the same graph as the
details below it. How the record was made (a title derived from the text, the list section it
was found in, whether its funding list is complete, its local identifier) is curation, grouped
at the end of the page under a heading of its own with the sources and earlier values
(`CURATION`).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape

from kemi_lod.site.format import euros
from kemi_lod.site.graph import Resource, SiteGraph, amounts, counted_for, planned_sum, root_of, whole_budget
from kemi_lod.site.layout import scroll_table
from kemi_lod.site.parts import in_parts
from kemi_lod.site.page import Page, computed_bounds, period_text
from kemi_lod.vocabulary.terms import DCT, HANKE, PROV, SCHEMA

# Facts about how the record was curated: shown at the end of the page, not among the details.
CURATION = {HANKE.titleDerived.value, HANKE.titleDerivedFrom.value, HANKE.titleAsStated.value, HANKE.listSection.value,
            HANKE.fundingComplete.value, DCT.identifier.value}
# What the summary shows every value of: left out of the details below it.
SUMMARISED = {HANKE.department.value, DCT.temporal.value, HANKE.projectStatus.value, HANKE.ongoing.value}


def summarised(g: SiteGraph, r: Resource) -> set[str]:
    """The predicates the summary says in full for `r`: SUMMARISED, and the description where
    there is one (the summary shows one; in several languages the details list them all)."""
    return SUMMARISED | ({DCT.description.value} if len(g.values(r.iri, DCT.description)) == 1 else set())


def project_summary(page: Page, r: Resource) -> str:
    """Description, status, period, budget, funders with their amounts, the city's share,
    department and contact roles, as far as the record states them."""
    g, rows = page.g, []
    for predicate, label in ((HANKE.projectStatus, "Tila"), (HANKE.ongoing, "Käynnissä")):
        rows += [(label, page.value(v, predicate.value, r.iri)) for v in g.values(r.iri, predicate)]
    rows += [("Toiminta-aika", period_text(g, v.value)) for v in g.values(r.iri, DCT.temporal)]
    budget = whole_budget(g, r.iri)
    if budget is not None:
        rows.append(("Budjetti", page.money(budget)))
    funders = _funders(page, r)
    if funders:
        rows.append(("Rahoittajat", f'<ul class="plain">{"".join(f"<li>{f}</li>" for f in funders)}</ul>'))
    city = _city_share(page, r)
    if city is not None:
        rows.append(("Kaupungin osuus", city))
    rows += [("Toimiala", page.link(v.value)) for v in g.values(r.iri, HANKE.department)]
    contacts = _contact_roles(page, r)
    if contacts:
        rows.append(("Yhteyshenkilöt", contacts))
    description = g.text(g.values(r.iri, DCT.description))
    lead = ""
    if description is not None:
        lang = f' lang="{escape(description.language)}"' if description.language and description.language != "fi" else ""
        lead = f'<p class="lead"{lang}>{escape(description.value)}</p>\n'
    facts = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (f'<section class="summary" aria-labelledby="yhteenveto"><h2 id="yhteenveto">Yhteenveto</h2>\n{lead}'
            f'<dl class="summary">{facts}</dl></section>\n')


def _funders(page: Page, r: Resource) -> list[str]:
    """Each contribution (not one that is part of another): its funder or funder group and fund,
    and its amounts with their status; then the funders named without a contribution."""
    g, out = page.g, []
    for node in g.values(r.iri, SCHEMA.funding):
        n = node.value
        if g.value(n, DCT.isPartOf) is not None:
            continue
        who = [page.link(v.value) for v in g.values(n, SCHEMA.funder)] or [page.link(v.value) for v in g.values(n, HANKE.funderGroup)]
        fund = [page.link(v.value) for v in g.values(n, HANKE.fund)]
        money = " ".join(page.money(m) for m in amounts(g, n, SCHEMA.amount))
        share = [page.value(v, HANKE.sharePercentage.value, n) for v in g.values(n, HANKE.sharePercentage)]
        text = ", ".join(who) + (f" ({', '.join(fund)})" if fund else "")
        detail = money or (", ".join(share) + " budjetista" if share else "summaa ei ilmoitettu")
        out.append(f'{text}: {detail} <a href="#{escape(n.split("#", 1)[1])}">erittely</a>')
    out += [f"{page.link(v.value)}: summaa ei ilmoitettu" for v in g.values(r.iri, SCHEMA.funder)]
    return out


def _city_share(page: Page, r: Resource) -> str | None:
    """The financing-plan euros of the contributions whose funder published the project's
    sources (the city that lists it), each counted once."""
    g = page.g
    cities = {p.value for s in g.values(r.iri, DCT.source) for p in g.values(s.value, DCT.publisher)}
    total, found = Decimal(0), False
    for node in g.values(r.iri, SCHEMA.funding):
        n = node.value
        funders = {v.value for v in g.values(n, SCHEMA.funder)} & cities
        if funders and all(counted_for(g, n, c, SCHEMA.funder.value) for c in funders):
            value = planned_sum(g, n)
            if value is not None:
                total, found = total + value, True
    return euros(total) + " (rahoitussuunnitelma)" if found else None


def _contact_roles(page: Page, r: Resource) -> str:
    """The contacts' roles, and their names where the publication shows names."""
    g, items = page.g, []
    if g.settings.persons == "none":
        return ""
    for node in g.values(r.iri, HANKE.contact):
        role = g.value(node.value, PROV.hadRole)
        person = g.value(node.value, PROV.agent)
        text = page.link(role.value) if role is not None else "yhteyshenkilö"
        if person is not None and g.settings.persons == "names":
            text += ": " + page.link(person.value)
        items.append(text)
    return ", ".join(items)


def money_by_year(g: SiteGraph, org: str) -> dict[int | None, Decimal]:
    """The financing-plan euros of the contributions `org` funds, per calendar year, by the rule
    of the money-per-year examples (docs/queries.md): an amount stated for a year counts in that
    year; one for the whole period is divided among the years of the project's period by its
    months in each (a month the period touches counts whole; up to 30 years); one of a project
    without a start and an end has no year (None). A part of a contribution `org` also funds is
    counted within that one. tests/test_summary.py checks the city's figures against the
    city-share-by-year example."""
    years: dict[int | None, Decimal] = {}
    # made in remembered parts of the records (`in_parts`): a funder of thousands of projects
    # sums them again only for the part a change touches
    for year, value in in_parts(g, f"money-by-year {org}", g.inbound.get(org, ()), lambda links: _yearly(g, org, links)):
        years[year] = years.get(year, Decimal(0)) + Decimal(value)
    return years


def _yearly(g: SiteGraph, org: str, links) -> list[list]:
    """What the contributions among `links` add to `org`'s years: [year or None, euros] items."""
    found: list[list] = []
    for t in links:
        contribution = t.subject.value
        if t.predicate != SCHEMA.funder or "#" not in contribution or not counted_for(g, contribution, org, SCHEMA.funder.value):
            continue
        months = _months(g, root_of(contribution))
        for m in amounts(g, contribution, SCHEMA.amount):
            if not m.planned:
                continue
            if m.year or months is None:
                found.append([int(m.year) if m.year else None, str(m.value)])
                continue
            first, last = months
            for year in range(first // 12, min(last // 12, first // 12 + 29) + 1):
                inside = min(12 * year + 11, last) - max(12 * year, first) + 1
                found.append([year, str(m.value * inside / (last - first + 1))])
    return found


def _months(g: SiteGraph, project: str) -> tuple[int, int] | None:
    """The project's first and last month as 12 * year + month - 1, from its computed bounds."""
    bounds = computed_bounds(g, project)
    if bounds is None or not all(bounds):
        return None
    (y1, m1), (y2, m2) = ((int(b[:4]), int(b[5:7])) for b in bounds)
    return 12 * y1 + m1 - 1, 12 * y2 + m2 - 1


def org_summary(page: Page, r: Resource) -> str:
    """What an organisation's money adds up to per year, as it funds the projects listed below."""
    years = money_by_year(page.g, r.iri)
    if not years:
        return ""
    dated = sorted(y for y in years if y is not None)
    rows = "".join(f'<tr><th scope="row">{y}</th><td class="num">{euros(_cents(years[y]))}</td></tr>' for y in dated)
    if None in years:
        rows += f'<tr><th scope="row">ilman vuotta</th><td class="num">{euros(_cents(years[None]))}</td></tr>'
    total = _cents(sum(years.values(), Decimal(0)))
    return ('<section class="summary" aria-labelledby="yhteenveto"><h2 id="yhteenveto">Rahat vuosittain</h2>\n'
            f"<p>Rahoitussuunnitelmien summat, joilla organisaatio rahoittaa alla lueteltuja hankkeita: yhteensä {euros(total)}. "
            "Koko toiminta-ajan summa jaetaan vuosille kuukausien mukaan, kuten esimerkkikyselyissä.</p>\n"
            + scroll_table('<table><caption>Rahoitus vuosittain</caption>\n<thead><tr><th scope="col">Vuosi</th>'
                           f'<th scope="col">Summa</th></tr></thead>\n<tbody>{rows}</tbody></table>', "Rahoitus vuosittain")
            + "</section>\n")


def _cents(value: Decimal) -> Decimal:
    """Rounded to cents as SPARQL's ROUND rounds (a half up), so the figures are the examples'."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
