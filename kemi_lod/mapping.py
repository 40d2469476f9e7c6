"""Records -> RDF triples. The only place that mints resource IRIs.

Every literal is written in its canonical lexical form (decimals as ``449880.0``), so the
dumps survive a round trip through any parser unchanged. Nodes inside a record are hash IRIs
of the record's resource (``…/id/project/x#period``); there are no blank nodes, which keeps
the output deterministic and lets a page or a SPARQL user name every node.

Besides the triples, the mapping returns where each node came from, so validation results
point back to the YAML file and line that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Mapping

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.linking import (
    CLASSIFICATION_SOURCE, NUTS_SOURCE, OfficialPlace, code_iri, nuts_iri, reference, register_page, wikidata_iri,
)
from kemi_lod.records.fields import CURRENCY, DEFAULT_STATUS, Entry, PartialDate, Ref, Text
from kemi_lod.records.load import Record, Records
from kemi_lod.vocabulary.terms import (
    ADMS, DCAT, DCT, FOAF, HANKE, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, code,
)

Triple = ox.Triple


@dataclass(frozen=True)
class Origin:
    path: str
    line: int
    field: str


@dataclass(frozen=True)
class Mapped:
    triples: tuple[ox.Triple, ...]
    origins: Mapping[str, Origin]  # node IRI -> where its record says it
    field_origins: Mapping[tuple[str, str], Origin]  # (node IRI, predicate IRI) -> field


# --- literals ------------------------------------------------------------------------------


def canonical_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text else text + ".0"


def decimal(value: Decimal) -> ox.Literal:
    return ox.Literal(canonical_decimal(value), datatype=XSD.decimal)


def boolean(value: bool) -> ox.Literal:
    return ox.Literal("true" if value else "false", datatype=XSD.boolean)


def when(value: PartialDate) -> ox.Literal:
    return ox.Literal(value.lexical, datatype=XSD[value.datatype])


def day(value) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=XSD.date)


def positive(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.positiveInteger)


def texts(value: Text) -> list[ox.Literal]:
    return [ox.Literal(s, language=lang) for lang, s in value.items]


def plain(value: str) -> ox.Literal:
    return ox.Literal(value)


def finnish(value: str) -> ox.Literal:
    return ox.Literal(value, language="fi")


# --- the mapper ----------------------------------------------------------------------------


# The classes of each kind's resource (units of organisations get UNIT_CLASSES too): used by
# the mapper, and by validation to know what another record's resource is without reading it.
ROOT_CLASSES: Mapping[str, tuple[ox.NamedNode, ...]] = {
    "source": (FOAF.Document, PROV.Entity),
    "org": (ORG.Organization,),
    "person": (FOAF.Person,),
    "programme": (HANKE.FundingProgramme,),
    "project": (HANKE.Project, SCHEMA.Project),  # schema:Project too: the reuse guide's promise
    "place": (DCT.Location, SCHEMA.Place),
}
UNIT_CLASSES = (ORG.OrganizationalUnit,)
# Who issues each scheme's identifiers (adms:schemaAgency); a register code's agency is the
# register named in the settings.
SCHEMA_AGENCY: Mapping[str, str] = {
    "business-id": "Yritys- ja yhteisötietojärjestelmä (YTJ)",
    "municipality-code": "Tilastokeskus",
    "region-code": "Tilastokeskus",
    "lau": "Eurostat",
    "nuts": "Eurostat",
    "cci": "European Commission",
    "wikidata": "Wikidata",
}


def is_unit(record: Record) -> bool:
    return record.kind == "org" and record.entry.get("type") == "unit"


def root_classes(kind: str, unit: bool = False) -> frozenset[str]:
    return frozenset(c.value for c in ROOT_CLASSES[kind] + (UNIT_CLASSES if unit else ()))


def resource_iri(settings: Settings, kind: str, ident: str) -> str:
    """`{base}id/<kind>/<id>`; organisations live under their own IRI space."""
    base = settings.organisations_base if kind == "org" else settings.base_iri
    return f"{base}id/{kind}/{ident}"


class _Mapper:
    """Collects triples and origins; each record kind has one method."""

    def __init__(self, settings: Settings, persons_in_use: frozenset[str] | None = None) -> None:
        self.settings = settings
        # the persons a current contact names: the only ones published while earlier contacts
        # are not (None: every person record is published)
        self.persons_in_use = persons_in_use
        self.earlier = False  # mapping a history item's earlier value
        self.triples: list[ox.Triple] = []
        self.origins: dict[str, Origin] = {}
        self.field_origins: dict[tuple[str, str], Origin] = {}
        self.path = ""

    def root(self, kind: str, ident: str, entry: Entry, unit: bool = False) -> ox.NamedNode:
        s = self.iri(kind, ident)
        classes = ROOT_CLASSES[kind] + (UNIT_CLASSES if unit else ())
        self.node(s, classes[0], entry, "")
        for cls in classes[1:]:
            self.add(s, RDF.type, cls)
        return s

    # helpers
    def iri(self, kind: str, ident: str) -> ox.NamedNode:
        return ox.NamedNode(resource_iri(self.settings, kind, ident))

    def ref(self, target: Ref) -> ox.NamedNode:
        return self.iri(target.kind, target.id)

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        self.triples.append(ox.Triple(s, p, o))

    def node(self, iri: ox.NamedNode, cls: ox.NamedNode, entry: Entry | None, name: str, line: int = 0) -> ox.NamedNode:
        self.add(iri, RDF.type, cls)
        self.origins[iri.value] = Origin(self.path, entry.line if entry else line, name)
        return iri

    def field(self, s: ox.NamedNode, p: ox.NamedNode, objects: Iterable, entry: Entry, name: str, where: str) -> None:
        for o in objects:
            self.add(s, p, o)
        self.field_origins[(s.value, p.value)] = Origin(self.path, entry.line_of(name), where)

    # record kinds
    def source(self, rec: Record) -> None:
        e, s = rec.entry, self.root("source", rec.id, rec.entry)
        self.field(s, DCT.title, texts(e.get("title")), e, "title", "title")
        self.field(s, SCHEMA.url, [ox.NamedNode(e.get("url"))], e, "url", "url")
        if "publisher" in e:
            self.field(s, DCT.publisher, [self.ref(e.get("publisher"))], e, "publisher", "publisher")
        if "date" in e:
            self.field(s, DCT.date, [when(e.get("date"))], e, "date", "date")
        if "file" in e:
            self.field(s, DCT.identifier, [plain(e.get("file"))], e, "file", "file")
        if "description" in e:
            self.field(s, DCT.description, texts(e.get("description")), e, "description", "description")

    def organisation(self, rec: Record) -> None:
        e, s = rec.entry, self.root("org", rec.id, rec.entry, unit=is_unit(rec))
        if is_unit(rec):
            self.field(s, ORG.unitOf, [self.ref(e.get("unit_of"))], e, "unit_of", "unit_of")
        self.field(s, SKOS.prefLabel, texts(e.get("name")), e, "name", "name")
        for alt in e.get("alt_names", ()):
            self.field(s, SKOS.altLabel, texts(alt), e, "alt_names", "alt_names")
        if "homepage" in e:
            self.field(s, FOAF.homepage, [ox.NamedNode(e.get("homepage"))], e, "homepage", "homepage")
        if "jurisdiction" in e:
            self.field(s, DCT.spatial, [self.ref(e.get("jurisdiction"))], e, "jurisdiction", "jurisdiction")
        if "business_id" in e:  # given by the record, or else found by its names
            bid = e.get("business_id")
            self.identifier(s, "business-id", bid.get("value"), bid.get("source"), Origin(self.path, bid.line, "business_id"))
        elif not is_unit(rec) and (known := reference().organisation(_names(e))) is not None:
            self.identifier(s, "business-id", known.business_id, known.source, Origin(self.path, e.line_of("name"), "name"))

    def person(self, rec: Record) -> None:
        # `persons: roles | none`: the record is still read and checked, but no person
        # resource is published (its name is personal data)
        if self.settings.persons != "names":
            return
        if self.persons_in_use is not None and rec.id not in self.persons_in_use:
            return  # only an earlier contact: not published unless earlier_contacts asks
        e, s = rec.entry, self.root("person", rec.id, rec.entry)
        self.field(s, FOAF.name, [plain(e.get("name"))], e, "name", "name")

    def programme(self, rec: Record) -> None:
        e, s = rec.entry, self.root("programme", rec.id, rec.entry)
        self.field(s, SKOS.prefLabel, texts(e.get("name")), e, "name", "name")
        self.field(s, HANKE.programmeLevel, [code("programme-level", e.get("level"))], e, "level", "level")
        if "notation" in e:
            self.field(s, SKOS.notation, [plain(e.get("notation"))], e, "notation", "notation")
        for name, p in (("part_of", DCT.isPartOf), ("fund", HANKE.fund), ("managed_by", HANKE.managedBy)):
            if name in e:
                self.field(s, p, [self.ref(e.get(name))], e, name, name)
        if "description" in e:
            self.field(s, DCT.description, texts(e.get("description")), e, "description", "description")
        if (known := reference().programme(_names(e))) is not None:
            self.identifier(s, "cci", known.cci, known.source, Origin(self.path, e.line_of("name"), "name"))
            if known.page:
                self.add(s, RDFS.seeAlso, ox.NamedNode(known.page))

    def place(self, rec: Record) -> None:
        """A place with its names; a municipality or region also with its official codes, found
        by its names in the reference tables."""
        e, s = rec.entry, self.root("place", rec.id, rec.entry)
        kind = e.get("type")
        self.field(s, SKOS.prefLabel, texts(e.get("name")), e, "name", "name")
        for alt in e.get("alt_names", ()):
            self.field(s, SKOS.altLabel, texts(alt), e, "alt_names", "alt_names")
        self.field(s, DCT.type, [code("place-type", kind)], e, "type", "type")
        if "within" in e:
            self.field(s, SCHEMA.containedInPlace, [self.ref(e.get("within"))], e, "within", "within")
        if kind in ("municipality", "region"):
            self.add(s, RDF.type, SCHEMA.AdministrativeArea)
            official = reference().place(kind, _names(e))
            if official is not None:
                self.official_place(s, official, Origin(self.path, e.line_of("name"), "name"))

    def official_place(self, s: ox.NamedNode, p: OfficialPlace, origin: Origin) -> None:
        """The codes of a municipality (its code, LAU code) or a region (its code, NUTS 3 code),
        and its Wikidata item: each an identifier with its source, and a link to its IRI."""
        if p.kind == "municipality":
            codes = (("municipality-code", p.code, CLASSIFICATION_SOURCE, code_iri(self.settings.municipality_codes, p.code)),
                     ("lau", p.code, CLASSIFICATION_SOURCE, None))
        else:
            codes = (("region-code", p.code, CLASSIFICATION_SOURCE, code_iri(self.settings.region_codes, p.code)),
                     ("nuts", p.nuts3, NUTS_SOURCE, nuts_iri(p.nuts3)))
        if p.wikidata is not None:
            codes += (("wikidata", p.wikidata.value, p.wikidata.source, wikidata_iri(p.wikidata.value)),)
        for scheme, value, source, iri in codes:
            self.identifier(s, scheme, value, source, origin)
            if iri is not None:
                self.add(s, SKOS.exactMatch, ox.NamedNode(iri))

    def identifier(self, s: ox.NamedNode, scheme: str, value: str, source: str, origin: Origin,
                   agency: str | None = None) -> ox.NamedNode:
        """An identifier of the resource: its code, its scheme and issuer, where it was taken from."""
        node = ox.NamedNode(f"{s.value}#{scheme}")
        self.add(node, RDF.type, ADMS.Identifier)
        self.origins[node.value] = origin
        self.add(s, ADMS.identifier, node)
        self.add(node, SKOS.notation, plain(value))
        self.add(node, DCT.type, code("identifier-scheme", scheme))
        self.add(node, ADMS.schemaAgency, plain(agency or SCHEMA_AGENCY[scheme]))
        self.add(node, DCT.source, ox.NamedNode(source))
        return node

    def register_links(self, s: ox.NamedNode, value: str, source: str, origin: Origin) -> None:
        """A project's code in the register the settings name: an identifier, a link to the
        project's page there and, where the register has its own publication, the same
        project there (its id is the code in lower case, as the register importer makes it)."""
        register = self.settings.register
        if register is None:
            return
        page = register_page(register.page, value)
        self.identifier(s, "register-code", value, source, origin, agency=register.name.first())
        self.add(s, RDFS.seeAlso, ox.NamedNode(page))
        if register.publication is not None and not s.value.startswith(register.publication):
            self.add(s, OWL.sameAs, ox.NamedNode(f"{register.publication}id/project/{value.lower()}"))

    def project(self, rec: Record) -> None:
        e, s = rec.entry, self.root("project", rec.id, rec.entry)
        if "identifier" in e:  # the source's own code (a register's project code)
            self.field(s, DCT.identifier, [plain(e.get("identifier"))], e, "identifier", "identifier")
            first_source = self.ref(e.get("sources")[0].get("source")).value  # the register's own list
            self.register_links(s, e.get("identifier"), first_source, Origin(self.path, e.line_of("identifier"), "identifier"))
        else:
            self.add(s, DCT.identifier, plain(rec.id))
        if "register_code" in e:  # a curated project's code in the register
            reg = e.get("register_code")
            self.register_links(s, reg.get("value"), reg.get("source"), Origin(self.path, reg.line, "register_code"))
        if "public_funding" in e:
            public = e.get("public_funding")
            for key, status in (("planned", "planned"), ("realised", "paid")):
                if key in public:
                    node = self.money(
                        ox.NamedNode(f"{s.value}#public-funding-{status}"), public.get(key), status,
                        Origin(self.path, public.line_of(key), f"public_funding.{key}"),
                    )
                    self.add(s, HANKE.publicFunding, node)
        derived = e.get("title_derived")
        self.add(s, HANKE.titleDerived, boolean(derived is not None))
        if derived is not None:
            self.field(s, HANKE.titleDerivedFrom, [finnish(derived.get("from"))], e, "title_derived", "title_derived.from")
        for i, cite in enumerate(e.get("sources"), start=1):
            self.add(s, DCT.source, self.ref(cite.get("source")))
            self.citation(ox.NamedNode(f"{s.value}#citation-{i}"), cite, s, f"sources[{i}]")
        for name, value in e.values.items():
            if name == "contacts" and self.settings.persons == "none":
                continue  # no contact role, so no link that leads to a person
            if name in PROJECT_FIELDS:
                predicate, emit = PROJECT_FIELDS[name]
                objects = emit(self, value, s.value, name)
                self.field(s, predicate, objects, e, name, name)
        for i, item in enumerate(e.get("history", ()), start=1):
            if item.get("field") == "contacts" and self.settings.persons == "none":
                continue  # the other items keep their numbers, so their IRIs do not move
            self.history(s, i, item)

    def citation(self, node: ox.NamedNode, cite: Entry, owner: ox.NamedNode, where: str) -> None:
        self.node(node, HANKE.SourceCitation, cite, where)
        self.add(owner, HANKE.citation, node)
        self.add(node, DCT.source, self.ref(cite.get("source")))
        if "lines" in cite:
            first, last = cite.get("lines")
            self.add(node, HANKE.firstLine, positive(first))
            self.add(node, HANKE.lastLine, positive(last))

    def money(self, node: ox.NamedNode, value, status: str, origin: Origin, year: PartialDate | None = None) -> ox.NamedNode:
        """An amount of money: its value in the records' currency, its status and its year."""
        self.add(node, RDF.type, SCHEMA.MonetaryAmount)
        self.origins[node.value] = origin
        self.add(node, SCHEMA.value, decimal(value))
        self.add(node, SCHEMA.currency, plain(CURRENCY))
        self.add(node, HANKE.amountStatus, code("amount-status", status))
        if year is not None:
            self.add(node, HANKE.year, when(year))
        self.field_origins[(node.value, SCHEMA.value.value)] = origin
        return node

    def history(self, s: ox.NamedNode, i: int, item: Entry) -> None:
        node = self.node(ox.NamedNode(f"{s.value}#history-{i}"), HANKE.EarlierValue, item, f"history[{i}]")
        self.add(s, HANKE.earlierValue, node)
        name = item.get("field")
        predicate, emit = PROJECT_FIELDS[name]
        self.add(node, HANKE.ofProperty, predicate)
        self.earlier = True
        try:
            objects = emit(self, item.get("value"), f"{s.value}#history-{i}", name)
        finally:
            self.earlier = False
        self.field(node, HANKE.value, objects, item, "value", f"history[{i}].value")
        self.add(node, DCT.source, self.ref(item.get("source")))
        self.citation(ox.NamedNode(f"{s.value}#history-{i}-citation"), item, node, f"history[{i}]")

    # project field emitters: (mapper, value, base IRI for nodes, field name) -> objects
    def e_text(self, value: Text, base: str, name: str) -> list:
        return texts(value)

    def e_texts(self, value: tuple[Text, ...], base: str, name: str) -> list:
        return [lit for t in value for lit in texts(t)]

    def e_finnish(self, value: str, base: str, name: str) -> list:
        return [finnish(value)]

    def e_ref(self, value: Ref, base: str, name: str) -> list:
        return [self.ref(value)]

    def e_refs(self, value: tuple[Ref, ...], base: str, name: str) -> list:
        return [self.ref(r) for r in value]

    def e_budget(self, value, base: str, name: str) -> list:
        """`budget: 449880` or `{amount: …, status: …}` (the whole period), `annual_budget: {amount: …, year: …}`."""
        if not isinstance(value, Entry):
            return [self.money(self.sub(base, "budget"), value, DEFAULT_STATUS, Origin(self.path, 0, name))]
        year = value.get("year")
        node = self.sub(base, f"budget-{year.lexical}" if year else "budget")
        origin = Origin(self.path, value.line_of("amount"), f"{name}.amount")
        self.money(node, value.get("amount"), value.get("status", DEFAULT_STATUS), origin, year)
        if "stated" in value:
            self.add(node, HANKE.statedText, finnish(value.get("stated")))
        return [node]

    def e_boolean(self, value: bool, base: str, name: str) -> list:
        return [boolean(value)]

    def e_section(self, value: str, base: str, name: str) -> list:
        return [code("list-section", value)]

    def e_project_status(self, value: str, base: str, name: str) -> list:
        return [code("project-status", value)]

    def e_period(self, value: Entry, base: str, name: str) -> list:
        node = self.node(self.sub(base, "period"), DCT.PeriodOfTime, value, name)
        start, end = value.get("start"), value.get("end")
        for key, bound, stated, computed, moment in (
            ("start", start, DCAT.startDate, HANKE.computedStart, PartialDate.earliest),
            ("end", end, DCAT.endDate, HANKE.computedEnd, PartialDate.latest),
        ):
            if bound is not None:
                self.add(node, stated, when(bound))
                self.add(node, computed, day(moment(bound)))
                origin = Origin(self.path, value.line_of(key), f"{name}.{key}")
                self.field_origins[(node.value, computed.value)] = origin
        if value.get("ongoing"):
            self.add(node, HANKE.ongoing, boolean(True))
        return [node]

    def e_staff(self, value: Entry, base: str, name: str) -> list:
        node = self.node(self.sub(base, "staffing"), HANKE.Staffing, value, name)
        self.staff_size(node, value)
        if "stated" in value:
            self.add(node, HANKE.statedText, finnish(value.get("stated")))
        for i, share in enumerate(value.get("split", ()), start=1):
            part = self.node(ox.NamedNode(f"{node.value}-{i}"), HANKE.StaffShare, share, f"{name}.split[{i}]")
            self.add(node, HANKE.staffShare, part)
            self.staff_size(part, share)
            self.add(part, HANKE.organisation, self.ref(share.get("organisation")))
        return [node]

    def staff_size(self, node: ox.NamedNode, value: Entry) -> None:
        if "headcount" in value:
            self.add(node, HANKE.headcount, decimal(value.get("headcount")))
        if "person_years" in value:
            self.add(node, HANKE.personYears, decimal(value.get("person_years")))

    def e_contacts(self, value: tuple[Entry, ...], base: str, name: str) -> list:
        nodes = []
        for i, contact in enumerate(value, start=1):
            node = self.node(self.sub(base, f"contact-{i}"), HANKE.ContactRole, contact, f"{name}[{i}]")
            # with `roles` the role stays, the person goes; so for an earlier contact, unless
            # `earlier_contacts: true`
            if self.settings.persons == "names" and (self.settings.earlier_contacts or not self.earlier):
                self.add(node, PROV.agent, self.ref(contact.get("person")))
            if "role" in contact:
                self.add(node, PROV.hadRole, code("role", contact.get("role")))
            for title in texts(contact.get("title")) if "title" in contact else ():
                self.add(node, SCHEMA.roleName, title)
            nodes.append(node)
        return nodes

    def e_funding(self, value: tuple[Entry, ...], base: str, name: str) -> list:
        nodes = []
        for i, item in enumerate(value, start=1):
            where = f"{name}[{i}]"
            node = self.node(self.sub(base, f"funding-{i}"), HANKE.FundingContribution, item, where)
            for key, p, convert in (
                ("group", HANKE.funderGroup, lambda v: code("funder-group", v)),
                ("funder", SCHEMA.funder, self.ref),
                ("fund", HANKE.fund, self.ref),
                ("share_percent", HANKE.sharePercentage, decimal),
                ("max_share_percent", HANKE.maximumSharePercentage, decimal),
                ("stated", HANKE.statedText, finnish),
                ("part_of", DCT.isPartOf, lambda n: self.sub(base, f"funding-{n}")),
            ):
                if key in item:
                    self.add(node, p, convert(item.get(key)))
                    self.field_origins[(node.value, p.value)] = Origin(self.path, item.line_of(key), f"{where}.{key}")
            self.contribution_amounts(node, item, where)
            for k, cite in enumerate(item.get("sources", ()), start=1):
                self.citation(ox.NamedNode(f"{node.value}-citation-{k}"), cite, node, f"{where}.sources[{k}]")
            nodes.append(node)
        return nodes

    def contribution_amounts(self, node: ox.NamedNode, item: Entry, where: str) -> None:
        """The stated amount with its status, and the part paid so far (status paid)."""
        year = item.get("year")
        if "amount" in item:
            origin = Origin(self.path, item.line_of("amount"), f"{where}.amount")
            money = self.money(ox.NamedNode(f"{node.value}-amount"), item.get("amount"), item.get("status", DEFAULT_STATUS), origin, year)
            if "status_date" in item:
                self.add(money, DCT.date, when(item.get("status_date")))
            self.add(node, SCHEMA.amount, money)
            self.field_origins[(node.value, SCHEMA.amount.value)] = origin
        if "paid" in item:
            origin = Origin(self.path, item.line_of("paid"), f"{where}.paid")
            self.add(node, SCHEMA.amount, self.money(ox.NamedNode(f"{node.value}-paid"), item.get("paid"), "paid", origin, year))

    @staticmethod
    def sub(base: str, local: str) -> ox.NamedNode:
        """A node inside a record: `#local` of the resource, or `-local` under a history item."""
        return ox.NamedNode(f"{base}-{local}" if "#" in base else f"{base}#{local}")


def _bind(method: Callable) -> Callable:
    return lambda mapper, value, base, name: method(mapper, value, base, name)


# project field -> (predicate, emitter); the order is the record's, output is sorted later
PROJECT_FIELDS: dict[str, tuple[ox.NamedNode, Callable[..., list]]] = {
    "title": (DCT.title, _bind(_Mapper.e_text)),
    "title_as_stated": (HANKE.titleAsStated, _bind(_Mapper.e_finnish)),
    "department": (HANKE.department, _bind(_Mapper.e_ref)),
    "section": (HANKE.listSection, _bind(_Mapper.e_section)),
    "project_status": (HANKE.projectStatus, _bind(_Mapper.e_project_status)),
    "programmes": (HANKE.programme, _bind(_Mapper.e_refs)),
    "funding": (SCHEMA.funding, _bind(_Mapper.e_funding)),
    "funding_complete": (HANKE.fundingComplete, _bind(_Mapper.e_boolean)),
    "funders": (SCHEMA.funder, _bind(_Mapper.e_refs)),
    "granted_by": (HANKE.grantingAuthority, _bind(_Mapper.e_ref)),
    "budget": (HANKE.budget, _bind(_Mapper.e_budget)),
    "annual_budget": (HANKE.budget, _bind(_Mapper.e_budget)),
    "period": (DCT.temporal, _bind(_Mapper.e_period)),
    "staff": (HANKE.staffing, _bind(_Mapper.e_staff)),
    "contacts": (HANKE.contact, _bind(_Mapper.e_contacts)),
    "implementers": (HANKE.implementer, _bind(_Mapper.e_refs)),
    "partners": (HANKE.partner, _bind(_Mapper.e_refs)),
    "cooperation": (HANKE.cooperationPartner, _bind(_Mapper.e_refs)),
    "cooperation_note": (HANKE.cooperationNote, _bind(_Mapper.e_text)),
    "places": (DCT.spatial, _bind(_Mapper.e_refs)),
    "summary": (DCT.description, _bind(_Mapper.e_text)),
    "continues": (HANKE.continues, _bind(_Mapper.e_ref)),
    "notes": (HANKE.note, _bind(_Mapper.e_texts)),
}


def persons_in_use(settings: Settings, contact_persons: Iterable[str]) -> frozenset[str] | None:
    """The persons published: with names, and earlier contacts not published (the default),
    those a current contact names; None where every person record is published as it is."""
    if settings.persons != "names" or settings.earlier_contacts:
        return None
    return frozenset(contact_persons)


def contact_persons(record: Record) -> list[str]:
    """The persons a project's current contacts name."""
    return [c.get("person").id for c in record.entry.get("contacts", ())] if record.kind == "project" else []


def map_record(record: Record, settings: Settings, in_use: frozenset[str] | None = None) -> Mapped:
    """Map one record: every triple's subject is the record's resource or one of its nodes.
    `in_use`: the persons published (persons_in_use), where not every person is."""
    mapper = _Mapper(settings, in_use)
    mapper.path = record.path
    getattr(mapper, _METHOD[record.kind])(record)
    return Mapped(tuple(mapper.triples), mapper.origins, mapper.field_origins)


_METHOD = {"source": "source", "org": "organisation", "person": "person", "programme": "programme", "project": "project",
           "place": "place"}


def _names(e: Entry) -> list[str]:
    """Every name of a record, in each language: what the linking stage matches."""
    return [s for t in (e.get("name"), *e.get("alt_names", ())) for _, s in t.items]


def map_records(records: Records, settings: Settings) -> Mapped:
    """Map all records to triples (unsorted) with their origins."""
    mapper = _Mapper(settings, persons_in_use(settings, (p for r in records for p in contact_persons(r))))
    for record in records:
        mapper.path = record.path
        getattr(mapper, _METHOD[record.kind])(record)
    return Mapped(tuple(mapper.triples), mapper.origins, mapper.field_origins)
