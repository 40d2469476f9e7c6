"""The HTTP handler of `kemi-lod serve`: files, resource IRIs by content negotiation, /sparql.

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

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler
from pathlib import Path

from kemi_lod.commands.serve.endpoint import Answer, QueryPool, QueryRefused, check_query
from kemi_lod.commands.serve.negotiation import choose
from kemi_lod.commands.serve.query_page import query_page
from kemi_lod.config import Settings
from kemi_lod.rdf import formats
from kemi_lod.rdf.results import ACCEPTED
from kemi_lod.records.kinds import RESOURCE_FILE, RESOURCE_PATH
from kemi_lod.site.hosting import SECURITY_HEADERS
from kemi_lod.sparql.queries import parse_query

TEXT = formats.PLAIN_TEXT
# Pages load only the site's own files: its stylesheet and sort script, no inline script or
# style, no plugin, no framing (the embedded JSON-LD is data, never run).
# negotiable representations of a resource: media type -> its file type
DOCUMENT_TYPES = {t.media_type: t for t in formats.DOCUMENTS} | {formats.XHTML: formats.HTML}
EXTENSIONLESS = {".well-known/void": formats.TURTLE}
# the `format` parameter of /sparql: a name -> the media type it stands for
FORMAT_PARAMETER = {name: f.media_type for name, f in {
    "json": formats.JSON, "xml": None, "csv": formats.CSV, "tsv": None, "turtle": formats.TURTLE, "ttl": formats.TURTLE,
    "jsonld": formats.JSON_LD, "nt": formats.N_TRIPLES}.items() if f is not None}


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
    """What the handler serves: the web root (the build link, followed on every request), the
    settings, the query pool of the version being served."""

    def __init__(self, root: Path, settings: Settings, pool: QueryPool | None, new_pool=None) -> None:
        self.link = Path(root)  # the `build` link a rebuild switches to its new version
        self.root = self.link.resolve()
        self.settings = settings
        self.pool = pool
        self._new_pool = new_pool  # dump -> QueryPool | None, for the version a rebuild made
        self._graph = None
        self._graph_lock = threading.Lock()
        self._switch_lock = threading.Lock()

    def follow(self) -> None:
        """Serve the version the link points at now: after a rebuild, its pages and, for
        /sparql, a pool of workers that load its dump (the old pool is closed)."""
        current = self.link.resolve()
        if current == self.root:
            return
        with self._switch_lock:
            if current == self.link.resolve() and current != self.root and current.is_dir():
                old, dump = self.pool, current / f"{self.settings.dataset}.nt"
                self.pool = self._new_pool(dump) if self._new_pool is not None and dump.is_file() else None
                with self._graph_lock:
                    self.root, self._graph = current, None
                if old is not None:  # after the queries it is running have had their time
                    threading.Timer(self.settings.query_timeout + 1, old.close).start()

    def graph(self):
        """The site graph for pages rendered on request (publications built with pages: false)."""
        from kemi_lod.site.graph import SiteGraph, read_triples

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
            self._send(411 if raw is None else 400, TEXT,
                       b"give the body's length in Content-Length (chunked bodies are not accepted)",
                       extra={"Connection": "close"})
            return None
        if int(raw) > limit:
            self.close_connection = True
            message = f"the request body is larger than {limit} bytes (the endpoint's limit, server.max_body_bytes)"
            self._send(413, TEXT, message.encode(), extra={"Connection": "close"})
            return None
        return int(raw)

    # dispatch
    def do_GET(self) -> None:
        self._handle(send_body=True)

    def do_HEAD(self) -> None:
        self._handle(send_body=False)

    def do_POST(self) -> None:
        self.site.follow()
        path = urllib.parse.urlsplit(self.path).path
        if path != "/sparql":
            self._send(405, TEXT, b"POST is only accepted at /sparql", extra={"Allow": "GET, HEAD"})
            return
        length = self._body_length()
        if length is None:
            return
        body = self.rfile.read(length)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == formats.SPARQL_UPDATE:
            self._send(403, TEXT, b"this endpoint is read-only: SPARQL Update is refused")
            return
        if ctype == formats.SPARQL_QUERY.media_type:
            params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
            params["query"] = body.decode("utf-8", errors="replace")
        elif ctype == formats.FORM:
            params = dict(urllib.parse.parse_qsl(body.decode("utf-8", errors="replace")))
        else:
            self._send(415, TEXT, b"POST a query as application/sparql-query or an HTML form")
            return
        self._sparql(params, send_body=True)

    def _handle(self, send_body: bool) -> None:
        self.site.follow()
        split = urllib.parse.urlsplit(self.path)
        if split.path == "/sparql":
            self._sparql(dict(urllib.parse.parse_qsl(split.query)), send_body)
            return
        try:
            self._static(split.path, send_body)
        except Refused as exc:
            self._send(exc.status, TEXT, exc.message.encode(), send_body=send_body)
        except UnicodeDecodeError:
            self._send(400, TEXT, b"bad path", send_body=send_body)

    # files and resources
    def _static(self, url_path: str, send_body: bool) -> None:
        root = self.site.root
        target = safe_path(root, url_path)
        relative = target.relative_to(root).as_posix() if target != root else ""
        if target.is_dir():
            if not url_path.endswith("/"):
                self._send(301, TEXT, b"", extra={"Location": url_path + "/"}, send_body=send_body)
                return
            target = target / "index.html"
            relative = (relative + "/index.html").lstrip("/")
        if RESOURCE_PATH.match(relative) and not target.exists():
            self._resource(relative, send_body)
            return
        if target.is_file() and target.resolve().is_relative_to(root):
            known = EXTENSIONLESS.get(relative) or formats.file_type(relative)
            self._send(200, known.content_type if known else formats.OCTET_STREAM, target.read_bytes(), send_body=send_body)
            return
        rendered = self._render(relative)
        if rendered is not None:
            self._send(200, formats.file_type(relative).content_type, rendered, send_body=send_body)
            return
        self._send(404, TEXT, b"not found", send_body=send_body)

    def _resource(self, relative: str, send_body: bool) -> None:
        """Content negotiation on a resource IRI: answered directly, with Content-Location."""
        media = choose(self.headers.get("Accept"), list(DOCUMENT_TYPES))
        name = relative.rsplit("/", 1)[1]
        if media is None:
            offers = ", ".join(sorted(set(DOCUMENT_TYPES)))
            self._send(406, TEXT, f"not acceptable; available: {offers}".encode(),
                       extra={"Vary": "Accept"}, send_body=send_body)
            return
        ext = DOCUMENT_TYPES[media].extension
        path = self.site.root / f"{relative}.{ext}"
        body = path.read_bytes() if path.is_file() else self._render(f"{relative}.{ext}")
        if body is None:
            self._send(404, TEXT, b"not found", extra={"Vary": "Accept"}, send_body=send_body)
            return
        self._send(200, DOCUMENT_TYPES[media].content_type, body, send_body=send_body,
                   extra={"Vary": "Accept", "Content-Location": f"{name}.{ext}"})

    def _render(self, relative: str) -> bytes | None:
        """A resource's page or document from the dump, where the build wrote none (pages: false)."""
        m = RESOURCE_FILE.match(relative)
        if not m or m["ext"] not in {t.extension for t in formats.DOCUMENTS} or self.site.settings.pages:
            return None
        from kemi_lod.site.resource import resource_page
        from kemi_lod.site.write import documents

        g = self.site.graph()
        found = [r for r in g.resources.values() if r.kind == m["kind"] and r.id == m["id"]]
        if not found or (m["kind"] == "person" and self.site.settings.persons != "names"):
            return None
        if m["ext"] == formats.HTML.extension:
            return resource_page(g, found[0], pages=True).encode()
        return documents(g.description(found[0]))[m["ext"]]

    # SPARQL
    def _sparql(self, params: dict[str, str], send_body: bool) -> None:
        if "update" in params:
            self._send(403, TEXT, b"this endpoint is read-only: SPARQL Update is refused", send_body=send_body)
            return
        query = params.get("query")
        accept = self.headers.get("Accept")
        if "format" in params and params["format"] in FORMAT_PARAMETER:
            accept = FORMAT_PARAMETER[params["format"]]
        offers = [formats.HTML.media_type, *ACCEPTED, *(t.media_type for t in formats.GRAPH_TYPES)]
        html_wanted = choose(accept, offers) == formats.HTML.media_type and "format" not in params
        if query is None:
            if html_wanted or not accept:
                example = {name: text for name, _, text in self.site.examples()}.get(params.get("example", ""), "")
                self._send(200, formats.HTML.content_type, query_page(self.site.settings, self.site.examples(), example, None).encode(), send_body=send_body)
            else:
                self._send(400, TEXT, b"give a SPARQL query as the 'query' parameter", send_body=send_body)
            return
        try:
            check_query(query, self.site.settings.max_query_bytes)
        except QueryRefused as exc:
            answer = Answer(exc.status, TEXT, exc.message.encode())
        else:
            if self.site.pool is None:
                answer = Answer(503, TEXT, b"no SPARQL endpoint in this server")
            else:
                answer = self.site.pool.query(query, accept, want_table=html_wanted)
        if html_wanted:
            page = query_page(self.site.settings, self.site.examples(), query, answer)
            self._send(answer.status, formats.HTML.content_type, page.encode(), send_body=send_body)
            return
        self._send(answer.status, answer.content_type, answer.body, send_body=send_body, extra={"Vary": "Accept"})

    def _send(self, status: int, content_type: str, body: bytes, extra: dict | None = None, send_body: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if send_body:
            self.wfile.write(body)
