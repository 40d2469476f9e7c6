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

import os
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
        # read with pread, never mapped: a mapped dump's pages count in the process's memory
        # (reading each chunk's first and last line made all 1.1 GB of it resident at 100,000 projects)
        self._path = path
        chunks = [s for s in spans if s[1] > s[0]] if spans is not None else None
        with open(path, "rb") as f:
            size = f.seek(0, 2)
            bounds = [(_subject(_first_line(f.fileno(), start, end)), _subject(_last_line(f.fileno(), start, end)))
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
        with open(self._path, "rb") as f:
            data = os.pread(f.fileno(), end - start, start)
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        if not self._sorted:
            triples = sort_triples(triples)
        return {s: list(ts) for s, ts in groupby(triples, key=lambda t: t.subject.value)}


_WINDOW = 1024  # bytes read at a time to find a line's end


def _first_line(fd: int, start: int, end: int) -> bytes:
    """The first line of the chunk between `start` and `end`."""
    size = _WINDOW
    while True:
        data = os.pread(fd, min(size, end - start), start)
        if b"\n" in data or len(data) >= end - start:
            return data[:line_end(data, 0)]
        size *= 2


def _last_line(fd: int, start: int, end: int) -> bytes:
    """The last line of the chunk between `start` and `end` (it ends with a newline)."""
    size = _WINDOW
    while True:
        at = max(start, end - size)
        data = os.pread(fd, end - at, at)
        begin = line_start(data, len(data) - 1)
        if begin > 0 or at == start:
            return data[begin:]
        size *= 2


def _subject(line: bytes) -> str:
    """The subject of an N-Triples line (a blank node as its label): read off the bytes where it
    is an IRI without escapes (as oxigraph writes every IRI; a build reads 26,000 of these at
    10,000 projects), else parsed."""
    close = line.find(b">")
    if line[:1] == b"<" and close > 0 and b"\\" not in line[1:close]:
        return line[1:close].decode()
    for q in ox.parse(line, format=ox.RdfFormat.N_TRIPLES):
        return q.subject.value
    return ""
