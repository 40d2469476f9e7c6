"""What `kemi-lod serve` answers: files, resource IRIs by content negotiation, /sparql.

`respond(site, request)` turns one complete request into one response; the connections, the
HTTP parsing and the defences against clients that abuse them are `server`'s.

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
never written anyway. A GET without a query answers a browser with the query page and a client
asking for RDF with the endpoint's SPARQL 1.1 Service Description (`description`).
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from kemi_lod.build.atomic import Lease
from kemi_lod.commands.serve.description import service_description
from kemi_lod.commands.serve.endpoint import Answer, QueryPool, QueryRefused, check_query, graph_document
from kemi_lod.commands.serve.negotiation import choose
from kemi_lod.commands.serve.query_page import query_page
from kemi_lod.config import Settings
from kemi_lod.rdf import formats
from kemi_lod.rdf.results import ACCEPTED
from kemi_lod.rdf.serialize import sort_triples
from kemi_lod.records.kinds import RESOURCE_FILE, RESOURCE_PATH
from kemi_lod.site.hosting import OPEN_HEADERS, SECURITY_HEADERS
from kemi_lod.sparql.queries import parse_query

TEXT = formats.PLAIN_TEXT
# negotiable representations of a resource: media type -> its file type
DOCUMENT_TYPES = formats.NEGOTIATED
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
    settings, the query pool of the version being served. The version is leased, so a rebuild
    never removes it while it is served."""

    def __init__(self, root: Path, settings: Settings, pool: QueryPool | None, new_pool=None) -> None:
        self.link = Path(root)  # the `build` link a rebuild switches to its new version
        self.root = self.link.resolve()
        self._lease = Lease(self.root)
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
                old, old_lease, dump = self.pool, self._lease, current / f"{self.settings.dataset}.nt"
                self._lease = Lease(current)
                self.pool = self._new_pool(dump) if self._new_pool is not None and dump.is_file() else None
                with self._graph_lock:
                    self.root, self._graph = current, None
                # after the requests and queries still on the old version have had their time
                threading.Timer(self.settings.query_timeout + 1, _retire, (old, old_lease)).start()

    def close(self) -> None:
        _retire(self.pool, self._lease)

    def graph(self):
        """The site graph for pages rendered on request (publications built with pages: false)."""
        from kemi_lod.site.graph import SiteGraph
        from kemi_lod.sparql.queries import load_store

        with self._graph_lock:
            if self._graph is None:
                dump = self.root / f"{self.settings.dataset}.nt"
                self._graph = SiteGraph.over(self.settings, load_store(dump), dump)
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


def _retire(pool: QueryPool | None, lease: Lease) -> None:
    if pool is not None:
        pool.close()
    lease.release()


@dataclass(frozen=True)
class Request:
    """One complete request: the method, the request target as sent (path and query), the
    headers with lower-case names, the body."""

    method: str
    target: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def all_headers(self) -> list[tuple[str, str]]:
        """The response's header lines (Content-Length included): the security headers on every
        answer, CORS for scripts of other sites, then the response's own."""
        return [("Content-Type", self.content_type), ("Content-Length", str(len(self.body))),
                *SECURITY_HEADERS.items(), *OPEN_HEADERS.items(), *self.headers]


def _text(status: int, message: str | bytes, **headers: str) -> Response:
    body = message.encode() if isinstance(message, str) else message
    return Response(status, TEXT, body, tuple((k.replace("_", "-"), v) for k, v in headers.items()))


def respond(site: Site, request: Request) -> Response:
    """The answer to one request (HEAD is answered as GET; the server leaves out the body)."""
    site.follow()
    split = urllib.parse.urlsplit(request.target)
    if request.method == "POST":
        if split.path != "/sparql":
            return _text(405, "POST is only accepted at /sparql", Allow="GET, HEAD")
        return _post_sparql(site, request, split.query)
    if request.method not in ("GET", "HEAD"):
        return _text(501, f"{request.method} is not supported: GET, HEAD, and POST at /sparql",
                     Allow="GET, HEAD, POST")
    if split.path == "/sparql":
        return _sparql(site, request, dict(urllib.parse.parse_qsl(split.query)))
    try:
        return _static(site, request, split.path)
    except Refused as exc:
        return _text(exc.status, exc.message)
    except UnicodeDecodeError:
        return _text(400, "bad path")


def _post_sparql(site: Site, request: Request, query_string: str) -> Response:
    ctype = (request.header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype == formats.SPARQL_UPDATE:
        return _text(403, "this endpoint is read-only: SPARQL Update is refused")
    if ctype == formats.SPARQL_QUERY.media_type:
        params = dict(urllib.parse.parse_qsl(query_string))
        params["query"] = request.body.decode("utf-8", errors="replace")
    elif ctype == formats.FORM:
        params = dict(urllib.parse.parse_qsl(request.body.decode("utf-8", errors="replace")))
    else:
        return _text(415, "POST a query as application/sparql-query or an HTML form")
    return _sparql(site, request, params)


# files and resources
def _static(site: Site, request: Request, url_path: str) -> Response:
    root = site.root
    target = safe_path(root, url_path)
    relative = target.relative_to(root).as_posix() if target != root else ""
    if target.is_dir():
        if not url_path.endswith("/"):
            return _text(301, "", Location=url_path + "/")
        target = target / "index.html"
        relative = (relative + "/index.html").lstrip("/")
    if RESOURCE_PATH.match(relative) and not target.exists():
        return _resource(site, request, relative)
    if target.is_file() and target.resolve().is_relative_to(root):
        known = EXTENSIONLESS.get(relative) or formats.file_type(relative)
        return Response(200, known.content_type if known else formats.OCTET_STREAM, target.read_bytes())
    rendered = _render(site, relative)
    if rendered is not None:
        return Response(200, formats.file_type(relative).content_type, rendered)
    return _text(404, "not found")


def _resource(site: Site, request: Request, relative: str) -> Response:
    """Content negotiation on a resource IRI: answered directly, with Content-Location."""
    media = choose(request.header("Accept"), list(DOCUMENT_TYPES))
    name = relative.rsplit("/", 1)[1]
    if media is None:
        offers = ", ".join(sorted(set(DOCUMENT_TYPES)))
        return _text(406, f"not acceptable; available: {offers}", Vary="Accept")
    ext = DOCUMENT_TYPES[media].extension
    path = site.root / f"{relative}.{ext}"
    body = path.read_bytes() if path.is_file() else _render(site, f"{relative}.{ext}")
    if body is None:
        return _text(404, "not found", Vary="Accept")
    return Response(200, DOCUMENT_TYPES[media].content_type, body,
                    (("Vary", "Accept"), ("Content-Location", f"{name}.{ext}")))


def _render(site: Site, relative: str) -> bytes | None:
    """A resource's page or document from the dump, where the build wrote none (pages: false)."""
    m = RESOURCE_FILE.match(relative)
    if not m or m["ext"] not in {t.extension for t in formats.DOCUMENTS} or site.settings.pages:
        return None
    from kemi_lod.site.resource import resource_page
    from kemi_lod.site.write import FRAMED, documents, framed

    g = site.graph()
    found = [r for r in g.resources.values() if r.kind == m["kind"] and r.id == m["id"]]
    if not found or (m["kind"] == "person" and site.settings.persons != "names"):
        return None
    if m["ext"] == formats.HTML.extension:
        return resource_page(g, found[0]).encode()
    if m["ext"] == FRAMED:
        return framed(g, found[0])
    return documents(g.description(found[0]))[m["ext"]]


# SPARQL
def _sparql(site: Site, request: Request, params: dict[str, str]) -> Response:
    if "update" in params:
        return _text(403, "this endpoint is read-only: SPARQL Update is refused")
    query = params.get("query")
    accept = request.header("Accept")
    if "format" in params and params["format"] in FORMAT_PARAMETER:
        accept = FORMAT_PARAMETER[params["format"]]
    offers = [formats.HTML.media_type, *ACCEPTED, *(t.media_type for t in formats.GRAPH_TYPES)]
    html_wanted = choose(accept, offers) == formats.HTML.media_type and "format" not in params
    if query is None:
        if html_wanted or not accept:
            example = {name: text for name, _, text in site.examples()}.get(params.get("example", ""), "")
            return Response(200, formats.HTML.content_type, query_page(site.settings, site.examples(), example, None).encode())
        described = choose(accept, [t.media_type for t in formats.GRAPH_TYPES])
        if described is not None:  # the SPARQL 1.1 Service Description
            chosen = next(t for t in formats.GRAPH_TYPES if t.media_type == described)
            body = graph_document(sort_triples(service_description(site.settings, site.root)), chosen)
            return Response(200, chosen.content_type, body, (("Vary", "Accept"),))
        return _text(400, "give a SPARQL query as the 'query' parameter")
    try:
        check_query(query, site.settings.max_query_bytes)
    except QueryRefused as exc:
        answer = Answer(exc.status, TEXT, exc.message.encode())
    else:
        if site.pool is None:
            answer = Answer(503, TEXT, b"no SPARQL endpoint in this server")
        else:
            answer = site.pool.query(query, accept, want_table=html_wanted)
    if html_wanted:
        page = query_page(site.settings, site.examples(), query, answer)
        return Response(answer.status, formats.HTML.content_type, page.encode())
    return Response(answer.status, answer.content_type, answer.body, (("Vary", "Accept"),))
