"""`kemi-lod publish` against a real Oxigraph server (PyPI `oxigraph`), started on loopback.

A second, tiny HTTP server in the test sits in front of Oxigraph when a case needs a store
that fails part-way or must see the credentials.
"""

from __future__ import annotations

import base64
import json
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest

from support import free_port, run_cli
from kemi_lod.commands.publish import derive_query_endpoint

BASE = "https://example.org/pub/graph/"
GRAPHS = ("data", "vocabulary", "shapes", "catalogue")
EXTRA = """title: Lisätty hanke
sources: [{source: sivu, lines: "30"}]
budget: 1234
"""


def store_counts(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    with urllib.request.urlopen(f"{url}/query?{urllib.parse.urlencode({'query': query})}") as r:
        rows = json.loads(r.read())["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def store_graph(url: str, name: str) -> set:
    with urllib.request.urlopen(f"{url}/store?{urllib.parse.urlencode({'graph': BASE + name})}") as r:
        data = r.read()
    return {_no_bnodes(q.triple) for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}


def _no_bnodes(t: ox.Triple):
    """Triples compared with blank nodes as one placeholder (the store relabels them)."""
    def term(x):
        return "_:b" if isinstance(x, ox.BlankNode) else str(x)
    return (term(t.subject), str(t.predicate), term(t.object))


def built(pub: Path, *files: str) -> set:
    """The triples of built files as a store holds them (Oxigraph writes numbers canonically: 5.0 -> 5)."""
    store = ox.Store()
    for f in files:
        fmt = ox.RdfFormat.N_TRIPLES if f.endswith(".nt") else ox.RdfFormat.TURTLE
        store.load(path=str(pub / "build" / f), format=fmt)
    return {_no_bnodes(q.triple) for q in store}


def expected_lines(pub: Path, status: dict[str, str]) -> str:
    counts = {
        "data": _count(pub, "fixture.nt"), "vocabulary": _count(pub, "ontology/codelists.ttl", "ontology/hanke.ttl"),
        "shapes": _count(pub, "shapes/hanke-shapes.ttl"), "catalogue": _count(pub, "catalog.ttl"),
    }
    return "".join(f"{g}: <{BASE}{g}> {counts[g]} triples ({status[g]})\n" for g in GRAPHS)


def _count(pub: Path, *files: str) -> int:
    n = 0
    for f in files:
        fmt = ox.RdfFormat.N_TRIPLES if f.endswith(".nt") else ox.RdfFormat.TURTLE
        n += len(set(q.triple for q in ox.parse(path=str(pub / "build" / f), format=fmt)))
    return n


def test_first_publish_loads_every_graph_and_reports_them_new(publication, oxigraph):
    assert run_cli("build").exit_code == 0
    result = run_cli("publish", "--endpoint", f"{oxigraph}/store")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected_lines(publication, dict.fromkeys(GRAPHS, "new")) + \
        f"published build/ to {oxigraph}/store: 4 graphs checked\n"
    assert store_graph(oxigraph, "data") == built(publication, "fixture.nt")
    assert store_graph(oxigraph, "catalogue") == built(publication, "catalog.ttl")
    assert store_graph(oxigraph, "shapes") == built(publication, "shapes/hanke-shapes.ttl")
    assert store_graph(oxigraph, "vocabulary") == built(publication, "ontology/hanke.ttl", "ontology/codelists.ttl")


def test_republishing_replaces_the_graphs_without_duplicating_them(publication, oxigraph):
    assert run_cli("build").exit_code == 0
    assert run_cli("publish", "--endpoint", f"{oxigraph}/store").exit_code == 0
    first = store_counts(oxigraph)

    again = run_cli("publish", "--endpoint", f"{oxigraph}/store")
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith(expected_lines(publication, dict.fromkeys(GRAPHS, "replaced")))
    assert store_counts(oxigraph) == first

    # a changed build replaces the data: the store holds the new dump exactly, nothing of the old
    (publication / "data" / "projects" / "jatkuva.yaml").unlink()
    assert run_cli("build").exit_code == 0
    assert run_cli("publish", "--endpoint", f"{oxigraph}/store").exit_code == 0
    assert store_graph(oxigraph, "data") == built(publication, "fixture.nt")
    assert store_counts(oxigraph)[BASE + "data"] < first[BASE + "data"]


def test_a_store_that_is_down_is_a_clear_error_and_nothing_is_sent(publication):
    assert run_cli("build").exit_code == 0
    port = free_port()  # nothing listens there
    result = run_cli("publish", "--endpoint", f"http://127.0.0.1:{port}/store")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"kemi-lod: http://127.0.0.1:{port}/query: the store cannot be queried: "
                             "cannot connect ([Errno 111] Connection refused); nothing was sent\n")


def test_a_store_that_never_answers_times_out_with_the_setting(publication):
    """A socket that accepts the connection and then says nothing: the publish_timeout, not 300 s."""
    import socket
    import threading
    import time

    assert run_cli("build").exit_code == 0
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept_until_closed():
        try:
            while True:
                accepted.append(listener.accept())
        except OSError:  # the listener was closed: the test is over
            return

    acceptor = threading.Thread(target=accept_until_closed, daemon=True)
    acceptor.start()
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "publish_timeout: 1.5\n", encoding="utf-8")
    port = listener.getsockname()[1]
    start = time.monotonic()
    try:
        result = run_cli("publish", "--endpoint", f"http://127.0.0.1:{port}/store")
    finally:
        listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept() with an OSError
        acceptor.join(timeout=5)
        listener.close()
        for conn, _ in accepted:
            conn.close()
    assert not acceptor.is_alive()
    assert time.monotonic() - start < 30
    assert result.exit_code == 2
    assert "no answer within 1.5 s (the setting publish_timeout); nothing was sent" in result.stderr


class _Proxy(BaseHTTPRequestHandler):
    """Forwards to Oxigraph; fails the PUT numbered `fail_put`; remembers Authorization headers."""

    upstream = ""
    fail_put = 0
    puts = 0
    authorizations: list = []

    def log_message(self, *args):
        pass

    def _forward(self, method: str) -> None:
        type(self).authorizations.append(self.headers.get("Authorization"))
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) if method != "GET" else None
        if method == "PUT":
            type(self).puts += 1
            if type(self).puts == type(self).fail_put:
                self.send_response(500)
                self.send_header("Content-Length", "11")
                self.end_headers()
                self.wfile.write(b"disk failed")
                return
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        request = urllib.request.Request(self.upstream + self.path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request) as r:
            data, status, ctype = r.read(), r.status, r.headers.get("Content-Type", "")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self._forward("GET")

    def do_POST(self):
        self._forward("POST")

    def do_PUT(self):
        self._forward("PUT")


@pytest.fixture
def proxy(oxigraph):
    handler = type("Proxy", (_Proxy,), {"upstream": oxigraph, "fail_put": 0, "puts": 0, "authorizations": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_store_failing_midway_keeps_the_previous_catalogue(publication, oxigraph, proxy):
    handler, url = proxy
    assert run_cli("build").exit_code == 0
    assert run_cli("publish", "--endpoint", f"{oxigraph}/store").exit_code == 0
    old_catalogue = store_graph(oxigraph, "catalogue")
    old_data = store_graph(oxigraph, "data")

    (publication / "data" / "projects" / "lisatty.yaml").write_text(EXTRA)
    assert run_cli("build").exit_code == 0
    assert built(publication, "catalog.ttl") != old_catalogue
    handler.fail_put = 3  # data, vocabulary, then the shapes PUT fails
    result = run_cli("publish", "--endpoint", f"{url}/store")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"kemi-lod: {url}/store: PUT of the shapes graph <{BASE}shapes> failed: HTTP 500 Internal Server Error: "
        "disk failed; graphs replaced before it: data, vocabulary; the catalogue graph was not sent, so the "
        "store's catalogue is still the previous one\n"
    )
    assert handler.puts == 3
    assert store_graph(oxigraph, "catalogue") == old_catalogue
    new_data = store_graph(oxigraph, "data")
    assert new_data == built(publication, "fixture.nt") and new_data != old_data  # replaced whole, not mixed

    # the next publish completes the switch
    handler.fail_put = 0
    assert run_cli("publish", "--endpoint", f"{url}/store").exit_code == 0
    assert store_graph(oxigraph, "catalogue") == built(publication, "catalog.ttl")


def test_credentials_come_from_the_environment(publication, proxy, monkeypatch):
    handler, url = proxy
    assert run_cli("build").exit_code == 0
    monkeypatch.setenv("KEMI_LOD_STORE_USER", "julkaisija")
    monkeypatch.setenv("KEMI_LOD_STORE_PASSWORD", "salainen")
    assert run_cli("publish", "--endpoint", f"{url}/store").exit_code == 0
    expected = "Basic " + base64.b64encode(b"julkaisija:salainen").decode()
    assert handler.authorizations == [expected] * 6  # count, 4 PUTs, count

    monkeypatch.delenv("KEMI_LOD_STORE_PASSWORD")
    result = run_cli("publish", "--endpoint", f"{url}/store")
    assert result.exit_code == 2
    assert result.stderr == "kemi-lod: set both KEMI_LOD_STORE_USER and KEMI_LOD_STORE_PASSWORD, or neither\n"


def test_query_endpoints_are_derived_for_known_stores():
    assert derive_query_endpoint("http://localhost:7878/store") == "http://localhost:7878/query"
    assert derive_query_endpoint("http://localhost:3030/kemi/data") == "http://localhost:3030/kemi/sparql"
    assert derive_query_endpoint("http://localhost:7200/repositories/kemi/rdf-graphs/service") == \
        "http://localhost:7200/repositories/kemi"
    assert derive_query_endpoint("http://localhost:8890/sparql-graph-crud-auth") is None


def test_a_store_without_a_known_query_endpoint_needs_one(publication):
    assert run_cli("build").exit_code == 0
    result = run_cli("publish", "--endpoint", "http://127.0.0.1:9/sparql-graph-crud-auth")
    assert result.exit_code == 2
    assert "give --query-endpoint" in result.stderr
