"""The dumps: the whole graph as N-Triples, Turtle and JSON-LD, streamed from the records' chunks
(each already serialized, in IRI order), the JSON-LD context, and the vocabulary and shapes the
build used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Protocol

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.outputs.files import Reuse, Written, key_of
from kemi_lod.progress import SILENT, Progress, counted
from kemi_lod.rdf.blocks import Span
from kemi_lod.rdf.serialize import Serialized, context, jsonld_document, turtle_header
from kemi_lod.vocabulary.files import ToolFile, context_file, ontology_files, release_files, shapes_files


def _context_bytes() -> bytes:
    head = json.dumps(context()["@context"], ensure_ascii=False, indent=2)
    return f'{{"@context": {head}}}\n'.encode()


class Chunks(Protocol):
    """Where the dumps are joined from: the records' serialized chunks, in order (the cache)."""

    def ntriples(self) -> Iterable[bytes]: ...

    def sizes(self) -> list[int]: ...  # of each chunk's N-Triples

    def bodies(self) -> Iterable[Serialized]: ...


def write_ntriples(chunks: Chunks, out: Path, settings: Settings, reuse: Reuse | None = None,
                   key: bytes = b"") -> tuple[Written, list[Span]]:
    """The N-Triples dump: the chunks' N-Triples, in order; and where each chunk lies in it
    (`rdf.blocks`). Written first, so that the store can read it while the other dumps are
    written; with `reuse`, linked from the previous version where that was made with `key`."""
    name = f"{settings.dataset}.nt"
    reuse = reuse if reuse is not None else Reuse()
    taken = reuse.take(out, name, key)
    if taken is not None:
        return taken, _spans(chunks.sizes())
    sizes = []
    with open(out / name, "wb") as nt:
        for data in chunks.ntriples():
            nt.write(data)
            sizes.append(len(data))
    return reuse.streamed(out, name, key), _spans(sizes)


def _spans(sizes: list[int]) -> list[Span]:
    spans, at = [], 0
    for size in sizes:
        spans.append((at, at + size))
        at += size
    return spans


def write_documents(chunks: Chunks, out: Path, settings: Settings, reuse: Reuse | None = None,
                    key: bytes = b"", progress: Progress = SILENT) -> list[Written]:
    """Stream the chunks, in order, into the Turtle and JSON-LD dumps (each chunk a unit of
    `progress`); and the context. With `reuse`, they are recorded under `key` (what they were
    made from), and linked from the previous version where that was made with the same."""
    reuse = reuse if reuse is not None else Reuse()
    stem = settings.dataset
    names = [f"{stem}.ttl", f"{stem}.jsonld"]
    context_file = reuse.write(out, "context.jsonld", _context_bytes())
    if all(reuse.same(name, key) for name in names):
        taken = [reuse.take(out, name, key) for name in names]
        if all(taken):
            progress.advance(len(chunks.sizes()))
            return [*taken, context_file]
    head = json.dumps(context()["@context"], ensure_ascii=False, indent=2)
    with open(out / names[0], "wb") as ttl, open(out / names[1], "wb") as jsonld:
        ttl.write(turtle_header())
        jsonld.write(f'{{"@context": {head},\n"@graph": [\n'.encode())
        first = True
        for chunk in counted(chunks.bodies(), progress):
            ttl.write(chunk.ttl)
            if chunk.jsonld:
                jsonld.write(chunk.jsonld if first else b",\n" + chunk.jsonld)
                first = False
        jsonld.write(b"\n]}\n" if not first else b"]}\n")
    return [*(reuse.streamed(out, name, key) for name in names), context_file]


def write_tool_files(out: Path, reuse: Reuse | None = None) -> list[Written]:
    """The vocabulary and shapes the build used, published beside the data; and every version
    of them, as Turtle and JSON-LD, where its version IRI leads."""
    reuse = reuse if reuse is not None else Reuse()
    files: list[ToolFile] = [*ontology_files(), context_file(), *shapes_files()]
    out_files = [reuse.write(out, f"{f.folder}/{f.name}", f.data) for f in files]
    for f in release_files():
        out_files.append(reuse.write(out, f"{f.folder}/{f.name}", f.data))
        if not f.name.endswith(".ttl"):  # the context: JSON-LD already
            continue
        name = f"{f.folder}/{f.name.removesuffix('.ttl')}.jsonld"
        key = key_of(b"release", f.data)  # made by parsing and serialising: linked when its source is unchanged
        taken = reuse.take(out, name, key)
        if taken is None:
            triples = _stable_blank_nodes(q.triple for q in ox.parse(f.data, format=ox.RdfFormat.TURTLE))
            taken = reuse.put(out, name, jsonld_document(triples), key)
        out_files.append(taken)
    return out_files


def _stable_blank_nodes(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """The triples with their blank nodes named b0, b1, … in the order the file has them (a
    parser names them at random), so the JSON-LD of a Turtle file is the same in every build."""
    names: dict[str, ox.BlankNode] = {}

    def stable(term):
        if isinstance(term, ox.BlankNode):
            return names.setdefault(term.value, ox.BlankNode(f"b{len(names)}"))
        return term

    return [ox.Triple(stable(t.subject), t.predicate, stable(t.object)) for t in triples]
