"""SPARQL 1.1 query results, written in one place for every format: JSON, XML, CSV, TSV, and
an aligned table for people.

`kemi-lod query` and the endpoint of `kemi-lod serve` write through `write_solutions` and
`write_boolean`. Where a live result is written whole (the build's example results), the store's
own writer is used for speed (`write_live`); it gives the same bytes (tests/test_results.py).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kemi_lod.rdf import formats
from kemi_lod.rdf.serialize import compact
from kemi_lod.vocabulary.terms import XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class ResultFormat:
    name: str
    type: formats.FileType
    store_format: ox.QueryResultsFormat | None = None  # the store's own writer gives the same bytes

    @property
    def media_type(self) -> str:
        return self.type.media_type

    @property
    def content_type(self) -> str:
        return self.type.content_type


RESULT_FORMATS: dict[str, ResultFormat] = {f.name: f for f in (
    ResultFormat("json", formats.SPARQL_JSON),
    ResultFormat("xml", formats.SPARQL_XML),
    ResultFormat("csv", formats.CSV, store_format=ox.QueryResultsFormat.CSV),
    ResultFormat("tsv", formats.TSV),
)}
# Media types a client may ask for, each answered in a result format (the plain JSON and XML
# types too: some clients send only those).
ACCEPTED: dict[str, str] = {
    formats.SPARQL_JSON.media_type: "json", formats.JSON.media_type: "json",
    formats.SPARQL_XML.media_type: "xml", formats.XML: "xml",
    formats.CSV.media_type: "csv", formats.TSV.media_type: "tsv",
}
BOOLEAN_FORMATS = ("json", "xml")  # an ASK answer has no CSV or TSV form
_NS = "http://www.w3.org/2005/sparql-results#"


def write_solutions(variables: Sequence[str], rows: Sequence[Sequence[Term | None]], fmt: str) -> bytes:
    """SELECT results in a result format (`RESULT_FORMATS`) or "table"; None is an unbound value."""
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv, "table": _table}[fmt]
    return writer(list(variables), rows).encode("utf-8")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result in JSON or XML."""
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="{_NS}">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def write_live(solutions: ox.QuerySolutions, fmt: str) -> bytes:
    """A live result written whole: by the store where its writer gives our bytes, else by ours."""
    store_format = RESULT_FORMATS[fmt].store_format if fmt in RESULT_FORMATS else None
    if store_format is not None:
        return solutions.serialize(format=store_format)
    variables = [v.value for v in solutions.variables]
    return write_solutions(variables, [[s[v] for v in variables] for s in solutions], fmt)


# --- the formats ---------------------------------------------------------------------------------


def json_term(term: Term) -> dict[str, str]:
    """A term as SPARQL 1.1 Query Results JSON writes it."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype != XSD.string:
        out["datatype"] = term.datatype.value
    return out


def _json(variables: list[str], rows) -> str:
    """Unbound variables are left out of a binding."""
    bindings = [{v: json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype != XSD.string:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables: list[str], rows) -> str:
    out = [f'<?xml version="1.0"?>\n<sparql xmlns="{_NS}">\n<head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head>\n<results>")
    for row in rows:
        out.append("<result>" + "".join(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                                        for v, t in zip(variables, row) if t is not None) + "</result>")
    out.append("</results>\n</sparql>\n")
    return "\n".join(out)


def _csv_text(term: Term | None) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _csv(variables: list[str], rows) -> str:
    """Lexical forms only (blank nodes as _:label), RFC 4180 quoting, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(variables)
    writer.writerows([_csv_text(t) for t in row] for row in rows)
    return out.getvalue()


def _tsv_term(term: Term | None) -> str:
    """A term in N-Triples form; a tab inside a literal is escaped, as the format requires."""
    return "" if term is None else str(term).replace("\t", "\\t")


def _tsv(variables: list[str], rows) -> str:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
    return "\n".join(lines) + "\n"


# --- for people ------------------------------------------------------------------------------------


_NUMERIC = {XSD.integer, XSD.decimal, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.double, XSD.float}


def _cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return " ".join(term.value.split())  # one line per row


def _table(variables: list[str], rows) -> str:
    """Aligned columns: CURIEs for known namespaces, text on one line, numbers right-aligned."""
    cells = [[_cell(t) for t in row] for row in rows]
    numeric = [all(isinstance(row[i], ox.Literal) and row[i].datatype in _NUMERIC for row in rows if row[i] is not None)
               for i in range(len(variables))]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(variables)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    lines = [line(variables), "  ".join("-" * w for w in widths), *(line(r) for r in cells)]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
