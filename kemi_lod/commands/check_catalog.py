"""`kemi-lod check-catalog`: a DCAT catalogue against SHACL shapes, as the EU validator runs them.

Each shapes file runs on its own by default (the EU validator's profiles), pySHACL being the
engine; the vendored DCAT-AP and avoindata.fi shapes are the profiles in `kemi_lod.standards`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kemi_lod.errors import ERROR, Problem, UsageError, display_path
from kemi_lod.shacl.reports import SH, read_report
from kemi_lod.vocabulary.terms import shorten


@dataclass(frozen=True)
class ShapesRun:
    """One shapes file run on a catalogue, as the EU validator runs one profile."""

    shapes: str  # the shapes file, as given
    problems: tuple[Problem, ...]

    @property
    def violations(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == ERROR)


def shapes_files_in(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The .ttl files of `paths` (files, or folders) split into shapes files and the rest.

    The rest (an ontology such as avoindata's FOAF.ttl, or DCAT-AP's lists of owl:imports)
    is mixed into the data graph, as pySHACL's `-e` does.
    """
    shapes, others = [], []
    for p in paths:
        for candidate in sorted(p.glob("*.ttl")) if p.is_dir() else [p]:
            (shapes if _holds_shapes(_parse(candidate)) else others).append(candidate)
    return shapes, others


def _parse(path: Path):
    import rdflib

    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # any parser error is the user's file, not a bug
        raise UsageError(f"{display_path(path)}: not readable as Turtle: {exc}") from None
    return graph


def _holds_shapes(graph) -> bool:
    import rdflib

    sh = rdflib.Namespace(SH)
    return any(True for _ in graph.triples((None, rdflib.RDF.type, sh.NodeShape))) or \
        any(True for _ in graph.triples((None, sh.path, None)))


def check_catalog(catalog: Path, shapes: Sequence[Path], ontology: Sequence[Path] = (),
                  inference: str = "none", separate: bool = True) -> list[ShapesRun]:
    """Run each shapes file (or, with separate=False, all of them merged) on the catalogue.

    Shapes files are run one at a time by default: DCAT-AP's files reuse shape IRIs with
    conflicting constraints (the vendored README's caveat 1), so merging may change results.
    """
    import rdflib
    from pyshacl import validate

    data = _parse(catalog) if catalog.is_file() else None
    if data is None:
        raise UsageError(f"{display_path(catalog)}: no such file")
    extra = rdflib.Graph()
    for path in ontology:
        extra += _parse(path)
    groups = [[p] for p in shapes] if separate else [list(shapes)]
    runs = []
    for group in groups:
        shapes_graph = rdflib.Graph()
        for path in group:
            shapes_graph += _parse(path)
        _, report, _ = validate(data, shacl_graph=shapes_graph, ont_graph=extra if len(extra) else None,
                                inference=inference, advanced=True, allow_warnings=True)
        name = " + ".join(str(p) for p in group)
        runs.append(ShapesRun(name, tuple(sorted(_problems(report, str(catalog))))))
    return runs


def _problems(report, shown: str) -> list[Problem]:
    import rdflib

    out = []
    for r in read_report(report):
        detail = f"{r.messages[0] if r.messages else 'does not conform'}"
        if r.value is not None and str(r.value) not in detail:
            detail += f" (value {_term(r.value)})"
        if isinstance(r.shape, rdflib.URIRef):
            detail += f" [{shorten(str(r.shape))}]"
        field = shorten(str(r.path)) if isinstance(r.path, rdflib.URIRef) else ""
        out.append(Problem(shown, 0, f"{_term(r.focus)} {field}".strip(), detail, r.severity))
    return out


def _term(term) -> str:
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return shorten(str(term))
    if isinstance(term, rdflib.BNode):
        return "[]"
    return repr(str(term))
