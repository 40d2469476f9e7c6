"""What the catalogue, VoID and the vocabulary page say about the built graph, per record.

A record's triples all have subjects of its own (see build.worker), so the counts of triples,
subjects, typed entities, instances per class and triples per property add up over the
records, and the first use of a term in IRI order is the least of the records' first uses.
`graph_stats` runs on each record's triples in the record stage and is cached with its chunk;
`combine` adds them up for the build. Only the distinct objects are shared between records:
they are counted on the store of the whole graph (catalog.distinct_objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import pyoxigraph as ox

from kemi_lod.rdf.nodes import Nodes, node_key
from kemi_lod.vocabulary.terms import DCT, FOAF, HANKE, RDF

Term = tuple[str, str]  # a literal's lexical value and datatype IRI


@dataclass(frozen=True)
class Stats:
    """One record's share of the graph's description."""

    triples: int = 0
    subjects: int = 0
    entities: int = 0  # subjects that are IRIs and have a type
    classes: tuple[tuple[str, int], ...] = ()  # class IRI, instances
    properties: tuple[tuple[str, int], ...] = ()  # property IRI, triples
    starts: tuple[Term, ...] = ()  # computed starts of projects' periods
    ends: tuple[Term, ...] = ()
    source_dates: tuple[Term, ...] = ()  # dates of source documents
    projects: tuple[str, ...] = ()
    first_instances: tuple[tuple[str, str], ...] = ()  # class, its least instance (by IRI)
    first_uses: tuple[tuple[str, str, str, str], ...] = ()  # property, subject, STR(object), object in N-Triples


@dataclass(frozen=True)
class GraphFacts:
    """What the catalogue and VoID say about the built graph."""

    start: ox.Literal | None  # the earliest computed start of a project's period
    end: ox.Literal | None  # the latest computed end
    latest_source: ox.Literal | None  # the latest date of a source document
    triples: int
    entities: int
    distinct_subjects: int
    distinct_objects: int
    classes: tuple[tuple[str, int], ...]  # class IRI, instances
    properties: tuple[tuple[str, int], ...]  # property IRI, triples
    examples: tuple[str, ...]  # the first projects by IRI
    first_instances: Mapping[str, str] = field(default_factory=dict)  # class -> least instance
    first_uses: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # property -> (subject, object in N-Triples)
    linksets: tuple = ()  # (outputs.links LinkTarget, links into it), counted on the store


def _term(literal) -> Term:
    return (literal.value, literal.datatype.value if isinstance(literal, ox.Literal) else "")


TYPE, PROJECT, DOCUMENT = RDF.type.value, HANKE.Project.value, FOAF.Document.value
TEMPORAL, START, END, DATE = DCT.temporal.value, HANKE.computedStart.value, HANKE.computedEnd.value, DCT.date.value


def graph_stats(nodes: Nodes) -> Stats:
    """The description's share of these triples (nodes.by_subject; a record's, or a whole graph's)."""
    properties: dict[str, int] = {}
    least: dict[str, tuple[str, str]] = {}  # predicate -> (subject, STR(object))
    instances: dict[str, set[str]] = {}
    entities = 0
    starts, ends, dates, projects = [], [], [], []
    for s, props in nodes.items():
        for p, objects in props.items():
            properties[p] = properties.get(p, 0) + len(objects)
            use = (s, min(o.value for o in objects))
            if p not in least or use < least[p]:
                least[p] = use
        types = [o.value for o in props.get(TYPE, ())]
        entities += bool(types) and not s.startswith("_:")
        for c in types:
            instances.setdefault(c, set()).add(s)
        if PROJECT in types:
            projects.append(s)
            for period in props.get(TEMPORAL, []):
                of_period = nodes.get(node_key(period), {})
                starts += [_term(v) for v in of_period.get(START, [])]
                ends += [_term(v) for v in of_period.get(END, [])]
        if DOCUMENT in types:
            dates += [_term(v) for v in props.get(DATE, [])]
    # the N-Triples form decides between objects of the same text ("1" and "1"^^xsd:decimal)
    first_uses = tuple(sorted((p, s, text, min(str(o) for o in nodes[s][p] if o.value == text))
                              for p, (s, text) in least.items()))
    return Stats(
        triples=sum(properties.values()),
        subjects=len(nodes),
        entities=entities,
        classes=tuple(sorted((c, len(members)) for c, members in instances.items())),
        properties=tuple(sorted(properties.items())),
        starts=tuple(sorted(set(starts))),
        ends=tuple(sorted(set(ends))),
        source_dates=tuple(sorted(set(dates))),
        projects=tuple(sorted(projects)),
        first_instances=tuple(sorted((c, min(members)) for c, members in instances.items())),
        first_uses=first_uses,
    )


def combine(parts: Iterable[Stats], distinct_objects: int = 0) -> GraphFacts:
    """The whole graph's description from its records' shares (distinct objects: see
    catalog.distinct_objects)."""
    triples = subjects = entities = 0
    classes: dict[str, int] = {}
    properties: dict[str, int] = {}
    starts: set[Term] = set()
    ends: set[Term] = set()
    dates: set[Term] = set()
    projects: list[str] = []
    first_instances: dict[str, str] = {}
    first_uses: dict[str, tuple[str, str, str]] = {}
    for part in parts:
        triples += part.triples
        subjects += part.subjects
        entities += part.entities
        for c, n in part.classes:
            classes[c] = classes.get(c, 0) + n
        for p, n in part.properties:
            properties[p] = properties.get(p, 0) + n
        starts.update(part.starts)
        ends.update(part.ends)
        dates.update(part.source_dates)
        projects = sorted(projects + list(part.projects))[:3]
        for c, s in part.first_instances:
            if c not in first_instances or s < first_instances[c]:
                first_instances[c] = s
        for p, s, text, nt in part.first_uses:
            if p not in first_uses or (s, text, nt) < first_uses[p]:
                first_uses[p] = (s, text, nt)
    literal = lambda term: ox.Literal(term[0], datatype=ox.NamedNode(term[1])) if term else None  # noqa: E731
    return GraphFacts(
        start=literal(min(starts, default=None)),
        end=literal(max(ends, default=None)),
        latest_source=literal(max(dates, key=_latest_day, default=None)),
        triples=triples,
        entities=entities,
        distinct_subjects=subjects,
        distinct_objects=distinct_objects,
        classes=tuple(sorted(classes.items())),
        properties=tuple(sorted(properties.items())),
        examples=tuple(projects),
        first_instances=first_instances,
        first_uses={p: (s, nt) for p, (s, _, nt) in first_uses.items()},
    )


def _latest_day(date: Term) -> tuple[str, str]:
    """Orders xsd:date, xsd:gYearMonth and xsd:gYear by the last day they cover."""
    parts = date[0][:10].split("-")
    return ("-".join(parts + ["99"] * (3 - len(parts))), date[0])
