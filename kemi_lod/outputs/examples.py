"""build/queries/: each example query, its result on this build's data (SPARQL CSV, from
`sparql.queries.run_examples`), an index of them (JSON), and the prefixes the publication uses
(`prefixes.json`, prefix to namespace: what the query editor completes).

A rebuild runs again only the examples whose answer may have changed: an example whose
patterns name their predicates (`sparql.predicates`) keeps its previous result where no triple
with one of them changed. Each result's entry records what that takes: the query's digest,
its row count, and its predicates ("*": any).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from kemi_lod.errors import OutputError
from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.sparql.predicates import predicates_of
from kemi_lod.sparql.queries import ExampleResult, Query
from kemi_lod.vocabulary.terms import PREFIXES


PREFIXES_FILE = "queries/prefixes.json"


@dataclass(frozen=True)
class Kept:
    """An example whose previous result holds: its entry (key, what it depended on) and rows."""

    query: Query
    key: bytes
    deps: bytes
    rows: int


def kept_examples(queries: Sequence[Query], reuse: Reuse, changed: frozenset[str] | None) -> dict[str, Kept]:
    """The examples whose previous result holds, by name: the same query, reading none of the
    `changed` predicates (None: what changed is not known, so none)."""
    kept = {}
    for q in queries if changed is not None else ():
        name = f"queries/{q.name}.csv"
        entry = reuse.known.get(name) if reuse.previous is not None else None
        if entry is None:
            continue
        digest, rows, predicates = _read_entry(entry[1])
        if digest == _digest(q) and predicates is not None and changed.isdisjoint(predicates) and \
                (reuse.previous / name).is_file():
            kept[q.name] = Kept(q, entry[0], entry[1], rows)
    return kept


def _digest(q: Query) -> str:
    return hashlib.blake2b(q.text.encode(), digest_size=16).hexdigest()


def _entry(q: Query, rows: int, reuse: Reuse) -> bytes:
    """A result's record: the query's digest, its rows, and its predicates ("*": any), those of
    the previous entry where the query is the same (parsing every example takes over a second)."""
    before = reuse.known.get(f"queries/{q.name}.csv")
    digest, _, predicates = _read_entry(before[1]) if before is not None else ("", 0, None)
    if digest != _digest(q):
        predicates = predicates_of(q.text)
    return "\n".join([_digest(q), str(rows), *(sorted(predicates) if predicates is not None else ["*"])]).encode()


def _read_entry(data: bytes) -> tuple[str, int, frozenset[str] | None]:
    """(query digest, rows, predicates or None for any) of a record `_entry` made."""
    digest, rows, *predicates = data.decode().split("\n")
    return digest, int(rows or 0), None if predicates == ["*"] else frozenset(p for p in predicates if p)


def examples_index(results: Sequence[ExampleResult | Kept]) -> str:
    """The published index of the examples (JSON): titles, descriptions, parameters, files, row counts."""
    entries = []
    for r in results:
        q = r.query
        entries.append({
            "name": q.name,
            "title": {"en": q.headers.get("title", ""), "fi": q.headers.get("title-fi", "")},
            "description": {"en": q.headers.get("description", ""), "fi": q.headers.get("description-fi", "")},
            "parameters": [{"name": p.name, "type": p.type, "default": p.default} for p in q.params],
            "query": f"{q.name}.rq",
            "result": f"{q.name}.csv",
            "rows": r.rows,
        })
    return json.dumps({"examples": entries}, ensure_ascii=False, indent=2) + "\n"


def write_examples(out: Path, results: Sequence[ExampleResult], reuse: Reuse | None = None,
                   kept: dict[str, Kept] | None = None) -> list[Written]:
    """The queries, the results run now and those `kept` from the previous version, and the index."""
    reuse = reuse if reuse is not None else Reuse()
    written, every = [], sorted([*results, *(kept or {}).values()], key=lambda r: r.query.name)
    for r in every:
        name = f"queries/{r.query.name}.csv"
        written.append(reuse.write(out, f"queries/{r.query.name}.rq", r.query.text.encode()))
        if isinstance(r, Kept):
            taken = reuse.take(out, name, r.key, r.deps)
            if taken is None:  # it was there when the build began
                raise OutputError(f"{name} of the previous version went missing during the build: build again")
            written.append(taken)
        else:
            written.append(reuse.write(out, name, r.csv.encode(), _entry(r.query, r.rows, reuse)))
    prefixes = json.dumps(PREFIXES, sort_keys=True, indent=2) + "\n"  # what the query editor completes
    return [*written, reuse.write(out, "queries/index.json", examples_index(every).encode()),
            reuse.write(out, PREFIXES_FILE, prefixes.encode())]
