"""Per-record chunks kept between builds, so a rebuild redoes only the records that changed.

One SQLite file per data folder under `.kemi-lod-cache/` of the publication. A chunk is
reused when the record's bytes are the same, the classes of everything it refers to are the
same, and the build context (tool version, settings, vocabulary, shapes) is the same. The
cache never changes what is built: the tests build with and without it, byte for byte.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from pathlib import Path
from typing import Iterator, Mapping

from .recordstage import Chunk

CACHE_FORMAT = 2  # bump when the table layout changes

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS chunks (
    path TEXT PRIMARY KEY, digest BLOB, key TEXT, deps BLOB, head BLOB, body BLOB, rules BLOB
);
CREATE INDEX IF NOT EXISTS chunks_key ON chunks (key);
"""


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class ChunkCache:
    """Chunks by record path; `head` (problems, results, counts) is read without the dumps."""

    def __init__(self, file: Path | None, context_key: str) -> None:
        if file is not None:
            file.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(file) if file is not None else ":memory:")
        self.db.executescript(SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE name = 'context'").fetchone()
        if row is None or row[0] != context_key:
            self.db.execute("DELETE FROM chunks")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (context_key,))
        self.known = {
            path: (dig, pickle.loads(deps))
            for path, dig, deps in self.db.execute("SELECT path, digest, deps FROM chunks")
        }

    def is_current(self, path: str, dig: bytes, classes: Mapping[str, frozenset[str]]) -> bool:
        if path not in self.known:
            return False
        stored, deps = self.known[path]
        return stored == dig and all(tuple(sorted(classes.get(iri, ()))) == had for iri, had in deps)

    def put(self, dig: bytes, chunk: Chunk) -> None:
        head = pickle.dumps((chunk.problems, chunk.results, chunk.findings, chunk.triples))
        body = zlib.compress(pickle.dumps((chunk.nt, chunk.ttl, chunk.jsonld)), 1)
        self.db.execute(
            "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chunk.path, dig, chunk.key, pickle.dumps(chunk.deps), head, body, zlib.compress(chunk.sparql_nt, 1)),
        )

    def keep_only(self, paths: set[str]) -> None:
        gone = [(p,) for p in self.known if p not in paths]
        self.db.executemany("DELETE FROM chunks WHERE path = ?", gone)

    def commit(self) -> None:
        self.db.commit()

    def heads(self) -> Iterator[tuple]:
        """(problems, results, findings, triples) of every chunk, in key order."""
        for (head,) in self.db.execute("SELECT head FROM chunks ORDER BY key"):
            yield pickle.loads(head)

    def bodies(self) -> Iterator[Chunk]:
        """Every chunk with its serializations, in key order (streamed)."""
        for key, path, body in self.db.execute("SELECT key, path, body FROM chunks ORDER BY key"):
            nt, ttl, jsonld = pickle.loads(zlib.decompress(body))
            yield Chunk(key, path, (), (), nt=nt, ttl=ttl, jsonld=jsonld)

    def rule_triples(self) -> bytes:
        """The triples the SHACL-SPARQL rules read, of every chunk, as N-Triples."""
        return b"".join(zlib.decompress(r) for (r,) in self.db.execute("SELECT rules FROM chunks"))

    def close(self) -> None:
        self.db.close()


def cache_file(root: Path, data_dir: Path) -> Path:
    name = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return root / ".kemi-lod-cache" / f"{name}-v{CACHE_FORMAT}.sqlite"
