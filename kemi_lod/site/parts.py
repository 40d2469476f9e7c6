"""Rows of long lists (an index page's thousands of projects) made again only where what they read changed.

A row is made while its reads are recorded (`Reads.within`); the build keeps its HTML and
reads (`Reuse.keep`), and the next build takes it as it is when none of those reads is among
the reads the change of the graph touched (`changed_reads`). Its reads count as the page's,
so a page keyed by what it read stays exact.
"""

from __future__ import annotations

import json
import zlib
from typing import Callable, Sequence

import pyoxigraph as ox

from kemi_lod.outputs.files import Reuse
from kemi_lod.site.graph import SiteGraph, changed_reads, decode_reads, encode_reads


class Parts:
    def __init__(self, g: SiteGraph, reuse: Reuse | None = None, changed: "Changed | None" = None) -> None:
        self.g, self.reuse, self.changed = g, reuse, changed

    def row(self, name: str, make: Callable[[], str]) -> str:
        """make() or, where nothing it read changed, what it made in the previous build."""
        if self.reuse is None:
            return make()
        before = self.reuse.fragment(name) if self.changed is not None else None
        if before is not None:
            html, deps = before
            if not self.changed.touches(deps):
                if self.g.reads.seen is not None:
                    self.g.reads.note(decode_reads(deps))
                self.reuse.keep(name, html, deps)
                return html.decode()
        made, reads = self.g.reads.within(make)
        self.reuse.keep(name, made.encode(), encode_reads(reads))
        return made


class Changed:
    """The reads a change touched (`changed_reads`), to test recorded reads against as they
    were recorded (`encode_reads`), without decoding them: a rebuild tests a hundred thousand."""

    def __init__(self, reads: frozenset[tuple[str, str]]) -> None:
        self.lines = frozenset(encode_reads([read]) for read in reads)

    @classmethod
    def since(cls, reuse: Reuse, changes: list[ox.Triple] | None) -> "Changed | None":
        """The reads `changes` (the triples removed or added since the previous version) touch;
        None where there is no previous version or its changes are not known."""
        return cls(changed_reads(changes)) if changes is not None and reuse.previous is not None else None

    def touches(self, deps: bytes) -> bool:
        return not self.lines.isdisjoint(deps.split(b"\n"))


PART_ROWS = 100  # a long list is made in parts of about this many records (`in_parts`)


def in_parts(g: SiteGraph, name: str, links: Sequence[ox.Triple], make: Callable[[Sequence[ox.Triple]], list]) -> list:
    """The items a long list makes of `links` (triples pointing at one IRI), made in parts of
    about `PART_ROWS` records each, by a digest of the record's IRI (the same in every build),
    and each part remembered under `name` (`SiteGraph.remember`): make(triples) gives the items
    of the records of those triples. A change then makes again only the parts whose reads it
    touches. A short list is one part, made directly."""
    count = max(1, len(links) // PART_ROWS)
    if count == 1:
        return make(links)
    parts: list[list[ox.Triple]] = [[] for _ in range(count)]
    for t in links:
        parts[zlib.crc32(t.subject.value.split("#", 1)[0].encode()) % count].append(t)
    items: list = []
    for i, part in enumerate(parts):
        items += json.loads(g.remember(f"{name} {count} {i}", lambda: json.dumps(make(part), ensure_ascii=False)))
    return items
