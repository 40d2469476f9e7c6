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
    _, report, _ = pyshacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    problems = sorted(_problem(report, r, origins, field_origins) for r in report.subjects(rdflib.RDF.type, SH.ValidationResult))
    _bind_prefixes(report)
    return Report(tuple(problems), _canonical_turtle(report))


def _problem(report: rdflib.Graph, result, origins, field_origins) -> Problem:
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
    return Problem(origin.path, origin.line, field, _message(report, result, focus, path), severity)


def _message(report: rdflib.Graph, result, focus, path) -> str:
    messages = {m.language: str(m) for m in report.objects(result, SH.resultMessage)}
    message = messages.get("en") or next(iter(messages.values()), "does not conform")
    return f"{shorten_iris(message)} [{shorten(str(report.value(result, SH.sourceConstraintComponent)))} on {shorten(str(focus))}]"


def shorten(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
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
