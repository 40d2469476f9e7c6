"""build/queries/: each example query, its result on this build's data (SPARQL CSV, from
`sparql.queries.run_examples`) and an index of them (JSON)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.sparql.queries import ExampleResult


def examples_index(results: Sequence[ExampleResult]) -> str:
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


def write_examples(out: Path, results: Sequence[ExampleResult], reuse: Reuse | None = None) -> list[Written]:
    reuse = reuse if reuse is not None else Reuse()
    written = []
    for r in results:
        written.append(reuse.write(out, f"queries/{r.query.name}.rq", r.query.text.encode()))
        written.append(reuse.write(out, f"queries/{r.query.name}.csv", r.csv.encode()))
    return [*written, reuse.write(out, "queries/index.json", examples_index(results).encode())]
