"""Every page of the site and the query page pass the Nu Html Checker (npm vnu-jar on Java).

`.ci/run` installs vnu-jar with npm and sets VNU_JAR; elsewhere the test is skipped unless
VNU_JAR names the jar (in CI a missing checker fails).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import urllib.parse
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from support import REPO
from kemi_lod.config import load_settings
from kemi_lod.commands.serve import close_server, make_server

pytestmark = pytest.mark.slow  # a real browser, server or checker: minutes, not seconds


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    jar, java = os.environ.get("VNU_JAR"), shutil.which("java")
    missing = ("java is not on PATH (Debian package default-jre-headless)" if java is None else
               "VNU_JAR is not set (the Nu Html Checker's vnu.jar: npm install vnu-jar)" if not jar else
               f"VNU_JAR names no file: {jar}" if not Path(jar).is_file() else None)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing + "; .ci/run installs it")
        pytest.skip(missing)
    return [java, "-jar", jar, "--format", "gnu"]


def test_every_page_is_valid_html(vnu, kemi_build, tmp_path):
    root = kemi_build
    pages = sorted(p for p in root.rglob("*.html") if p.relative_to(root).as_posix() != "ontology/index.html")
    server = make_server(root, replace(load_settings(REPO / "kemi-lod.yaml"), query_timeout=5.0), "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        for name, data in (("query-page.html", None),
                           ("query-result.html", urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}).encode())):
            request = urllib.request.Request(url, data=data, headers={"Accept": "text/html"})
            with urllib.request.urlopen(request, timeout=30) as r:
                (tmp_path / name).write_bytes(r.read())
            pages.append(tmp_path / name)
    finally:
        server.shutdown()
        close_server(server)
    run = subprocess.run([*vnu, *map(str, pages)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0 and run.stderr == "", run.stderr[:5000]
    assert len(pages) == 124  # 122 site pages (sparql.html among them) and the served query page, empty and with a result
