"""A subject's triples, exactly as an N-Triples dump holds them, found without reading the whole dump.

The build writes the N-Triples dump as the records' chunks one after the other, each chunk
sorted, in the order of their keys (`outputs.dumps.write_ntriples`, which reports where each
chunk lies). When no subject has triples in two chunks (each chunk's first subject comes after
the previous chunk's last), the chunk that holds a subject is the last one whose first subject
is not after it, and only that chunk is parsed. Otherwise the whole file is parsed once and
sorted (`rdf.serialize.sort_triples`), as any N-Triples file can be.

The dump is read rather than a store asked because a store keeps values, not their lexical
forms: pyoxigraph gives `"1.0"^^xsd:decimal` back as `"1"`, and an `xsd:positiveInteger` as an
`xsd:integer`, where a page and a resource's documents must say exactly what the data says.
"""

from __future__ import annotations

import mmap
from bisect import bisect_right
from itertools import groupby
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from kemi_lod.rdf.diff import line_end, line_start
from kemi_lod.rdf.serialize import sort_triples

Span = tuple[int, int]  # a chunk's start and end offset in the file


class Blocks:
    """The triples of `path` by subject, parsed a chunk at a time (see the module's text)."""

    def __init__(self, path: Path, spans: Sequence[Span] | None = None) -> None:
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            self._data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        chunks = [s for s in spans if s[1] > s[0]] if spans is not None else None
        bounds = [(_subject(self._data, start, line_end(self._data, start)), _subject(self._data, line_start(self._data, end - 1), end))
                  for start, end in chunks or ()]
        self._sorted = chunks is not None and all(bounds[i][0] > bounds[i - 1][1] for i in range(1, len(bounds)))
        # chunks that overlap, or none known: the file is parsed whole, and sorted
        self._spans = chunks if self._sorted else [(0, size)] if size else []
        self._firsts = [first for first, _ in bounds] if self._sorted else [""]
        self._parsed: dict[int, dict[str, list[ox.Triple]]] = {}

    def of(self, subject: str) -> list[ox.Triple]:
        """The triples with `subject`, in the file's order (sorted where the file is parsed whole)."""
        if not self._spans:
            return []
        i = max(bisect_right(self._firsts, subject) - 1, 0)
        found = self._parsed.get(i)
        if found is None:
            found = self._parsed[i] = self._parse(*self._spans[i])
        return found.get(subject, [])

    def _parse(self, start: int, end: int) -> dict[str, list[ox.Triple]]:
        triples = [q.triple for q in ox.parse(self._data[start:end], format=ox.RdfFormat.N_TRIPLES)]
        if not self._sorted:
            triples = sort_triples(triples)
        return {s: list(ts) for s, ts in groupby(triples, key=lambda t: t.subject.value)}


def _subject(data, start: int, end: int) -> str:
    """The subject of the N-Triples line between `start` and `end` (a blank node as its label):
    read off the bytes where it is an IRI without escapes (as oxigraph writes every IRI; a
    build reads 26,000 of these at 10,000 projects), else parsed."""
    line = data[start:end]
    close = line.find(b">")
    if line[:1] == b"<" and close > 0 and b"\\" not in line[1:close]:
        return line[1:close].decode()
    for q in ox.parse(line, format=ox.RdfFormat.N_TRIPLES):
        return q.subject.value
    return ""
