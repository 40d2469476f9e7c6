"""The hosting configuration shipped with the build, run by real servers on loopback.

Debian's Apache 2.4 (with the build's `.htaccess` under the AllowOverride it documents), nginx
with its JavaScript module (the build's `negotiate.js`), nginx without it (the plain fallback)
and `kemi-lod serve` answer one Accept matrix: exact types, q-values, wildcards, q=0, a
browser's Accept and a type nothing offers, on a resource IRI, `.well-known/void`, an index
page and an id that does not exist. The servers are started by the tests with configurations
the tests write (`.ci/run` installs apache2, nginx-light and libnginx-mod-http-js).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import REPO, free_port
from kemi_lod.config import load_settings
from kemi_lod.commands.serve import close_server, make_server
from kemi_lod.site.hosting import OPEN_HEADERS, SECURITY_HEADERS

PROJECT = "/id/project/kaupunkiviljely"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"
# Accept -> the document a resource IRI answers with (None: 406 Not Acceptable)
MATRIX = [
    ("text/turtle", "ttl"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "nt"),
    ("text/html", "html"),
    (None, "html"),
    ("*/*", "html"),
    (BROWSER, "html"),
    ("text/turtle;q=0.1, text/html;q=0.9", "html"),
    ("text/html;q=0.5, text/turtle", "ttl"),
    ("application/ld+json;q=0.5, text/turtle;q=0.4", "jsonld"),
    ("text/turtle;q=0, */*", "html"),
    ("text/turtle, */*", "ttl"),  # no q-value at all: */* counts 0.01, as Apache reads it
    ("text/turtle, */*;q=0.1", "ttl"),
    ("application/n-triples;q=0.9, */*;q=0.5", "nt"),
    ("text/html;q=0, text/turtle;q=0, application/*", "jsonld"),
    ("text/*", "html"),
    ("text/*;q=0.5, application/ld+json", "jsonld"),
    ("text/turtle;q=0.8, */*;q=0.8", "html"),  # equal q-values: the first offered
    ("text/turtle, application/ld+json;q=0.5, */*", "html"),  # a q-value given: */* counts 1
    ("application/n-triples, text/turtle;q=0.998", "nt"),
    ("text/turtle;q=0.999, text/html;q=0.998", "ttl"),
    ("TEXT/TURTLE", "ttl"),
    ("application/xml", None),
    ("application/xhtml+xml", None),  # a page is HTML only
    ("image/png, text/turtle;q=0", None),
]
CONTENT_TYPES = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json", "nt": "application/n-triples",
                 "html": "text/html; charset=utf-8"}


def get(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _program(*candidates: str, package: str) -> str:
    exe = next((c for c in candidates if shutil.which(c) or Path(c).is_file()), None)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(f"{candidates[0]} is not installed (.ci/run installs Debian's {package})")
        pytest.skip(f"{candidates[0]} is not installed (Debian package {package})")
    return shutil.which(exe) or exe


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                pytest.fail("the server exited: " + (log.read_text() if log.exists() else ""))
            time.sleep(0.1)
    pytest.fail("the server did not answer")


@pytest.fixture(scope="module")
def web_root(kemi_build):
    """The build, copied where a server's workers (another user, when the tests run as root) may read it."""
    folder = Path(tempfile.mkdtemp(prefix="kemi-lod-web-"))
    folder.chmod(0o755)
    root = folder / "build"
    shutil.copytree(kemi_build, root, symlinks=False)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield root
    shutil.rmtree(folder)


def _nginx(work: Path, root: Path, with_js: bool):
    exe = _program("nginx", "/usr/sbin/nginx", package="nginx-light")
    module = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")
    if with_js and not module.is_file():
        if os.environ.get("CI"):
            pytest.fail("nginx's JavaScript module is not installed (.ci/run installs libnginx-mod-http-js)")
        pytest.skip("nginx's JavaScript module is not installed (Debian package libnginx-mod-http-js)")
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(f"{name}_temp_path {work}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    negotiation = f"js_path {root}/hosting/;\ninclude {root}/hosting/nginx-http.conf;\n" if with_js else \
        f"include {root}/hosting/nginx-http-plain.conf;\n"
    (work / "nginx.conf").write_text(
        f"{user}{f'load_module {module};' if with_js else ''}\npid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}{negotiation}"
        f"server {{\nlisten 127.0.0.1:{port};\nroot {root};\ninclude {root}/hosting/nginx-server.conf;\n}}\n}}\n")
    process = subprocess.Popen([exe, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return process, f"http://127.0.0.1:{port}", work / "error.log"


def _apache(work: Path, root: Path):
    exe = _program("apache2", "/usr/sbin/apache2", package="apache2")
    modules = Path("/usr/lib/apache2/modules")
    port = free_port()
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    loads = "".join(f"LoadModule {name}_module {modules}/mod_{name}.so\n"
                    for name in ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers", "negotiation"))
    (work / "httpd.conf").write_text(
        f"ServerRoot {work}\nDefaultRuntimeDir {work}\nPidFile {work}/httpd.pid\nErrorLog {work}/error.log\nListen 127.0.0.1:{port}\n"
        f"ServerName 127.0.0.1\n{user}{loads}TypesConfig /etc/mime.types\nDocumentRoot {root}\n"
        # the AllowOverride the shipped .htaccess documents, nothing more
        f"<Directory {root}>\n    AllowOverride FileInfo Indexes Options=Indexes\n    Require all granted\n</Directory>\n")
    process = subprocess.Popen([exe, "-f", str(work / "httpd.conf"), "-DFOREGROUND"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "APACHE_RUN_DIR": str(work)})
    return process, f"http://127.0.0.1:{port}", work / "error.log"


@pytest.fixture(scope="module", params=["apache", "nginx", "serve"])
def server(request, tmp_path_factory, web_root):
    """A real server on loopback serving the build: (name, base URL, web root)."""
    if request.param == "serve":
        httpd = make_server(web_root, load_settings(REPO / "kemi-lod.yaml"), "127.0.0.1", 0, workers=1)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            yield "serve", f"http://127.0.0.1:{httpd.server_address[1]}", web_root
        finally:
            httpd.shutdown()
            close_server(httpd)
        return
    work = Path(tempfile.mkdtemp(prefix=f"kemi-lod-{request.param}-"))
    work.chmod(0o755)
    process, url, log = _apache(work, web_root) if request.param == "apache" else _nginx(work, web_root, True)
    try:
        _wait(url, process, log)
        yield request.param, url, web_root
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


def test_the_hosting_files_name_no_absolute_path(kemi_build, tmp_path_factory):
    for name in (".htaccess", "hosting/nginx-http.conf", "hosting/nginx-http-plain.conf", "hosting/nginx-server.conf",
                 "hosting/negotiate.js", "id/project/kaupunkiviljely.var"):
        text = (kemi_build / name).read_text()
        assert str(tmp_path_factory.getbasetemp()) not in text and str(REPO) not in text and "/srv" not in text, name
        assert "root /" not in text


@pytest.mark.parametrize("accept, ext", MATRIX)
def test_every_server_negotiates_a_resource_iri_alike(server, accept, ext):
    name, url, root = server
    status, headers, body = get(url + PROJECT, accept)
    assert "accept" in headers["Vary"].lower(), name
    if ext is None:
        assert status == 406, name
        return
    assert status == 200, name
    assert headers["Content-Type"] == CONTENT_TYPES[ext], name
    assert headers["Content-Location"] == f"kaupunkiviljely.{ext}", name
    assert body == (root / "id/project" / f"kaupunkiviljely.{ext}").read_bytes(), name


@pytest.mark.parametrize("accept", [a for a, _ in MATRIX if a is not None])
def test_every_server_answers_the_other_addresses_whatever_is_accepted(server, accept):
    """VoID and an index page are one file each, answered as they are; an unknown id is 404."""
    name, url, root = server
    status, headers, body = get(url + "/.well-known/void", accept)
    assert (status, headers["Content-Type"], body) == (200, "text/turtle; charset=utf-8",
                                                       (root / ".well-known/void").read_bytes()), name
    status, headers, body = get(url + "/id/project/", accept)
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8"), name
    assert body == (root / "id/project/index.html").read_bytes(), name
    if dict(MATRIX)[accept] is not None:  # where nothing is acceptable, kemi-lod serve says so first
        assert get(url + "/id/project/no-such-project", accept)[0] == 404, name


def test_every_server_serves_the_files_with_their_types(server):
    name, url, _ = server
    for path, ctype in (("/kemi.ttl", "text/turtle; charset=utf-8"), ("/kemi.jsonld", "application/ld+json"),
                        ("/kemi.nt", "application/n-triples"), ("/kemi-projects.csv", "text/csv; charset=utf-8"),
                        ("/assets/site.css", "text/css; charset=utf-8"), ("/charts/money-by-year.svg", "image/svg+xml; charset=utf-8"),
                        ("/id/project/kaupunkiviljely.ttl", "text/turtle; charset=utf-8"),
                        ("/sitemap.xml", "application/xml; charset=utf-8"), ("/robots.txt", "text/plain; charset=utf-8")):
        status, headers, _ = get(url + path)
        assert (status, headers["Content-Type"]) == (200, ctype), (name, path)


def test_every_server_sends_the_security_headers(server):
    """The same Content-Security-Policy, referrer policy and nosniff on pages, files and
    negotiated resource IRIs (an nginx location that adds headers repeats them)."""
    name, url, _ = server
    for path, accept in (("/index.html", None), ("/kemi.ttl", None), (PROJECT, "text/turtle"), (PROJECT, None),
                         ("/.well-known/void", None)):
        status, headers, _ = get(url + path, accept)
        assert status == 200
        assert {k: headers[k] for k in SECURITY_HEADERS} == SECURITY_HEADERS, (name, path)
        assert {k: headers[k] for k in OPEN_HEADERS} == OPEN_HEADERS, (name, path)  # any site's script may read it


@pytest.fixture(scope="module")
def plain_nginx(web_root):
    work = Path(tempfile.mkdtemp(prefix="kemi-lod-nginx-plain-"))
    process, url, log = _nginx(work, web_root, False)
    try:
        _wait(url, process, log)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(work, ignore_errors=True)


@pytest.mark.parametrize("accept, ext", [("text/turtle", "ttl"), ("application/ld+json", "jsonld"), ("application/n-triples", "nt"),
                                         ("text/html", "html"), (BROWSER, "html"), (None, "html")])
def test_nginx_without_its_javascript_module_still_answers_the_plain_cases(plain_nginx, accept, ext):
    """The fallback for an nginx without njs: the first type named, in a fixed order (no q-values)."""
    status, headers, _ = get(plain_nginx + PROJECT, accept)
    assert (status, headers["Content-Type"], headers["Content-Location"]) == (200, CONTENT_TYPES[ext], f"kaupunkiviljely.{ext}")
