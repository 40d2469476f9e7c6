"""The dumps: the whole graph as N-Triples, Turtle and JSON-LD, streamed from the records' chunks
(each already serialized, in IRI order), the JSON-LD context, and the vocabulary and shapes the
build used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.outputs.files import Reuse, Written, key_of, written
from kemi_lod.rdf.blocks import Span
from kemi_lod.rdf.serialize import Serialized, context, jsonld_document, turtle_header
from kemi_lod.vocabulary.files import ToolFile, ontology_files, release_files, shapes_files


def _context_bytes() -> bytes:
    head = json.dumps(context()["@context"], ensure_ascii=False, indent=2)
    return f'{{"@context": {head}}}\n'.encode()


def write_ntriples(chunks: Iterable[bytes], out: Path, settings: Settings) -> tuple[Written, list[Span]]:
    """The N-Triples dump: the chunks' N-Triples, in order; and where each chunk lies in it
    (`rdf.blocks`). Written first, so that the store can read it while the other dumps are written."""
    path = out / f"{settings.dataset}.nt"
    spans, at = [], 0
    with open(path, "wb") as nt:
        for data in chunks:
            nt.write(data)
            spans.append((at, at + len(data)))
            at += len(data)
    return written(out, path), spans


def write_documents(chunks: Iterable[Serialized], out: Path, settings: Settings, reuse: Reuse | None = None,
                    key: bytes = b"") -> list[Written]:
    """Stream the chunks, in order, into the Turtle and JSON-LD dumps; and the context. With
    `reuse`, they are recorded under `key` (what they were made from)."""
    reuse = reuse if reuse is not None else Reuse()
    stem = settings.dataset
    head = json.dumps(context()["@context"], ensure_ascii=False, indent=2)
    paths = {ext: out / f"{stem}.{ext}" for ext in ("ttl", "jsonld")}
    with open(paths["ttl"], "wb") as ttl, open(paths["jsonld"], "wb") as jsonld:
        ttl.write(turtle_header())
        jsonld.write(f'{{"@context": {head},\n"@graph": [\n'.encode())
        first = True
        for chunk in chunks:
            ttl.write(chunk.ttl)
            if chunk.jsonld:
                jsonld.write(chunk.jsonld if first else b",\n" + chunk.jsonld)
                first = False
        jsonld.write(b"\n]}\n" if not first else b"]}\n")
    return [*(reuse.streamed(out, p.name, key) for p in paths.values()), reuse.write(out, "context.jsonld", _context_bytes())]


def write_tool_files(out: Path, reuse: Reuse | None = None) -> list[Written]:
    """The vocabulary and shapes the build used, published beside the data; and every version
    of them, as Turtle and JSON-LD, where its version IRI leads."""
    reuse = reuse if reuse is not None else Reuse()
    files: list[ToolFile] = [*ontology_files(), *shapes_files()]
    out_files = [reuse.write(out, f"{f.folder}/{f.name}", f.data) for f in files]
    for f in release_files():
        out_files.append(reuse.write(out, f"{f.folder}/{f.name}", f.data))
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
