"""The view model: the built triples indexed by subject and object, the resources that get pages, labels.

Reads only the triples of the written dump (and the vocabulary's labels), never the YAML, so a
page says exactly what the data says. Every record's resource (project, organisation, person,
programme, source) is a `Resource` with a page at `id/<kind>/<id>.html`. Names and titles come
from the data, in the publication's first language that has them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.rdf.blocks import Blocks, Span
from kemi_lod.rdf.serialize import sort_triples
from kemi_lod.records.kinds import RESOURCE_IRI
from kemi_lod.site.format import finnish_sort_key
from kemi_lod.vocabulary.files import ontology_triples
from kemi_lod.vocabulary.terms import ADMS, AMOUNT_STATUSES, DCAT, DCT, FOAF, HANKE, ORG, OWL, PAID as PAID_STATUS, PROV, RDF, RDFS, SCHEMA, SKOS, code


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
    SCHEMA.value.value: "arvo",
    SCHEMA.currency.value: "valuutta",
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
    DCT.type.value: "tyyppi",
    DCT.spatial.value: "alue",
    SCHEMA.containedInPlace.value: "sijaitsee",
    SKOS.exactMatch.value: "sama käsite muualla",
    ADMS.schemaAgency.value: "myöntäjä",
    RDFS.seeAlso.value: "katso myös",
    OWL.sameAs.value: "sama kuin",
}
LABEL_PREDICATES = (DCT.title.value, SKOS.prefLabel.value, FOAF.name.value, RDFS.label.value)


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


class Reads:
    """What a page read of the graph while it was made: (index, key) pairs, "out" for a
    subject's triples, "inbound" for those pointing at an IRI, "hashes" for a resource's hash
    nodes, "resources" for whether an IRI has a page, and "?out" for whether a subject has any
    triples. A page is a function of what it read (settings and vocabulary are the build's
    context), so a page whose reads are unchanged is unchanged (`SiteGraph.fingerprint`)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] | None = None  # None: not recording

    def start(self) -> None:
        self.seen = set()

    def stop(self) -> list[tuple[str, str]]:
        seen, self.seen = self.seen or set(), None
        return sorted(seen)

    def within(self, make: Callable[[], str]) -> tuple[str, list[tuple[str, str]]]:
        """make() and what it read, recorded apart from (and also as part of) any recording going on."""
        outer, self.seen = self.seen, set()
        try:
            made = make()
        finally:
            inner, self.seen = self.seen, outer
        self.note(inner)
        return made, sorted(inner)

    def note(self, reads: Iterable[tuple[str, str]]) -> None:
        """Count `reads` as made now (those of a part of a page taken from the previous build)."""
        if self.seen is not None:
            self.seen.update(reads)


def encode_reads(reads: Iterable[tuple[str, str]]) -> bytes:
    """Reads as a page's or a row's entry records them: one "index key" a line."""
    return "\n".join(f"{index} {key}" for index, key in reads).encode()


def decode_reads(data: bytes) -> list[tuple[str, str]]:
    """The reads an entry recorded (`encode_reads`)."""
    return [tuple(line.split(" ", 1)) for line in data.decode().splitlines()]


def changed_reads(triples: Iterable[ox.Triple]) -> frozenset[tuple[str, str]]:
    """The reads (`Reads`) whose answer a change of `triples` (added or removed) may change: a
    page that read none of them reads the same now."""
    found = set()
    for t in triples:
        s = t.subject.value
        found |= {("out", s), ("?out", s), ("resources", s), ("?resources", s),
                  ("hashes", root_of(s)), ("?hashes", root_of(s))}
        if isinstance(t.object, ox.NamedNode):
            found |= {("inbound", t.object.value), ("?inbound", t.object.value)}
    return frozenset(found)


class _Index(dict):
    """An index of the graph that notes each look-up while its `Reads` is recording."""

    def __init__(self, name: str, reads: Reads) -> None:
        super().__init__()
        self.name, self.reads = name, reads

    def get(self, key, default=None):
        if self.reads.seen is not None:
            self.reads.seen.add((self.name, key))
        return super().get(key, default)

    def __getitem__(self, key):
        if self.reads.seen is not None:
            self.reads.seen.add((self.name, key))
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        if self.reads.seen is not None:
            self.reads.seen.add(("?" + self.name, key))
        return super().__contains__(key)

    def peek(self, key):
        """The entry without noting a read (None: there is none)."""
        return super().get(key)

    def has(self, key) -> bool:
        """Whether there is an entry, without noting a read."""
        return super().__contains__(key)


class _Lookup:
    """The triples of the store with one subject (or one object), looked up when first asked
    for, in the dump's order (`sort_triples`), noting each look-up as `_Index` does. A page that
    is not made again reads nothing, so a small change reads a small part of the store."""

    def __init__(self, name: str, reads: Reads, find: Callable[[str], list[ox.Triple]],
                 exists: Callable[[str], bool] | None = None) -> None:
        self.name, self.reads, self._find, self._exists = name, reads, find, exists
        self._found: dict[str, list[ox.Triple]] = {}

    def peek(self, key: str) -> list[ox.Triple] | None:
        """The triples without noting a read (None: there are none)."""
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = self._find(key)
        return found or None

    def has(self, key: str) -> bool:
        return self._exists(key) if self._exists is not None else self.peek(key) is not None

    def get(self, key: str, default=None):
        if self.reads.seen is not None:
            self.reads.seen.add((self.name, key))
        found = self.peek(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> list[ox.Triple]:
        return self.get(key, [])

    def __contains__(self, key: str) -> bool:
        if self.reads.seen is not None:
            self.reads.seen.add(("?" + self.name, key))
        return self.has(key)


_SUBJECTS = "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"


def subjects_of(store: ox.Store) -> set[str]:
    """The IRIs that are the subject of a triple in `store`."""
    return {row[0].value for row in store.query(_SUBJECTS) if isinstance(row[0], ox.NamedNode)}


def subjects_after(before: set[str], changes: Iterable[ox.Triple], store: ox.Store) -> set[str]:
    """The IRIs that are the subject of a triple in `store`, given those of the graph before
    `changes` (the triples removed or added since): a subject of a changed triple is one still
    where the store has a triple of it. Asking the store for every subject took half a second
    of a small rebuild at 10,000 projects."""
    after = set(before)
    for s in {t.subject.value for t in changes if isinstance(t.subject, ox.NamedNode)}:
        if next(iter(store.quads_for_pattern(ox.NamedNode(s), None, None)), None) is None:
            after.discard(s)
        else:
            after.add(s)
    return after


@dataclass
class SiteGraph:
    """The built graph as the pages read it: a subject's triples (`out`), the triples pointing
    at an IRI (`inbound`), the resources that get pages and each resource's hash nodes, looked
    up in the build's store as the pages ask; with the vocabulary's labels. `reads` records
    what a page looks up (`Reads`)."""

    settings: Settings
    store: ox.Store  # for the subjects and the triples pointing at an IRI (IRIs only: kept exactly)
    triples_of: Callable[[str], list[ox.Triple]]  # a subject's triples, in the dump's order, literals exact
    reads: Reads = field(default_factory=Reads)
    vocab_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # remember(name, make): make(), or what it made in the previous build where nothing it read
    # changed (`site.parts.Parts.row`); the pages' parts that read much of the graph go through it
    remember: Callable[[str, Callable[[], str]], str] = field(default=lambda name, make: make(), repr=False)
    subjects: set[str] | None = field(default=None, repr=False)  # the IRIs with triples (None: asked of the store)

    def __post_init__(self) -> None:
        if self.subjects is None:
            self.subjects = subjects_of(self.store)
        subjects = self.subjects
        self.out = _Lookup("out", self.reads, self._out, subjects.__contains__)
        self.inbound = _Lookup("inbound", self.reads, self._inbound)
        self.resources: _Index = _Index("resources", self.reads)  # IRI -> Resource
        self.hashes: _Index = _Index("hashes", self.reads)  # resource -> its hash nodes, sorted
        for iri in sorted(subjects):
            if "#" in iri:  # a hash node (no resource's IRI has "#")
                dict.setdefault(self.hashes, iri.split("#", 1)[0], []).append(iri)
            elif m := RESOURCE_IRI.match(iri):
                if m["base"] == (self.settings.organisations_base if m["kind"] == "org" else self.settings.base_iri):
                    dict.__setitem__(self.resources, iri, Resource(iri, m["kind"], m["id"]))
        for t in ontology_triples():
            if t.predicate == RDFS.label and isinstance(t.object, ox.Literal):
                self.vocab_labels.setdefault(t.subject.value, {})[t.object.language or ""] = t.object.value
        self._fingerprints: dict[tuple[str, str], bytes] = {}
        # derived from out[s] alone, so a look-up notes the read ("out", s) as out.get would
        self._by_predicate: dict[str, dict[str, list]] = {}
        self._labels: dict[str, tuple[str, str, str]] = {}

    @classmethod
    def of(cls, settings: Settings, triples: Iterable[ox.Triple]) -> "SiteGraph":
        """The site graph of `triples` (held in memory, and in a store made of them)."""
        ordered = sort_triples(triples)
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in ordered)
        by_subject: dict[str, list[ox.Triple]] = {}
        for t in ordered:
            by_subject.setdefault(t.subject.value, []).append(t)
        return cls(settings, store, lambda s: by_subject.get(s, []))

    @classmethod
    def over(cls, settings: Settings, store: ox.Store, dump: Path, spans: Sequence[Span] | None = None,
             subjects: set[str] | None = None) -> "SiteGraph":
        """The site graph of a dump and the store loaded from it; `spans`: where the dump's
        chunks lie, when it was written as sorted chunks (`rdf.blocks.Blocks`); `subjects`:
        the IRIs with triples, where known (`subjects_after`)."""
        return cls(settings, store, Blocks(dump, spans).of, subjects=subjects)

    def _out(self, s: str) -> list[ox.Triple]:
        return self.triples_of(s)

    def _inbound(self, o: str) -> list[ox.Triple]:
        return sort_triples(q.triple for q in self.store.quads_for_pattern(None, None, ox.NamedNode(o)))

    def fingerprint(self, reads: Iterable[tuple[str, str]]) -> bytes:
        """A digest of what the graph holds now under each of `reads` (a page's `Reads`)."""
        h = hashlib.blake2b(digest_size=16)
        for read in reads:
            h.update(f"{read[0]} {read[1]}\n".encode() + self.state(read))
        return h.digest()

    def state(self, read: tuple[str, str]) -> bytes:
        """A digest of what the graph holds under one read (computed once)."""
        found = self._fingerprints.get(read)
        if found is None:
            found = self._fingerprints[read] = self._state(*read)
        return found

    def _state(self, index: str, key: str) -> bytes:
        if index.startswith("?"):
            return b"1" if getattr(self, index[1:]).has(key) else b"0"
        value = getattr(self, index).peek(key)
        if value is None:
            return b"-"
        if index == "resources":
            return b"1"
        return hashlib.blake2b("\n".join(map(str, value)).encode(), digest_size=16).digest()

    # values
    def values(self, s: str, p: ox.NamedNode | str) -> list:
        return list(self._objects(s).get(p if isinstance(p, str) else p.value, ()))

    def _objects(self, s: str) -> dict[str, list]:
        """The subject's objects by predicate, made once from out[s] (the read is noted each time)."""
        found = self._by_predicate.get(s)
        if found is None:
            found = self._by_predicate[s] = {}
            for t in self.out.get(s, ()):
                found.setdefault(t.predicate.value, []).append(t.object)
        elif self.reads.seen is not None:
            self.reads.seen.add(("out", s))
        return found

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

    # labels
    def label(self, iri: str) -> str:
        return self._label(iri)[0]

    def label_lang(self, iri: str) -> str:
        return self._label(iri)[1]

    def sort_key(self, iri: str) -> str:
        """The label's Finnish alphabetical sort key (`finnish_sort_key`)."""
        return self._label(iri)[2]

    def _label(self, iri: str) -> tuple[str, str, str]:
        """(label, its language, its sort key) from the subject's own triples, else the
        vocabulary's or the IRI's end; remembered from the previous build while the subject's
        triples are unchanged (the index pages sort thousands of resources by label)."""
        found = self._labels.get(iri)
        if found is None:
            label, lang, key = json.loads(self.remember(f"label {iri}", lambda: self._find_label(iri, self._objects(iri))))
            found = self._labels[iri] = (label, lang, key)
        elif self.reads.seen is not None:  # the read is noted even when the label is known
            self.reads.seen.add(("out", iri))
        return found

    def _find_label(self, iri: str, objects: dict[str, list]) -> str:
        """The label, its language and its sort key, as a JSON array."""
        label, lang = next(((found.value, found.language or "") for p in LABEL_PREDICATES
                            if (found := self.text(objects.get(p, ()))) is not None), (None, "fi"))
        if label is None:
            label = self.property_label(iri) if iri in self.vocab_labels or iri in PROPERTY_LABELS else \
                iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        return json.dumps([label, lang, finnish_sort_key(label)], ensure_ascii=False)

    def linked(self, iri: str) -> tuple[list[str], dict[str, list[str]]] | None:
        """A linked resource's types and its labels by language ("@none" for a name without
        one), from its own triples; None where it has none (`rdf.framing`)."""
        objects = self._objects(iri)
        if not objects:
            return None
        labels: dict[str, list[str]] = {}
        for p in LABEL_PREDICATES:
            for literal in objects.get(p, ()):
                if isinstance(literal, ox.Literal):
                    labels.setdefault(literal.language or "@none", []).append(literal.value)
            if labels:
                break
        return [o.value for o in objects.get(RDF.type.value, ()) if isinstance(o, ox.NamedNode)], labels

    def property_label(self, iri: str) -> str:
        labels = self.vocab_labels.get(iri, {})
        return labels.get("fi") or PROPERTY_LABELS.get(iri) or labels.get("en") or iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]

    # records and resources
    def description(self, r: Resource) -> list[ox.Triple]:
        """The record's triples: the resource and its hash nodes (already in sorted order)."""
        return [t for s in self.record_subjects(r) for t in self.out[s]]

    def record_subjects(self, r: Resource) -> list[str]:
        return [r.iri] + sorted(self.hashes.get(r.iri, ()))

    def of_kind(self, kind: str) -> list[Resource]:
        return [r for iri, r in sorted(self.resources.items()) if r.kind == kind]

    def by_label(self, iris: Iterable[str]) -> list[str]:
        """IRIs in Finnish alphabetical order of their labels (the IRI breaks ties)."""
        return sorted(iris, key=lambda i: (self.sort_key(i), i))

    def has_page(self, iri: str) -> bool:
        """A resource with a page: written by the build, or rendered on request by `kemi-lod
        serve` where the build wrote none (`pages: false`); a person's only with their name."""
        r = self.resources.get(iri)
        return r is not None and (r.kind != "person" or self.settings.persons == "names")

    def parent(self, node: str) -> tuple[str, str] | None:
        """(subject, predicate) linking a hash node from inside its own record."""
        root = root_of(node)
        for t in self.inbound.get(node, ()):
            if root_of(t.subject.value) == root and t.subject.value != node:
                return t.subject.value, t.predicate.value
        return None


PAID = PAID_STATUS.value
# the order a page lists a thing's amounts in: the whole period first, then by year; within
# one year from the plan to the money paid
STATUS_ORDER = {code("amount-status", s).value: i for i, s in enumerate(AMOUNT_STATUSES)}


@dataclass(frozen=True)
class Money:
    """One amount as a page shows it: value, currency, status, year and status date (where stated)."""

    value: Decimal
    currency: str
    status: str  # the status concept's IRI
    year: str = ""
    date: str = ""  # when the amount reached its status (xsd:date, gYearMonth or gYear lexical form)

    @property
    def planned(self) -> bool:
        """Part of the financing plan (applied, granted or planned), not a paid amount."""
        return self.status != PAID

    @property
    def order(self) -> tuple:
        """Where a page lists the amount among a thing's amounts (`STATUS_ORDER`)."""
        return self.year, STATUS_ORDER.get(self.status, len(STATUS_ORDER)), self.value


def money(g: SiteGraph, node: str) -> Money | None:
    """The amount a `schema:MonetaryAmount` node states; None for anything else."""
    objects = g._objects(node)  # one look-up for the six values (a hub page reads thousands of amounts)
    value, currency, kinds = objects.get(SCHEMA.value.value), objects.get(SCHEMA.currency.value), objects.get(RDF.type.value, ())
    if not value or all(k.value != SCHEMA.MonetaryAmount.value for k in kinds):
        return None
    first = {p: found[0].value for p in (HANKE.amountStatus.value, HANKE.year.value, DCT.date.value) if (found := objects.get(p))}
    return Money(Decimal(value[0].value), currency[0].value if currency else "", first.get(HANKE.amountStatus.value, ""),
                 first.get(HANKE.year.value, ""), first.get(DCT.date.value, ""))


def amounts(g: SiteGraph, owner: str, predicate: ox.NamedNode) -> list[Money]:
    """The amounts `owner` links with `predicate` (a contribution's schema:amount, a project's
    hanke:budget), in the order a page lists them (`Money.order`)."""
    found = [money(g, o.value) for o in g.values(owner, predicate) if isinstance(o, ox.NamedNode)]
    return sorted((m for m in found if m is not None), key=lambda m: m.order)


def planned_sum(g: SiteGraph, contribution: str) -> Decimal | None:
    """A contribution's money in the financing plan: its amounts that are not paid amounts."""
    return planned(amounts(g, contribution, SCHEMA.amount))


def planned(shown: list[Money]) -> Decimal | None:
    """The sum of the amounts of the financing plan among `shown` (None: there are none)."""
    found = [m.value for m in shown if m.planned]
    return sum(found, Decimal(0)) if found else None


def counted_for(g: SiteGraph, contribution: str, target: str, predicate: str) -> bool:
    """Whether a contribution's money counts in the sum of the funder or fund `target` it links
    with `predicate`: not where it is part of a contribution that links `target` the same way
    (the city's share for 2020 within the city's contribution), which holds it already."""
    whole = g.value(contribution, DCT.isPartOf)
    return "#" not in contribution or whole is None or all(o.value != target for o in g.values(whole.value, predicate))


def whole_budget(g: SiteGraph, project: str) -> Money | None:
    """The project's budget for its whole period (`whole`)."""
    return whole(amounts(g, project, HANKE.budget))


def whole(budgets: Iterable[Money]) -> Money | None:
    """Of a project's budgets, the one for its whole period: the first without a year in `Money.order`."""
    return next((m for m in sorted(budgets, key=lambda m: m.order) if not m.year), None)


def whole_of(budgets: Iterable[tuple[str, str, str, str, str]]) -> Money | None:
    """`whole` of a project's facts' budgets (`ProjectFacts.budgets`: value, currency, status, year, date)."""
    return whole(Money(Decimal(v), c, s, y, d) for v, c, s, y, d in budgets)


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
