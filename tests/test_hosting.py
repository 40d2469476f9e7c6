"""The hosting configuration shipped with the build, run by a real nginx on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import REPO, free_port

PROJECT = "/id/project/kaupunkiviljely"


def test_the_hosting_files_name_no_absolute_path(kemi_build, tmp_path_factory):
    for name in (".htaccess", "hosting/nginx-http.conf", "hosting/nginx-server.conf"):
        text = (kemi_build / name).read_text()
        assert str(tmp_path_factory.getbasetemp()) not in text and str(REPO) not in text and "/srv" not in text, name
        assert "root /" not in text


@pytest.fixture(scope="module")
def nginx(tmp_path_factory, kemi_build):
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("the program nginx is not installed (.ci/run installs Debian's nginx-light)")
        pytest.skip("the program nginx is not installed (Debian package nginx-light)")
    work = tmp_path_factory.mktemp("nginx")
    root = kemi_build
    port = free_port()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest temp folder
    temp = "".join(f"{name}_temp_path {work}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (work / "nginx.conf").write_text(
        f"{user}pid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}include {root}/hosting/nginx-http.conf;\n"
        f"server {{\nlisten 127.0.0.1:{port};\nroot {root};\ninclude {root}/hosting/nginx-server.conf;\n}}\n}}\n"
    )
    process = subprocess.Popen([exe, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None:
                    pytest.fail("nginx exited: " + (work / "error.log").read_text())
                time.sleep(0.1)
        yield url, root
    finally:
        process.terminate()
        process.wait(10)


def get(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


@pytest.mark.parametrize("accept, ctype, ext", [
    ("text/turtle", "text/turtle; charset=utf-8", "ttl"),
    ("application/ld+json", "application/ld+json", "jsonld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("text/html", "text/html; charset=utf-8", "html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html; charset=utf-8", "html"),
    (None, "text/html; charset=utf-8", "html"),
])
def test_nginx_negotiates_a_resource_iri(nginx, accept, ctype, ext):
    url, root = nginx
    status, headers, body = get(url + PROJECT, accept)
    assert status == 200
    assert headers["Content-Type"] == ctype
    assert headers["Vary"] == "Accept"
    assert headers["Content-Location"] == f"kaupunkiviljely.{ext}"
    assert body == (root / "id/project" / f"kaupunkiviljely.{ext}").read_bytes()


def test_nginx_serves_the_files_with_their_types(nginx):
    url, root = nginx
    for path, ctype in (("/kemi.ttl", "text/turtle; charset=utf-8"), ("/kemi.jsonld", "application/ld+json"),
                        ("/kemi.nt", "application/n-triples"), ("/.well-known/void", "text/turtle; charset=utf-8"),
                        ("/id/project/", "text/html; charset=utf-8"), ("/id/project/kaupunkiviljely.ttl", "text/turtle; charset=utf-8")):
        status, headers, _ = get(url + path)
        assert (status, headers["Content-Type"]) == (200, ctype), path
    assert get(url + "/id/project/no-such-project", "text/turtle")[0] == 404


def test_nginx_sends_the_security_headers_kemi_lod_serve_sends(nginx):
    """The same Content-Security-Policy, referrer policy and nosniff on pages, files and
    negotiated resource IRIs (a location that adds headers repeats them)."""
    from kemi_lod.site.hosting import SECURITY_HEADERS

    url, _ = nginx
    for path, accept in (("/index.html", None), ("/kemi.ttl", None), (PROJECT, "text/turtle"), (PROJECT, None),
                         ("/.well-known/void", None)):
        status, headers, _ = get(url + path, accept)
        assert status == 200
        assert {k: headers[k] for k in SECURITY_HEADERS} == SECURITY_HEADERS, path
