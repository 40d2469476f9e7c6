"""The summary a project's page opens with, and the facts it leaves to the end.

A visitor comes for what the project is, when it runs, what it costs, who pays how much and whom
to ask: the summary says that in one block (`project_summary`), from the same graph as the
details below it. How the record was made (a title derived from the text, the list section it
was found in, whether its funding list is complete, its local identifier) is curation, grouped
at the end of the page under a heading of its own with the sources and earlier values
(`CURATION`).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from kemi_lod.site.format import euros
from kemi_lod.site.graph import Resource, amounts, counted_for, planned_sum, whole_budget
from kemi_lod.site.page import Page, period_text
from kemi_lod.vocabulary.terms import DCT, HANKE, PROV, SCHEMA

# Facts about how the record was curated: shown at the end of the page, not among the details.
CURATION = {HANKE.titleDerived.value, HANKE.titleDerivedFrom.value, HANKE.titleAsStated.value, HANKE.listSection.value,
            HANKE.fundingComplete.value, DCT.identifier.value}
# What the summary says in full: left out of the details below it.
SUMMARISED = {DCT.description.value, HANKE.department.value, DCT.temporal.value, HANKE.projectStatus.value,
              HANKE.ongoing.value}


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
