"""`kemi-lod serve` under pressure, on loopback, bounded in clients and time.

A real server subprocess (its memory measured apart from the clients) takes 50 clients for
10 s mixing pages, negotiated resources and every example query (benchmarks/serve_load.py,
which runs 30 s); a slow query is stopped at the time limit while other clients keep being
served; oversized queries, bodies and URLs, bad lengths and too many clients from one address
are refused; clients that trickle their requests (slowloris) and queries that would take all
memory or send hundreds of megabytes are cut off while the next normal request is answered at once.
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
    # pages three times over: every example query is asked, but most requests are pages, as on a
    # real site (half queries kept the two workers' queue over its 2 s wait on a slower machine)
    mix = [m for m in mix if m[0] == "GET"] * 3 + [m for m in mix if m[0] == "POST"]
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
    settings = replace(load_settings(REPO / "kemi-lod.yaml"), max_query_bytes=1000, max_body_bytes=5000,
                       max_clients_per_address=3, request_deadline=2.0, max_response_bytes=5_000_000,
                       max_query_memory_bytes=500_000_000)
    server = make_server(root, settings, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    close_server(server)


@pytest.fixture
def default_limits(publication):
    """The default limits (16 connections per address), with a request deadline of 2 s."""
    root, _ = publication
    server = make_server(root, replace(load_settings(REPO / "kemi-lod.yaml"), request_deadline=2.0), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    close_server(server)


def _raw(port: int, request: bytes, source: str = "127.0.0.1") -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(source, 0)) as s:
        s.sendall(request)
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
             source: str = "127.0.0.1"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(source, 0))
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    answer = response.status, dict(response.getheaders()), response.read().decode()
    conn.close()
    return answer


def _timed_ask(port: int, source: str = "127.0.0.1") -> tuple[int, float]:
    started = time.monotonic()
    status, _, _ = _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                            headers={"Accept": "application/sparql-results+json"}, source=source)
    return status, time.monotonic() - started


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
    assert headers["X-Content-Type-Options"] == "nosniff"

    # a URL longer than the 64 KiB a request line may take
    answer = _raw(port, b"GET /sparql?query=" + b"x" * 80_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.split(b"\r\n")[0].endswith(b" 431 Request Header Fields Too Large")
    assert answer.endswith(b"the request line and headers are longer than 73728 bytes")

    answer = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: -5\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    # a chunked body is read whole by the server, under the same body limit
    answer = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Accept: text/csv\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
                        b"5\r\nASK{}\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n")
    answer = _raw(port, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n" + (b"1000\r\n" + b"#" * 4096 + b"\r\n") * 2)
    assert answer.startswith(b"HTTP/1.1 413 ")

    # a query within the limits is answered on the same server
    assert _timed_ask(port)[0] == 200


def test_more_connections_from_one_address_than_its_limit_are_turned_away_at_once(limited):
    port = limited
    held = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(3)]
    try:
        time.sleep(0.3)  # the server has accepted the three
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as fourth:
            answer = fourth.recv(65536)
        assert answer.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
        assert answer.endswith(b"too many connections from your address at once; try again shortly")
        assert time.monotonic() - started < 1
        # another client (address) is served meanwhile
        status, took = _timed_ask(port, source="127.0.0.2")
        assert status == 200 and took < 1
    finally:
        for s in held:
            s.close()
    time.sleep(0.3)
    assert _request(port, "GET", "/")[0] == 200  # served again once they are gone


@pytest.mark.parametrize("limits", ["limited", "default_limits"])
def test_trickling_clients_take_no_one_elses_turn_and_are_cut_off_at_the_deadline(limits, request):
    """64 sockets from four other addresses, each sending one header line every 0.5 s (a
    slowloris attack): normal clients are answered at once; the trickling connections are
    refused over the per-address limit (3 here, 16 by default: then all are let in) or closed
    when the request deadline (2 s here) has passed, though never silent."""
    port = request.getfixturevalue(limits)
    attackers = []
    for n in range(64):
        s = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=(f"127.0.0.{20 + n % 4}", 0))
        attackers.append(s)
    try:
        for s in attackers:
            try:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                pass  # refused over the per-address limit
        closed_at: dict[int, float] = {}
        started = time.monotonic()
        while time.monotonic() - started < 4.5:
            for i, s in enumerate(attackers):
                if i in closed_at:
                    continue
                try:
                    s.sendall(b"X-Trickle: %d\r\n" % i)
                except OSError:
                    closed_at[i] = time.monotonic() - started
            status, took = _timed_ask(port)
            assert status == 200 and took < 1, "a normal client waited behind the trickling ones"
            time.sleep(0.5)
        assert len(closed_at) == 64  # refused at once (over 3 per address) or cut off at the deadline
        assert sorted(closed_at.values())[-1] < 4.0
    finally:
        for s in attackers:
            s.close()


def nested(depth: int) -> str:
    """Patterns binding ?v0 to 100 characters and each ?vN to ten times ?vN-1: ?vN has 10^(N+2)."""
    return 'BIND("' + "x" * 100 + '" AS ?v0) ' + " ".join(
        f"BIND(CONCAT({', '.join([f'?v{i - 1}'] * 10)}) AS ?v{i})" for i in range(1, depth + 1))


@pytest.mark.parametrize("query, status, message", [
    # 10 MB of text in one value: over the response limit (5 MB here)
    (f"SELECT ?v5 WHERE {{ {nested(5)} }}", 400, b"the result is larger than 5000000 bytes"),
    # 100 MB: the same, refused before it is written
    (f"SELECT ?v6 WHERE {{ {nested(6)} }}", 400, b"the result is larger than 5000000 bytes"),
    # 10 GB in the worker: over the memory limit, the worker is replaced
    (f"SELECT ?v8 WHERE {{ {nested(8)} }}", 503, b"the query needed more than 500000000 bytes of memory"),
    # a small answer computed from a huge value
    (f"SELECT (STRLEN(?v8) AS ?n) WHERE {{ {nested(8)} }}", 503, b"the query needed more than 500000000 bytes"),
    # many rows of middling values (100 KB each)
    (f"SELECT ?v3 WHERE {{ ?s ?p ?o {nested(3)} }} LIMIT 2000", 400,
     b"the result is larger than 5000000 bytes"),
    # a graph answer: CONSTRUCT with a huge literal
    (f"CONSTRUCT {{ <http://example.org/x> <http://example.org/y> ?v5 }} WHERE {{ {nested(5)} }}", 400,
     b"the result is larger than 5000000 bytes"),
])
def test_a_query_over_the_memory_or_response_limit_is_stopped_and_the_next_is_answered_at_once(limited, query,
                                                                                                   status, message):
    port = limited
    started = time.monotonic()
    got, _, body = _request(port, "POST", "/sparql", query.encode(),
                            {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert (got, body.encode()[:len(message)]) == (status, message)
    assert time.monotonic() - started < 10
    status, took = _timed_ask(port)
    assert status == 200 and took < 1


def test_a_killed_server_leaves_no_query_worker_behind(publication):
    """Killed (SIGKILL) while a worker runs a long query: the workers and multiprocessing's
    helper end with the server, within a second and a half."""
    root, config = publication
    port = serve_load.free_port()
    proc = serve_load.start_server(root, config, port)
    outcome: dict = {}

    def slow():
        try:
            _request(port, "GET", "/sparql?" + urllib.parse.urlencode({"query": SLOW}), headers={"Accept": "text/csv"})
        except OSError as exc:  # the server is killed under the request
            outcome["error"] = exc

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
    assert len(children) >= 2  # the query workers (and the resource tracker)
    proc.kill()
    proc.wait(10)
    thread.join(15)
    time.sleep(1.5)
    alive = [c for c in children if Path(f"/proc/{c}").exists()
             and Path(f"/proc/{c}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"]
    assert alive == []
