"""One record from bytes to a validated, serialized chunk; run in parallel and cached.

A record's triples all have subjects inside the record (its resource and its hash nodes), so
its share of every dump can be written on its own: the chunks, taken in the order of their
resources' IRIs, concatenate to exactly the sorted dumps of the whole graph. SHACL Core is
checked here too (value nodes in other records are looked up in the `Context`); what the
SHACL-SPARQL rules need is kept in `sparql_nt` for the whole-graph store.
"""

from __future__ import annotations

import os
import signal

import time
from dataclasses import dataclass, replace
from typing import Mapping

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.errors import Problem
from kemi_lod.records.fields import Ref
from kemi_lod.rdf.graphstats import Stats, graph_stats
from kemi_lod.mapping import map_record, resource_iri
from kemi_lod.rdf.nodes import Nodes, by_subject
from kemi_lod.rdf.serialize import Statement, jsonld_nodes, statements, turtle_body
from kemi_lod.records.load import RecordFile, check_refs, load_record
from kemi_lod.records.kinds import RESOURCE_IRI
from kemi_lod.shacl.engine import Context, Evaluator, Result, Shapes, external_predicates
from kemi_lod.outputs.tables import TableFacts, table_facts
from kemi_lod.shacl.validation import locate


@dataclass(frozen=True)
class Env:
    """What every record's processing needs; built once per build, sent once per worker."""

    settings: Settings
    codes: Mapping[str, frozenset[str]]
    ids: Mapping[str, frozenset[str]]
    context: Context
    shapes: Shapes
    sparql_predicates: frozenset[str] | None  # None: the SPARQL rules may read any triple
    persons_in_use: frozenset[str] | None = None  # the persons published (mapping.persons_in_use)


@dataclass(frozen=True)
class Chunk:
    key: str  # the record resource's IRI: chunks are written in this order
    path: str
    problems: tuple[Problem, ...]  # what is wrong with the record itself (the build fails)
    results: tuple[Result, ...]  # its SHACL Core results
    findings: tuple[Problem, ...] = ()  # those results, located in the record
    nt: bytes = b""
    ttl: bytes = b""
    jsonld: bytes = b""
    sparql_nt: bytes = b""
    triples: int = 0
    deps: tuple[tuple[str, tuple[str, ...]], ...] = ()  # referenced IRIs and their classes
    external: frozenset[str] = frozenset()  # predicates linking its nodes to other resources
    table: TableFacts = TableFacts()  # its share of the projects table (outputs.tables)
    stats: Stats = Stats()  # its share of the graph's description (rdf.graphstats)
    seconds: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # load, map, validate, serialize


def dependencies(env: Env, refs: list[Ref], key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """What the record's validity depends on outside itself: its references' classes; and, for
    a person, their own (none while only an earlier contact names them: not published)."""
    iris = {resource_iri(env.settings, r.kind, r.id) for r in refs}
    match = RESOURCE_IRI.match(key)
    if match is not None and match["kind"] == "person":
        iris.add(key)
    iris.add(resource_iri(env.settings, "org", env.settings.publisher.id))  # the municipal share's funder
    return tuple((iri, tuple(sorted(env.context.classes.get(iri, ())))) for iri in sorted(iris))


def process(file: RecordFile, data: bytes, env: Env) -> Chunk:
    t0 = time.process_time()
    key = resource_iri(env.settings, file.kind, file.id)
    record, problems, refs = load_record(file, data, env.codes, env.settings.max_amount)
    problems.extend(check_refs(file.shown, refs, env.ids))
    deps = dependencies(env, refs, key)
    if problems or record is None:
        return Chunk(key, file.shown, tuple(sorted(problems)), (), deps=deps)
    t1 = time.process_time()
    mapped = map_record(record, env.settings, env.persons_in_use)
    stated = statements(mapped.triples)
    nodes = by_subject(stated)  # a record's subjects are IRIs: the index validation reads too
    t2 = time.process_time()
    results = tuple(Evaluator(env.shapes, env.context).validate(nodes))
    located = tuple(sorted(locate(r, mapped.origins, mapped.field_origins) for r in results))
    t3 = time.process_time()
    chunk = serialize(key, file.shown, stated, nodes, located, results, deps, env.sparql_predicates)
    t4 = time.process_time()
    return replace(chunk, seconds=(t1 - t0, t2 - t1, t3 - t2, t4 - t3))


def serialize(key, shown, stated: list[Statement], nodes: Nodes, findings, results, deps, sparql_predicates) -> Chunk:
    """The chunk of these statements (rdf.serialize.statements) and their index (nodes.by_subject)."""
    ordered = [st[3] for st in stated]
    relevant = ordered if sparql_predicates is None else [st[3] for st in stated if st[1] in sparql_predicates]
    return Chunk(
        key=key,
        path=shown,
        problems=(),
        results=results,
        findings=findings,
        nt=ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES),
        ttl=turtle_body(ordered),
        jsonld=jsonld_nodes(stated),
        sparql_nt=ox.serialize(relevant, format=ox.RdfFormat.N_TRIPLES),
        triples=len(ordered),
        deps=deps,
        external=external_predicates(nodes),
        table=table_facts(nodes),
        stats=graph_stats(nodes),
    )


def locate_again(file: RecordFile, data: bytes, env: Env, results: list[Result]) -> list[Problem]:
    """Locate whole-graph results in a record by mapping it again (they are rare)."""
    record, _, _ = load_record(file, data, env.codes, env.settings.max_amount)
    mapped = map_record(record, env.settings, env.persons_in_use)
    return [locate(r, mapped.origins, mapped.field_origins) for r in results]


_ENV: Env | None = None


def init_worker(env: Env) -> None:
    global _ENV
    _ENV = env
    die_with_parent()


def die_with_parent() -> None:
    """Have the kernel end this worker process when the process that started it ends, however it
    ends (a kill included), so no worker outlives its build or server, not even one busy with a
    record or a query (Linux; elsewhere the worker ends when it next reads from its parent).
    The signal comes when the thread that started the worker ends: start workers from threads
    that live as long as their process."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the call: nobody would signal us
            os._exit(1)
    except (OSError, AttributeError):
        pass


def worker_env() -> Env:
    """The Env a worker process was started with (init_worker)."""
    assert _ENV is not None
    return _ENV

