"""records -> graph -> validated graph -> files: the one build used by the CLI and the tests.

Stages, each timed:
  scan        list the record files, check names and ids; read those the cache has seen
              whose size or time changed (files new to it are read by the workers)
  classes     what each record's resource is (organisation records are read for units)
  records     read, load, map, validate (SHACL Core) and serialize each changed record,
              in parallel
  rules       the SHACL-SPARQL rules on an oxigraph store of what they read; a build that
              must check every record leaves them to the write stage
  write       the chunks concatenated into the dumps; then, while the CSV, the vocabulary
              page and the catalogue are written from the chunks' cached shares, threads
              load the dump into a store and query it: the rules (when every record needs
              them: they decide whether anything is published), the distinct objects, the
              example queries; all published atomically
  queries     waiting for the example queries' results, then writing them
  pages       the site: a page and documents per resource, index pages (kemi_lod.site)

These are the stages of the timings (the benchmark's table). The stages also tell a `Progress`
(progress.py) how far they have got, per record where they work per record, under the names
the CLI's progress bars show: scan, records, dumps, rules, queries, pages.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, partial
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kemi_lod.build.cache import ChunkCache, Row, cache_faults, cache_file, digest, encode
from kemi_lod.rdf.graphstats import combine
from kemi_lod.outputs.catalog import dataset_markup, distinct_objects, file_facts, modified_date, source_date_epoch, write_catalog
from kemi_lod.config import Settings
from kemi_lod.errors import ERROR, Problem
from kemi_lod.build.duplicates import duplicate_problems
from kemi_lod.linking import reference
from kemi_lod.mapping import is_unit, map_records, persons_in_use, resource_iri, root_classes
from kemi_lod.build.atomic import publish_atomically
from kemi_lod.progress import SILENT, Progress, counted
from kemi_lod.rdf.nodes import by_subject
from kemi_lod.outputs.dumps import write_documents, write_ntriples, write_tool_files
from kemi_lod.outputs.examples import Kept, kept_examples, write_examples
from kemi_lod.outputs.links import Coverage, coverage, link_counts
from kemi_lod.outputs.files import Reuse, Written, key_of
from kemi_lod.rdf.serialize import statements
from kemi_lod.records.kinds import KINDS
from kemi_lod.records.load import RecordFile, Scan, contacts_in, load_record, load_records, read_bytes, scan_records
from kemi_lod.build.worker import Chunk, Env, init_worker, locate_again, process, serialize, worker_env
from kemi_lod.outputs.sheets import write_sheets
from kemi_lod.outputs.tables import Joined
from kemi_lod.site.vocabulary import write_vocabulary_page
from kemi_lod.site.parts import Changed
from kemi_lod.site.charts import write_charts
from kemi_lod.site.write import ASSETS, link_unchanged, write_site
from kemi_lod.rdf.diff import changed_subjects, changes_since
from kemi_lod.sparql.queries import examples, load_store, run_examples
from kemi_lod.shacl.engine import Evaluator, Result, index, rule_is_local, run_sparql
from kemi_lod.vocabulary.files import codelist_triples, codes, context_file, ontology_files, shapes_files
from kemi_lod.shacl.validation import Report, compiled_shapes, locate, make_context, pyshacl_results

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
    pending: PendingRules | None = None  # rules left for the build to run on its store
    coverage: Coverage | None = None  # what the linking stage linked (counted when a build writes)

    def rules_done(self, report: Report) -> None:
        self.report, self.problems, self.pending = report, report.violations, None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def projects(self) -> int:
        return self.counts.get("project", 0)

    @property
    def triples(self) -> int:
        return self.counts.get("triples", 0)

    def graph(self) -> list[ox.Triple]:  # noqa: D102
        """The whole built graph (for tests and the reference engine)."""
        assert self.cache is not None
        return _whole_graph(self.cache)


def _whole_graph(cache: ChunkCache) -> list[ox.Triple]:
    """Every record's triples, read back from their cached N-Triples."""
    return [q.triple for q in ox.parse(b"".join(cache.ntriples()), format=ox.RdfFormat.N_TRIPLES)]


@dataclass(frozen=True)
class BuildResult:
    checked: Checked
    written: tuple[Written, ...]
    out: Path | None
    made: int = 0  # of the files written, those made anew (the others linked from the previous version)
    current: bool = False  # nothing changed: `out` is the version it was, and `written` its files

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


@cache
def _code_digest() -> bytes:
    """The tool's own code: an edited checkout (the version unchanged) must not reuse results
    that older code cached."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.digest()


def context_key(settings: Settings) -> str:
    h = hashlib.sha256(version("kemi-lod").encode())
    h.update(_code_digest())
    h.update(repr(settings).encode())
    h.update(reference().digest)  # the linking stage's tables
    for f in (*ontology_files(), *shapes_files(), context_file()):
        h.update(f.data)
    return h.hexdigest()


@dataclass
class _Inputs:
    """Each record file's digest, and the bytes of those that had to be read. A file the cache
    does not know is neither read nor digested here: it is processed anyway, and the worker
    that processes it reads it (in parallel; a cold build of 100,000 records reads them all)."""

    stats: dict[RecordFile, str] = field(default_factory=dict)
    digests: dict[RecordFile, bytes | None] = field(default_factory=dict)  # None: not read yet
    contents: dict[RecordFile, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def data(self, f: RecordFile) -> bytes:
        if f not in self.contents:
            self.contents[f] = read_bytes(f.path)
        return self.contents[f]


def _inputs(files: Iterable[RecordFile], cache: ChunkCache, progress: Progress = SILENT) -> _Inputs:
    """Read only what changed: a file whose size and modification time are the cached ones is not read."""
    out = _Inputs()
    for f in counted(files, progress):
        try:
            stat = f.stat or _stat(f.path)
            known = cache.digest_if_unchanged(f.shown, stat)
            out.stats[f] = stat
            if known is None and f.shown not in cache.known and f.kind != "org":  # orgs: see _units
                out.digests[f] = None
            else:
                out.digests[f] = known if known is not None else digest(out.data(f))
        except OSError as exc:
            out.problems.append(Problem.unreadable(f.shown, exc))
    return out


def _stat(path: str) -> str:
    st = os.stat(path)
    return f"{st.st_mtime_ns}:{st.st_size}"


def _units(settings: Settings, inputs: _Inputs, cache: ChunkCache, code_lists) -> set[RecordFile]:
    units = set()
    for f, dig in inputs.digests.items():
        if f.kind != "org":
            continue
        cached = cache.unit(f.shown, dig)
        if cached is None:
            record, _, _ = load_record(f, inputs.data(f), code_lists, settings.max_amount)
            cached = record is not None and is_unit(record)
        if cached:
            units.add(f)
    return units


Job = tuple[RecordFile, bytes | None]  # a record file, and its bytes if already read
Done = tuple[Row | None, tuple[float, ...], bytes, Problem | None]  # chunk, seconds, digest, or why unreadable


def _done(job: Job, env: Env) -> Done:
    """A record's chunk encoded for the cache where it was made, with its file's digest."""
    f, data = job
    if data is None:
        try:
            data = read_bytes(f.path)
        except OSError as exc:
            return None, (0.0, 0.0, 0.0, 0.0), b"", Problem.unreadable(f.shown, exc)
    chunk = process(f, data, env)
    return encode(chunk), chunk.seconds, digest(data), None


def _done_in_worker(job: Job) -> Done:
    return _done(job, worker_env())


def _run(jobs: list[Job], env: Env, workers: int) -> Iterable[tuple[RecordFile, Done]]:
    """Each record's chunk, in worker processes when there are many."""
    if len(jobs) < INLINE_LIMIT or workers <= 1:
        for job in jobs:
            yield job[0], _done(job, env)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers, initializer=init_worker, initargs=(env,)) as pool:
        yield from zip((f for f, _ in jobs), pool.imap(_done_in_worker, jobs, chunksize=64))


def _codelist_chunk(env: Env) -> Chunk:
    triples = codelist_triples()
    results = tuple(Evaluator(env.shapes, env.context).validate(index(triples)))
    problems = tuple(locate(r, {}, {}) for r in results)
    first = min(t.subject.value for t in triples)
    stated = statements(triples)
    return serialize(first, CODELISTS, stated, by_subject(stated), problems, results, (), env.sparql_predicates)


CODELISTS = "ontology/codelists.ttl"
GRAPH = ""  # the outputs' entry for what the whole publication was made from (no file has this path)


def check(settings: Settings, data_dir: Path, engine: str = "compiled", workers: int | None = None,
          use_cache: bool = True, defer_rules: bool = False, progress: Progress = SILENT, strict: bool = False) -> Checked:
    """Load, map and validate; problems are returned, nothing is published.

    With `defer_rules`, rules that must read every record are not run but returned as
    `pending`, for a build to run on the store it loads anyway. `progress` hears of the
    record files scanned, of the records processed (each as its result comes back) and of
    the rules run here. The result holds the cache open, and locked, for a build to go on
    with: the caller closes it (`checked.cache.close()`)."""
    clock = _Clock()
    scan = scan_records(data_dir)
    file = cache_file(settings.root, data_dir)
    with cache_faults(file):
        cache = ChunkCache(file, context_key(settings), reuse=use_cache)
    try:
        with cache_faults(cache):
            return _check(settings, data_dir, scan, cache, clock, engine, workers, defer_rules, progress, strict)
    except BaseException:
        cache.close()
        raise


def _check(settings: Settings, data_dir: Path, scan: Scan, cache: ChunkCache, clock: _Clock, engine: str,
           workers: int | None, defer_rules: bool, progress: Progress, strict: bool) -> Checked:
    progress.stage("scan", len(scan.files), "files")
    inputs = _inputs(scan.files, cache, progress)
    clock.lap("scan")
    env, units, jobs = _plan(settings, scan, inputs, cache)
    clock.lap("classes")
    _process(jobs, env, units, inputs, cache, workers, progress, clock)
    clock.lap("records")
    heads = _Heads.of(cache, inputs)
    problems = list(scan.problems) + inputs.problems + heads.problems
    duplicates: tuple[Problem, ...] = ()
    if not problems:  # the same project recorded twice: a warning, an error with --strict
        found = duplicate_problems(cache.project_shares(), strict)
        problems += [d for d in found if d.severity == ERROR]
        duplicates = tuple(d for d in found if d.severity != ERROR)
        heads = replace(heads, located=heads.located + duplicates)
    if problems:
        return Checked(tuple(sorted(problems)), None, heads.counts, cache, clock.timings, len(jobs))
    if engine == "pyshacl":
        progress.stage("pySHACL", len(inputs.digests))
        report = _pyshacl_report(settings, data_dir, cache)
        report = Report(report.results, tuple(sorted(report.problems + duplicates)))
        progress.advance(len(inputs.digests))
    else:
        changed = {f.shown for f, _ in jobs}
        # cheapest first: deciding locality parses every rule (about 0.4 s)
        everything = (len(changed) == len(inputs.digests) or cache.rules_missing() > len(changed)
                      or not all(_local(cache, c.query, frozenset(heads.external)) for c in env.shapes.sparql))
        rules = PendingRules(env, inputs, scan.files, cache, changed, everything, heads.core, heads.located)
        if not changed and cache.rules_checked() == cache.graph_digest():
            # no record processed again and the graph is the one the rules last ran on: their findings hold
            clock.lap("rules")
            report = rules.cached()
            return Checked(report.violations, report, heads.counts, cache, clock.timings, len(jobs))
        if everything and defer_rules and not Report(rules.core, rules.located).violations:
            clock.lap("rules")
            return Checked((), None, heads.counts, cache, clock.timings, len(jobs), pending=rules)
        progress.stage("rules", len(env.shapes.sparql), "rules")
        store = ox.Store()
        store.load(cache.rule_triples(None if everything else sorted(changed)), format=ox.RdfFormat.N_TRIPLES)
        report = rules.report(run_sparql(env.shapes, store, progress=progress))
    clock.lap("rules")
    return Checked(report.violations, report, heads.counts, cache, clock.timings, len(jobs))


def _local(cache: ChunkCache, query: str, external: frozenset[str]) -> bool:
    """`rule_is_local`, decided once per rule and set of external predicates (parsing the rules took 0.3 s a build)."""
    name = "local " + key_of(query, *sorted(external)).hex()
    return cache.decided(name, lambda: "1" if rule_is_local(query, external) else "0") == "1"


def _contact_persons(inputs: _Inputs, cache: ChunkCache) -> frozenset[str]:
    """The persons the projects' current contacts name: read from the records whose bytes the
    cache has not seen (the contacts' `person` values only; a record that is not even YAML is
    reported when it is processed), from the cache for the others."""
    named: set[str] = set()
    for f in list(inputs.digests):
        if f.kind != "project":
            continue
        dig = inputs.digests[f]
        persons = cache.contact_persons(f.shown, dig) if dig is not None else None
        if persons is None:
            try:
                data = inputs.data(f)
            except OSError:
                continue  # its worker reads it again and reports the file
            inputs.digests[f] = dig = digest(data)
            persons = contacts_in(data)
            cache.set_contact_persons(f.shown, dig, persons)
        named.update(persons)
    return frozenset(named)


def _plan(settings: Settings, scan, inputs: _Inputs, cache: ChunkCache) -> tuple[Env, set, list]:
    """The workers' environment, the organisations that are units, and the records to process:
    those whose bytes changed, or that refer to a record whose class changed (a person who is
    published or no longer is counts as one)."""
    code_lists = codes()
    units = _units(settings, inputs, cache, code_lists)
    needed = persons_in_use(settings, ()) is not None and any(f.kind == "person" for f in inputs.digests)
    in_use = persons_in_use(settings, _contact_persons(inputs, cache)) if needed else None
    classes = {resource_iri(settings, f.kind, f.id): root_classes(f.kind, f in units)
               if f.kind != "person" or in_use is None or f.id in in_use else frozenset() for f in inputs.digests}
    cache.use_classes(classes)
    shapes = compiled_shapes()
    env = Env(settings, code_lists, scan.ids(), make_context(classes), shapes, shapes.predicates_for_sparql(), in_use)
    jobs = []
    for f, dig in inputs.digests.items():
        if cache.is_current(f.shown, dig, classes):
            if cache.known[f.shown][0] != inputs.stats[f]:  # touched but not changed
                cache.touch(f.shown, inputs.stats[f])
        else:
            jobs.append((f, inputs.contents.get(f)))
    return env, units, jobs


def _process(jobs: list, env: Env, units: set, inputs: _Inputs, cache: ChunkCache, workers: int | None,
             progress: Progress, clock: _Clock) -> None:
    """Each record in a worker (load, map, validate, serialize), its chunk kept in the cache."""
    cpu = [0.0, 0.0, 0.0, 0.0]
    progress.stage("records", len(jobs))
    for f, (row, seconds, dig, unreadable) in _run(jobs, env, workers or jobs_count(jobs)):
        progress.advance()
        if row is None:
            inputs.problems.append(unreadable)
            continue
        cache.put(inputs.stats[f], dig, f in units, row)
        cpu = [a + b for a, b in zip(cpu, seconds)]
    if CODELISTS not in cache.known:
        cache.put("", b"", False, encode(_codelist_chunk(env)))
    cache.keep_only({f.shown for f in inputs.digests} | {CODELISTS})
    cache.commit()
    # CPU seconds summed over the workers, for the benchmark's breakdown of the records stage
    for name, seconds in zip(("load (cpu)", "map (cpu)", "validate core (cpu)", "serialize (cpu)"), cpu):
        clock.timings[name] = seconds


@dataclass(frozen=True)
class _Heads:
    """What every cached chunk says of its record: problems, SHACL Core results, counts."""

    problems: list[Problem]
    core: tuple[Result, ...]
    located: tuple[Problem, ...]
    external: set[str]
    counts: dict[str, int]

    @classmethod
    def of(cls, cache: ChunkCache, inputs: _Inputs) -> "_Heads":
        counts: dict[str, int] = {kind: 0 for kind in KINDS.values()}
        for f in inputs.digests:
            counts[f.kind] += 1
        problems, core, located, external, triples = [], [], [], set(), 0
        for _path, _key, chunk_problems, results, findings, n, ext in cache.heads():
            problems.extend(chunk_problems)
            core.extend(results)
            located.extend(findings)
            external |= ext
            triples += n
        counts["triples"] = triples
        return cls(problems, tuple(core), tuple(located), external, counts)


def jobs_count(jobs: list) -> int:
    return max(1, min(os.cpu_count() or 1, len(jobs) // INLINE_LIMIT + 1))


@dataclass(frozen=True)
class PendingRules:
    """The SHACL-SPARQL rules of a check: run on a store of the triples they read (of every
    record; or, when every rule provably reads only its focus node's record (shacl.rule_is_local)
    and the other records' results are cached, of the changed ones), their results kept in the
    cache by record and added to the SHACL Core results."""

    env: Env
    inputs: _Inputs
    files: tuple[RecordFile, ...]
    cache: ChunkCache
    changed: set[str]
    everything: bool  # False: only the changed records were checked
    core: tuple[Result, ...]
    located: tuple[Problem, ...]

    def report(self, results: list[Result]) -> Report:
        """Keep the rules' results (in the thread that owns the cache) and make the report."""
        env = self.env
        by_key = {resource_iri(env.settings, f.kind, f.id): f for f in self.files}
        grouped: dict[str, list[Result]] = {}
        for r in results:
            grouped.setdefault(r.focus.split("#", 1)[0], []).append(r)
        findings = {}
        for key, rs in sorted(grouped.items()):
            f = by_key[key]
            findings[f.shown] = (tuple(rs), tuple(locate_again(f, self.inputs.data(f), env, rs)))
        if not self.everything:  # the changed records without results have none now
            findings = {path: findings.get(path, ((), ())) for path in self.changed} | findings
        self.cache.set_rule_findings(findings, self.everything)
        report = self.cached()
        self.cache.commit()
        return report

    def cached(self) -> Report:
        """The report of the core results and the rules' findings the cache holds."""
        rule_results, rule_located = [], []
        for found_results, found in self.cache.all_rule_findings():
            rule_results.extend(found_results)
            rule_located.extend(found)
        return Report(self.core + tuple(rule_results), tuple(sorted(self.located + tuple(rule_located))))


def _pyshacl_report(settings: Settings, data_dir: Path, cache: ChunkCache) -> Report:
    """The reference engine: pySHACL on the whole graph, located by mapping every record again."""
    results = pyshacl_results(_whole_graph(cache))
    loaded = load_records(data_dir, codes(), settings.max_amount)
    mapped = map_records(loaded.records, settings)
    return Report(tuple(results), tuple(sorted(locate(r, mapped.origins, mapped.field_origins) for r in results)))


class _Invalid(Exception):
    """The rules found violations while the build was being written: nothing is published."""


def build(settings: Settings, data_dir: Path, out: Path, engine: str = "compiled", workers: int | None = None,
          use_cache: bool = True, progress: Progress = SILENT, strict: bool = False) -> BuildResult:
    """Check, then write the publication to `out` atomically; nothing is written if invalid.

    `progress` hears of the stages as they run: records and rules (check), the dumps (per record),
    the rules run in threads (when taken), the pages (as written) and the example queries."""
    checked = check(settings, data_dir, engine, workers, use_cache, defer_rules=True, progress=progress, strict=strict)
    if not checked.ok:
        if checked.cache is not None:
            checked.cache.close()
        return BuildResult(checked, (), None)
    clock = _Clock()
    cache = checked.cache
    assert cache is not None
    epoch = source_date_epoch()
    previous = Path(os.path.abspath(out)).resolve() if Path(out).is_symlink() else None
    reuse = Reuse(previous, cache.outputs(str(previous)) if previous is not None and previous.is_dir() else {})
    graph = key_of(cache.graph_digest(), str(epoch), *(q.text for q in examples()),
                   *(files("kemi_lod.site").joinpath(a).read_bytes() for a in ASSETS))
    # made from what the published version was made from, whose files are all there: it stands
    current = reuse.present() if checked.pending is None and reuse.same(GRAPH, graph) else None
    if current is not None:
        checked.coverage = pickle.loads(reuse.known[GRAPH][1])
        cache.close()
        return BuildResult(checked, tuple(current), out, 0, current=True)
    fill = partial(_write_publication, settings=settings, checked=checked, progress=progress, clock=clock, epoch=epoch,
                   reuse=reuse, graph=graph)
    try:
        with cache_faults(cache):
            written = publish_atomically(out, fill)
            cache.set_outputs(str(Path(os.path.abspath(out)).resolve()), reuse.keys, reuse.known)
    except _Invalid:
        return BuildResult(checked, (), None)
    finally:
        cache.close()  # another build may use it now
    clock.lap("write")
    checked.timings.update(clock.timings)
    return BuildResult(checked, tuple(written), out, reuse.made)


def _write_publication(staging: Path, settings: Settings, checked: Checked, progress: Progress, clock: _Clock,
                       epoch: date | None, reuse: Reuse, graph: bytes) -> list[Written]:
    """Every file of the publication into the staging folder (raises _Invalid if the rules,
    run meanwhile, find a violation); `graph`: the key of what all of them are made from."""
    cache, pending = checked.cache, checked.pending
    # the dumps, counted by record on their second pass (Turtle and JSON-LD)
    progress.stage("dumps", cache.count())
    dump, spans = write_ntriples(cache, staging, settings, reuse, graph)
    written = [dump]
    changes = changes_since(reuse.previous, staging / dump.path)
    kept = kept_examples(examples(), reuse, frozenset(t.predicate.value for t in changes) if changes is not None else None)
    # The store reads the dump and answers queries in threads (it releases the interpreter) while
    # this thread writes the other dumps and what is computed from the records' cached shares.
    with ThreadPoolExecutor(max_workers=2) as pool, ThreadPoolExecutor(max_workers=1) as hashing:
        # leniently: oxigraph wrote every line of it, so its IRIs need no second check (a fifth of the time)
        loading = pool.submit(_timed, load_store, staging / dump.path, True)
        written += write_documents(cache, staging, settings, reuse, graph, progress)
        # the three dumps' digests for the catalogue, read meanwhile (hashing releases the interpreter)
        measuring = {w.path: hashing.submit(file_facts, staging, w.path) for w in written[:3]}
        changed = Changed.since(reuse, changes)  # the look-ups of pages it touches
        linking = link_unchanged(staging, reuse, changed)  # while the store loads
        written += write_tool_files(staging, reuse)
        rules = pool.submit(lambda: _timed(run_sparql, pending.env.shapes, loading.result()[0])) if pending else None
        distinct = pool.submit(lambda: distinct_objects(loading.result()[0]))
        linked = pool.submit(lambda: (link_counts(loading.result()[0], settings), coverage(loading.result()[0])))
        queries = pool.submit(lambda: _timed(run_examples, loading.result()[0], [q for q in examples() if q.name not in kept]))
        projects = Joined.of(cache.table_facts(), settings)  # the tables' rows and the site's project list
        facts = combine(cache.graph_stats())
        written += write_sheets(staging, settings, projects, modified_date(facts, epoch), reuse, changed_subjects(changes))
        clock.timings["store load (in a thread)"] = loading.result()[1]
        written += write_vocabulary_page(staging, settings, facts, loading.result()[0], reuse)
        described = [w.path for w in written if w.path != "context.jsonld" and not w.path.endswith("-metadata.json")]  # as on disk
        clock.lap("write")
        site = (linking.wait() if linking else []) + write_site(  # while the rules and example queries run
            staging, settings, loading.result()[0], staging / dump.path, projects,
            dataset_markup(settings, facts, epoch), spans, progress, reuse, changes, changed)
        clock.lap("pages")
        if rules is not None:
            _rules_done(checked, rules, progress, clock)
        linksets, checked.coverage = linked.result()
        facts = replace(facts, distinct_objects=distinct.result(), linksets=linksets)
        written += write_catalog(staging, settings, facts, described, epoch, reuse,
                                 {path: f.result() for path, f in measuring.items()}) + site
        written += _examples_done(staging, queries, kept, reuse, progress, clock)
    reuse.keys[GRAPH] = (graph, pickle.dumps(checked.coverage))
    return written


def _rules_done(checked: Checked, rules: Future, progress: Progress, clock: _Clock) -> None:
    """The rules' results, from the thread that ran them, in the check's report (raises _Invalid
    if they found a violation)."""
    pending = checked.pending
    progress.stage("rules", len(pending.env.shapes.sparql), "rules")
    results, seconds = rules.result()
    progress.advance(len(pending.env.shapes.sparql))
    clock.timings["rules (in a thread)"] = seconds
    checked.rules_done(pending.report(results))
    if not checked.ok:
        raise _Invalid


def _examples_done(staging: Path, queries: Future, kept: dict[str, Kept], reuse: Reuse, progress: Progress,
                   clock: _Clock) -> list[Written]:
    """The example queries with their results on this data (not in the catalogue), from the
    threads that ran them."""
    progress.stage("queries", len(examples()), "queries")
    results, seconds = queries.result()
    progress.advance(len(results))
    clock.timings["queries (in threads)"] = seconds
    done = write_examples(staging, results, reuse, kept)
    done += write_charts(staging, reuse)  # drawn from the results just written
    clock.lap("queries")
    return done


def _timed(work, *args):
    """The result of work(*args) and its wall seconds (after its arguments are ready)."""
    start = time.perf_counter()
    result = work(*args)
    return result, time.perf_counter() - start
