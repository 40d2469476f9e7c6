"""Per-record chunks kept between builds, so a rebuild redoes only the records that changed.

One SQLite file per data folder under `.kemi-lod-cache/` of the publication. A chunk is
reused when the record's bytes are the same (files whose size and modification time are
unchanged are not even read), the classes of everything it refers to are the same, and the
build context (tool version, settings, vocabulary, shapes) is the same. Each record also
keeps the results of the SHACL-SPARQL rules for its nodes. The cache never changes what is
built: the tests build with and without it, byte for byte.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import shutil
import sqlite3
import tempfile
import weakref
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple, TextIO

from kemi_lod.errors import OutputError, Problem, display_path, os_reason
from kemi_lod.shacl.engine import Result
from kemi_lod.rdf.graphstats import Stats
from kemi_lod.build.worker import Chunk
from kemi_lod.outputs.tables import TableFacts

CACHE_FORMAT = 12  # bump when the table layout or a pickled class (its module path too) changes

# Small rows apart from large ones: reading what is known of every file (its stat, digest and
# head) does not page through the dumps' bytes, and in each table the blobs read least come last
# (SQLite reads a row's columns in order, overflow pages included).
TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, stat TEXT, digest BLOB, key TEXT, unit INTEGER, body BLOB, deps BLOB, head BLOB
);
CREATE INDEX IF NOT EXISTS files_key ON files (key);
CREATE TABLE IF NOT EXISTS shares (path TEXT PRIMARY KEY, tables BLOB, stats BLOB, rules BLOB);
CREATE TABLE IF NOT EXISTS bodies (path TEXT PRIMARY KEY, nt BLOB, ttl BLOB, jsonld BLOB);
CREATE TABLE IF NOT EXISTS rule_findings (path TEXT PRIMARY KEY, findings BLOB);
CREATE TABLE IF NOT EXISTS contact_persons (path TEXT PRIMARY KEY, digest BLOB, persons TEXT);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, key BLOB, deps BLOB);
"""
CHUNK_TABLES = ("files", "shares", "bodies", "rule_findings", "contact_persons")


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
    """Chunks by record path; `head` (problems, results, counts) is read without the dumps.

    A cache that cannot be reused (none yet, another build context, `reuse` off, or a file that
    is not a readable cache) is started afresh in a new file beside the old one, written without
    a journal (nothing in it is worth protecting before it is complete), flushed to disk and
    renamed over the old one at the first commit. Builds that start from it then update it in
    place, with a write-ahead log. One process at a time uses the cache of a data folder (a
    lock beside it, held until `close`); another one that runs meanwhile starts a private
    cache in a temporary folder: it builds the same output, only without reusing anything.
    """

    def __init__(self, file: Path, context_key: str, reuse: bool = True) -> None:
        self.note: str | None = None  # why the publication's cache was not used, for the user
        self._lock: TextIO | None = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            self._lock = open(_sidecar(file, ".lock"), "w")
        except OSError as exc:  # a read-only publication (validate, or build --out elsewhere), a full disk
            self.note = (f"{display_path(file.parent)}: cannot be written ({os_reason(exc)}); "
                         "the cache is neither reused nor kept")
        else:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                weakref.finalize(self, self._lock.close)  # a cache dropped without close() unlocks
            except BlockingIOError:  # in use by another build: work on a private cache
                self._lock.close()
                self._lock = None
        if self._lock is None:
            file, reuse = self._private(file), False
        self.file = file
        self.staging: Path | None = None  # the fresh file, until the first commit
        db = _open_current(file, context_key) if reuse else None
        if db is None:
            db = self._fresh(context_key)
        self.db = db
        self.known = {
            path: (stat, dig, bool(unit))
            for path, stat, dig, unit in self.db.execute("SELECT path, stat, digest, unit FROM files")
        }
        self._deps: dict[str, tuple] | None = None
        self.classes_unchanged = False

    def _private(self, file: Path) -> Path:
        """A cache file in a temporary folder of this process, removed with it."""
        try:
            private = Path(tempfile.mkdtemp(prefix="kemi-lod-cache-"))
        except OSError as exc:
            raise OutputError(f"{tempfile.gettempdir()}: cannot write a temporary cache ({os_reason(exc)})") from None
        weakref.finalize(self, shutil.rmtree, private, True)
        return private / file.name

    def _fresh(self, context_key: str) -> sqlite3.Connection:
        self.staging = self.file.with_name(self.file.name + ".new")
        self.staging.unlink(missing_ok=True)
        db = sqlite3.connect(str(self.staging))
        db.executescript("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + TABLES)
        db.execute("INSERT INTO meta VALUES ('context', ?)", (context_key,))
        return db

    def digest_if_unchanged(self, path: str, stat: str) -> bytes | None:
        """The stored digest when the file's size and modification time are the stored ones."""
        known = self.known.get(path)
        return known[1] if known is not None and known[0] == stat else None

    def unit(self, path: str, dig: bytes) -> bool | None:
        known = self.known.get(path)
        return known[2] if known is not None and known[1] == dig else None

    def contact_persons(self, path: str, dig: bytes) -> list[str] | None:
        """The persons a project file's current contacts name, if known for these bytes."""
        row = self.db.execute("SELECT digest, persons FROM contact_persons WHERE path = ?", (path,)).fetchone()
        return row[1].split() if row is not None and row[0] == dig else None

    def set_contact_persons(self, path: str, dig: bytes, persons: list[str]) -> None:
        self.db.execute("INSERT OR REPLACE INTO contact_persons VALUES (?, ?, ?)", (path, dig, " ".join(persons)))

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
            self._deps = {p: pickle.loads(d) for p, d in self.db.execute("SELECT path, deps FROM files")}
        return all(tuple(sorted(classes.get(iri, ()))) == had for iri, had in self._deps[path])

    def touch(self, path: str, stat: str) -> None:
        self.db.execute("UPDATE files SET stat = ? WHERE path = ?", (stat, path))

    def put(self, stat: str, dig: bytes, unit: bool, row: Row) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (row.path, stat, dig, row.key, int(unit), digest(row.nt), row.deps, row.head))
        self.db.execute("INSERT OR REPLACE INTO shares VALUES (?, ?, ?, ?)", (row.path, row.tables, row.stats, row.rules))
        self.db.execute("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)", (row.path, row.nt, row.ttl, row.jsonld))
        if self.staging is None:  # a fresh cache has no findings yet
            self.db.execute("DELETE FROM rule_findings WHERE path = ?", (row.path,))

    def keep_only(self, paths: set[str]) -> None:
        gone = [(p,) for p in self.known if p not in paths]
        for table in CHUNK_TABLES:
            self.db.executemany(f"DELETE FROM {table} WHERE path = ?", gone)

    def commit(self) -> None:
        self.db.commit()
        if self.staging is not None:  # the fresh cache is complete: it replaces the old one
            self.db.close()
            try:
                _flush(self.staging)
                for stale in (self.file, _sidecar(self.file, "-wal"), _sidecar(self.file, "-shm")):
                    stale.unlink(missing_ok=True)
                os.replace(self.staging, self.file)
                _flush(self.file.parent)
                self.staging = None
            finally:
                self.db = sqlite3.connect(str(self.staging or self.file))
            self.db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")

    def count(self) -> int:
        """How many chunks there are (one per record file, and the code lists')."""
        return self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0]

    def heads(self) -> Iterator[tuple]:
        """(path, key, problems, results, findings, triples, external) of every chunk, in key order."""
        for path, key, head in self.db.execute("SELECT path, key, head FROM files ORDER BY key"):
            yield (path, key, *pickle.loads(head))

    def bodies(self) -> Iterator[Chunk]:
        """Every chunk with its Turtle and JSON-LD, in key order (streamed)."""
        for key, path, ttl, jsonld in self.db.execute(
                "SELECT f.key, f.path, b.ttl, b.jsonld FROM files f JOIN bodies b USING (path) ORDER BY f.key"):
            yield Chunk(key, path, (), (), ttl=ttl, jsonld=jsonld)

    def graph_digest(self) -> bytes:
        """A digest of the whole graph as the dumps hold it: every chunk's N-Triples, in order."""
        h = hashlib.blake2b(digest_size=16)
        for key, body in self.db.execute("SELECT key, body FROM files ORDER BY key"):
            h.update(key.encode() + b"\0" + body)
        return h.digest()

    def outputs(self, version: str) -> dict[str, tuple[bytes, bytes]]:
        """What the build that wrote `version` recorded of each output file (path -> key and
        dependencies); nothing when the cache last recorded another version."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'outputs'").fetchone()
        if row is None or row[0] != version:
            return {}
        return {path: (key, deps) for path, key, deps in self.db.execute("SELECT path, key, deps FROM outputs")}

    def set_outputs(self, version: str, outputs: Mapping[str, tuple[bytes, bytes]],
                    held: Mapping[str, tuple[bytes, bytes]] | None = None) -> None:
        """Record the output files of the build that wrote `version`. `held`: the entries the
        cache holds now, as `outputs()` gave them; then only the entries that differ are written
        (a rebuild after a small change differs in a few of a hundred thousand)."""
        if not held:
            self.db.execute("DELETE FROM outputs")
            held = {}
        self.db.executemany("DELETE FROM outputs WHERE path = ?", ((p,) for p in sorted(held.keys() - outputs.keys())))
        self.db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)",
                            ((p, k, d) for p, (k, d) in sorted(outputs.items()) if held.get(p) != (k, d)))
        self.db.execute("INSERT OR REPLACE INTO meta VALUES ('outputs', ?)", (version,))
        self.commit()

    def ntriples(self) -> Iterator[bytes]:
        """Every chunk's N-Triples, in key order (streamed)."""
        for (nt,) in self.db.execute("SELECT b.nt FROM files f JOIN bodies b USING (path) ORDER BY f.key"):
            yield nt

    def sizes(self) -> list[int]:
        """Every chunk's N-Triples' length, in key order (where each lies in the dump)."""
        return [n for (n,) in self.db.execute("SELECT length(b.nt) FROM files f JOIN bodies b USING (path) ORDER BY f.key")]

    def table_facts(self) -> Iterator[TableFacts]:
        """Every chunk's share of the projects table, in key order."""
        for (blob,) in self.db.execute("SELECT s.tables FROM files f JOIN shares s USING (path) ORDER BY f.key"):
            yield pickle.loads(blob)

    def project_shares(self) -> Iterator[tuple[str, TableFacts]]:
        """Each project record's file and its share of the projects table (build.duplicates)."""
        for path, blob in self.db.execute("SELECT f.path, s.tables FROM files f JOIN shares s USING (path) "
                                          "WHERE f.key LIKE '%/id/project/%' ORDER BY f.path"):
            yield path, pickle.loads(blob)

    def graph_stats(self) -> Iterator[Stats]:
        """Every chunk's share of the graph's description, in key order."""
        for (blob,) in self.db.execute("SELECT s.stats FROM files f JOIN shares s USING (path) ORDER BY f.key"):
            yield pickle.loads(blob)

    def rule_triples(self, paths: Iterable[str] | None = None) -> bytes:
        """The triples the SHACL-SPARQL rules read, as N-Triples: of every chunk, or of `paths`."""
        if paths is None:
            return b"".join(zlib.decompress(r) for (r,) in self.db.execute("SELECT rules FROM shares"))
        out = []
        for path in paths:
            row = self.db.execute("SELECT rules FROM shares WHERE path = ?", (path,)).fetchone()
            if row is not None:
                out.append(zlib.decompress(row[0]))
        return b"".join(out)

    def rules_missing(self) -> int:
        return self.db.execute(
            "SELECT COUNT(*) FROM files WHERE path NOT IN (SELECT path FROM rule_findings)").fetchone()[0]

    def set_rule_findings(self, findings: Mapping[str, tuple[tuple[Result, ...], tuple[Problem, ...]]], everything: bool) -> None:
        """Store each record's rule results; with `everything`, records not named have none,
        and the findings are those of the whole graph as it is now (`rules_checked`)."""
        if everything:
            self.db.execute("DELETE FROM rule_findings")
            self.db.execute("INSERT INTO rule_findings SELECT path, ? FROM files", (pickle.dumps(((), ())),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('rules', ?)", (self.graph_digest().hex(),))
        else:
            self.db.execute("DELETE FROM meta WHERE name = 'rules'")
        self.db.executemany(
            "INSERT OR REPLACE INTO rule_findings VALUES (?, ?)",
            [(path, pickle.dumps(value)) for path, value in findings.items()],
        )

    def decided(self, name: str, compute: Callable[[], str]) -> str:
        """compute(), once for this cache: its result is kept under `name` (which must say all
        that the result depends on, beyond the cache's context)."""
        row = self.db.execute("SELECT value FROM meta WHERE name = ?", ("decided " + name,)).fetchone()
        if row is not None:
            return row[0]
        value = compute()
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", ("decided " + name, value))
        self.db.commit()  # kept even by a check that writes nothing else (no transaction left open)
        return value

    def rules_checked(self) -> bytes | None:
        """The digest of the graph that every rule last ran on, if they ran on all of it."""
        row = self.db.execute("SELECT value FROM meta WHERE name = 'rules'").fetchone()
        return bytes.fromhex(row[0]) if row is not None else None

    def all_rule_findings(self) -> Iterator[tuple[tuple[Result, ...], tuple[Problem, ...]]]:
        for (blob,) in self.db.execute(
                "SELECT r.findings FROM files f JOIN rule_findings r USING (path) ORDER BY f.key"):
            yield pickle.loads(blob)

    def close(self) -> None:
        """Close the database and let other processes use the cache."""
        self.db.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None


@contextmanager
def cache_faults(cache: ChunkCache | Path) -> Iterator[None]:
    """SQLite's errors while the cache is written (a full disk, a file gone read-only) as the
    build's output error, naming the cache file."""
    try:
        yield
    except sqlite3.Error as exc:
        file = cache.file if isinstance(cache, ChunkCache) else cache
        why = "the disk is full" if "full" in str(exc) else str(exc)
        raise OutputError(f"{display_path(file)}: cannot write the cache ({why}); the previous build is untouched") from None


def _flush(path: Path) -> None:
    """Write a file (or a folder's entries) through to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sidecar(file: Path, suffix: str) -> Path:
    return file.with_name(file.name + suffix)


def _open_current(file: Path, context_key: str) -> sqlite3.Connection | None:
    """The cache in `file` if it is one of this build context, else None (it is then replaced)."""
    if not file.exists():
        return None
    db = sqlite3.connect(str(file))
    try:
        db.executescript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        row = db.execute("SELECT value FROM meta WHERE name = 'context'").fetchone()
        if row is not None and row[0] == context_key:
            return db
    except sqlite3.DatabaseError:  # not a cache of this format (or a damaged one): start afresh
        pass
    db.close()
    return None


def cache_file(root: Path, data_dir: Path) -> Path:
    """The cache of one data folder; files of older cache formats are removed."""
    name = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:16]
    folder = root / ".kemi-lod-cache"
    current = folder / f"{name}-v{CACHE_FORMAT}.sqlite"
    if folder.is_dir():
        for old in folder.glob(f"{name}-v*.sqlite*"):
            if not old.name.startswith(current.name):
                try:
                    old.unlink(missing_ok=True)
                except OSError:  # a read-only publication: left for a build that can write
                    pass
    return current


def compact(path: Path) -> None:
    """Rewrite the cache file without its free pages, where deleted rows (a removed person's
    record, the earlier chunks of the records that named them) could still be read."""
    if path.is_file():
        db = sqlite3.connect(path)
        try:
            db.execute("VACUUM")
        finally:
            db.close()
        for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            extra.unlink(missing_ok=True)
