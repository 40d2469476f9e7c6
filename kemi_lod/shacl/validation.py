"""SHACL results -> located problems and reports. Returns problems, never prints.

Two engines give the same results: the compiled engine of `shacl.engine` (the default: per
record, parallel, cached) and pySHACL on the whole graph (`--engine pyshacl`, the reference).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Mapping

import pyoxigraph as ox
import rdflib

from kemi_lod.errors import ERROR, INFO, WARNING, Problem
from kemi_lod.mapping import Origin
from kemi_lod.shacl.engine import SH, Context, Result, Shapes, index
from kemi_lod.shacl.reports import SEVERITY_IRI, read_report
from kemi_lod.vocabulary.files import codelist_triples, shapes_files, shapes_triples
from kemi_lod.vocabulary.terms import shorten



@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]
    problems: tuple[Problem, ...]  # the results, located in the records, sorted

    @property
    def violations(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == WARNING)

    @property
    def infos(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == INFO)

    def turtle(self) -> bytes:
        return report_turtle(self.results)


@cache
def compiled_shapes() -> Shapes:
    return Shapes(shapes_triples())


@cache
def shared_graph() -> dict:
    """Resources every record may point at besides other records: the code lists."""
    return index(codelist_triples())


def make_context(classes: Mapping[str, frozenset[str]]) -> Context:
    return Context(classes, shared_graph())


def locate(result: Result, origins: Mapping[str, Origin], field_origins: Mapping[tuple[str, str], Origin]) -> Problem:
    """A result as a problem at the YAML line that produced it."""
    origin = field_origins.get((result.focus, result.path)) if result.path else None
    if origin is not None:
        field = origin.field
    else:
        origin = origins.get(result.focus, Origin("(graph)", 0, ""))
        field = ".".join(x for x in (origin.field, shorten(result.path) if result.path else "") if x)
    return Problem(origin.path, origin.line, field, f"{shorten_iris(result.message)} [{shorten(result.shape)}]", result.severity)


def shorten_iris(text: str) -> str:
    return re.sub(r"<([^<>\s]+)>", lambda m: shorten(m.group(1)), text)


def report_turtle(results: Iterable[Result]) -> bytes:
    """A sh:ValidationReport as the SHACL specification defines it, deterministic: results sorted,
    each with the shape that produced it as sh:sourceShape."""
    lines = ["@prefix sh: <http://www.w3.org/ns/shacl#> .", "",
             "[] a sh:ValidationReport ;"]
    ordered = sorted(results, key=Result.key)
    # SHACL: a report conforms when it has no result at all, of any severity (a build fails on
    # violations only: that is the build's rule, not the report's)
    lines.append(f"  sh:conforms {'false' if ordered else 'true'}" + (" ;" if ordered else " ."))
    for i, r in enumerate(ordered):
        parts = [
            "a sh:ValidationResult",
            f"sh:focusNode <{r.focus}>",
            f"sh:resultSeverity <{SEVERITY_IRI[r.severity]}>",
            f"sh:sourceConstraintComponent <{SH}{r.component.removeprefix('sh:')}>",
            f"sh:sourceShape <{r.shape}>",
            f"sh:resultMessage {ox.Literal(r.message)}",
        ]
        if r.path:
            parts.append(f"sh:resultPath <{r.path}>")
        if r.value is not None:
            parts.append(f"sh:value {r.value}")
        end = " ;" if i < len(ordered) - 1 else " ."
        lines.append("  sh:result [ " + " ;\n      ".join(parts) + " ]" + end)
    return ("\n".join(lines) + "\n").encode()


# --- the reference engine ---------------------------------------------------------------------


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    return graph


def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    for f in shapes_files():
        graph.parse(data=f.data, format="turtle")
    return graph


def pyshacl_results(triples: Iterable[ox.Triple]) -> list[Result]:
    """pySHACL on the whole graph, its report read back as `Result`s."""
    from pyshacl import validate

    shapes = shapes_graph()
    _, report, _ = validate(to_rdflib(triples), shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True)
    english = _english_templates(shapes)
    return [Result(
        focus=str(r.focus),
        path=str(r.path) if r.path is not None else None,
        value=_to_ox(r.value),
        component=shorten(r.component),
        severity=r.severity,
        shape=str(r.shape),
        message=_pick_message(r.messages, english),
    ) for r in read_report(report)]


def _to_ox(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or rdflib.XSD.string)))
    return ox.BlankNode(str(term))


def _english_templates(shapes: rdflib.Graph) -> list[re.Pattern]:
    """sh:message@en as patterns: pySHACL drops the language of the messages it fills in."""
    out = []
    for message in shapes.objects(None, rdflib.URIRef(SH + "message")):
        if getattr(message, "language", None) == "en":
            parts = re.split(r"\{[$?]\w+\}", str(message))
            out.append(re.compile(".*?".join(re.escape(p) for p in parts) + "$", re.S))
    return out


def _pick_message(messages: tuple, english: list[re.Pattern]) -> str:
    tagged = [str(m) for m in messages if getattr(m, "language", None) == "en"]
    matching = [str(m) for m in messages if any(p.match(str(m)) for p in english)]
    return next(iter(tagged + matching + [str(m) for m in messages]), "does not conform")
