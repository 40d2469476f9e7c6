"""The VoID description of the built graph (`void.ttl`, also at `.well-known/void`): its
statistics, class and property partitions, and a linkset per dataset it links into; with the
small graph helpers the catalogue shares."""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.records.fields import Text
from kemi_lod.rdf.graphstats import GraphFacts
from kemi_lod.rdf.serialize import sort_triples
from kemi_lod.vocabulary.terms import DCT_AP, FOAF_AP, FORMATS_W3C, LICENCE_AUTHORITY, PREFIXES, RDF, VOID, XSD_AP, authority, licence_key

CATALOG = "catalog.ttl"
VOID_FILE = "void.ttl"


class Graph:
    """Triples as a description adds them."""

    def __init__(self) -> None:
        self.triples: list[ox.Triple] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o) -> None:
        self.triples.append(ox.Triple(s, p, o))

    def texts(self, s: ox.NamedNode, p: ox.NamedNode, text: Text | Iterable[ox.Literal]) -> None:
        items = [ox.Literal(v, language=lang) for lang, v in text.items] if isinstance(text, Text) else list(text)
        for literal in items:
            self.add(s, p, literal)


def licence_node(iri: str) -> ox.NamedNode:
    """A licence by its EU authority IRI where it has one."""
    code = LICENCE_AUTHORITY.get(licence_key(iri))
    return authority("licence", code) if code else ox.NamedNode(iri)


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=XSD_AP.integer)


def void_triples(settings: Settings, facts: GraphFacts, modified: ox.Literal | None) -> list[ox.Triple]:
    g = Graph()
    base = f"{settings.base_iri}{VOID_FILE}#"
    dataset = ox.NamedNode(f"{settings.base_iri}{CATALOG}#dataset")
    g.add(dataset, RDF.type, VOID.Dataset)
    g.texts(dataset, DCT_AP.title, settings.title)
    g.texts(dataset, DCT_AP.description, settings.description)
    g.add(dataset, DCT_AP.license, licence_node(settings.licence))
    g.add(dataset, DCT_AP.publisher, ox.NamedNode(f"{settings.organisations_base}id/org/{settings.publisher.id}"))
    if modified is not None:
        g.add(dataset, DCT_AP.modified, modified)
    g.add(dataset, VOID.uriSpace, ox.Literal(settings.base_iri))
    if settings.endpoint:
        g.add(dataset, VOID.sparqlEndpoint, ox.NamedNode(settings.endpoint))
    for ext, feature in (("ttl", FORMATS_W3C.Turtle), ("nt", FORMATS_W3C["N-Triples"]), ("jsonld", FORMATS_W3C["JSON-LD"])):
        g.add(dataset, VOID.dataDump, ox.NamedNode(f"{settings.base_iri}{settings.dataset}.{ext}"))
        g.add(dataset, VOID.feature, feature)
    for example in facts.examples:
        g.add(dataset, VOID.exampleResource, ox.NamedNode(example))
    for name, value in (("triples", facts.triples), ("entities", facts.entities),
                        ("distinctSubjects", facts.distinct_subjects), ("distinctObjects", facts.distinct_objects),
                        ("classes", len(facts.classes)), ("properties", len(facts.properties))):
        g.add(dataset, VOID[name], integer(value))
    used = {iri for iri, _ in facts.classes} | {iri for iri, _ in facts.properties}
    for ns in sorted({ns for ns in PREFIXES.values() if any(u.startswith(ns) for u in used)}):
        g.add(dataset, VOID.vocabulary, ox.NamedNode(ns))
    for i, (cls, n) in enumerate(facts.classes, 1):
        part = ox.NamedNode(f"{base}class-{i}")
        g.add(dataset, VOID.classPartition, part)
        g.add(part, VOID["class"], ox.NamedNode(cls))
        g.add(part, VOID.entities, integer(n))
    for i, (prop, n) in enumerate(facts.properties, 1):
        part = ox.NamedNode(f"{base}property-{i}")
        g.add(dataset, VOID.propertyPartition, part)
        g.add(part, VOID.property, ox.NamedNode(prop))
        g.add(part, VOID.triples, integer(n))
    _linksets(g, dataset, base, facts)
    return sort_triples(g.triples)


def _linksets(g: Graph, dataset: ox.NamedNode, base: str, facts: GraphFacts) -> None:
    """Each dataset the publication links into, and the linkset of those links with its count."""
    for target, n in facts.linksets:
        other, linkset = ox.NamedNode(f"{base}target-{target.slug}"), ox.NamedNode(f"{base}linkset-{target.slug}")
        g.add(other, RDF.type, VOID.Dataset)
        g.texts(other, DCT_AP.title, Text(tuple(sorted(target.title.items()))))
        g.add(other, FOAF_AP.homepage, ox.NamedNode(target.homepage))
        g.add(other, VOID.uriSpace, ox.Literal(target.uri_space))
        g.add(linkset, RDF.type, VOID.Linkset)
        g.add(dataset, VOID.subset, linkset)
        g.add(linkset, VOID.subjectsTarget, dataset)
        g.add(linkset, VOID.objectsTarget, other)
        g.add(linkset, VOID.linkPredicate, ox.NamedNode(target.predicate))
        g.add(linkset, VOID.triples, integer(n))
