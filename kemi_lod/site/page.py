"""One page being written: links relative to the page's own path, literals and facts as HTML.

Shared by the resource pages and the index pages. A resource is shown as a link with its label
(never a bare IRI where a label exists); numbers, euros and dates the Finnish way.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Iterable

import pyoxigraph as ox

from kemi_lod.site.format import NBSP, euros, finnish_date, finnish_number
from kemi_lod.site.graph import PROPERTY_LABELS, Money, SiteGraph, money, root_of
from kemi_lod.site.layout import VOCABULARY_PAGE, href, layout, outside_link
from kemi_lod.vocabulary.terms import CODE_IRI, DCAT, DCT, FOAF, HANKE, HANKE_IRI, RDF, SCHEMA, SKOS, XSD

# decimals shown as euros: an amount's value, and the bare decimals of vocabulary 1.x
MONEY = {SCHEMA.value.value, SCHEMA.amount.value, HANKE.totalBudget.value, HANKE.plannedPublicFunding.value,
         HANKE.realisedPublicFunding.value, HANKE.paidAmount.value}
PERCENT = {HANKE.sharePercentage.value, HANKE.maximumSharePercentage.value}
HIDDEN = {RDF.type.value, HANKE.computedStart.value, HANKE.computedEnd.value, HANKE.citation.value}
# Facts shown first, in this order; the rest follow by label.
FIRST = {p.value: i for i, p in enumerate((
    DCT.title, SKOS.prefLabel, FOAF.name, SKOS.altLabel, DCT.description, HANKE.department, DCT.temporal,
    HANKE.budget, HANKE.publicFunding, HANKE.staffing, HANKE.programme,
))}


class Page:
    """Writes one page: links are made relative to the page's own path."""

    def __init__(self, g: SiteGraph, path: str) -> None:
        self.g, self.path = g, path

    def href(self, target: str) -> str:
        """A relative link from this page to the file `target` (a path under the web root)."""
        return href(self.path, target)

    def layout(self, title: str, body: str, head: str = "", title_lang: str = "fi", canonical: str | None = None) -> str:
        """The whole page in the site's layout."""
        return layout(self.g.settings, self.path, title, body, head, title_lang, canonical)

    def link(self, iri: str) -> str:
        """A resource as a link with its label (never a bare IRI where a label exists)."""
        g = self.g
        label = escape(g.label(iri))
        lang = g.label_lang(iri)
        attr = f' lang="{lang}"' if lang and lang != "fi" else ""
        if g.has_page(iri):
            return f'<a href="{escape(self.href(g.resources[iri].page))}"{attr}>{label}</a>'
        if iri in g.resources and g.resources[iri].kind == "person" and g.settings.persons != "names":
            return "(nimeä ei julkaista)"
        if "#" in iri and root_of(iri) in g.resources and g.has_page(root_of(iri)):
            r = g.resources[root_of(iri)]
            return f'<a href="{escape(self.href(r.page))}#{escape(iri.split("#", 1)[1])}">{label}</a>'
        if iri.startswith(CODE_IRI):
            scheme = iri[len(CODE_IRI):].split("/", 1)[0]
            return f'<a href="{escape(self.href(VOCABULARY_PAGE))}#code-{escape(scheme)}"{attr}>{label}</a>'
        if iri in PROPERTY_LABELS:
            return escape(PROPERTY_LABELS[iri])
        if iri.startswith(HANKE_IRI):
            return f'<a href="{escape(self.href(VOCABULARY_PAGE))}#{escape(iri[len(HANKE_IRI):])}">{escape(g.property_label(iri))}</a>'
        if iri in g.out:
            return f"<span{attr}>{label}</span>"
        return outside_link(iri, escape(iri))

    def literal(self, lit: ox.Literal, predicate: str) -> str:
        dt = lit.datatype.value
        if dt == XSD.decimal.value:
            if predicate in MONEY:
                return euros(lit.value)
            if predicate in PERCENT:
                return finnish_number(lit.value) + NBSP + "%"
            return finnish_number(lit.value)
        if dt in (XSD.date.value, XSD.gYearMonth.value, XSD.gYear.value):
            return f'<time datetime="{escape(lit.value)}">{finnish_date(lit.value)}</time>'
        if dt == XSD.boolean.value:
            return "kyllä" if lit.value == "true" else "ei"
        if lit.language and lit.language != "fi":
            return f'<span lang="{escape(lit.language)}">{escape(lit.value)}</span>'
        return escape(lit.value)

    def value(self, term, predicate: str, owner: str) -> str:
        if isinstance(term, ox.Literal):
            return self.literal(term, predicate)
        iri = term.value
        if predicate == DCT.temporal.value:
            return period_text(self.g, iri)
        if "#" in iri and root_of(iri) == root_of(owner) and iri in self.g.out:
            amount = money(self.g, iri)
            return self.money(amount, iri) if amount is not None else self.node(iri)
        if predicate == RDF.type.value:
            return escape(self.g.property_label(iri))
        return self.link(iri)

    def money(self, amount: Money, node: str = "") -> str:
        """`359 904 € (suunniteltu, vuosi 2020)`, `56 792 € (haettu 10/2019)`: the value in its
        currency, then its status (with the date it was reached) and year, which a table cell
        shows on a line of their own (site.css)."""
        shown = euros(amount.value) if amount.currency == "EUR" else f"{finnish_number(amount.value)}{NBSP}{escape(amount.currency)}"
        status = self.link(amount.status) if amount.status else ""
        if amount.date:
            status = f'{status} <time datetime="{escape(amount.date)}">{finnish_date(amount.date)}</time>'.lstrip()
        notes = [status] if status else []
        if amount.year:
            notes.append(f'vuosi <time datetime="{escape(amount.year)}">{escape(amount.year)}</time>')
        anchor = f' id="{escape(node.split("#", 1)[1])}"' if "#" in node else ""
        notes_text = f' <span class="money-notes">({", ".join(notes)})</span>' if notes else ""
        return f'<span class="money"{anchor}>{shown}{notes_text}</span>'

    def _order(self, term) -> tuple:
        """Literals in the publication's language order, amounts in `Money.order` (the sort is stable otherwise)."""
        langs = self.g.settings.languages
        if isinstance(term, ox.Literal):
            return (langs.index(term.language) if term.language in langs else len(langs),)
        amount = money(self.g, term.value)
        return (len(langs),) if amount is None else (len(langs), amount.order)

    def node(self, iri: str) -> str:
        """A hash node of the record, as a nested description list."""
        anchor = iri.split("#", 1)[1]
        return f'<dl class="node" id="{escape(anchor)}">' + self.facts(iri) + "</dl>"

    def facts(self, s: str, skip: Iterable[str] = ()) -> str:
        g, rows = self.g, []
        hidden = HIDDEN | set(skip)
        by_predicate: dict[str, list] = defaultdict(list)
        for t in g.out.get(s, ()):
            if t.predicate.value not in hidden:
                by_predicate[t.predicate.value].append(t.object)
        for p in sorted(by_predicate, key=lambda p: (FIRST.get(p, len(FIRST)), g.property_label(p), p)):
            values = [self.value(o, p, s) for o in sorted(by_predicate[p], key=self._order)]
            rows.append(f"<dt>{escape(g.property_label(p))}</dt>" + "".join(f"<dd>{v}</dd>" for v in values))
        return "".join(rows)


def period_text(g: SiteGraph, node: str) -> str:
    start, end, ongoing = (g.value(node, p) for p in (DCAT.startDate, DCAT.endDate, HANKE.ongoing))
    return period_words(start.value if start is not None else "", end.value if end is not None else "",
                        ongoing is not None and ongoing.value == "true")


def period_words(start: str, end: str, ongoing: bool) -> str:
    """A period as a page says it, from its start and end as stated ("" for none)."""
    fmt = lambda value: f'<time datetime="{escape(value)}">{finnish_date(value)}</time>'
    if start and end:
        text = f"{fmt(start)}–{fmt(end)}"
    elif start:
        text = f"{fmt(start)} alkaen"
    elif end:
        text = f"päättyy {fmt(end)}"
    else:
        text = ""
    return ", ".join(x for x in (text, "jatkuva" if ongoing else "") if x) or "ei ilmoitettu"


def computed_bounds(g: SiteGraph, project: str) -> tuple[str, str] | None:
    """The computed start and end (xsd:date lexical forms) of the project's first period that
    has either; a missing one is ""."""
    for period in g.values(project, DCT.temporal):
        bounds = [g.value(period.value, p) for p in (HANKE.computedStart, HANKE.computedEnd)]
        if any(b is not None for b in bounds):
            return bounds[0].value if bounds[0] is not None else "", bounds[1].value if bounds[1] is not None else ""
    return None
