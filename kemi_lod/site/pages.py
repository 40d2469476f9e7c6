"""The built graph -> static pages: one HTML page and .ttl/.jsonld/.nt documents per resource, and index pages.

Reads only the triples of the written dump (and the vocabulary's labels), never the YAML, so a
page says exactly what the data says. Every record's resource (project, organisation, person,
programme, source) gets `id/<kind>/<id>.html` (served at the resource's own IRI by content
negotiation, see `hosting.py` and `server.py`) and its description as Turtle, JSON-LD and
N-Triples: the record's triples, i.e. the resource and its hash nodes. Index pages list every
project (a table complete without JavaScript and sortable with `assets/sort.js`), the
organisations with the funders first, the programmes, persons and sources.

UI text is Finnish (`lang="fi"`); names and titles come from the data, in the publication's
first language that has them. Euros and dates are written the Finnish way (`359 904 €`,
`1.8.2020`). Links are relative and name files (`../org/x.html`, `id/project/index.html`), so the
pages work wherever `build/` is served and opened from disk alike; each page names its IRI with
`rel=canonical` (the extension-less IRIs stay the identifiers in the RDF). Lists are in Finnish
alphabetical order (`finnish_sort_key`, the same in every locale, and the key the sortable
tables' script compares). Output is deterministic: everything is sorted, nothing depends on time.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.outputs.hosting import hosting_files
from kemi_lod.progress import SILENT, Progress
from kemi_lod.rdf.serialize import Written, jsonld_document, sort_triples, turtle_body, turtle_header
from kemi_lod.vocabulary.files import ontology_triples
from kemi_lod.vocabulary.terms import (
    ADMS, CODE_IRI, DCAT, DCT, FOAF, HANKE, HANKE_IRI, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD,
)

KINDS = ("project", "org", "programme", "person", "source")
DOCUMENT_FORMATS = (("ttl", "text/turtle", "Turtle"), ("jsonld", "application/ld+json", "JSON-LD"),
                    ("nt", "application/n-triples", "N-Triples"))
VOCABULARY_PAGE = "ontology/index.html"
NBSP = "\u00a0"
_RESOURCE = re.compile(r"^(?P<base>.*)id/(?P<kind>project|org|programme|person|source)/(?P<id>[A-Za-z0-9_.-]+)$")

# UI labels of the reused properties (the vocabulary's own terms carry rdfs:label).
PROPERTY_LABELS: dict[str, str] = {
    RDF.type.value: "tyyppi",
    DCT.title.value: "nimi",
    DCT.description.value: "kuvaus",
    DCT.identifier.value: "tunniste",
    DCT.source.value: "lähde",
    DCT.temporal.value: "toiminta-aika",
    DCT.isPartOf.value: "osa ohjelmaa",
    DCT.publisher.value: "julkaisija",
    DCT.date.value: "päiväys",
    SCHEMA.funding.value: "rahoitus",
    SCHEMA.funder.value: "rahoittaja",
    SCHEMA.amount.value: "summa",
    SCHEMA.url.value: "verkko-osoite",
    SKOS.prefLabel.value: "nimi",
    SKOS.altLabel.value: "muu nimi",
    SKOS.notation.value: "koodi",
    FOAF.name.value: "nimi",
    FOAF.homepage.value: "kotisivu",
    ORG.unitOf.value: "osa organisaatiota",
    ADMS.identifier.value: "tunnus",
    PROV.agent.value: "henkilö",
    PROV.hadRole.value: "tehtävä",
    DCAT.startDate.value: "alkaa",
    DCAT.endDate.value: "päättyy",
}
KIND_TITLES = {"project": "Hankkeet", "org": "Organisaatiot ja rahoittajat", "programme": "Rahoitusohjelmat",
               "person": "Henkilöt", "source": "Lähteet"}
KIND_NAMES = {"project": "hanke", "org": "organisaatio", "programme": "rahoitusohjelma", "person": "henkilö",
              "source": "lähde"}
MONEY = {SCHEMA.amount.value, HANKE.totalBudget.value, HANKE.plannedPublicFunding.value,
         HANKE.realisedPublicFunding.value, HANKE.paidAmount.value}
PERCENT = {HANKE.sharePercentage.value, HANKE.maximumSharePercentage.value}
FUNDING_LINKS = {SCHEMA.funder.value, HANKE.fund.value}  # inbound links that make a funder's table
HIDDEN = {RDF.type.value, HANKE.computedStart.value, HANKE.computedEnd.value, HANKE.citation.value}
# Facts shown first, in this order; the rest follow by label.
FIRST = {p.value: i for i, p in enumerate((
    DCT.title, SKOS.prefLabel, FOAF.name, SKOS.altLabel, DCT.description, HANKE.department, DCT.temporal,
    HANKE.totalBudget, HANKE.municipalShare, HANKE.annualBudget, HANKE.staffing, HANKE.programme,
))}
LABEL_PREDICATES = (DCT.title.value, SKOS.prefLabel.value, FOAF.name.value, RDFS.label.value)


# --- Finnish formatting -----------------------------------------------------------------------


def finnish_number(value: str | Decimal, places: int | None = None) -> str:
    """`1234567.5` -> `1 234 567,5` (no-break spaces between thousands)."""
    d = Decimal(value)
    if places is not None:
        text = f"{d:,.{places}f}"
    elif d == d.to_integral_value():
        text = f"{int(d):,}"
    else:
        text = f"{d.normalize():,f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", NBSP)


def euros(value: str | Decimal) -> str:
    """`359904.0` -> `359 904 €`; cents only where there are any (`1 234,50 €`)."""
    d = Decimal(value)
    whole = d == d.to_integral_value()
    return finnish_number(d, None if whole else 2) + NBSP + "€"


def finnish_date(lexical: str) -> str:
    """`2020-08-01` -> `1.8.2020`, `2020-08` -> `8/2020`, `2020` -> `2020`."""
    parts = lexical.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return lexical


# Finnish alphabetical order (CLDR's Finnish collation at the primary level): digits, then a-z,
# then å, ä, ö; letters with other accents sort as their base letter (é as e, ü as y, æ as ä,
# ø as ö). Everything else that is not a letter or digit sorts before them, as one class.
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzåäö"
_CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabc"  # ascending, one per letter of _ALPHABET
_FOLDED = {"ü": "y", "ű": "y", "æ": "ä", "ø": "ö", "œ": "ö", "ő": "ö", "ô": "ö", "đ": "d", "ð": "d", "þ": "th",
           "ŋ": "n"}


def finnish_sort_key(text: str) -> str:
    """A key whose plain (code point) order is Finnish alphabetical order, in any locale.

    Printable ASCII for the primary letters (it goes into an HTML attribute), then the
    case-folded and the original text break ties, so distinct texts never compare equal. The sortable tables' script compares these keys as
    plain strings, so the browser sorts exactly as the build does.
    """
    import unicodedata

    primary = []
    for ch in unicodedata.normalize("NFC", text).casefold():
        ch = _FOLDED.get(ch, ch)
        if ch not in _ALPHABET and len(ch) == 1:
            base = unicodedata.normalize("NFD", ch)[0]
            ch = base if base in _ALPHABET and base not in "åäö" else ch
        for c in ch:
            if c in _ALPHABET:
                primary.append(_CODES[_ALPHABET.index(c)])  # an order-preserving ASCII code
            elif unicodedata.category(c)[0] in "LN":
                primary.append("~")  # a letter of another alphabet: after ö
            else:
                primary.append("!")  # space, punctuation, symbols: before digits and letters
    # a space ends the primary key: it sorts below every code in it, so "Oulu" < "Oulu 2"
    return "".join(primary) + " " + text.casefold() + " " + text


# --- the graph, indexed -----------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    iri: str
    kind: str
    id: str

    @property
    def path(self) -> str:
        """The page's path under the web root, without extension (what its IRI serves)."""
        return f"id/{self.kind}/{self.id}"

    @property
    def page(self) -> str:
        """The page's file under the web root."""
        return f"{self.path}.html"


def root_of(iri: str) -> str:
    return iri.split("#", 1)[0]


@dataclass
class SiteGraph:
    """The built triples indexed by subject and object, with the vocabulary's labels."""

    settings: Settings
    out: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    inbound: dict[str, list[ox.Triple]] = field(default_factory=lambda: defaultdict(list))
    resources: dict[str, Resource] = field(default_factory=dict)
    vocab_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    hashes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # resource -> its hash nodes

    @classmethod
    def of(cls, settings: Settings, triples: Iterable[ox.Triple]) -> "SiteGraph":
        g = cls(settings)
        for t in sort_triples(triples):
            g.out[t.subject.value].append(t)
            if isinstance(t.object, ox.NamedNode):
                g.inbound[t.object.value].append(t)
        for iri in g.out:
            m = _RESOURCE.match(iri)
            if m and m["base"] == (settings.organisations_base if m["kind"] == "org" else settings.base_iri):
                g.resources[iri] = Resource(iri, m["kind"], m["id"])
            if "#" in iri:
                g.hashes[root_of(iri)].append(iri)
        for t in ontology_triples():
            if t.predicate == RDFS.label and isinstance(t.object, ox.Literal):
                g.vocab_labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value
        return g

    # values
    def values(self, s: str, p: ox.NamedNode | str) -> list:
        p = p if isinstance(p, str) else p.value
        return [t.object for t in self.out.get(s, ()) if t.predicate.value == p]

    def value(self, s: str, p) -> ox.NamedNode | ox.Literal | None:
        found = self.values(s, p)
        return found[0] if found else None

    def types(self, s: str) -> set[str]:
        return {o.value for o in self.values(s, RDF.type)}

    def text(self, literals: Sequence) -> ox.Literal | None:
        """The literal in the publication's first language that has one."""
        literals = [l for l in literals if isinstance(l, ox.Literal)]
        for lang in (*self.settings.languages, ""):
            for l in literals:
                if (l.language or "") == lang:
                    return l
        return literals[0] if literals else None

    def label(self, iri: str) -> str:
        for p in LABEL_PREDICATES:
            found = self.text(self.values(iri, p))
            if found is not None:
                return found.value
        if iri in self.vocab_labels or iri in PROPERTY_LABELS:
            return self.property_label(iri)
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def label_lang(self, iri: str) -> str:
        for p in LABEL_PREDICATES:
            found = self.text(self.values(iri, p))
            if found is not None:
                return found.language or ""
        return "fi"

    def property_label(self, iri: str) -> str:
        labels = self.vocab_labels.get(iri, {})
        return labels.get("fi") or PROPERTY_LABELS.get(iri) or labels.get("en") or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    def description(self, r: Resource) -> list[ox.Triple]:
        """The record's triples: the resource and its hash nodes (already in sorted order)."""
        return [t for s in self.record_subjects(r) for t in self.out[s]]

    def record_subjects(self, r: Resource) -> list[str]:
        return [r.iri] + sorted(self.hashes.get(r.iri, ()))

    def of_kind(self, kind: str) -> list[Resource]:
        return [r for iri, r in sorted(self.resources.items()) if r.kind == kind]

    def by_label(self, iris: Iterable[str]) -> list[str]:
        """IRIs in Finnish alphabetical order of their labels (the IRI breaks ties)."""
        return sorted(iris, key=lambda i: (finnish_sort_key(self.label(i)), i))

    def has_page(self, iri: str, pages: bool) -> bool:
        r = self.resources.get(iri)
        return r is not None and pages and (r.kind != "person" or self.settings.persons == "names")

    def parent(self, node: str) -> tuple[str, str] | None:
        """(subject, predicate) linking a hash node from inside its own record."""
        root = root_of(node)
        for t in self.inbound.get(node, ()):
            if root_of(t.subject.value) == root and t.subject.value != node:
                return t.subject.value, t.predicate.value
        return None


# --- HTML ---------------------------------------------------------------------------------------


class Page:
    """Writes one page: links are made relative to the page's own path."""

    def __init__(self, g: SiteGraph, path: str, pages: bool) -> None:
        self.g, self.path, self.pages = g, path, pages

    def href(self, target: str) -> str:
        """A relative link from this page to the file `target` (a path under the web root)."""
        return href(self.path, target)

    def link(self, iri: str) -> str:
        """A resource as a link with its label (never a bare IRI where a label exists)."""
        g = self.g
        label = escape(g.label(iri))
        lang = g.label_lang(iri)
        attr = f' lang="{lang}"' if lang and lang != "fi" else ""
        if g.has_page(iri, self.pages):
            return f'<a href="{escape(self.href(g.resources[iri].page))}"{attr}>{label}</a>'
        if iri in g.resources and g.resources[iri].kind == "person" and g.settings.persons != "names":
            return "(nimeä ei julkaista)"
        if "#" in iri and root_of(iri) in g.resources and g.has_page(root_of(iri), self.pages):
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
        return f'<a class="iri" href="{escape(iri)}">{escape(iri)}</a>'

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
            return self.node(iri)
        if predicate == RDF.type.value:
            return escape(self.g.property_label(iri))
        return self.link(iri)

    def _language_first(self, term) -> int:
        """Literals in the publication's language order (the sort is stable otherwise)."""
        langs = self.g.settings.languages
        lang = term.language if isinstance(term, ox.Literal) else None
        return langs.index(lang) if lang in langs else len(langs)

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
            values = [self.value(o, p, s) for o in sorted(by_predicate[p], key=self._language_first)]
            rows.append(f"<dt>{escape(g.property_label(p))}</dt>" + "".join(f"<dd>{v}</dd>" for v in values))
        return "".join(rows)


def period_text(g: SiteGraph, node: str) -> str:
    if g.value(node, HANKE.ongoing) is not None and g.value(node, HANKE.ongoing).value == "true":
        ongoing = "jatkuva"
    else:
        ongoing = ""
    start, end = g.value(node, DCAT.startDate), g.value(node, DCAT.endDate)
    fmt = lambda lit: f'<time datetime="{escape(lit.value)}">{finnish_date(lit.value)}</time>'
    if start is not None and end is not None:
        text = f"{fmt(start)}–{fmt(end)}"
    elif start is not None:
        text = f"{fmt(start)} alkaen"
    elif end is not None:
        text = f"päättyy {fmt(end)}"
    else:
        text = ""
    return ", ".join(x for x in (text, ongoing) if x) or "ei ilmoitettu"


def period_plain(g: SiteGraph, project: str) -> tuple[str, str]:
    """The period as text and a sort key (its computed start)."""
    node = g.value(project, DCT.temporal)
    if node is None:
        return "", ""
    key = g.value(node.value, HANKE.computedStart)
    return period_text(g, node.value), key.value if key is not None else ""


def href(here: str, target: str) -> str:
    """A relative link from the page at `here` to the file `target` (paths under the web root)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


QUERY_PAGE = "sparql.html"


def menu(settings: Settings) -> list[tuple[str, str]]:
    """The site's menu: (file under the web root, label); every entry opens a page, also from disk."""
    nav = [("index.html", "Etusivu"), ("id/project/index.html", "Hankkeet"),
           ("id/org/index.html", "Rahoittajat ja organisaatiot"), ("id/programme/index.html", "Ohjelmat")]
    if settings.persons == "names":
        nav.append(("id/person/index.html", "Henkilöt"))
    nav += [("id/source/index.html", "Lähteet"), (VOCABULARY_PAGE, "Sanasto"), (QUERY_PAGE, "Kyselyt")]
    return nav if settings.pages else [e for e in nav if not e[0].startswith("id/")]


def canonical_url(settings: Settings, path: str) -> str:
    """What a page under the web root is served as: its folder for an index page."""
    return settings.base_iri + (path.removesuffix("index.html") if path.endswith("index.html") else path)


def layout(settings: Settings, path: str, title: str, body: str, head: str = "", title_lang: str = "fi",
           canonical: str | None = None, main_lang: str = "fi") -> str:
    """The one page layout of the site, the vocabulary page and the query pages."""
    site = next((t for t in _in_order(settings, _site_titles(settings))), None)
    site_name = escape(site.value) if site is not None else ""
    current = ' aria-current="page"'
    items = "".join(f'<li><a href="{escape(href(path, p))}"{current if p == path else ""}>{escape(label)}</a></li>'
                    for p, label in menu(settings))
    t = escape(title)
    lang = f' lang="{title_lang}"' if title_lang and title_lang != main_lang else ""
    main_attr = f' lang="{main_lang}"' if main_lang != "fi" else ""
    licence = escape(settings.licence)
    return (
        '<!DOCTYPE html>\n<html lang="fi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t} – {site_name}</title>\n"
        f'<link rel="canonical" href="{escape(canonical or canonical_url(settings, path))}">\n'
        f'<link rel="stylesheet" href="{escape(href(path, "assets/site.css"))}">\n'
        f"{head}</head>\n<body>\n"
        '<a class="skip" href="#main">Siirry sisältöön</a>\n'
        f'<header><p class="site"><a href="{escape(href(path, "index.html"))}">{site_name}</a></p>\n'
        f'<nav aria-label="Päävalikko"><ul>{items}</ul></nav></header>\n'
        f'<main id="main"{main_attr}>\n<h1{lang}>{t}</h1>\n{body}</main>\n'
        f'<footer><p>Tiedot: {site_name}. '
        f'Lisenssi: <a class="iri" href="{licence}">{licence}</a>. '
        f'Sanaston kuvaus: <a href="{escape(href(path, VOCABULARY_PAGE))}">sanasto</a>.</p></footer>\n'
        "</body>\n</html>\n"
    )


def _in_order(settings: Settings, literals: Sequence[ox.Literal]) -> list[ox.Literal]:
    """Literals in the publication's language order."""
    langs = settings.languages
    return sorted(literals, key=lambda l: langs.index(l.language) if l.language in langs else len(langs))


def _layout(page: Page, title: str, body: str, head: str = "", title_lang: str = "fi", canonical: str | None = None) -> str:
    return layout(page.g.settings, page.path, title, body, head, title_lang, canonical)


def scroll_table(table: str, caption: str) -> str:
    """A table in a box of its own that scrolls sideways on a narrow screen (the page never does).

    The box is a named, focusable region so that keyboard users can scroll it too.
    """
    return f'<div class="scroll" role="region" aria-label="{escape(caption)}" tabindex="0">{table}</div>'


def _site_titles(settings: Settings) -> list[ox.Literal]:
    return [ox.Literal(text, language=lang) for lang, text in settings.title.items]


# --- resource pages ---------------------------------------------------------------------------


def resource_page(g: SiteGraph, r: Resource, pages: bool = True) -> str:
    page = Page(g, r.path, pages)
    name = r.id
    alternates = "".join(
        f'<link rel="alternate" type="{mt}" href="{escape(name)}.{ext}" title="{label}">\n'
        for ext, mt, label in DOCUMENT_FORMATS
    )
    script = json.dumps(schema_org(g, r), ensure_ascii=False, sort_keys=True, indent=1).replace("</", "<\\/")
    head = alternates + f'<script type="application/ld+json">\n{script}\n</script>\n'
    parts = [f'<p class="kind">{escape(KIND_NAMES[r.kind].capitalize())}</p>\n']
    parts.append(f'<p class="iri">Tunniste (IRI): <code>{escape(r.iri)}</code></p>\n')
    skip: set[str] = set()
    if r.kind == "project":
        parts.append(_funding_section(page, r))
        parts.append(_contacts_section(page, r))
        parts.append(_sources_section(page, r))
        skip |= {SCHEMA.funding.value, HANKE.contact.value, DCT.source.value, HANKE.earlierValue.value}
        if g.value(r.iri, HANKE.titleDerived) is not None and g.value(r.iri, HANKE.titleDerived).value == "false":
            skip.add(HANKE.titleDerived.value)
    facts = page.facts(r.iri, skip)
    parts.insert(2, f'<section aria-labelledby="tiedot"><h2 id="tiedot">Tiedot</h2>\n<dl class="facts">{facts}</dl></section>\n')
    if r.kind == "project" and g.values(r.iri, HANKE.earlierValue):
        items = "".join(f"<li>{page.node(o.value)}</li>" for o in g.values(r.iri, HANKE.earlierValue))
        parts.append(f'<section aria-labelledby="historia"><h2 id="historia">Aiemmin ilmoitetut tiedot</h2>\n<ul>{items}</ul></section>\n')
    parts.append(_inbound_sections(page, r))
    links = "".join(f'<li><a href="{escape(name)}.{ext}" type="{mt}">{label}</a></li>' for ext, mt, label in DOCUMENT_FORMATS)
    parts.append(f'<section aria-labelledby="muodot"><h2 id="muodot">Tiedot koneluettavina</h2>\n<ul>{links}</ul></section>\n')
    return _layout(page, g.label(r.iri), "".join(parts), head, g.label_lang(r.iri), canonical=r.iri)


def _funding_section(page: Page, r: Resource) -> str:
    g = page.g
    rows = []
    for node in g.values(r.iri, SCHEMA.funding):
        n = node.value
        cells = []
        for p in (HANKE.funderGroup, SCHEMA.funder, HANKE.fund):
            vs = g.values(n, p)
            cells.append(", ".join(page.link(v.value) for v in vs))
        amount = g.value(n, SCHEMA.amount)
        share = [page.literal(v, p.value) for p in (HANKE.sharePercentage, HANKE.maximumSharePercentage) for v in g.values(n, p)]
        if g.value(n, HANKE.maximumSharePercentage) is not None:
            share = [f"enintään {s}" if i == len(share) - 1 else s for i, s in enumerate(share)]
        stated = g.value(n, HANKE.statedText)
        anchor = escape(n.split("#", 1)[1])
        rows.append(
            f'<tr id="{anchor}"><td>{cells[0]}</td><td>{cells[1]}</td><td>{cells[2]}</td>'
            f'<td class="num">{euros(amount.value) if amount is not None else ""}</td>'
            f'<td class="num">{", ".join(share)}</td><td>{escape(stated.value) if stated is not None else ""}</td></tr>'
        )
    named = g.values(r.iri, SCHEMA.funder)
    out = ['<section aria-labelledby="rahoitus"><h2 id="rahoitus">Rahoitus</h2>\n']
    if rows:
        out.append(scroll_table(
            '<table><caption>Rahoitusosuudet</caption>\n<thead><tr><th scope="col">Rahoittajaryhmä</th>'
            '<th scope="col">Rahoittaja</th><th scope="col">Rahasto tai avustus</th><th scope="col">Summa</th>'
            '<th scope="col">Osuus</th><th scope="col">Sivun sanamuoto</th></tr></thead>\n<tbody>'
            + "\n".join(rows) + "</tbody></table>", "Rahoitusosuudet") + "\n")
    if named:
        out.append("<p>Rahoittajat (ilman summia): " + ", ".join(page.link(o.value) for o in named) + "</p>\n")
    if not rows and not named:
        out.append("<p>Rahoitusta ei ole ilmoitettu.</p>\n")
    out.append("</section>\n")
    return "".join(out)


def _contacts_section(page: Page, r: Resource) -> str:
    g = page.g
    items = []
    if g.settings.persons == "none":
        return ""
    for node in g.values(r.iri, HANKE.contact):
        role = g.value(node.value, PROV.hadRole)
        person = g.value(node.value, PROV.agent)
        role_text = page.link(role.value) if role is not None else "yhteyshenkilö"
        who = page.link(person.value) if person is not None and g.settings.persons == "names" else ""
        items.append(f"<li>{role_text}{': ' + who if who else ''}</li>")
    if not items:
        return ""
    return f'<section aria-labelledby="yhteys"><h2 id="yhteys">Yhteyshenkilöt</h2>\n<ul>{"".join(items)}</ul></section>\n'


def _sources_section(page: Page, r: Resource) -> str:
    g = page.g
    items = []
    for cite in g.values(r.iri, HANKE.citation):
        source = g.value(cite.value, DCT.source)
        first, last = g.value(cite.value, HANKE.firstLine), g.value(cite.value, HANKE.lastLine)
        lines = ""
        if first is not None and last is not None:
            lines = f", rivi {first.value}" if first.value == last.value else f", rivit {first.value}–{last.value}"
        url = g.value(source.value, SCHEMA.url) if source is not None else None
        original = f' (<a href="{escape(url.value)}">alkuperäinen sivu</a>)' if url is not None else ""
        items.append(f"<li>{page.link(source.value) if source is not None else ''}{lines}{original}</li>")
    if not items:
        items = [f"<li>{page.link(s.value)}</li>" for s in g.values(r.iri, DCT.source)]
    return f'<section aria-labelledby="lahteet"><h2 id="lahteet">Lähteet</h2>\n<ul>{"".join(items)}</ul></section>\n'


def relation_label(g: SiteGraph, subject: str, predicate: str) -> str:
    """How a record reaches a resource: the predicates from its root down ("rahoitus › rahoittaja")."""
    steps = [g.property_label(predicate)]
    node, seen = subject, set()
    while "#" in node and node not in seen:
        seen.add(node)
        up = g.parent(node)
        if up is None:
            break
        node, p = up
        steps.append(g.property_label(p))
    return " › ".join(reversed(steps))


def _total(total: Decimal, items: Iterable) -> str:
    """The sum of the stated amounts, or a dash where none is stated."""
    return euros(total) if any(x[-1] is not None for x in items) else "–"


def _inbound_sections(page: Page, r: Resource) -> str:
    g = page.g
    funded: list[tuple[str, str, str, Decimal | None]] = []
    other: dict[tuple[str, str], list[str]] = defaultdict(list)
    for t in g.inbound.get(r.iri, ()):
        s, p = t.subject.value, t.predicate.value
        root = root_of(s)
        if root == r.iri or root not in g.resources:
            continue
        label = relation_label(g, s, p)
        role = g.value(s, PROV.hadRole)
        if role is not None:
            label += f" ({g.label(role.value)})"
        if p in FUNDING_LINKS and "earlierValue" not in label and g.property_label(HANKE.earlierValue.value) not in label:
            amount = g.value(s, SCHEMA.amount)
            funded.append((root, s, label, Decimal(amount.value) if amount is not None else None))
        else:
            other[(root, label)].append(s)
    out = []
    if funded:
        rows, total = [], Decimal(0)
        for root, s, label, amount in sorted(funded, key=lambda x: (finnish_sort_key(g.label(x[0])), x[1])):
            total += amount or 0
            rows.append(f'<tr><th scope="row">{page.link(root)}</th><td>{escape(label)}</td>'
                        f'<td class="num">{euros(amount) if amount is not None else "–"}</td></tr>')
        out.append(
            '<section aria-labelledby="rahoitetut"><h2 id="rahoitetut">Rahoitetut hankkeet</h2>\n'
            + scroll_table(
                '<table><caption>Hankkeet, joita tämä rahoittaa, ja ilmoitetut summat</caption>\n'
                '<thead><tr><th scope="col">Hanke</th><th scope="col">Yhteys</th><th scope="col">Summa</th></tr></thead>\n<tbody>'
                + "\n".join(rows)
                + f'</tbody>\n<tfoot><tr><th scope="row">Yhteensä ({len(rows)})</th><td></td><td class="num">{_total(total, funded)}</td></tr></tfoot></table>',
                "Rahoitetut hankkeet")
            + "</section>\n"
        )
    if other:
        rows = [f'<tr><th scope="row">{page.link(root)}</th><td>{escape(KIND_NAMES[g.resources[root].kind])}</td><td>{escape(label)}</td></tr>'
                for root, label in sorted(other, key=lambda k: (g.resources[k[0]].kind, finnish_sort_key(g.label(k[0])), k[0], k[1]))]
        out.append(
            '<section aria-labelledby="viittaukset"><h2 id="viittaukset">Viittaukset</h2>\n'
            + scroll_table(
                '<table><caption>Muut tiedot, jotka viittaavat tähän</caption>\n'
                '<thead><tr><th scope="col">Kohde</th><th scope="col">Laji</th><th scope="col">Yhteys</th></tr></thead>\n<tbody>'
                + "\n".join(rows) + "</tbody></table>", "Viittaukset")
            + "</section>\n"
        )
    return "".join(out)


# --- schema.org JSON-LD -----------------------------------------------------------------------


def _lit_text(g: SiteGraph, s: str, p) -> str | None:
    found = g.text(g.values(s, p))
    return found.value if found is not None else None


def _ref(g: SiteGraph, iri: str, schema_type: str) -> dict:
    return {"@id": iri, "@type": schema_type, "name": g.label(iri)}


SCHEMA_TYPES = {"project": "Project", "org": "Organization", "person": "Person", "programme": "FundingScheme",
                "source": "WebPage"}


def schema_org(g: SiteGraph, r: Resource) -> dict:
    """The resource in schema.org terms, for the page's embedded JSON-LD."""
    s = r.iri
    doc: dict = {"@context": "https://schema.org", "@id": s, "@type": SCHEMA_TYPES[r.kind], "name": g.label(s)}
    if r.kind == "person" and g.settings.persons != "names":
        doc["name"] = None
        del doc["name"]
    description = _lit_text(g, s, DCT.description)
    if description:
        doc["description"] = description
    ident = g.value(s, DCT.identifier)
    if ident is not None:
        doc["identifier"] = ident.value
    if r.kind == "project":
        funding = []
        for node in g.values(s, SCHEMA.funding):
            grant: dict = {"@id": node.value, "@type": "MonetaryGrant"}
            amount = g.value(node.value, SCHEMA.amount)
            if amount is not None:
                grant["amount"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": float(Decimal(amount.value))}
            funders = [_ref(g, f.value, "Organization") for f in g.values(node.value, SCHEMA.funder)]
            funders += [_ref(g, f.value, "FundingScheme") for f in g.values(node.value, HANKE.fund)]
            if funders:
                grant["funder"] = funders
            funding.append(grant)
        if funding:
            doc["funding"] = funding
        funders = [_ref(g, f.value, "Organization") for f in g.values(s, SCHEMA.funder)]
        if funders:
            doc["funder"] = funders
        dept = g.value(s, HANKE.department)
        if dept is not None:
            doc["parentOrganization"] = _ref(g, dept.value, "Organization")
        sources = [g.value(o.value, SCHEMA.url) for o in g.values(s, DCT.source)]
        if any(sources):
            doc["isBasedOn"] = sorted(u.value for u in sources if u is not None)
        if g.settings.persons != "none":
            members = []
            for node in g.values(s, HANKE.contact):
                person, role = g.value(node.value, PROV.agent), g.value(node.value, PROV.hadRole)
                entry: dict = {"@type": "Role", "roleName": g.label(role.value) if role is not None else ""}
                if person is not None and g.settings.persons == "names":
                    entry["member"] = _ref(g, person.value, "Person")
                members.append(entry)
            if members:
                doc["member"] = members
    elif r.kind == "org":
        alt = [l.value for l in g.values(s, SKOS.altLabel) if isinstance(l, ox.Literal)]
        if alt:
            doc["alternateName"] = sorted(set(alt))
        home = g.value(s, FOAF.homepage)
        if home is not None:
            doc["url"] = home.value
        parent = g.value(s, ORG.unitOf)
        if parent is not None:
            doc["parentOrganization"] = _ref(g, parent.value, "Organization")
    elif r.kind == "programme":
        parent = g.value(s, DCT.isPartOf)
        if parent is not None:
            doc["isPartOf"] = _ref(g, parent.value, "FundingScheme")
    elif r.kind == "source":
        url = g.value(s, SCHEMA.url)
        if url is not None:
            doc["url"] = url.value
        date = g.value(s, DCT.date)
        if date is not None:
            doc["datePublished"] = date.value
        pub = g.value(s, DCT.publisher)
        if pub is not None:
            doc["publisher"] = _ref(g, pub.value, "Organization")
    return doc


# --- documents of a description ---------------------------------------------------------------


def documents(triples: Sequence[ox.Triple]) -> dict[str, bytes]:
    """The description as Turtle, JSON-LD (with the publication's context) and N-Triples."""
    ordered = sort_triples(triples)
    nt = ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) if ordered else b""
    return {"ttl": turtle_header() + turtle_body(ordered), "jsonld": jsonld_document(ordered), "nt": nt}


# --- index pages ------------------------------------------------------------------------------


def _project_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/project/index.html", pages)
    rows = []
    for s in g.by_label(r.iri for r in g.of_kind("project")):
        dept = g.value(s, HANKE.department)
        period, key = period_plain(g, s)
        budget = g.value(s, HANKE.totalBudget)
        funders: list[str] = []
        for node in g.values(s, SCHEMA.funding):
            funders += [o.value for o in g.values(node.value, SCHEMA.funder)]
        funders += [o.value for o in g.values(s, SCHEMA.funder)]
        funders = g.by_label(set(funders))
        dept_label = g.label(dept.value) if dept is not None else ""
        rows.append(
            f'<tr><th scope="row" data-sort="{escape(finnish_sort_key(g.label(s)))}">{page.link(s)}</th>'
            f'<td data-sort="{escape(finnish_sort_key(dept_label))}">{page.link(dept.value) if dept is not None else ""}</td>'
            f'<td data-sort="{escape(key)}">{period}</td>'
            f'<td class="num" data-sort="{escape(budget.value) if budget is not None else ""}">{euros(budget.value) if budget is not None else "–"}</td>'
            f'<td data-sort="{escape(finnish_sort_key(", ".join(g.label(f) for f in funders)))}">'
            f'{", ".join(page.link(f) for f in funders)}</td></tr>'
        )
    head = f'<script src="{escape(page.href("assets/sort.js"))}" defer></script>\n'
    body = (
        f'<p>Kaikki {len(rows)} hanketta nimen mukaan aakkosjärjestyksessä. Sarakkeen otsikon painike järjestää taulukon.</p>\n'
        + scroll_table(
            '<table class="sortable"><caption>Hankkeet: nimi, toimiala, toiminta-aika, kokonaisbudjetti ja rahoittajat</caption>\n'
            '<thead><tr><th scope="col" aria-sort="ascending">Nimi</th><th scope="col">Toimiala</th><th scope="col">Toiminta-aika</th>'
            '<th scope="col" data-type="number">Budjetti</th><th scope="col">Rahoittajat</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody></table>", "Hankkeet") + "\n"
    )
    return _layout(page, KIND_TITLES["project"], body, head)


def _org_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/org/index.html", pages)
    funded: dict[str, tuple[set[str], Decimal | None]] = {}
    for r in g.of_kind("org"):
        projects, total, stated = set(), Decimal(0), False
        for t in g.inbound.get(r.iri, ()):
            if t.predicate.value == SCHEMA.funder.value and root_of(t.subject.value) in g.resources:
                root = root_of(t.subject.value)
                if g.resources[root].kind != "project" or g.parent(t.subject.value) and g.parent(t.subject.value)[1] == HANKE.value.value:
                    continue
                projects.add(root)
                amount = g.value(t.subject.value, SCHEMA.amount)
                if amount is not None:
                    total, stated = total + Decimal(amount.value), True
        if projects:
            funded[r.iri] = (projects, total if stated else None)
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
    )
    return _layout(page, KIND_TITLES["org"], body)


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
    return _layout(page, KIND_TITLES["programme"], body)


def _person_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/person/index.html", pages)
    rows = []
    for iri in g.by_label(r.iri for r in g.of_kind("person")):
        roles = []
        for t in g.inbound.get(iri, ()):
            if t.predicate.value == PROV.agent.value and root_of(t.subject.value) in g.resources:
                role = g.value(t.subject.value, PROV.hadRole)
                history = relation_label(g, t.subject.value, t.predicate.value).startswith(g.property_label(HANKE.earlierValue.value))
                roles.append(page.link(root_of(t.subject.value)) + (f" ({escape(g.label(role.value))}" if role is not None else " (")
                             + (", aiempi tieto)" if history else ")"))
        rows.append(f'<tr><th scope="row">{page.link(iri)}</th><td>{"; ".join(roles)}</td></tr>')
    body = scroll_table('<table><caption>Hankkeiden yhteyshenkilöt ja heidän tehtävänsä</caption>\n<thead><tr><th scope="col">Nimi</th>'
                        '<th scope="col">Hankkeet</th></tr></thead>\n<tbody>' + "\n".join(rows) + "</tbody></table>",
                        KIND_TITLES["person"]) + "\n"
    return _layout(page, KIND_TITLES["person"], body)


def _source_index(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "id/source/index.html", pages)
    items = []
    for iri in g.by_label(r.iri for r in g.of_kind("source")):
        date = g.value(iri, DCT.date)
        when = f" ({page.literal(date, DCT.date.value)})" if date is not None else ""
        items.append(f"<li>{page.link(iri)}{when}</li>")
    return _layout(page, KIND_TITLES["source"], f"<ul>{''.join(items)}</ul>\n")


def _home(g: SiteGraph, pages: bool) -> str:
    page = Page(g, "index.html", pages)
    s = g.settings
    desc = g.text([ox.Literal(t, language=l) for l, t in s.description.items])
    stem = s.dataset
    sections = []
    lists = [(f"id/{k}/index.html", KIND_TITLES[k], len(g.of_kind(k))) for k in KINDS if k != "person" or s.persons == "names"]
    if pages:
        items = "".join(f'<li><a href="{escape(page.href(p))}">{escape(t)}</a> ({n})</li>' for p, t, n in lists)
        sections.append(f'<section aria-labelledby="selaa"><h2 id="selaa">Selaa</h2>\n<ul>{items}</ul></section>\n')
    downloads = [(f"{stem}.ttl", "koko aineisto Turtle-muodossa"), (f"{stem}.jsonld", "koko aineisto JSON-LD-muodossa"),
                 (f"{stem}.nt", "koko aineisto N-Triples-muodossa"), (f"{stem}-projects.csv", "hankkeet taulukkona (CSV)"),
                 ("catalog.ttl", "aineistokuvaus (DCAT-AP)"), (".well-known/void", "aineiston tilastot (VoID)"),
                 (VOCABULARY_PAGE, "sanaston kuvaus")]
    items = "".join(f'<li><a href="{escape(page.href(p))}">{escape(t)}</a></li>' for p, t in downloads)
    sections.append(f'<section aria-labelledby="lataa"><h2 id="lataa">Avoin data</h2>\n<ul>{items}</ul>\n'
                    f'<p>SPARQL-kyselyt: <a href="{escape(page.href(QUERY_PAGE))}">esimerkkikyselyt ja kyselyrajapinta</a>.</p>'
                    "</section>\n")
    lang = desc.language if desc is not None else "fi"
    attr = f' lang="{lang}"' if lang != "fi" else ""
    body = f"<p{attr}>{escape(desc.value) if desc is not None else ''}</p>\n" + "".join(sections)
    title = g.text(_site_titles(s))
    return _layout(page, title.value if title is not None else s.dataset, body)


def query_page(settings: Settings) -> str:
    """`sparql.html`: the example queries with their results, and where the endpoint is.

    A static page, so it works from disk too; `kemi-lod serve` answers `sparql` itself with a
    page that runs the queries. The form sends a query to the endpoint: the `endpoint` setting,
    else `sparql` beside this page (what `kemi-lod serve` answers).
    """
    from kemi_lod.sparql.queries import examples

    action = settings.endpoint or "sparql"
    if settings.endpoint:
        where = (f'<p>Julkaisun SPARQL 1.1 -rajapinta on osoitteessa <a href="{escape(settings.endpoint)}">'
                 f"<code>{escape(settings.endpoint)}</code></a>.</p>\n")
    else:
        where = ("<p>Tällä julkaisulla ei ole julkista SPARQL-rajapintaa. Kyselyt voi ajaa omalla koneella: "
                 "<code>kemi-lod serve</code> palvelee julkaisua ja vastaa kyselyihin osoitteessa "
                 "<code>/sparql</code> (lomake alla toimii silloin), ja <code>kemi-lod query</code> ajaa kyselyn "
                 "komentoriviltä. Koko aineiston voi myös ladata omaan tietokantaan.</p>\n")
    items = "".join(
        f'<li><span lang="fi">{escape(q.headers.get("title-fi") or q.title or q.name)}</span>: '
        f'<a href="queries/{escape(q.name)}.rq" type="application/sparql-query">kysely</a>, '
        f'<a href="queries/{escape(q.name)}.csv" type="text/csv">tulos tämän julkaisun tiedoilla (CSV)</a></li>'
        for q in examples())
    default = examples()[0].text if examples() else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"
    body = (
        where
        + f'<form method="get" action="{escape(action)}">\n<p><label for="query">Kysely (SPARQL 1.1)</label></p>\n'
        f'<textarea id="query" name="query" rows="16" cols="100">{escape(default)}</textarea>\n'
        '<p><button type="submit">Suorita</button></p>\n</form>\n'
        f'<section aria-labelledby="esim"><h2 id="esim">Esimerkkikyselyt</h2>\n<ul>{items}</ul></section>\n'
    )
    return layout(settings, QUERY_PAGE, "SPARQL-kyselyt", body)


# --- assets -------------------------------------------------------------------------------------

SITE_CSS = """\
body{font-family:system-ui,sans-serif;color:#1a1a1a;background:#fff;max-width:72rem;margin:0 auto;padding:0 1rem;line-height:1.5}
a{color:#0b4f9c}
a:visited{color:#5a2a82}
a:focus,button:focus{outline:3px solid #c05600;outline-offset:2px}
.skip{position:absolute;left:-999rem}
.skip:focus{position:static;display:inline-block;padding:.5rem;background:#fff}
header{border-bottom:1px solid #767676;margin-bottom:1rem}
header .site{font-weight:bold;margin:.5rem 0}
nav ul{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
footer{border-top:1px solid #767676;margin-top:2rem;font-size:.9rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid #767676;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#eef1f5}
td.num{text-align:right;white-space:nowrap}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;color:#0b4f9c;cursor:pointer;text-decoration:underline}
dl.facts>dt,dl.node>dt{font-weight:bold}
dl.facts>dd,dl.node>dd{margin:0 0 .4rem 1.5rem}
dl.node{border-left:3px solid #d0d7e2;padding-left:.5rem;margin:0}
code,a.iri{overflow-wrap:anywhere}
main{overflow-wrap:break-word}
.scroll{overflow-x:auto;max-width:100%}
.scroll>table{margin:.25rem 0}
.scroll:focus{outline:3px solid #c05600;outline-offset:2px}
textarea{width:100%;box-sizing:border-box;font-family:ui-monospace,monospace}
.kind{color:#4a4a4a;margin-top:0}
@media (max-width:40rem){body{padding:0 .5rem}h1{font-size:1.5rem}dl.facts>dd,dl.node>dd{margin-left:.75rem}}
"""

SORT_JS = """\
// Sortable tables: each column header of a table.sortable becomes a button that sorts the rows
// by that column. A cell's data-sort value is the key the build computed (Finnish alphabetical
// order as plain code-point order, the same in every browser and locale), compared as a plain
// string; numeric columns compare numbers. The table is complete without this script; it only
// adds the buttons.
(function () {
  "use strict";
  function key(cell, numeric) {
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (numeric) { return v === "" ? -Infinity : parseFloat(v); }
    return v;
  }
  function sort(table, index, button) {
    var tbody = table.tBodies[0];
    var numeric = button.parentNode.getAttribute("data-type") === "number";
    var ascending = button.parentNode.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var c = numeric ? x - y : (x < y ? -1 : (x > y ? 1 : 0));
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    button.parentNode.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      button.title = "Järjestä";
      button.addEventListener("click", function () { sort(table, index, button); });
      th.textContent = "";
      th.appendChild(button);
    });
  });
})();
"""


# --- writing ------------------------------------------------------------------------------------


def read_triples(dump: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path=str(dump), format=ox.RdfFormat.N_TRIPLES)]


def site_files(settings: Settings, triples: Iterable[ox.Triple], pages: bool = True,
               progress: Progress = SILENT) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (path under the web root, bytes), in a deterministic order.

    `progress` hears of the resources' pages as they are made (stage "pages").
    """
    g = SiteGraph.of(settings, triples)
    yield from {
        "assets/site.css": SITE_CSS.encode(),
        "assets/sort.js": SORT_JS.encode(),
        "index.html": _home(g, pages).encode(),
        QUERY_PAGE: query_page(settings).encode(),
        **hosting_files(),
    }.items()
    if not pages:
        return
    yield "id/project/index.html", _project_index(g, pages).encode()
    yield "id/org/index.html", _org_index(g, pages).encode()
    yield "id/programme/index.html", _programme_index(g, pages).encode()
    yield "id/source/index.html", _source_index(g, pages).encode()
    if settings.persons == "names":
        yield "id/person/index.html", _person_index(g, pages).encode()
    paged = [r for _, r in sorted(g.resources.items()) if r.kind != "person" or settings.persons == "names"]
    progress.stage("pages", len(paged), "pages")
    for r in paged:
        yield r.page, resource_page(g, r, pages).encode()
        for ext, data in documents(g.description(r)).items():
            yield f"{r.path}.{ext}", data
        progress.advance()


def write_site(out: Path, settings: Settings, dump: Path, pages: bool = True, progress: Progress = SILENT) -> list[Written]:
    written = []
    # Without per-resource pages the site is the home page, which needs no triples: the dump is
    # not read again (at 100,000 projects that read and index took over a minute).
    triples = read_triples(dump) if pages else []
    for name, data in site_files(settings, triples, pages, progress):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(Written(name, len(data)))
    return written
