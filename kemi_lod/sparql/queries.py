"""SPARQL on the built graph: the example queries, their headers and parameters, running and formatting.

An example is one `.rq` file: a header of comment lines (`# title:`, `# title-fi:`,
`# description:`, `# description-fi:`, and `# param: NAME TYPE DEFAULT` per parameter), then
a standard SPARQL 1.1 query. A parameter is bound through the query's own
`VALUES ?NAME { DEFAULT }` clause, so the file runs unchanged in any SPARQL tool; binding
another value replaces that clause. The examples ship inside the package (`kemi_lod.queries`,
the repository's `queries/`). Results are lists of pyoxigraph terms, whatever ran the query
(the built dumps in pyoxigraph, another RDF file, or a SPARQL endpoint), and are written as an
aligned table, SPARQL 1.1 CSV, TSV or JSON results.
"""

from __future__ import annotations

import csv
import os
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kemi_lod.errors import KemiLodError, UsageError
from kemi_lod.rdf.formats import FORM
from kemi_lod.rdf.results import RESULT_FORMATS, write_live
from kemi_lod.vocabulary.terms import PREFIXES, XSD

EXAMPLES_PACKAGE = "kemi_lod.queries"
HEADER_KEYS = ("title", "title-fi", "description", "description-fi")
OPTIONAL_HEADER_KEYS = ("federated",)  # a query that calls other endpoints: run by none of the tool's parts
PARAM_TYPES = ("integer", "decimal", "date", "gYear", "string", "iri", "boolean")
_VALUE_PATTERNS = {
    "integer": r"[+-]?\d+",
    "decimal": r"[+-]?\d+(\.\d+)?",
    "date": r"\d{4}-\d{2}-\d{2}",
    "gYear": r"-?\d{4}",
    "boolean": r"true|false",
    "iri": r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*",
    "string": r"(?s:.*)",
}
_XSD_PREFIX = re.compile(r"^\s*PREFIX\s+xsd:\s*<http://www\.w3\.org/2001/XMLSchema#>", re.I | re.M)


class QuerySyntaxError(KemiLodError):
    """The query does not parse (exit code 1); the message names the line and column."""

    exit_code = 1


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str


@dataclass(frozen=True)
class Query:
    """A query with its header; `name` is the file stem (or "query" for inline text)."""

    name: str
    text: str
    headers: dict[str, str]
    params: tuple[Param, ...]

    @property
    def title(self) -> str:
        return self.headers.get("title", "")


@dataclass(frozen=True)
class Results:
    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.Literal | ox.BlankNode | None, ...], ...]


# --- headers and parameters ----------------------------------------------------------------------


def parse_query(text: str, name: str = "query") -> Query:
    """Read the header comments of a query; malformed parameters are a UsageError."""
    headers: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        key, sep, value = stripped[1:].strip().partition(":")
        if not sep:
            continue
        key, value = key.strip(), value.strip()
        if key == "param":
            params.append(_param(name, value))
        elif key in HEADER_KEYS or key in OPTIONAL_HEADER_KEYS:
            headers[key] = value
    query = Query(name, text, headers, tuple(params))
    for p in query.params:
        _values_clause(query, p.name)  # every parameter has its VALUES clause
    return query


def _param(name: str, spec: str) -> Param:
    parts = spec.split(None, 2)
    if len(parts) != 3 or parts[1] not in PARAM_TYPES:
        raise UsageError(f"{name}: '# param: {spec}' is not 'NAME TYPE DEFAULT' with TYPE one of {', '.join(PARAM_TYPES)}")
    param = Param(*parts)
    _check_value(param, param.default)
    return param


def _check_value(param: Param, value: str) -> None:
    ok = re.fullmatch(_VALUE_PATTERNS[param.type], value) is not None
    if ok and param.type == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            ok = False
    if not ok:
        raise UsageError(f"parameter {param.name}: {value!r} is not a valid {param.type}")


def _values_clause(query: Query, name: str) -> re.Match:
    found = list(re.finditer(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^{}]*\}", query.text))
    if len(found) != 1:
        raise UsageError(f"{query.name}: parameter {name} needs exactly one 'VALUES ?{name} {{ … }}' clause, found {len(found)}")
    return found[0]


def sparql_term(param: Param, value: str, xsd_prefix: bool = True) -> str:
    """The value as a SPARQL term of the parameter's type."""
    _check_value(param, value)
    if param.type == "iri":
        return f"<{value}>"
    if param.type in ("integer", "boolean"):
        return value
    if param.type == "string":
        return json.dumps(value, ensure_ascii=False)
    datatype = f"xsd:{param.type}" if xsd_prefix else f"<{XSD[param.type].value}>"
    return f'"{value}"^^{datatype}'


def bind(query: Query, values: dict[str, str]) -> str:
    """The query text with each given parameter's VALUES clause holding the given value."""
    known = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(known))
    if unknown:
        offered = ", ".join(known) or "none"
        raise UsageError(f"{query.name}: no parameter {', '.join(unknown)} (parameters: {offered})")
    text = query.text
    prefixed = _XSD_PREFIX.search(text) is not None
    for name, value in values.items():
        clause = _values_clause(Query(query.name, text, query.headers, query.params), name)
        replacement = f"VALUES ?{name} {{ {sparql_term(known[name], value, prefixed)} }}"
        text = text[: clause.start()] + replacement + text[clause.end():]
    return text


# --- the examples ----------------------------------------------------------------------------------


@cache
def examples() -> tuple[Query, ...]:
    """The example queries shipped with the tool, by name."""
    root = resources.files(EXAMPLES_PACKAGE)
    files = sorted((f for f in root.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return tuple(parse_query(f.read_text(encoding="utf-8"), f.name.removesuffix(".rq")) for f in files)


def example(name: str) -> Query:
    for q in examples():
        if q.name == name:
            return q
    raise UsageError(f"no example query {name!r} (kemi-lod query --list shows them)")


def load_store(path: Path, lenient: bool = False) -> ox.Store:
    """An in-memory store of one RDF file, its format from its extension; `lenient`: without
    checking IRIs (for a file oxigraph wrote)."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None
    if fmt is None:
        raise UsageError(f"{path}: unknown RDF format (use .nt, .ttl, .jsonld, .rdf, .nq or .trig)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt, lenient=lenient)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except SyntaxError as exc:
        raise UsageError(f"{path}: not valid {fmt.name}: {exc}") from None
    return store


def check_syntax(text: str, source: str) -> None:
    """Raise QuerySyntaxError `source:LINE:COLUMN: message` if the query does not parse."""
    try:
        ox.Store().query(text)
    except SyntaxError as exc:
        raise _syntax_error(exc, source, text) from None


def _syntax_error(exc: SyntaxError, source: str, text: str) -> QuerySyntaxError:
    """pyoxigraph decides; its position is the furthest point its parser tried, often the end of
    the text, so where rdflib's parser stops earlier, that position and token are shown instead."""
    message = str(exc)
    where = re.match(r"error at (\d+):(\d+): (.*)", message, re.S)
    if not where:
        return QuerySyntaxError(f"{source}: SPARQL syntax error: {message}")
    line, column = int(where.group(1)), int(where.group(2))
    reason = where.group(3).splitlines()[0]  # the first line; the rest lists character classes
    earlier = _rdflib_position(text)
    if earlier is not None and earlier[:2] < (line, column):
        line, column, token = earlier
        reason = f"cannot read the query from {token!r} on"
    return QuerySyntaxError(f"{source}:{line}:{column}: SPARQL syntax error: {reason}")


def _rdflib_position(text: str) -> tuple[int, int, str] | None:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as exc:
        token = re.split(r"[\s(){}]", exc.line[exc.col - 1:], maxsplit=1)[0] or exc.line[exc.col - 1:exc.col]
        return exc.lineno, exc.col, token
    except Exception:  # noqa: BLE001 - rdflib only helps to locate; pyoxigraph has decided
        return None
    return None


def select_rows(store: ox.Store, query: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """A SELECT over the built graph, with the publication's prefixes declared; each row maps
    the bound variables to their terms (unbound ones are left out)."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
    solutions = store.query(head + query)
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


def run_on_store(text: str, store: ox.Store, source: str = "query") -> Results:
    try:
        solutions = store.query(text)
    except SyntaxError as exc:
        raise _syntax_error(exc, source, text) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError(f"{source}: only SELECT queries are supported here")
    variables = tuple(v.value for v in solutions.variables)
    return Results(variables, tuple(tuple(s[v] for v in variables) for s in solutions))


def run_on_endpoint(text: str, url: str, source: str = "query", timeout: float = 60) -> Results:
    """POST the query to a SPARQL 1.1 protocol endpoint and read its JSON results."""
    check_syntax(text, source)
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Accept": RESULT_FORMATS["json"].media_type,
        "Content-Type": FORM,
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip()[:500]
        raise UsageError(f"{url}: the endpoint answered {exc.code} {exc.reason}" + (f": {detail}" if detail else "")) from None
    except (urllib.error.URLError, OSError) as exc:
        raise UsageError(f"{url}: cannot reach the endpoint: {getattr(exc, 'reason', exc)}") from None
    try:
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise UsageError(f"{url}: the answer is not SPARQL JSON results: {exc}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise UsageError(f"{url}: the answer is not a SELECT result")
    variables = tuple(v.value for v in solutions.variables)
    return Results(variables, tuple(tuple(s[v] for v in variables) for s in solutions))


# --- the build's copy ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExampleResult:
    query: Query
    csv: str
    rows: int


def run_examples(store: ox.Store, only: Iterable[Query] | None = None) -> tuple[ExampleResult, ...]:
    """Every example (or those of `only`) with its default parameters on the given store.

    The results are written as CSV by `write_live` (the store's own writer: the same bytes as
    ours, without turning every term into a Python object first). The store
    releases the interpreter while it works, so the queries run in threads, one per core."""

    def run(q: Query) -> ExampleResult:
        try:
            solutions = store.query(q.text)
        except SyntaxError as exc:
            raise _syntax_error(exc, f"{q.name}.rq", q.text) from None
        text = write_live(solutions, "csv").decode("utf-8")
        rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1
        return ExampleResult(q, text, rows)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return tuple(pool.map(run, examples() if only is None else only))
