"""The built graph -> SHACL results as located problems. Returns problems, never prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate
from rdflib.namespace import SH

from .errors import ERROR, WARNING, Problem
from .mapping import Origin
from .toolfiles import shapes_files
from .vocab import PREFIXES

INFO = "info"
_SEVERITY = {SH.Violation: ERROR, SH.Warning: WARNING, SH.Info: INFO}


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]  # all results, located, sorted
    report_turtle: bytes  # the SHACL validation report as Turtle

    @property
    def violations(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def infos(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == INFO)

    @property
    def conforms(self) -> bool:
        return not self.violations


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data, format="nt")
    return graph


def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for f in shapes_files():
        graph.parse(data=f.data, format="turtle")
    return graph


def validate_graph(triples: Iterable[ox.Triple], origins: Mapping[str, Origin], field_origins: Mapping[tuple[str, str], Origin]) -> Report:
    data = to_rdflib(triples)
    shapes = shapes_graph()
    _, report, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    english = _english_templates(shapes)
    # a property shape is reported by the named node shape it belongs to
    owners = {prop: shape for shape, prop in shapes.subject_objects(SH.property) if isinstance(shape, rdflib.URIRef)}
    results = report.subjects(rdflib.RDF.type, SH.ValidationResult)
    problems = sorted(_problem(report, r, origins, field_origins, english, owners) for r in results)
    _bind_prefixes(report)
    return Report(tuple(problems), _canonical_turtle(report))


def _problem(report: rdflib.Graph, result, origins, field_origins, english, owners) -> Problem:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    severity = _SEVERITY.get(report.value(result, SH.resultSeverity), ERROR)
    key = (str(focus), str(path)) if isinstance(path, rdflib.URIRef) else None
    origin = field_origins.get(key) if key else None
    if origin is not None:
        field = origin.field
    else:  # no line for the field itself: the node's line, and the property named
        origin = origins.get(str(focus), Origin("(graph)", 0, ""))
        named = shorten(str(path)) if key else ""
        field = ".".join(x for x in (origin.field, named) if x)
    return Problem(origin.path, origin.line, field, _message(report, result, english, owners), severity)


def _english_templates(shapes: rdflib.Graph) -> list[re.Pattern]:
    """sh:message@en templates as patterns: pyshacl drops the language of filled-in messages."""
    out = []
    for message in shapes.objects(None, SH.message):
        if getattr(message, "language", None) == "en":
            parts = re.split(r"\{[$?]\w+\}", str(message))
            out.append(re.compile(".*?".join(re.escape(p) for p in parts) + "$", re.S))
    return out


def _message(report: rdflib.Graph, result, english: list[re.Pattern], owners: dict) -> str:
    messages = sorted(report.objects(result, SH.resultMessage))
    tagged = [str(m) for m in messages if getattr(m, "language", None) == "en"]
    matching = [str(m) for m in messages if any(p.match(str(m)) for p in english)]
    message = next(iter(tagged + matching + [str(m) for m in messages]), "does not conform")
    shape = report.value(result, SH.sourceShape)
    shape = owners.get(shape, shape)
    rule = shape if isinstance(shape, rdflib.URIRef) else report.value(result, SH.sourceConstraintComponent)
    return f"{shorten_iris(message)} [{shorten(str(rule))}]"


SHAPES_IRI = "https://w3id.org/hanke/shapes#"
_SHORT = sorted({**PREFIXES, "sh": str(SH), "hsh": SHAPES_IRI}.items(), key=lambda kv: -len(kv[1]))


def shorten(iri: str) -> str:
    for prefix, ns in _SHORT:
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def shorten_iris(text: str) -> str:
    return re.sub(r"<([^<>\s]+)>", lambda m: shorten(m.group(1)), text)


def _bind_prefixes(graph: rdflib.Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.bind("sh", str(SH), override=True)


def _canonical_turtle(report: rdflib.Graph) -> bytes:
    """The report with deterministic blank-node labels, as sorted Turtle-compatible N-Triples."""
    from rdflib.compare import to_canonical_graph

    canonical = to_canonical_graph(report)
    lines = sorted(canonical.serialize(format="nt").splitlines())
    return ("\n".join(line for line in lines if line) + "\n").encode()
