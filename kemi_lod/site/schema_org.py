"""A resource in schema.org terms, for its page's embedded JSON-LD (what search engines read)."""

from __future__ import annotations

import pyoxigraph as ox

from kemi_lod.site.graph import Money, Resource, SiteGraph, amounts
from kemi_lod.vocabulary.terms import DCT, FOAF, HANKE, ORG, PROV, SCHEMA, SKOS

SCHEMA_TYPES = {"project": "Project", "org": "Organization", "person": "Person", "programme": "FundingScheme",
                "source": "WebPage", "place": "Place"}


def schema_org(g: SiteGraph, r: Resource) -> dict:
    """The resource in schema.org terms, for the page's embedded JSON-LD."""
    s = r.iri
    doc: dict = {"@context": "https://schema.org", "@id": s, "@type": SCHEMA_TYPES[r.kind], "name": g.label(s)}
    if r.kind == "person" and g.settings.persons != "names":
        del doc["name"]
    description = _lit_text(g, s, DCT.description)
    if description:
        doc["description"] = description
    ident = g.value(s, DCT.identifier)
    if ident is not None:
        doc["identifier"] = ident.value
    by_kind = {"project": _project, "org": _organisation, "programme": _programme, "source": _source}
    if r.kind in by_kind:
        doc.update(by_kind[r.kind](g, s))
    return doc


def _lit_text(g: SiteGraph, s: str, p) -> str | None:
    found = g.text(g.values(s, p))
    return found.value if found is not None else None


def _ref(g: SiteGraph, iri: str, schema_type: str) -> dict:
    return {"@id": iri, "@type": schema_type, "name": g.label(iri)}


def _project(g: SiteGraph, s: str) -> dict:
    doc: dict = {}
    funding = [_grant(g, node.value) for node in g.values(s, SCHEMA.funding)]
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
        members = [_member(g, node.value) for node in g.values(s, HANKE.contact)]
        if members:
            doc["member"] = members
    return doc


def _grant(g: SiteGraph, node: str) -> dict:
    """A funding share as a MonetaryGrant: its amounts of the financing plan (a paid amount is not
    what was granted), each in the currency the data states, and its funders and funds."""
    grant: dict = {"@id": node, "@type": "MonetaryGrant"}
    shown = [_amount(m) for m in amounts(g, node, SCHEMA.amount) if m.planned]
    if shown:
        grant["amount"] = shown[0] if len(shown) == 1 else shown
    funders = [_ref(g, f.value, "Organization") for f in g.values(node, SCHEMA.funder)]
    funders += [_ref(g, f.value, "FundingScheme") for f in g.values(node, HANKE.fund)]
    if funders:
        grant["funder"] = funders
    return grant


def _amount(m: Money) -> dict:
    """A schema.org MonetaryAmount; one for a single year is valid from its first to its last day."""
    amount: dict = {"@type": "MonetaryAmount", "value": float(m.value)}
    if m.currency:
        amount["currency"] = m.currency
    if m.year:
        amount |= {"validFrom": f"{m.year}-01-01", "validThrough": f"{m.year}-12-31"}
    return amount


def _member(g: SiteGraph, node: str) -> dict:
    """A contact as a Role; the person only where the publication names persons."""
    person, role = g.value(node, PROV.agent), g.value(node, PROV.hadRole)
    entry: dict = {"@type": "Role", "roleName": g.label(role.value) if role is not None else ""}
    if person is not None and g.settings.persons == "names":
        entry["member"] = _ref(g, person.value, "Person")
    return entry


def _organisation(g: SiteGraph, s: str) -> dict:
    doc: dict = {}
    alt = [l.value for l in g.values(s, SKOS.altLabel) if isinstance(l, ox.Literal)]
    if alt:
        doc["alternateName"] = sorted(set(alt))
    return doc | _present(g, s, ((FOAF.homepage, "url", None), (ORG.unitOf, "parentOrganization", "Organization")))


def _programme(g: SiteGraph, s: str) -> dict:
    return _present(g, s, ((DCT.isPartOf, "isPartOf", "FundingScheme"),))


def _source(g: SiteGraph, s: str) -> dict:
    return _present(g, s, ((SCHEMA.url, "url", None), (DCT.date, "datePublished", None),
                           (DCT.publisher, "publisher", "Organization")))


def _present(g: SiteGraph, s: str, fields) -> dict:
    """The schema.org keys of the values the resource has: (predicate, key, the type of a
    referenced resource, or None for a plain value)."""
    doc = {}
    for predicate, key, referenced in fields:
        value = g.value(s, predicate)
        if value is not None:
            doc[key] = _ref(g, value.value, referenced) if referenced else value.value
    return doc
