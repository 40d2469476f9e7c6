"""`kemi-lod serve` under pressure, on loopback, bounded in clients and time.

A real server subprocess (its memory measured apart from the clients) takes 50 clients for
10 s mixing pages, negotiated resources and every example query (benchmarks/serve_load.py,
which runs 30 s); a slow query is stopped at the time limit while other clients keep being
served; oversized queries, bodies and URLs, bad lengths and too many clients are refused.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.parse
from dataclasses import replace
from pathlib import Path

import pytest

from support import REPO, load_benchmark
from kemi_lod.config import load_settings
from kemi_lod.commands.serve import close_server, make_server

pytestmark = pytest.mark.slow  # a real browser, server or checker: minutes, not seconds

serve_load = load_benchmark("serve_load")

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MiB = 2**20


@pytest.fixture(scope="module")
def publication(tmp_path_factory, kemi_build) -> tuple[Path, Path]:
    """The curated publication built (once for the run), and a configuration with a 2 s time limit."""
    folder = tmp_path_factory.mktemp("load")
    config = folder / "kemi-lod.yaml"
    config.write_text((REPO / "kemi-lod.yaml").read_text(encoding="utf-8") + "\nserver: {query_timeout: 2}\n",
                      encoding="utf-8")
    return kemi_build, config


@pytest.fixture(scope="module")
def running(publication):
    root, config = publication
    port = serve_load.free_port()
    proc = serve_load.start_server(root, config, port)
    yield root, port, proc
    proc.terminate()
    proc.wait(10)


def test_fifty_clients_for_ten_seconds_without_an_error_in_bounded_memory(running):
    root, port, proc = running
    mix = serve_load.requests_for(root)
    assert sum(m == "POST" for m, _, _ in mix) == len(list((REPO / "queries").glob("*.rq")))
    load = serve_load.run_load(port, mix, clients=50, seconds=10, pid=proc.pid)
    print(load.summary())
    assert load.errors == []
    assert load.requests > 500
    assert load.rss_peak - load.rss_start < 100 * MiB  # no growth with the requests served
    assert load.rss_peak < 600 * MiB  # the server and its two query workers


def test_a_slow_query_is_stopped_while_other_clients_are_served(running):
    root, port, proc = running
    outcome = {}

    def slow():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        started = time.monotonic()
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": SLOW}),
                     headers={"Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        outcome["slow"] = (response.status, response.read().decode(), time.monotonic() - started)
        conn.close()

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.2)
    pages = [m for m in serve_load.requests_for(root) if m[0] == "GET"]
    queries = [m for m in serve_load.requests_for(root) if m[0] == "POST"][:3]
    load = serve_load.run_load(port, pages + queries, clients=10, seconds=3)
    thread.join(30)

    status, body, took = outcome["slow"]
    assert status == 503
    assert body == "the query ran longer than the endpoint's time limit (2 s) and was stopped"
    assert 2 <= took < 6
    assert load.errors == []
    assert load.requests > 50
    assert load.percentile(99) < 2.0  # the others were not held up by the slow query


# --- refusals, on an in-process server with small limits -------------------------------------


@pytest.fixture
def limited(publication):
    root, _ = publication
    settings = replace(load_settings(REPO / "kemi-lod.yaml"), max_query_bytes=1000, max_body_bytes=5000, max_clients=3)
    server = make_server(root, settings, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    close_server(server)


def _raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    answer = response.status, dict(response.getheaders()), response.read().decode()
    conn.close()
    return answer


def test_oversized_queries_bodies_and_urls_are_refused(limited):
    port = limited
    query = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 1000
    status, _, body = _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": query}),
                               headers={"Accept": "text/csv"})
    assert (status, body) == (413, "the query is longer than 1000 bytes (the endpoint's limit, server.max_query_bytes)")

    status, headers, body = _request(port, "POST", "/sparql", b"query=" + b"x" * 6000,
                                     {"Content-Type": "application/x-www-form-urlencoded"})
    assert (status, body) == (413, "the request body is larger than 5000 bytes (the endpoint's limit, server.max_body_bytes)")
    assert headers["Connection"] == "close"

    # a URL longer than the standard library's 64 KiB request line
    answer = _raw(port, b"GET /sparql?query=" + b"x" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 414 Request-URI Too Long\r\n")

    answer = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: -5\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 ") and answer.endswith(b"chunked bodies are not accepted)")
    answer = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n5\r\nASK{}\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 411 ")

    # a query within the limits is answered on the same server
    status, _, body = _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                               headers={"Accept": "application/sparql-results+json"})
    assert status == 200


def test_more_clients_than_the_limit_are_turned_away_at_once(limited):
    port = limited
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
    try:
        time.sleep(0.3)  # the three connections have their threads
        started = time.monotonic()
        answer = _raw(port, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert answer.endswith(b"the server is busy (too many clients at once); try again shortly\n")
        assert time.monotonic() - started < 2
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert _request(port, "GET", "/")[0] == 200  # served again once they are gone
