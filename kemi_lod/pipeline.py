"""records -> graph -> validated graph -> files: the one build used by the CLI and the tests.

Stages, each timed:
  scan        list the record files, read them, check names and ids
  classes     what each record's resource is (organisation records are read for units)
  records     load, map, validate (SHACL Core) and serialize each changed record, in parallel
  rules       the SHACL-SPARQL rules on an oxigraph store of what they read
  write       the chunks concatenated into the dumps, atomically published
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .cache import ChunkCache, cache_file, digest
from .config import Settings
from .errors import Problem
from .mapping import is_unit, map_records, resource_iri, root_classes
from .output import publish_atomically
from .publish import Written, write_dumps, write_tool_files
from .records import RecordFile, load_record, load_records, scan_records
from .recordstage import Chunk, Env, init_worker, locate_again, process, process_in_worker, serialize
from .shacl import Evaluator, Result, index, run_sparql
from .toolfiles import codelist_triples, codes, ontology_files, shapes_files
from .validation import Report, compiled_shapes, locate, make_context, pyshacl_results

ENGINES = ("compiled", "pyshacl")
INLINE_LIMIT = 200  # fewer changed records than this are processed without worker processes


@dataclass
class Checked:
    """The outcome of loading, mapping and validating (no files written)."""

    problems: tuple[Problem, ...]  # record problems, or SHACL violations: the build fails
    report: Report | None
    counts: dict[str, int]
    cache: ChunkCache | None
    timings: dict[str, float] = field(default_factory=dict)
    rebuilt: int = 0  # records processed (not taken from the cache)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def projects(self) -> int:
        return self.counts.get("project", 0)

    @property
    def triples(self) -> int:
        return self.counts.get("triples", 0)

    def graph(self) -> list[ox.Triple]:
        """The whole built graph (for tests and the reference engine)."""
        assert self.cache is not None
        data = b"".join(c.nt for c in self.cache.bodies())
        return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    written: tuple[Written, ...]
    out: Path | None

    @property
    def ok(self) -> bool:
        return self.checked.ok


class _Clock:
    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now


def context_key(settings: Settings) -> str:
    h = hashlib.sha256(version("kemi-lod").encode())
    h.update(repr(settings).encode())
    for f in (*ontology_files(), *shapes_files()):
        h.update(f.data)
    return h.hexdigest()


def _read(files: Iterable[RecordFile]) -> tuple[dict[RecordFile, bytes], list[Problem]]:
    contents, problems = {}, []
    for f in files:
        try:
            contents[f] = f.path.read_bytes()
        except OSError as exc:
            problems.append(Problem(f.shown, 0, "", f"cannot read file: {exc.strerror}"))
    return contents, problems


def _classes(settings: Settings, contents: dict[RecordFile, bytes], code_lists) -> dict[str, frozenset[str]]:
    units = set()
    for f, data in contents.items():
        if f.kind == "org":
            record, _, _ = load_record(f, data, code_lists, settings.max_amount)
            if record is not None and is_unit(record):
                units.add(f.id)
    return {resource_iri(settings, f.kind, f.id): root_classes(f.kind, f.id in units) for f in contents}


def _run(jobs: list[tuple[RecordFile, bytes]], env: Env, workers: int) -> Iterable[tuple[RecordFile, Chunk]]:
    if len(jobs) < INLINE_LIMIT or workers <= 1:
        for f, data in jobs:
            yield f, process(f, data, env)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=init_worker, initargs=(env,)) as pool:
        yield from zip((f for f, _ in jobs), pool.imap(process_in_worker, jobs, chunksize=64))


def _codelist_chunk(env: Env) -> Chunk:
    triples = codelist_triples()
    results = tuple(Evaluator(env.shapes, env.context).validate(index(triples)))
    problems = tuple(locate(r, {}, {}) for r in results)
    first = min(t.subject.value for t in triples)
    return serialize(first, "ontology/codelists.ttl", triples, problems, results, (), env.sparql_predicates)


def check(settings: Settings, data_dir: Path, engine: str = "compiled", workers: int | None = None, use_cache: bool = True) -> Checked:
    """Load, map and validate; problems are returned, nothing is published."""
    clock = _Clock()
    scan = scan_records(data_dir)
    contents, read_problems = _read(scan.files)
    clock.lap("scan")
    code_lists = codes()
    classes = _classes(settings, contents, code_lists)
    shapes = compiled_shapes()
    env = Env(settings, code_lists, scan.ids(), make_context(classes), shapes, shapes.predicates_for_sparql())
    clock.lap("classes")

    store_file = cache_file(settings.root, data_dir) if use_cache else None
    cache = ChunkCache(store_file, context_key(settings))
    digests = {f: digest(data) for f, data in contents.items()}
    jobs = [(f, data) for f, data in contents.items() if not cache.is_current(f.shown, digests[f], classes)]
    for f, chunk in _run(jobs, env, workers or jobs_count(jobs)):
        cache.put(digests[f], chunk)
    cache.put(b"", _codelist_chunk(env))
    cache.keep_only({f.shown for f in contents} | {"ontology/codelists.ttl"})
    cache.commit()
    clock.lap("records")

    counts: dict[str, int] = {kind: 0 for kind in ("project", "org", "person", "programme", "source")}
    for f in contents:
        counts[f.kind] += 1
    problems = list(scan.problems) + read_problems
    core: list[Result] = []
    located: list[Problem] = []
    triples = 0
    record_problems: list[Problem] = []
    for chunk_problems, results, findings, n in cache.heads():
        record_problems.extend(chunk_problems)
        core.extend(results)
        located.extend(findings)
        triples += n
    counts["triples"] = triples
    if problems or record_problems:
        return Checked(tuple(sorted(problems + record_problems)), None, counts, cache, clock.timings, len(jobs))

    if engine == "pyshacl":
        report = _pyshacl_report(settings, data_dir, cache)
    else:
        report = _rules(env, contents, cache, core, located, settings)
    clock.lap("rules")
    return Checked(report.violations, report, counts, cache, clock.timings, len(jobs))


def jobs_count(jobs: list) -> int:
    return max(1, min(os.cpu_count() or 1, len(jobs) // INLINE_LIMIT + 1))


def _rules(env: Env, contents, cache: ChunkCache, core: list[Result], located: list[Problem], settings: Settings) -> Report:
    store = ox.Store()
    store.bulk_load(cache.rule_triples(), format=ox.RdfFormat.N_TRIPLES)
    results = run_sparql(env.shapes, store)
    by_record: dict[str, list[Result]] = {}
    for r in results:
        by_record.setdefault(r.focus.split("#", 1)[0], []).append(r)
    files = {resource_iri(settings, f.kind, f.id): f for f in contents}
    for key, rs in sorted(by_record.items()):
        located.extend(locate_again(files[key], contents[files[key]], env, rs))
    return Report(tuple(core + results), tuple(sorted(located)))


def _pyshacl_report(settings: Settings, data_dir: Path, cache: ChunkCache) -> Report:
    triples = [q.triple for q in ox.parse(b"".join(c.nt for c in cache.bodies()), format=ox.RdfFormat.N_TRIPLES)]
    results = pyshacl_results(triples)
    loaded = load_records(data_dir, codes(), settings.max_amount)
    mapped = map_records(loaded.records, settings)
    return Report(tuple(results), tuple(sorted(locate(r, mapped.origins, mapped.field_origins) for r in results)))


def build(settings: Settings, data_dir: Path, out: Path, engine: str = "compiled", workers: int | None = None, use_cache: bool = True) -> BuildResult:
    """Check, then write the publication to `out` atomically; nothing is written if invalid."""
    checked = check(settings, data_dir, engine, workers, use_cache)
    if not checked.ok:
        return BuildResult(checked, (), None)
    clock = _Clock()
    cache = checked.cache
    assert cache is not None

    def fill(staging: Path) -> list[Written]:
        written = write_dumps(cache.bodies(), staging, settings)
        written += write_tool_files(staging)
        return written

    written = publish_atomically(out, fill)
    clock.lap("write")
    checked.timings.update(clock.timings)
    return BuildResult(checked, tuple(written), out)
