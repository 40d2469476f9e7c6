"""Per-record chunks kept between builds, so a rebuild redoes only the records that changed.

One SQLite file per data folder under `.kemi-lod-cache/` of the publication. A chunk is
reused when the record's bytes are the same (files whose size and modification time are
unchanged are not even read), the classes of everything it refers to are the same, and the
build context (tool version, settings, vocabulary, shapes) is the same. Each record also
keeps the results of the SHACL-SPARQL rules for its nodes. The cache never changes what is
built: the tests build with and without it, byte for byte.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import zlib
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple

from .errors import Problem
from .shacl import Result
from .graphstats import Stats
from .recordstage import Chunk
from .tables import TableFacts

CACHE_FORMAT = 7  # bump when the table layout changes

SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS chunks (
    path TEXT PRIMARY KEY, stat TEXT, digest BLOB, key TEXT, unit INTEGER, deps BLOB,
    head BLOB, nt BLOB, ttl BLOB, jsonld BLOB, rules BLOB, tables BLOB, stats BLOB
);
CREATE INDEX IF NOT EXISTS chunks_key ON chunks (key);
-- apart from the chunks: SQLite rewrites a whole row to update one column
CREATE TABLE IF NOT EXISTS rule_findings (path TEXT PRIMARY KEY, findings BLOB);
"""


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class Row(NamedTuple):
    """A chunk as the cache stores it, encoded where it was made (in the worker), so the main
    process only writes bytes."""

    path: str
    key: str
    deps: bytes
    head: bytes
    nt: bytes
    ttl: bytes
    jsonld: bytes
    rules: bytes
    tables: bytes
    stats: bytes


def encode(chunk: Chunk) -> Row:
    return Row(
        chunk.path, chunk.key, pickle.dumps(chunk.deps),
        pickle.dumps((chunk.problems, chunk.results, chunk.findings, chunk.triples, chunk.external)),
        chunk.nt, chunk.ttl, chunk.jsonld, zlib.compress(chunk.sparql_nt, 1),
        pickle.dumps(chunk.table), pickle.dumps(chunk.stats),
    )


class ChunkCache:
    """Chunks by record path; `head` (problems, results, counts) is read without the dumps."""

    def __init__(self, file: Path, context_key: str, reuse: bool = True) -> None:
        """Open the cache; with `reuse` False it starts empty (and is filled by this build)."""
        file.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(file))
        self.db.executescript(SCHEMA)
        row = self.db.execute("SELECT value FROM meta WHERE name = 'context'").fetchone()
        if row is None or row[0] != context_key or not reuse:
            self.db.execute("DELETE FROM chunks")
            self.db.execute("DELETE FROM rule_findings")
            self.db.execute("DELETE FROM meta WHERE name = 'classes'")
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('context', ?)", (context_key,))
        self.known = {
            path: (stat, dig, bool(unit))
            for path, stat, dig, unit in self.db.execute("SELECT path, stat, digest, unit FROM chunks")
        }
        self._deps: dict[str, tuple] | None = None
        self.classes_unchanged = False

    def digest_if_unchanged(self, path: str, stat: str) -> bytes | None:
        """The stored digest when the file's size and modification time are the stored ones."""
        known = self.known.get(path)
        return known[1] if known is not None and known[0] == stat else None

    def unit(self, path: str, dig: bytes) -> bool | None:
        known = self.known.get(path)
        return known[2] if known is not None and known[1] == dig else None

    def use_classes(self, classes: Mapping[str, frozenset[str]]) -> None:
        """Note the class index of this build; when it is the last build's, no dependency changed."""
        h = hashlib.blake2b(digest_size=16)
        for iri in sorted(classes):
            h.update(f"{iri} {' '.join(sorted(classes[iri]))}\n".encode())
        row = self.db.execute("SELECT value FROM meta WHERE name = 'classes'").fetchone()
        self.classes_unchanged = row is not None and row[0] == h.hexdigest()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('classes', ?)", (h.hexdigest(),))

    def is_current(self, path: str, dig: bytes, classes: Mapping[str, frozenset[str]]) -> bool:
        known = self.known.get(path)
        if known is None or known[1] != dig:
            return False
        if self.classes_unchanged:
            return True
        if self._deps is None:
            self._deps = {p: pickle.loads(d) for p, d in self.db.execute("SELECT path, deps FROM chunks")}
        return all(tuple(sorted(classes.get(iri, ()))) == had for iri, had in self._deps[path])

    def touch(self, path: str, stat: str) -> None:
        self.db.execute("UPDATE chunks SET stat = ? WHERE path = ?", (stat, path))

    def put(self, stat: str, dig: bytes, unit: bool, row: Row) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row.path, stat, dig, row.key, int(unit), row.deps, row.head,
             row.nt, row.ttl, row.jsonld, row.rules, row.tables, row.stats),
        )
        self.db.execute("DELETE FROM rule_findings WHERE path = ?", (row.path,))

    def keep_only(self, paths: set[str]) -> None:
        gone = [(p,) for p in self.known if p not in paths]
        self.db.executemany("DELETE FROM chunks WHERE path = ?", gone)
        self.db.executemany("DELETE FROM rule_findings WHERE path = ?", gone)

    def commit(self) -> None:
        self.db.commit()

    def heads(self) -> Iterator[tuple]:
        """(path, key, problems, results, findings, triples, external) of every chunk, in key order."""
        for path, key, head in self.db.execute("SELECT path, key, head FROM chunks ORDER BY key"):
            yield (path, key, *pickle.loads(head))

    def bodies(self) -> Iterator[Chunk]:
        """Every chunk with its serializations, in key order (streamed)."""
        for key, path, nt, ttl, jsonld in self.db.execute("SELECT key, path, nt, ttl, jsonld FROM chunks ORDER BY key"):
            yield Chunk(key, path, (), (), nt=nt, ttl=ttl, jsonld=jsonld)

    def table_facts(self) -> Iterator[TableFacts]:
        """Every chunk's share of the projects table, in key order."""
        for (blob,) in self.db.execute("SELECT tables FROM chunks ORDER BY key"):
            yield pickle.loads(blob)

    def graph_stats(self) -> Iterator[Stats]:
        """Every chunk's share of the graph's description, in key order."""
        for (blob,) in self.db.execute("SELECT stats FROM chunks ORDER BY key"):
            yield pickle.loads(blob)

    def rule_triples(self, paths: Iterable[str] | None = None) -> bytes:
        """The triples the SHACL-SPARQL rules read, as N-Triples: of every chunk, or of `paths`."""
        if paths is None:
            return b"".join(zlib.decompress(r) for (r,) in self.db.execute("SELECT rules FROM chunks"))
        out = []
        for path in paths:
            row = self.db.execute("SELECT rules FROM chunks WHERE path = ?", (path,)).fetchone()
            if row is not None:
                out.append(zlib.decompress(row[0]))
        return b"".join(out)

    def rules_missing(self) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM chunks WHERE path NOT IN (SELECT path FROM rule_findings)").fetchone()[0]

    def set_rule_findings(self, findings: Mapping[str, tuple[tuple[Result, ...], tuple[Problem, ...]]], everything: bool) -> None:
        """Store each record's rule results; with `everything`, records not named have none."""
        if everything:
            self.db.execute("DELETE FROM rule_findings")
            self.db.execute("INSERT INTO rule_findings SELECT path, ? FROM chunks", (pickle.dumps(((), ())),))
        self.db.executemany(
            "INSERT OR REPLACE INTO rule_findings VALUES (?, ?)",
            [(path, pickle.dumps(value)) for path, value in findings.items()],
        )

    def all_rule_findings(self) -> Iterator[tuple[tuple[Result, ...], tuple[Problem, ...]]]:
        for (blob,) in self.db.execute(
                "SELECT f.findings FROM chunks c JOIN rule_findings f ON f.path = c.path ORDER BY c.key"):
            yield pickle.loads(blob)

    def close(self) -> None:
        self.db.close()


def cache_file(root: Path, data_dir: Path) -> Path:
    """The cache of one data folder; files of older cache formats are removed."""
    name = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:16]
    folder = root / ".kemi-lod-cache"
    current = folder / f"{name}-v{CACHE_FORMAT}.sqlite"
    if folder.is_dir():
        for old in folder.glob(f"{name}-v*.sqlite*"):
            if not old.name.startswith(current.name):
                old.unlink(missing_ok=True)
    return current
