"""`kemi-lod query`: one query (a file, inline text or an example) with its parameters bound, run
on the built dump, an RDF file or a SPARQL endpoint."""

from __future__ import annotations

from pathlib import Path

from kemi_lod.errors import UsageError
from kemi_lod.sparql.queries import (
    Query, Results, bind, check_syntax, example, examples, load_store, parse_query, run_on_endpoint, run_on_store,
)


def resolve_query(file: Path | None = None, text: str | None = None, example_name: str | None = None) -> Query:
    """The one query given: a .rq file, inline text or an example's name."""
    given = [x for x in (file, text, example_name) if x is not None]
    if len(given) != 1:
        raise UsageError("give exactly one query: a .rq FILE, --query TEXT or --example NAME")
    if example_name is not None:
        return example(example_name)
    if file is not None:
        try:
            return parse_query(file.read_text(encoding="utf-8"), str(file))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"{file}: cannot read the query: {getattr(exc, 'strerror', None) or exc}") from None
    return parse_query(text or "", "query")


def source_name(query: Query) -> str:
    """How messages name the query: its file, or <query> for inline text."""
    if query.name == "query":
        return "<query>"
    return query.name if query.name.endswith(".rq") else f"{query.name}.rq"


def run_query(query: Query, params: dict[str, str], data: Path | None = None, endpoint: str | None = None) -> Results:
    """Bind the parameters and run the query on an RDF file or a SPARQL endpoint."""
    text = bind(query, params)
    where = source_name(query)
    if endpoint is not None:
        return run_on_endpoint(text, endpoint, where)
    assert data is not None
    check_syntax(text, where)  # before loading a large dump
    return run_on_store(text, load_store(data), where)


def list_examples() -> str:
    """One line per example: its name and title."""
    queries = examples()
    width = max((len(q.name) for q in queries), default=0)
    return "".join(f"{q.name.ljust(width)}  {q.title}\n" for q in queries)
