"""`kemi-lod serve`: content negotiation, files, the SPARQL endpoint, refusals and limits.

In-process against a server on a loopback port, and once against a real `kemi-lod serve`.
"""

from __future__ import annotations

import html

import csv
import io
import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from support import REPO, free_port, run_cli
from kemi_lod.config import load_settings
from kemi_lod.commands.serve import close_server, make_server
from kemi_lod.commands.serve.endpoint import QueryRefused, check_query
from kemi_lod.commands.serve.negotiation import choose

PROJECT = "/id/project/kaupunkiviljely"
SLOW = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A build of its own, not kemi_build: a test here puts a file beside it and a link into it."""
    out = tmp_path_factory.mktemp("serve") / "build"
    assert run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(out)).exit_code == 0
    return out


def _start(root: Path, **settings):
    base = load_settings(REPO / "kemi-lod.yaml")
    server = make_server(root, replace(base, **settings), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def server(built):
    server, url = _start(built, query_timeout=2.0, max_results=500)
    yield url
    server.shutdown()
    close_server(server)


def get(url: str, accept: str | None = None, data: bytes | None = None, ctype: str | None = None):
    """(status, headers, body) without raising on errors."""
    headers = {}
    if accept:
        headers["Accept"] = accept
    if ctype:
        headers["Content-Type"] = ctype
    request = urllib.request.Request(url, data=data, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def raw_get(url: str, path: str) -> int:
    """A request with the path sent exactly as given (no client normalisation)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1])


def test_accept_negotiation_rules():
    offered = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
    assert choose(None, offered) == "text/html"
    assert choose("*/*", offered) == "text/html"
    assert choose("text/turtle", offered) == "text/turtle"
    assert choose("application/ld+json;q=0.9, text/turtle;q=0.5", offered) == "application/ld+json"
    assert choose("text/*;q=0.5, application/n-triples", offered) == "application/n-triples"
    assert choose("text/html;q=0, */*;q=0.1", offered) == "text/turtle"
    assert choose("image/png", offered) is None


@pytest.mark.parametrize("accept, ctype, location", [
    ("text/html", "text/html; charset=utf-8", "kaupunkiviljely.html"),
    ("text/turtle", "text/turtle; charset=utf-8", "kaupunkiviljely.ttl"),
    ("application/ld+json", "application/ld+json", "kaupunkiviljely.jsonld"),
    ("application/n-triples", "application/n-triples", "kaupunkiviljely.nt"),
    (None, "text/html; charset=utf-8", "kaupunkiviljely.html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8", "kaupunkiviljely.html"),
])
def test_a_resource_iri_answers_in_the_format_asked_for(server, built, accept, ctype, location):
    status, headers, body = get(server + PROJECT, accept)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert headers["Vary"] == "Accept"
    assert headers["Content-Location"] == location
    assert body == (built / "id/project" / location).read_bytes()


def test_unacceptable_formats_get_406(server):
    status, headers, body = get(server + PROJECT, "image/png")
    assert status == 406 and b"text/turtle" in body


def test_files_dumps_catalogue_and_void(server, built):
    for path, ctype in (("/kemi.ttl", "text/turtle; charset=utf-8"), ("/kemi.nt", "application/n-triples"),
                        ("/kemi.jsonld", "application/ld+json"), ("/catalog.ttl", "text/turtle; charset=utf-8"),
                        ("/.well-known/void", "text/turtle; charset=utf-8"), ("/", "text/html; charset=utf-8"),
                        ("/id/project/", "text/html; charset=utf-8"), ("/assets/sort.js", "text/javascript; charset=utf-8")):
        status, headers, body = get(server + path)
        assert (status, headers["Content-Type"]) == (200, ctype), path
    assert get(server + "/id/project")[0] == 301
    assert get(server + "/no-such-file")[0] == 404


def test_nothing_outside_the_web_root_is_served(server, built, tmp_path):
    secret = built.resolve().parent / "secret.txt"
    secret.write_text("secret")
    (built.resolve() / "link-out").symlink_to(secret)
    try:
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/id/../../secret.txt",
                     "/id/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/link-out", "/%00", "/./kemi.nt"):
            assert raw_get(server, path) in (400, 403, 404), path
        assert raw_get(server, "/%252e%252e/secret.txt") == 404  # decoded once: a literal name
    finally:
        (built.resolve() / "link-out").unlink()


def sparql(server, query, accept=None, method="GET"):
    if method == "GET":
        return get(server + "/sparql?" + urllib.parse.urlencode({"query": query}), accept)
    if method == "POST-form":
        return get(server + "/sparql", accept, urllib.parse.urlencode({"query": query}).encode(),
                   "application/x-www-form-urlencoded")
    return get(server + "/sparql", accept, query.encode(), "application/sparql-query")


COUNT = "PREFIX hanke: <https://w3id.org/hanke/vocab#> SELECT (COUNT(?p) AS ?n) WHERE { ?p a hanke:Project }"


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST"])
def test_select_in_every_results_format(server, method):
    status, headers, body = sparql(server, COUNT, "application/sparql-results+json", method)
    assert status == 200 and headers["Content-Type"] == "application/sparql-results+json"
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "44"
    status, headers, body = sparql(server, COUNT, "application/sparql-results+xml", method)
    assert headers["Content-Type"] == "application/sparql-results+xml"
    assert b'<binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">44</literal>' in body
    status, headers, body = sparql(server, COUNT, "text/csv", method)
    assert headers["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(body.decode()))) == [["n"], ["44"]]
    status, headers, body = sparql(server, COUNT, "text/tab-separated-values", method)
    assert body.decode() == '?n\n"44"^^<http://www.w3.org/2001/XMLSchema#integer>\n'


def test_ask_construct_and_describe(server):
    status, headers, body = sparql(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert json.loads(body) == {"head": {}, "boolean": True}
    construct = f"CONSTRUCT {{ <https://data.kemi.fi{PROJECT}> ?p ?o }} WHERE {{ <https://data.kemi.fi{PROJECT}> ?p ?o }}"
    status, headers, body = sparql(server, construct, "text/turtle")
    assert headers["Content-Type"] == "text/turtle; charset=utf-8"
    turtle = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    status, headers, body = sparql(server, construct, "application/ld+json")
    assert headers["Content-Type"] == "application/ld+json"
    assert set(ox.parse(body, format=ox.RdfFormat.JSON_LD)) == set(turtle) and len(turtle) == 24
    status, headers, body = sparql(server, f"DESCRIBE <https://data.kemi.fi{PROJECT}>", "application/n-triples")
    assert status == 200 and headers["Content-Type"] == "application/n-triples" and len(body.splitlines()) >= 21


@pytest.mark.parametrize("query, status, message", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, b"read-only: INSERT"),
    ("LOAD <http://example.org/data.ttl>", 403, b"read-only: LOAD"),
    ("CLEAR ALL", 403, b"read-only: CLEAR"),
    ("PREFIX x: <urn:x#> DROP GRAPH <urn:g>", 403, b"read-only: DROP"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", 403, b"SERVICE is refused"),
    ("SELECT ?s WHERE { ?s ?p ?o", 400, b"syntax error"),
])
def test_updates_service_and_bad_queries_are_refused(server, query, status, message):
    got, headers, body = sparql(server, query, "application/sparql-results+json")
    assert got == status and message in body


def test_update_requests_are_refused(server):
    status, _, body = get(server + "/sparql", None, b"update=CLEAR+ALL", "application/x-www-form-urlencoded")
    assert status == 403 and b"read-only" in body
    status, _, body = get(server + "/sparql", None, b"CLEAR ALL", "application/sparql-update")
    assert status == 403 and b"read-only" in body


def test_keywords_inside_strings_iris_and_comments_are_not_refused():
    check_query('SELECT ?s WHERE { ?s ?p "INSERT a SERVICE" } # LOAD this')
    check_query("SELECT ?s WHERE { ?s <urn:service:load> ?o }")
    with pytest.raises(QueryRefused):
        check_query("select * where { service <urn:x> { ?s ?p ?o } }")


def test_the_result_size_limit(server):
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 400 and b"more than 500 rows" in body
    status, _, body = sparql(server, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
    assert status == 400 and b"more than 500 triples" in body
    assert sparql(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 500", "text/csv")[0] == 200


@pytest.mark.slow
def test_a_long_query_is_stopped_and_others_are_answered_meanwhile(server):
    results = {}

    def slow():
        started = time.monotonic()
        results["slow"] = sparql(server, SLOW, "application/sparql-results+json")
        results["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert get(server + PROJECT, "text/turtle")[0] == 200
    assert sparql(server, COUNT, "text/csv")[0] == 200  # the second worker
    assert time.monotonic() - started < 1.5
    thread.join(30)
    status, _, body = results["slow"]
    assert status == 503 and b"time limit (2 s)" in body
    assert 1.9 < results["seconds"] < 6
    # the killed worker was replaced: queries keep working
    assert sparql(server, COUNT, "text/csv")[0] == 200
    assert sparql(server, COUNT, "text/csv")[0] == 200


def test_the_query_page_works_without_javascript(server):
    status, headers, body = get(server + "/sparql", "text/html")
    page = body.decode()
    assert status == 200 and '<form class="query-form" method="post" action="sparql">' in page
    # scripts only enhance the page (the editor takes the form's place): none runs inline
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == ['<script defer src="assets/vendor/yasgui/yasgui.min.js">', '<script defer src="assets/query.js">',
                       '<script type="application/json" id="query-editor-data">']
    status, headers, body = get(server + "/sparql", "text/html", urllib.parse.urlencode({"query": COUNT}).encode(),
                                "application/x-www-form-urlencoded")
    page = body.decode()
    assert status == 200 and '<table id="results">' in page and "<td>44</td>" in page
    assert '<caption>Kyselyn tulos: 1 riviä</caption>' in page


def test_every_answer_carries_a_content_security_policy(server):
    """Pages may load only the site's own script and style; no inline script runs, no framing."""
    for path, accept in (("/", "text/html"), (f"{PROJECT}", "text/html"), ("/sparql", "text/html"),
                         (f"{PROJECT}", "text/turtle"), ("/nothing-here", None)):
        status, headers, body = get(server + path, accept)
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "connect-src 'self';" in policy  # the query editor asks this server only
        assert headers["Referrer-Policy"] == "no-referrer" and headers["X-Content-Type-Options"] == "nosniff"


def test_the_query_page_never_links_an_iri_that_could_run_code(server):
    query = "SELECT ?x ?y WHERE { BIND(<javascript:alert(3)> AS ?x) BIND(<https://example.org/a> AS ?y) }"
    status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": query}), "text/html")
    page = body.decode()
    assert status == 200 and 'href="javascript:' not in page
    assert '<td><span class="iri">javascript:alert(3)</span></td>' in page
    assert '<td><a class="iri" href="https://example.org/a">https://example.org/a</a></td>' in page


@pytest.mark.parametrize("accept", ["text/html", "*/*"])
def test_ask_from_a_browser_is_answered_on_the_query_page(server, accept):
    """A browser's ASK gets the query page with the answer (it dropped the connection before)."""
    for query, answer in (("ASK { ?s ?p ?o }", "true"), ("ASK { <urn:x> <urn:y> <urn:z> }", "false")):
        status, headers, body = get(server + "/sparql?" + urllib.parse.urlencode({"query": query}), accept)
        page = body.decode()
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert f'<thead><tr><th scope="col">ASK</th></tr></thead>\n<tbody><tr><td>{answer}</td></tr>' in page


def test_the_query_page_offers_the_examples_the_build_published(built, tmp_path):
    """A publication folder holds no queries/ of its own: the examples come from the web root."""
    settings = replace(load_settings(REPO / "kemi-lod.yaml"), root=tmp_path)
    server = make_server(built, settings, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        page = get(url + "/sparql", "text/html")[2].decode()
        published = sorted(p.stem for p in (built / "queries").glob("*.rq"))
        assert published == sorted(p.stem for p in (REPO / "queries").glob("*.rq")) and len(published) >= 19
        assert [n for n in published if f'href="sparql?example={n}"' not in page] == []
        chosen = get(url + "/sparql?example=funding-by-funder", "text/html")[2].decode()
        assert "# title: Funding per funder" in html.unescape(chosen)
    finally:
        server.shutdown()
        close_server(server)


def test_pages_are_rendered_on_request_when_the_build_wrote_none(publication):
    config = publication / "kemi-lod.yaml"
    assert run_cli("build").exit_code == 0  # with pages: the framed JSON-LD the build writes
    framed = (publication / "build" / "id/project/kaikki-kentat.jsonld").read_bytes()
    config.write_text(config.read_text() + "pages: false\n")
    assert run_cli("build").exit_code == 0
    settings = load_settings(config)
    server = make_server(publication / "build", settings, "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, headers, body = get(url + "/id/project/kaikki-kentat", "text/turtle")
        assert status == 200 and headers["Content-Location"] == "kaikki-kentat.ttl"
        assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) > 50
        status, headers, body = get(url + "/id/project/kaikki-kentat")
        assert status == 200 and "<h1>Kaikki kentät</h1>" in body.decode()
        assert get(url + "/id/project/ei-ole")[0] == 404
        # the framed JSON-LD rendered on request is the one a build with pages writes
        status, headers, body = get(url + "/id/project/kaikki-kentat", "application/ld+json")
        assert (status, headers["Content-Location"], body) == (200, "kaikki-kentat.jsonld", framed)
        # the lists the build wrote link pages rendered on request: every link answers
        listed = get(url + "/id/project/")[2].decode()
        links = sorted({urllib.parse.urljoin(url + "/id/project/", h.split("#")[0])
                        for h in re.findall(r'href="([^"]+)"', listed)})
        assert url + "/id/project/kaikki-kentat.html" in links and url + "/id/org/rahoittaja.html" in links
        assert [link for link in links if link.startswith(url) and get(link)[0] != 200] == []
    finally:
        server.shutdown()
        close_server(server)


def test_a_real_kemi_lod_serve(built):
    port = free_port()
    exe = Path(sys.executable).with_name("kemi-lod")
    process = subprocess.Popen([str(exe), "serve", "--config", str(REPO / "kemi-lod.yaml"), "--root", str(built),
                                "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                status = get(url + "/")[0]
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        assert status == 200
        status, headers, body = get(url + PROJECT, "application/ld+json")
        assert status == 200 and headers["Content-Type"] == "application/ld+json"
        status, headers, body = sparql(url, COUNT, "application/sparql-results+json")
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "44"
    finally:
        process.terminate()
        process.wait(10)


FORMS = {
    "SELECT": "SELECT ?p WHERE { <https://data.kemi.fi/id/project/kaupunkiviljely> ?p ?o } LIMIT 3",
    "ASK": "ASK { <https://data.kemi.fi/id/project/kaupunkiviljely> ?p ?o }",
    "CONSTRUCT": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE": "DESCRIBE <https://data.kemi.fi/id/project/kaupunkiviljely>",
}
MEDIA = {
    "JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml", "CSV": "text/csv",
    "TSV": "text/tab-separated-values", "HTML": "text/html", "Turtle": "text/turtle",
    "N-Triples": "application/n-triples", "JSON-LD": "application/ld+json",
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("fmt", sorted(MEDIA))
def test_every_query_form_in_every_result_format(server, form, fmt):
    """The matrix: each form answered in the asked format where the form has one, else in its
    default (SELECT and ASK: JSON, graphs: Turtle); a browser gets the page; never an error."""
    status, headers, body = sparql(server, FORMS[form], MEDIA[fmt])
    assert status == 200, body
    ctype = headers["Content-Type"].split(";")[0]
    graph = form in ("CONSTRUCT", "DESCRIBE")
    native = {"HTML": ["text/html"]}.get(fmt) or (
        [MEDIA[fmt]] if (graph and fmt in ("Turtle", "N-Triples", "JSON-LD")) or
        (form == "SELECT" and fmt in ("JSON", "XML", "CSV", "TSV")) or (form == "ASK" and fmt in ("JSON", "XML")) else
        ["text/turtle"] if graph else ["application/sparql-results+json"])
    assert ctype in native, (form, fmt, ctype)
    if ctype == "application/sparql-results+json":
        assert ("boolean" in json.loads(body)) == (form == "ASK")
    elif ctype in ("text/turtle", "application/n-triples", "application/ld+json"):
        fmt_ox = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                  "application/ld+json": ox.RdfFormat.JSON_LD}[ctype]
        assert list(ox.parse(body, format=fmt_ox))
    elif ctype == "text/html":
        assert b'<table id="results">' in body
    else:
        assert body.strip()


def test_serve_follows_the_build_through_two_rebuilds_without_a_404(publication):
    """Pages and /sparql answer from the newest build after each rebuild; a reader polling all
    the while never gets a 404."""
    assert run_cli("build").exit_code == 0
    settings = replace(load_settings(publication / "kemi-lod.yaml"), query_timeout=2.0)
    server = make_server(publication / "build", settings, "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    statuses, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            statuses.append(get(url + "/id/project/kaikki-kentat", "text/html")[0])

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    project = publication / "data" / "projects" / "kaikki-kentat.yaml"
    query = "SELECT ?t WHERE { <https://example.org/pub/id/project/kaikki-kentat> <http://purl.org/dc/terms/title> ?t }"
    try:
        for title in ("Uusi nimi", "Toinen nimi"):
            text = project.read_text(encoding="utf-8")
            project.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text), encoding="utf-8")
            assert run_cli("build").exit_code == 0
            assert f"<h1>{title}</h1>" in get(url + "/id/project/kaikki-kentat", "text/html")[2].decode()
            status, _, body = sparql(url, query, "text/csv")
            assert status == 200 and title in body.decode()
    finally:
        stop.set()
        poller.join(timeout=10)
        server.shutdown()
        close_server(server)
    assert statuses and set(statuses) == {200}


def test_a_version_being_served_is_never_removed_by_a_rebuild(publication):
    """Builds keep two versions; a third rebuild would remove the first, but not while a
    server still serves it: its lease holds it until the server has moved on and let go."""
    from kemi_lod.build.atomic import versions_dir

    assert run_cli("build").exit_code == 0
    first = (publication / "build").resolve()
    settings = replace(load_settings(publication / "kemi-lod.yaml"), query_timeout=0.5)
    server = make_server(publication / "build", settings, "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for _ in range(3):  # no request in between: the server is still on the first version
            assert run_cli("build", "--no-cache").exit_code == 0  # a new version each (nothing changed)
        assert first.is_dir() and (first / "index.html").is_file()
        assert server.site.root == first
        assert get(url + "/")[0] == 200  # follows the link to the newest version now
        assert server.site.root == (publication / "build").resolve() != first
        # the old version's requests and queries have had their time (query_timeout + 1 s): the
        # lease is let go; waited for, not slept on, as a loaded machine runs the timer late
        lease, deadline = first.with_name(first.name + ".in-use"), time.monotonic() + 30
        while time.monotonic() < deadline and not _unlocked(lease):
            time.sleep(0.1)
        assert run_cli("build", "--no-cache").exit_code == 0
        assert not first.exists()
        kept = sorted(int(p.name) for p in versions_dir(publication / "build").iterdir() if p.name.isdigit())
        assert kept == [int(first.name) + 3, int(first.name) + 4]  # the two newest, as without a server
    finally:
        server.shutdown()
        close_server(server)


def _unlocked(path: Path) -> bool:
    """Whether no process holds a lock on the lease file `path` (gone counts as unlocked)."""
    import fcntl

    try:
        with open(path) as handle:  # read only: a lease file is never made here
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
    except BlockingIOError:
        return False
    except FileNotFoundError:
        return True


def test_a_q_value_outside_the_http_grammar_counts_as_zero():
    offered = ["text/html", "text/turtle"]
    assert choose("text/turtle;q=1.5, text/html;q=0.5", offered) == "text/html"
    assert choose("text/turtle;q=0x1, text/html;q=0.5", offered) == "text/html"
    assert choose("text/turtle;q=0.5", offered) == "text/turtle"
