"""`kemi-lod serve`: the web root with content negotiation, and a read-only SPARQL endpoint.

Standard library only (`http.server.ThreadingHTTPServer`): every request has its own thread, so
a long query never holds up other clients.

Content negotiation. A resource IRI (`/id/project/x`, no extension) is answered directly,
200 with the representation `Accept` asks for (HTML, Turtle, JSON-LD, N-Triples), `Vary: Accept`
and `Content-Location: x.ttl` naming the file that was sent; no 303 round trip. The files
themselves (`/id/project/x.ttl`) are served as they are. Where a publication is built with
`pages: false`, a resource's page and documents are rendered on request from the dump.

Files. The web root is resolved once when the server starts. A request path is percent-decoded
once; a path with a `..` or `.` segment, a backslash or a NUL is refused, and so is any file whose
resolved path (after symbolic links) is outside the root.

SPARQL (`/sparql`, the SPARQL 1.1 Protocol, GET and POST). Queries run in worker processes,
each holding the dump in its own pyoxigraph store; a query that runs longer than the time limit
is stopped by killing its worker (a new one replaces it), and a result with more rows (or
triples) than the result limit is refused. Updates (`update=`, `application/sparql-update`,
`INSERT`, `LOAD`, `CLEAR`, …) and `SERVICE` are refused with a message; the workers' stores are
never written anyway.
"""

from __future__ import annotations

import html
import itertools
import json
import multiprocessing
import queue
import re
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape as xml_escape

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.rdf.serialize import context
from kemi_lod.site.pages import layout, scroll_table
from kemi_lod.sparql.queries import json_term, parse_query
from kemi_lod.vocabulary.terms import XSD

DOCUMENT_TYPES = {  # negotiable representations of a resource: media type -> extension
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
}
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".rq": "application/sparql-query",
    ".conf": "text/plain; charset=utf-8",
}
EXTENSIONLESS = {".well-known/void": "text/turtle; charset=utf-8"}
_RESOURCE_PATH = re.compile(r"^id/(project|org|programme|person|source)/[A-Za-z0-9_-]+$")  # no extension

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
RESULT_CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
FORMAT_PARAMETER = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                    "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                    "ttl": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}
MAX_QUERY_BYTES = 100_000


# --- Accept -----------------------------------------------------------------------------------


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first (order of appearance among equals)."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def _specific_q(header: str | None, offer: str) -> float:
    ranges = parse_accept(header)
    kind = offer.split("/")[0]
    for wanted in (offer, f"{kind}/*", "*/*"):
        for media, q in ranges:
            if media == wanted:
                return q
    return 0.0


def choose(header: str | None, offered: Sequence[str]) -> str | None:
    """RFC 9110 negotiation: the offer with the highest q of its most specific range; ties go to the first offered."""
    scored = [(_specific_q(header, o), -i, o) for i, o in enumerate(offered)]
    q, _, offer = max(scored)
    return offer if q > 0 else None


# --- SPARQL: checks, formats, workers ---------------------------------------------------------


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


def _term_xml(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{xml_escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{xml_escape(term.value)}</bnode>"
    if term.language:
        return f'<literal xml:lang="{xml_escape(term.language)}">{xml_escape(term.value)}</literal>'
    if term.datatype != XSD.string:
        return f'<literal datatype="{xml_escape(term.datatype.value)}">{xml_escape(term.value)}</literal>'
    return f"<literal>{xml_escape(term.value)}</literal>"


def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if re.search(r'[",\r\n]', value) else value


def serialize_solutions(variables: list[str], rows: list[list], fmt: str) -> bytes:
    """SELECT results in the SPARQL 1.1 JSON, XML, CSV or TSV results format."""
    if fmt == "json":
        bindings = [{v: json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f'<variable name="{xml_escape(v)}"/>' for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>" + "".join(f'<binding name="{xml_escape(v)}">{_term_xml(t)}</binding>'
                                            for v, t in zip(variables, row) if t is not None) + "</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        lines = [",".join(_csv_field(v) for v in variables)]
        lines += [",".join("" if t is None else _csv_field(t.value) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    kind: str = ""  # "select", "ask", "graph" (for the query page), or "" for errors
    table: tuple = ()  # (variables, rows as text cells) for the query page


def run_query(store: ox.Store, query: str, accept: str | None, max_results: int, want_table: bool) -> Answer:
    """One query on the store, in the format Accept asks for (run inside a worker)."""
    try:
        result = store.query(query)
    except SyntaxError as exc:
        return Answer(400, "text/plain; charset=utf-8", f"query syntax error: {exc}".encode())
    except OSError as exc:
        return Answer(500, "text/plain; charset=utf-8", f"query failed: {exc}".encode())
    try:
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = [[s[v] for v in variables] for s in itertools.islice(result, max_results + 1)]
            if len(rows) > max_results:
                return _too_many(max_results, "rows")
            if want_table:
                return Answer(200, "", b"", "select", (variables, [[_cell(t) for t in row] for row in rows]))
            media = choose(accept, list(SELECT_TYPES)) or "application/sparql-results+json"
            fmt = SELECT_TYPES[media]
            return Answer(200, RESULT_CONTENT_TYPES[fmt], serialize_solutions(variables, rows, fmt), "select")
        if isinstance(result, ox.QueryBoolean):
            value = bool(result)
            if want_table:
                return Answer(200, "", b"", "ask", (["ASK"], [["true" if value else "false"]]))
            media = choose(accept, ["application/sparql-results+json", "application/sparql-results+xml", "application/json", "application/xml"])
            fmt = "xml" if media and "xml" in media else "json"
            return Answer(200, RESULT_CONTENT_TYPES[fmt], serialize_boolean(value, fmt), "ask")
        triples = list(itertools.islice(result, max_results + 1))
        if len(triples) > max_results:
            return _too_many(max_results, "triples")
        if want_table:
            return Answer(200, "", b"", "graph", (["subject", "predicate", "object"],
                                                    [[_cell(t.subject), _cell(t.predicate), _cell(t.object)] for t in triples]))
        media = choose(accept, list(GRAPH_TYPES)) or "text/turtle"
        fmt = GRAPH_TYPES[media]
        if fmt == ox.RdfFormat.JSON_LD:
            body = _jsonld(triples)
        else:
            body = ox.serialize(triples, format=fmt, prefixes=context()["@context"] if fmt == ox.RdfFormat.TURTLE else None) or b""
        return Answer(200, media + ("; charset=utf-8" if media == "text/turtle" else ""), body, "graph")
    except (OSError, RuntimeError, ValueError) as exc:
        return Answer(500, "text/plain; charset=utf-8", f"query failed: {exc}".encode())


def _jsonld(triples: list) -> bytes:
    from kemi_lod.rdf.serialize import jsonld_document

    return jsonld_document(triples)


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
    return Answer(400, "text/plain; charset=utf-8", message.encode())


def _worker_main(dump: str, conn) -> None:
    store = ox.Store()
    store.bulk_load(path=dump, format=ox.RdfFormat.N_TRIPLES)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        query, accept, max_results, want_table = job
        conn.send(run_query(store, query, accept, max_results, want_table))


class _Worker:
    def __init__(self, ctx, dump: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(str(dump), child), daemon=True)
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

    def __init__(self, dump: Path, workers: int, timeout: float, max_results: int) -> None:
        self.dump, self.timeout, self.max_results = dump, timeout, max_results
        self._ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._add()
        self.killed = 0  # queries stopped at the time limit (for the tests and the log)

    def _add(self) -> None:
        worker = _Worker(self._ctx, self.dump)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def query(self, query: str, accept: str | None, want_table: bool = False) -> Answer:
        started = time.monotonic()
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer(503, "text/plain; charset=utf-8", b"all query workers are busy; try again shortly")
        if not worker.wait_ready(max(0.1, 60 - (time.monotonic() - started))):
            self._replace(worker)
            return Answer(503, "text/plain; charset=utf-8", b"the query worker did not start")
        try:
            worker.conn.send((query, accept, self.max_results, want_table))
            if worker.conn.poll(self.timeout):
                answer = worker.conn.recv()
                self._idle.put(worker)
                return answer
        except (OSError, EOFError):
            pass
        self.killed += 1
        self._replace(worker)
        message = f"the query ran longer than the endpoint's time limit ({self.timeout:g} s) and was stopped"
        return Answer(503, "text/plain; charset=utf-8", message.encode())

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


# --- the HTTP server --------------------------------------------------------------------------


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def safe_path(root: Path, url_path: str) -> Path:
    """The file a URL path names under root; anything leading outside is refused."""
    raw = url_path.split("?", 1)[0].split("#", 1)[0]
    decoded = urllib.parse.unquote(raw, errors="strict")
    if "\x00" in decoded or "\\" in decoded:
        raise Refused(400, "bad path")
    parts = decoded.split("/")
    if any(p in ("..", ".") for p in parts):
        raise Refused(403, "paths with '.' or '..' segments are refused")
    relative = "/".join(p for p in parts if p)
    candidate = root / relative if relative else root
    resolved = candidate.resolve()
    if resolved != root and not resolved.is_relative_to(root):
        raise Refused(403, "outside the web root")
    return candidate


class Site:
    """What the handler serves: the resolved web root, the settings, the query pool."""

    def __init__(self, root: Path, settings: Settings, pool: QueryPool | None) -> None:
        self.root = root.resolve()  # once: a later rebuild switches `build`, not this server
        self.settings = settings
        self.pool = pool
        self._graph = None
        self._graph_lock = threading.Lock()

    def graph(self):
        """The site graph for pages rendered on request (publications built with pages: false)."""
        from kemi_lod.site.pages import SiteGraph, read_triples

        with self._graph_lock:
            if self._graph is None:
                self._graph = SiteGraph.of(self.settings, read_triples(self.root / f"{self.settings.dataset}.nt"))
            return self._graph

    def examples(self) -> list[tuple[str, str, str]]:
        """(name, title, query) of the example queries the build published in queries/*.rq."""
        folder = self.root / "queries"
        out = []
        for path in sorted(folder.glob("*.rq")) if folder.is_dir() else ():
            query = parse_query(path.read_text(encoding="utf-8"), path.stem)
            title = query.headers.get("title-fi") or query.headers.get("title") or path.stem
            out.append((path.stem, title, query.text))
        return out


class Handler(BaseHTTPRequestHandler):
    server_version = "kemi-lod"
    protocol_version = "HTTP/1.1"
    site: Site  # set on the subclass made by make_server

    def log_message(self, format, *args):  # noqa: A002  (quiet unless asked)
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    # --- limits: connections at once, idle connections, request bodies ---
    timeout = 30  # seconds a connection may stay silent (a client that never finishes its request)

    def handle(self) -> None:
        slots = self.server.slots  # type: ignore[attr-defined]
        if not slots.acquire(blocking=False):
            # over server.max_clients: answered at once, so a flood costs no thread time or memory
            body = b"the server is busy (too many clients at once); try again shortly\n"
            self.wfile.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                             b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            return
        try:
            super().handle()
        finally:
            slots.release()

    def _body_length(self) -> int | None:
        """The request body's length, or None after refusing it (the connection is then closed:
        an unread body would be taken for the next request)."""
        raw = self.headers.get("Content-Length")
        limit = self.site.settings.max_body_bytes
        if self.headers.get("Transfer-Encoding") or raw is None or not raw.strip().isdigit():
            self.close_connection = True
            self._send(411 if raw is None else 400, "text/plain; charset=utf-8",
                       b"give the body's length in Content-Length (chunked bodies are not accepted)",
                       extra={"Connection": "close"})
            return None
        if int(raw) > limit:
            self.close_connection = True
            message = f"the request body is larger than {limit} bytes (the endpoint's limit, server.max_body_bytes)"
            self._send(413, "text/plain; charset=utf-8", message.encode(), extra={"Connection": "close"})
            return None
        return int(raw)

    # dispatch
    def do_GET(self) -> None:
        self._handle(send_body=True)

    def do_HEAD(self) -> None:
        self._handle(send_body=False)

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path != "/sparql":
            self._send(405, "text/plain; charset=utf-8", b"POST is only accepted at /sparql", extra={"Allow": "GET, HEAD"})
            return
        length = self._body_length()
        if length is None:
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only: SPARQL Update is refused")
            return
        if ctype == "application/sparql-query":
            params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            params["query"] = body.decode("utf-8", errors="replace")
        elif ctype == "application/x-www-form-urlencoded":
            params = dict(urllib.parse.parse_qsl(body.decode("utf-8", errors="replace")))
        else:
            self._send(415, "text/plain; charset=utf-8", b"POST a query as application/sparql-query or an HTML form")
            return
        self._sparql(params, send_body=True)

    def _handle(self, send_body: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        if split.path == "/sparql":
            self._sparql(dict(urllib.parse.parse_qsl(split.query)), send_body)
            return
        try:
            self._static(split.path, send_body)
        except Refused as exc:
            self._send(exc.status, "text/plain; charset=utf-8", exc.message.encode(), send_body=send_body)
        except UnicodeDecodeError:
            self._send(400, "text/plain; charset=utf-8", b"bad path", send_body=send_body)

    # files and resources
    def _static(self, url_path: str, send_body: bool) -> None:
        root = self.site.root
        target = safe_path(root, url_path)
        relative = target.relative_to(root).as_posix() if target != root else ""
        if target.is_dir():
            if not url_path.endswith("/"):
                self._send(301, "text/plain; charset=utf-8", b"", extra={"Location": url_path + "/"}, send_body=send_body)
                return
            target = target / "index.html"
            relative = (relative + "/index.html").lstrip("/")
        if _RESOURCE_PATH.match(relative) and not target.exists():
            self._resource(relative, send_body)
            return
        if target.is_file() and target.resolve().is_relative_to(root):
            ctype = EXTENSIONLESS.get(relative) or CONTENT_TYPES.get(target.suffix, "application/octet-stream")
            self._send(200, ctype, target.read_bytes(), send_body=send_body)
            return
        rendered = self._render(relative)
        if rendered is not None:
            self._send(200, CONTENT_TYPES["." + relative.rsplit(".", 1)[1]], rendered, send_body=send_body)
            return
        self._send(404, "text/plain; charset=utf-8", b"not found", send_body=send_body)

    def _resource(self, relative: str, send_body: bool) -> None:
        """Content negotiation on a resource IRI: answered directly, with Content-Location."""
        media = choose(self.headers.get("Accept"), list(DOCUMENT_TYPES))
        name = relative.rsplit("/", 1)[1]
        if media is None:
            offers = ", ".join(sorted(set(DOCUMENT_TYPES)))
            self._send(406, "text/plain; charset=utf-8", f"not acceptable; available: {offers}".encode(),
                       extra={"Vary": "Accept"}, send_body=send_body)
            return
        ext = DOCUMENT_TYPES[media]
        path = self.site.root / f"{relative}.{ext}"
        body = path.read_bytes() if path.is_file() else self._render(f"{relative}.{ext}")
        if body is None:
            self._send(404, "text/plain; charset=utf-8", b"not found", extra={"Vary": "Accept"}, send_body=send_body)
            return
        self._send(200, CONTENT_TYPES["." + ext], body, send_body=send_body,
                   extra={"Vary": "Accept", "Content-Location": f"{name}.{ext}"})

    def _render(self, relative: str) -> bytes | None:
        """A resource's page or document from the dump, where the build wrote none (pages: false)."""
        m = re.match(r"^id/(project|org|programme|person|source)/([A-Za-z0-9_.-]+)\.(html|ttl|jsonld|nt)$", relative)
        if not m or self.site.settings.pages:
            return None
        from kemi_lod.site.pages import documents, resource_page

        g = self.site.graph()
        found = [r for r in g.resources.values() if r.kind == m[1] and r.id == m[2]]
        if not found or (m[1] == "person" and self.site.settings.persons != "names"):
            return None
        if m[3] == "html":
            return resource_page(g, found[0], pages=True).encode()
        return documents(g.description(found[0]))[m[3]]

    # SPARQL
    def _sparql(self, params: dict[str, str], send_body: bool) -> None:
        if "update" in params:
            self._send(403, "text/plain; charset=utf-8", b"this endpoint is read-only: SPARQL Update is refused", send_body=send_body)
            return
        query = params.get("query")
        accept = self.headers.get("Accept")
        if "format" in params and params["format"] in FORMAT_PARAMETER:
            accept = FORMAT_PARAMETER[params["format"]]
        html_wanted = choose(accept, ["text/html", *SELECT_TYPES, *GRAPH_TYPES]) == "text/html" and "format" not in params
        if query is None:
            if html_wanted or not accept:
                example = {name: text for name, _, text in self.site.examples()}.get(params.get("example", ""), "")
                self._send(200, CONTENT_TYPES[".html"], self._query_page(example, None).encode(), send_body=send_body)
            else:
                self._send(400, "text/plain; charset=utf-8", b"give a SPARQL query as the 'query' parameter", send_body=send_body)
            return
        try:
            check_query(query, self.site.settings.max_query_bytes)
        except QueryRefused as exc:
            answer = Answer(exc.status, "text/plain; charset=utf-8", exc.message.encode())
        else:
            if self.site.pool is None:
                answer = Answer(503, "text/plain; charset=utf-8", b"no SPARQL endpoint in this server")
            else:
                answer = self.site.pool.query(query, accept, want_table=html_wanted)
        if html_wanted:
            page = self._query_page(query, answer)
            self._send(answer.status, CONTENT_TYPES[".html"], page.encode(), send_body=send_body)
            return
        self._send(answer.status, answer.content_type, answer.body, send_body=send_body, extra={"Vary": "Accept"})

    def _query_page(self, query: str, answer: Answer | None) -> str:
        examples = self.site.examples()
        default = query or (examples[0][2] if examples else "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10")
        items = "".join(
            f'<li><a href="sparql?{html.escape(urllib.parse.urlencode({"example": name}))}">{html.escape(t)}</a></li>'
            for name, t, _ in examples
        )
        result = ""
        if answer is not None and answer.kind and answer.status == 200:
            variables, rows = answer.table
            head = "".join(f'<th scope="col">{html.escape(v)}</th>' for v in variables)
            body = "\n".join("<tr>" + "".join(f"<td>{self._cell_html(c)}</td>" for c in row) + "</tr>" for row in rows)
            table = (f'<table id="results"><caption>Kyselyn tulos: {len(rows)} riviä</caption>\n'
                     f'<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>')
            result = f'<section aria-labelledby="tulos"><h2 id="tulos">Tulos</h2>\n{scroll_table(table, "Tulos")}</section>\n'
        elif answer is not None:
            result = (f'<section aria-labelledby="tulos"><h2 id="tulos">Virhe</h2>\n<p role="alert" id="error">'
                      f"{html.escape(answer.body.decode('utf-8', errors='replace'))}</p></section>\n")
        examples_html = (f'<section aria-labelledby="esim"><h2 id="esim">Esimerkkikyselyt</h2>\n<ul>{items}</ul></section>\n'
                         if items else "")
        body = (
            '<form method="post" action="sparql">\n<p><label for="query">Kysely (SPARQL 1.1)</label></p>\n'
            f'<textarea id="query" name="query" rows="16" cols="100">{html.escape(default)}</textarea>\n'
            '<p><button type="submit">Suorita</button></p>\n</form>\n'
            f"{result}{examples_html}"
            "<p>Sama osoite on SPARQL 1.1 -protokollan rajapinta: tulokset JSON-, XML-, CSV- tai TSV-muodossa, "
            "CONSTRUCT ja DESCRIBE Turtle- tai JSON-LD-muodossa <code>Accept</code>-otsakkeen mukaan.</p>\n"
        )
        return layout(self.site.settings, "sparql", "SPARQL-kysely", body)

    def _cell_html(self, cell: tuple[str, str]) -> str:
        kind, text = cell
        if kind == "iri":
            local = self._local(text)
            return f'<a href="{html.escape(local or text)}">{html.escape(text)}</a>'
        return html.escape(text)

    def _local(self, iri: str) -> str | None:
        s = self.site.settings
        for base in (s.base_iri, s.organisations_base):
            if iri.startswith(base + "id/"):
                return iri[len(base):]
        return None

    # response
    def _send(self, status: int, content_type: str, body: bytes, extra: dict | None = None, send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    # the listen backlog: socketserver's 5 resets connections when many clients connect at once
    request_queue_size = 128


def make_server(root: Path, settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int = 2,
                verbose: bool = False) -> ThreadingHTTPServer:
    """A ready server (port 0 picks a free port); call serve_forever(), then shutdown() and close_server()."""
    root = Path(root).resolve()
    dump = root / f"{settings.dataset}.nt"
    pool = QueryPool(dump, workers, settings.query_timeout, settings.max_results) if dump.is_file() else None
    handler = type("BoundHandler", (Handler,), {"site": Site(root, settings, pool)})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    server.slots = threading.BoundedSemaphore(settings.max_clients)  # type: ignore[attr-defined]
    server.verbose = verbose  # type: ignore[attr-defined]
    server.pool = pool  # type: ignore[attr-defined]
    return server


def close_server(server: ThreadingHTTPServer) -> None:
    server.server_close()
    if getattr(server, "pool", None) is not None:
        server.pool.close()


def run_serve(root: Path, settings: Settings, host: str, port: int, verbose: bool = True) -> None:
    """Serve until interrupted."""
    server = make_server(root, settings, host, port, verbose=verbose)
    try:
        server.serve_forever()
    finally:
        close_server(server)
