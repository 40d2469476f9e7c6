"""Hostile but valid text is published exactly: in every dump, by every parser, on every page.

One project, one organisation and one person carry quotes, backslashes, newlines, `\"\"\"`,
`<script>`, `{{ }}`, right-to-left marks, combining characters and emoji. The dumps are read
by three independent parsers each (rdflib, pyoxigraph, Raptor's `rapper` for Turtle and
N-Triples; rdflib, pyoxigraph and pyld for JSON-LD); all must give the same graph and the
text exactly as written. Every HTML page is parsed with `html.parser`: the text must come back
as text, never as markup.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import yaml
from rdflib import Literal

from support import FIXTURE, context_inlined, run_cli

TITLE_FI = ('Lainaus "kaksi" ja \'yksi\', kenoviiva \\ ja \\n ja \\u0041, kolme """ lainausta '
            '<script>alert("x")</script> </script><!-- {{ malli }} ${x} &amp; &lt;b&gt; ]]>')
TITLE_EN = "Right-to-left \u200fשלום עולם\u200e, combining e\u0301 and a\u0308, emoji 🎉👩‍💻🇫🇮, zero\u200bwidth"
SUMMARY = ('Rivi yksi\nRivi "kaksi"\n\n\tsisennetty rivi <b>lihava</b> & </p><p onclick="x()">\n'
           '"""kolme lainausta"""\r\nloppu \\ \u202eRTL-ohitus\u202c {{7*7}} {% if %}')
ORG_NAME = 'Yhtiö "<Oy>" & Co \\ {{ nimi }}'
PERSON_NAME = "Zoë O'Brien-Ḿüller \u200f"

DCT = "http://purl.org/dc/terms/"
PROJECT = "https://example.org/pub/id/project/vihamielinen"
ORG = "https://example.org/orgs/id/org/vihamielinen-oy"
PERSON = "https://example.org/pub/id/person/p-bad0"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> Path:
    pub = tmp_path_factory.mktemp("hostile") / "pub"
    shutil.copytree(FIXTURE, pub)
    records = {
        "projects/vihamielinen.yaml": {
            "title": {"fi": TITLE_FI, "en": TITLE_EN},
            "sources": [{"source": "sivu", "lines": "40-44"}],
            "summary": SUMMARY,
            "implementers": ["vihamielinen-oy"],
            # the organisation funds it, and a part of that contribution names it in a note
            "funding": [{"funder": "vihamielinen-oy", "amount": 1000, "stated": SUMMARY},
                        {"funder": "vihamielinen-oy", "amount": 400, "year": "2024", "part_of": 1}],
            "contacts": [{"person": "p-bad0", "role": "coordinator"}],
            "period": {"start": "2024"},
        },
        "organisations/vihamielinen-oy.yaml": {"name": {"fi": ORG_NAME}},
        "persons/p-bad0.yaml": {"name": PERSON_NAME.strip()},
    }
    for rel, record in records.items():
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=10_000)
        (pub / "data" / rel).write_text(text, encoding="utf-8")
    result = run_cli("build", "--config", str(pub / "kemi-lod.yaml"))
    assert result.exit_code == 0, result.stderr
    return pub / "build"


EXPECTED = {
    (PROJECT, DCT + "title", Literal(TITLE_FI, lang="fi")),
    (PROJECT, DCT + "title", Literal(TITLE_EN, lang="en")),
    (PROJECT, DCT + "description", Literal(SUMMARY, lang="fi")),
}


def _rdflib(path: Path, fmt: str) -> rdflib.Graph:
    g = rdflib.Graph()
    if path.parent.parent.name == "id" and fmt == "json-ld":  # a resource's: its context inlined
        g.parse(data=context_inlined(path).decode("utf-8"), format=fmt)
    else:
        g.parse(path, format=fmt)
    return g


def _from_ntriples(data: bytes) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


def _pyoxigraph(path: Path, fmt: ox.RdfFormat) -> rdflib.Graph:
    triples = [q.triple for q in ox.parse(path=str(path), format=fmt)]
    return _from_ntriples(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def _rapper(path: Path, syntax: str) -> rdflib.Graph:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.fail("Raptor's rapper is not installed (Debian raptor2-utils; .ci/run installs it)")
    out = subprocess.run([rapper, "-q", "-i", syntax, "-o", "ntriples", str(path), "https://example.org/pub/"],
                         capture_output=True, check=True)
    return _from_ntriples(out.stdout)


def _pyld(path: Path) -> rdflib.Graph:
    from pyld import jsonld

    def no_fetching(url, options=None):
        raise AssertionError(f"pyld tried to fetch {url}: the dump must read offline")

    doc = json.loads(context_inlined(path) if path.parent.parent.name == "id" else path.read_bytes())
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": no_fetching})
    return _from_ntriples(nquads.encode("utf-8"))


def _triples(g: rdflib.Graph) -> set:
    return {(str(s), str(p), o) for s, p, o in g}


def _check_text(g: set) -> None:
    for s, p, o in EXPECTED:
        assert (s, p, o) in g, f"{p} {o!r} did not come back exactly"
    names = {o for s, p, o in g if s in (ORG, PERSON) and isinstance(o, Literal)}
    assert Literal(ORG_NAME, lang="fi") in names
    assert Literal(PERSON_NAME.strip()) in names


def test_turtle_and_ntriples_parse_to_the_same_graph_in_three_parsers(hostile_build):
    ttl, nt = hostile_build / "fixture.ttl", hostile_build / "fixture.nt"
    graphs = {
        "rdflib ttl": _triples(_rdflib(ttl, "turtle")),
        "rdflib nt": _triples(_rdflib(nt, "nt")),
        "pyoxigraph ttl": _triples(_pyoxigraph(ttl, ox.RdfFormat.TURTLE)),
        "pyoxigraph nt": _triples(_pyoxigraph(nt, ox.RdfFormat.N_TRIPLES)),
        "rapper ttl": _triples(_rapper(ttl, "turtle")),
        "rapper nt": _triples(_rapper(nt, "ntriples")),
    }
    reference = graphs["rdflib nt"]
    for name, g in graphs.items():
        assert g == reference, f"{name} differs from rdflib's reading of the N-Triples"
        _check_text(g)


def test_jsonld_parses_to_the_same_graph_in_three_parsers(hostile_build):
    jsonld_file = hostile_build / "fixture.jsonld"
    reference = _triples(_rdflib(hostile_build / "fixture.nt", "nt"))
    graphs = {
        "rdflib": _triples(_rdflib(jsonld_file, "json-ld")),
        "pyoxigraph": _triples(_pyoxigraph(jsonld_file, ox.RdfFormat.JSON_LD)),
        "pyld": _triples(_pyld(jsonld_file)),
    }
    for name, g in graphs.items():
        assert g == reference, f"{name}'s reading of the JSON-LD differs from the N-Triples"
        _check_text(g)


def test_the_resource_documents_carry_the_text_exactly(hostile_build):
    doc = hostile_build / "id" / "project" / "vihamielinen"
    for suffix, fmt, syntax in ((".ttl", "turtle", "turtle"), (".nt", "nt", "ntriples"), (".jsonld", "json-ld", None)):
        g = _triples(_rdflib(doc.with_suffix(suffix), fmt))
        assert EXPECTED <= g
        if syntax:
            assert _triples(_rapper(doc.with_suffix(suffix), syntax)) == g
    assert EXPECTED <= _triples(_pyld(doc.with_suffix(".jsonld")))


DATA_BLOCKS = ("application/ld+json", "application/json")


class _Page(HTMLParser):
    """Text outside <script>, the JSON of each JSON-LD <script>, and every other script tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.bad_tags: list[str] = []
        self.attributes: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.attributes.extend(v for v in attrs.values() if v)
        if tag == "script":
            # data blocks (JSON-LD, the query editor's JSON) are never run; any other script has a src
            if attrs.get("type") not in DATA_BLOCKS and not attrs.get("src"):
                self.bad_tags.append(f"<script {attrs}>")
            self._in_script = True
            if attrs.get("type") in DATA_BLOCKS:
                self.scripts.append("")
        if any(name.startswith("on") for name in attrs):
            self.bad_tags.append(f"<{tag} {attrs}>")
        if tag in ("b", "p") and attrs.get("onclick"):
            self.bad_tags.append(tag)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            if self.scripts:
                self.scripts[-1] += data
        else:
            self.text.append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def _pages_with_the_text(root: Path) -> dict[str, _Page]:
    return {str(p.relative_to(root)): _parse(p) for p in sorted(root.rglob("*.html"))}


def test_every_page_escapes_the_text(hostile_build):
    pages = _pages_with_the_text(hostile_build)
    for name, page in pages.items():
        assert page.bad_tags == [], f"{name}: the text became markup"
        for script in page.scripts:
            json.loads(script)  # a </script> in the text never ends the block early
            assert not set("<>&") & set(script), f"{name}: an unescaped <, > or & in an embedded JSON block"

    project = pages["id/project/vihamielinen.html"]
    text = "".join(project.text)
    for value in (TITLE_FI, TITLE_EN, ORG_NAME, PERSON_NAME.strip()):
        assert value in text, f"{value!r} is not on the project page as text"
    assert SUMMARY.replace("\r\n", "\n") in text.replace("\r\n", "\n")
    embedded = json.dumps([json.loads(s) for s in project.scripts], ensure_ascii=False)
    assert json.dumps(TITLE_FI, ensure_ascii=False)[1:-1] in embedded

    # the note of a part names the contribution it is in by its funder, as text
    assert f"sisältyy osuuteen: {ORG_NAME} 1\u00a0000\u00a0€" in text
    funder = "".join(pages["id/org/vihamielinen-oy.html"].text)
    assert f"sisältyy osuuteen: {ORG_NAME} 1\u00a0000\u00a0€ (mukana jo yhteissummassa)" in funder

    # the index pages and the organisation's and person's pages show the names as text too
    assert TITLE_FI in "".join(pages["id/project/index.html"].text)
    assert ORG_NAME in "".join(pages["id/org/vihamielinen-oy.html"].text)
    assert PERSON_NAME.strip() in "".join(pages["id/person/p-bad0.html"].text)


def test_the_tables_the_workbook_and_the_json_carry_the_text_exactly(hostile_build):
    """What reusers without RDF read: the CSVs, the workbook's cells (read back by openpyxl), the
    project's framed JSON-LD and the kind's JSON index."""
    import csv
    import io

    from openpyxl import load_workbook

    rows = list(csv.DictReader(io.StringIO((hostile_build / "fixture-projects.csv").read_text(encoding="utf-8"))))
    assert next(r for r in rows if r["iri"] == PROJECT)["title"] == TITLE_FI
    book = load_workbook(hostile_build / "fixture.xlsx", read_only=True)
    try:
        projects = [r for r in book["projects"].iter_rows(values_only=True) if r[1] == PROJECT]
        organisations = [r for r in book["organisations"].iter_rows(values_only=True) if r[1] == ORG]
        persons = {c for r in book["contact-roles"].iter_rows(values_only=True) for c in r if c}
    finally:
        book.close()
    assert projects[0][2] == TITLE_FI and organisations[0][2] == ORG_NAME
    assert PERSON_NAME.strip() in persons
    framed = json.loads((hostile_build / "id/project/vihamielinen.jsonld").read_text(encoding="utf-8"))
    assert framed["title"] == {"fi": TITLE_FI, "en": TITLE_EN} and framed["description"] == {"fi": SUMMARY}
    index = json.loads((hostile_build / "id/project/index.json").read_text(encoding="utf-8"))
    assert next(i for i in index["items"] if i["id"] == PROJECT)["title"] == {"fi": TITLE_FI, "en": TITLE_EN}
