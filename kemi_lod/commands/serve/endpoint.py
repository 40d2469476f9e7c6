"""The SPARQL endpoint's work: refusing what a read-only endpoint must refuse, running a query
in a worker process that holds the dump, and answering in the format the client accepts.

Queries run in worker processes, each holding the dump in its own pyoxigraph store. Each query
is bounded: a query that runs longer than the time limit is stopped by killing its worker (a new
one replaces it); a worker may not grow by more than the memory limit over what its store takes
(an address-space limit set once the store is loaded, so a query over it ends the worker, which
is replaced, and nothing else); a result with more rows (or triples) than the result limit, or
more text than the response limit, is refused while it is being read. Updates and `SERVICE` are
refused with a message; the workers' stores are never written anyway.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kemi_lod.build.worker import die_with_parent
from kemi_lod.commands.serve.negotiation import choose
from kemi_lod.config import Settings
from kemi_lod.rdf import formats
from kemi_lod.rdf.results import ACCEPTED, BOOLEAN_FORMATS, RESULT_FORMATS, write_boolean, write_solutions
from kemi_lod.rdf.serialize import context, jsonld_document

MAX_QUERY_BYTES = 100_000
GRAPH_TYPES = {t.media_type: t for t in formats.GRAPH_TYPES}
TEXT = formats.PLAIN_TEXT


class QueryRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


_IRI_OR_STRING_OR_COMMENT = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*',
    re.S,
)
_UPDATE = re.compile(r"\b(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY)\b", re.I)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def check_query(query: str, max_bytes: int = MAX_QUERY_BYTES) -> None:
    """Refuse updates and SERVICE before a worker sees the query (keywords outside IRIs, strings, comments)."""
    if len(query.encode()) > max_bytes:
        raise QueryRefused(413, f"the query is longer than {max_bytes} bytes (the endpoint's limit, server.max_query_bytes)")
    code = _IRI_OR_STRING_OR_COMMENT.sub(" ", query)
    found = _UPDATE.search(code)
    if found:
        raise QueryRefused(403, f"this endpoint is read-only: {found.group(1).upper()} (SPARQL Update) is refused")
    if _SERVICE.search(code):
        raise QueryRefused(403, "SERVICE is refused: this endpoint does not query other endpoints")


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    kind: str = ""  # "select", "ask", "graph" (for the query page), or "" for errors
    table: tuple = ()  # (variables, rows as text cells) for the query page


@dataclass(frozen=True)
class Limits:
    """What one query may take (the `server` settings)."""

    timeout: float
    results: int
    response_bytes: int
    memory_bytes: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        return cls(settings.query_timeout, settings.max_results, settings.max_response_bytes,
                   settings.max_query_memory_bytes)


class _TooLarge(Exception):
    pass


def _bounded(items, size, limits: Limits, what: str) -> list:
    """The items of a result, read one by one: refused past the row or the text limit."""
    out, total = [], 0
    for item in items:
        total += size(item)
        if len(out) >= limits.results:
            raise _TooLarge(_too_many(limits.results, what))
        if total > limits.response_bytes:
            raise _TooLarge(_too_big(limits.response_bytes))
        out.append(item)
    return out


def _term_size(term) -> int:
    return 0 if term is None else len(term.value) + 8


def run_query(store: ox.Store, query: str, accept: str | None, limits: Limits, want_table: bool) -> Answer:
    """One query on the store, in the format Accept asks for (run inside a worker)."""
    try:
        result = store.query(query)
    except SyntaxError as exc:
        return Answer(400, TEXT, f"query syntax error: {exc}".encode())
    except OSError as exc:
        return Answer(500, TEXT, f"query failed: {exc}".encode())
    except MemoryError:
        return _out_of_memory(limits.memory_bytes)
    try:
        answer = _answer(result, accept, limits, want_table)
    except _TooLarge as refused:
        return refused.args[0]
    except MemoryError:
        return _out_of_memory(limits.memory_bytes)
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(500, TEXT, f"query failed: {exc}".encode())
    if len(answer.body) > limits.response_bytes:
        return _too_big(limits.response_bytes)
    return answer


def _answer(result, accept: str | None, limits: Limits, want_table: bool) -> Answer:
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = _bounded(([s[v] for v in variables] for s in result), lambda row: sum(map(_term_size, row)),
                        limits, "rows")
        if want_table:
            return Answer(200, "", b"", "select", (variables, [[_cell(t) for t in row] for row in rows]))
        fmt = ACCEPTED[choose(accept, list(ACCEPTED)) or RESULT_FORMATS["json"].media_type]
        return Answer(200, RESULT_FORMATS[fmt].content_type, write_solutions(variables, rows, fmt), "select")
    if isinstance(result, ox.QueryBoolean):
        value = bool(result)
        if want_table:
            return Answer(200, "", b"", "ask", (["ASK"], [[("literal", "true" if value else "false")]]))
        media = choose(accept, [m for m, f in ACCEPTED.items() if f in BOOLEAN_FORMATS])
        fmt = ACCEPTED[media] if media else "json"
        return Answer(200, RESULT_FORMATS[fmt].content_type, write_boolean(value, fmt), "ask")
    triples = _bounded(result, lambda t: sum(map(_term_size, (t.subject, t.predicate, t.object))), limits, "triples")
    if want_table:
        return Answer(200, "", b"", "graph", (["subject", "predicate", "object"],
                                                [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples]))
    chosen = GRAPH_TYPES[choose(accept, list(GRAPH_TYPES)) or formats.TURTLE.media_type]
    return Answer(200, chosen.content_type, graph_document(triples, chosen), "graph")


def graph_document(triples: list[ox.Triple], chosen: formats.FileType) -> bytes:
    """Triples written in one of the GRAPH_TYPES (Turtle with the publication's prefixes)."""
    if chosen is formats.JSON_LD:
        return jsonld_document(triples)
    prefixes = context()["@context"] if chosen is formats.TURTLE else None
    return ox.serialize(triples, format=chosen.rdf, prefixes=prefixes) or b""


def _cell(term) -> tuple[str, str]:
    """(kind, text) of a term for the HTML table."""
    if term is None:
        return ("", "")
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.Literal):
        return ("literal", term.value)
    return ("other", str(term))


def _too_many(limit: int, what: str) -> Answer:
    message = f"the result has more than {limit} {what} (the endpoint's result limit); narrow the query or add LIMIT"
    return Answer(400, TEXT, message.encode())


def _too_big(limit: int) -> Answer:
    message = (f"the result is larger than {limit} bytes (the endpoint's response limit, server.max_response_bytes); "
               "narrow the query or add LIMIT")
    return Answer(400, TEXT, message.encode())


def _out_of_memory(limit: int) -> Answer:
    message = (f"the query needed more than {limit} bytes of memory (the endpoint's limit, "
               "server.max_query_memory_bytes) and was stopped")
    return Answer(503, TEXT, message.encode())


def _limit_memory(extra: int) -> None:
    """Let this process grow by `extra` bytes of address space over what it has now (Linux; elsewhere no limit)."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))
    except (ImportError, OSError, ValueError):
        pass


def _worker_main(dump: str, limits: Limits, conn) -> None:
    # ended with the server, even in a long query: workers are started by the server's main
    # thread or its request threads, which all live as long as the server
    die_with_parent()
    store = ox.Store()
    store.bulk_load(path=dump, format=ox.RdfFormat.N_TRIPLES)
    _limit_memory(limits.memory_bytes)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        query, accept, want_table = job
        conn.send(run_query(store, query, accept, limits, want_table))


class _Worker:
    def __init__(self, ctx, dump: Path, limits: Limits) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(str(dump), limits, child), daemon=True)
        self.process.start()
        child.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> bool:
        if not self.ready and self.conn.poll(timeout):
            self.ready = self.conn.recv() == "ready"
        return self.ready

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes holding the graph; a query over its time limit is stopped by killing its worker."""

    def __init__(self, dump: Path, workers: int, settings: Settings) -> None:
        self.dump, self.limits = dump, Limits.of(settings)
        self.timeout = self.limits.timeout
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._add()

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.dump, self.limits)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def query(self, query: str, accept: str | None, want_table: bool = False) -> Answer:
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, TEXT, b"all query workers are busy; try again shortly")
        if not worker.wait_ready(max(0.1, 60 - (time.monotonic() - started))):
            self._replace(worker)
            return Answer(503, TEXT, b"the query worker did not start")
        try:
            worker.conn.send((query, accept, want_table))
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
            message = f"the query ran longer than the endpoint's time limit ({self.timeout:g} s) and was stopped"
            answer = Answer(503, TEXT, message.encode())
        except (OSError, EOFError):  # the worker ended under the query: its memory limit
            answer = _out_of_memory(self.limits.memory_bytes)
        self._replace(worker)
        return answer

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()
