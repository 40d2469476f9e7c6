"""SHACL validation reports read in one place: the severities and pySHACL's report graph.

Both the records' validation (`--engine pyshacl`) and the catalogue check read pySHACL's
report through `read_report`; the compiled engine and the Turtle report use `SEVERITY`.
"""

from __future__ import annotations

from dataclasses import dataclass

from kemi_lod.errors import ERROR, INFO, WARNING

SH = "http://www.w3.org/ns/shacl#"
SEVERITY: dict[str, str] = {SH + "Violation": ERROR, SH + "Warning": WARNING, SH + "Info": INFO}
SEVERITY_IRI: dict[str, str] = {severity: iri for iri, severity in SEVERITY.items()}


@dataclass(frozen=True)
class ReportResult:
    """One sh:ValidationResult of a report, its terms as rdflib gives them."""

    focus: object
    path: object | None
    value: object | None
    component: str
    severity: str  # error | warning | info
    shape: object | None
    messages: tuple  # the sh:resultMessage literals, sorted


def read_report(report) -> list[ReportResult]:
    """Every result of a pySHACL report graph (an rdflib.Graph)."""
    import rdflib

    def one(result, name: str):
        return report.value(result, rdflib.URIRef(SH + name))

    out = []
    for result in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):
        out.append(ReportResult(
            focus=one(result, "focusNode"),
            path=one(result, "resultPath"),
            value=one(result, "value"),
            component=str(one(result, "sourceConstraintComponent")),
            severity=SEVERITY.get(str(one(result, "resultSeverity")), ERROR),
            shape=one(result, "sourceShape"),
            messages=tuple(sorted(report.objects(result, rdflib.URIRef(SH + "resultMessage")))),
        ))
    return out
