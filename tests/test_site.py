"""The static site written by `kemi-lod build`: pages, per-resource documents, index pages."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox

from support import REPO, run_cli
from kemi_lod.build import pipeline
from kemi_lod.config import load_settings
from kemi_lod.site.format import euros, finnish_date, finnish_number, finnish_sort_key

NBSP = "\u00a0"
KINDS = {"projects": "project", "organisations": "org", "persons": "person", "programmes": "programme", "sources": "source"}


class _Page(HTMLParser):
    """Links, scripts, landmarks and headings of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.references: list[str] = []  # every href and src, of any element
        self.canonical: str | None = None
        self.scripts: list[dict] = []
        self.alternates: dict[str, str] = {}
        self.tags: list[str] = []
        self.ids: set[str] = set()
        self.json_ld: list[str] = []
        self._in_ld = False
        self.lang = None
        self.th_without_scope = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        self.references += [a[k] for k in ("href", "src") if a.get(k) is not None]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["type"]] = a["href"]
        if tag == "script":
            self.scripts.append(a)
            self._in_ld = a.get("type") == "application/ld+json"
        if tag == "th" and "scope" not in a:
            self.th_without_scope += 1

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(data)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text())
    return page


def _records() -> dict[str, list[str]]:
    return {kind: sorted(p.stem for p in (REPO / "data" / folder).glob("*.yaml")) for folder, kind in KINDS.items()}


def test_finnish_formats():
    assert euros("359904.0") == f"359{NBSP}904{NBSP}€"
    assert euros("15000.5") == f"15{NBSP}000,50{NBSP}€"
    assert euros("0.0") == f"0{NBSP}€"
    assert finnish_number("4.5") == "4,5"
    assert finnish_date("2020-08-01") == "1.8.2020"
    assert finnish_date("2019-12") == "12/2019"
    assert finnish_date("2021") == "2021"


def test_every_record_has_a_page_and_three_documents(kemi_build):
    for kind, ids in _records().items():
        for ident in ids:
            for ext in ("html", "ttl", "jsonld", "nt"):
                assert (kemi_build / "id" / kind / f"{ident}.{ext}").is_file(), f"id/{kind}/{ident}.{ext}"
    assert {p.name for p in (kemi_build / "id").iterdir()} == set(KINDS.values())


def test_documents_hold_the_record_triples_of_the_dump(kemi_build):
    dump = [q.triple for q in ox.parse(path=str(kemi_build / "kemi.nt"), format=ox.RdfFormat.N_TRIPLES)]
    iri = "https://data.kemi.fi/id/project/kaupunkiviljely"
    expected = {t for t in dump if t.subject.value == iri or t.subject.value.startswith(iri + "#")}
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES)):
        got = {q.triple for q in ox.parse(path=str(kemi_build / "id/project" / f"kaupunkiviljely.{ext}"), format=fmt)}
        assert got == expected, ext
    assert len(expected) == 73


def test_a_project_page_shows_labels_links_and_finnish_formats(kemi_build):
    html = (kemi_build / "id/project/kaupunkiviljely.html").read_text()
    page = parse_page(kemi_build / "id/project/kaupunkiviljely.html")
    assert "<h1>Ympärivuotinen kaupunkiviljely ja lähiruoan tuottaminen Kemissä</h1>" in html
    assert f"359{NBSP}904{NBSP}€" in html and f"449{NBSP}880{NBSP}€" in html
    assert '<time datetime="2020-01-01">1.1.2020</time>–<time datetime="2022-06-30">30.6.2022</time>' in html
    # funders, programme, persons, sources, department: linked by label
    assert '<a href="../programme/erdf.html">Euroopan aluekehitysrahasto</a>' in html
    assert '<a href="../person/p-2e6e.html">Anne Oikarinen</a>' in html
    assert '<a href="../source/hankeluettelo.html">Hankeluettelo</a>, rivit 72–78' in html
    assert '<a href="../org/elinvoimatoimiala.html">Elinvoimatoimiala</a>' in html
    assert '<a href="../org/kemin-kaupunki.html">Kemin kaupunki</a>' in html
    # the page's links name files; the page names its IRI, the identifier in the RDF
    assert page.canonical == "https://data.kemi.fi/id/project/kaupunkiviljely"
    # no resource IRI is shown as a link text
    assert not re.search(r"<a [^>]*>https://data\.kemi\.fi/id/", html)
    assert page.alternates == {"text/turtle": "kaupunkiviljely.ttl", "application/ld+json": "kaupunkiviljely.jsonld",
                               "application/n-triples": "kaupunkiviljely.nt"}
    data = json.loads("".join(page.json_ld))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Project"
    assert data["@id"] == "https://data.kemi.fi/id/project/kaupunkiviljely"
    assert [g["amount"]["value"] for g in data["funding"]] == [359904.0, 89976.0]
    assert data["funding"][0]["funder"][0]["name"] == "Euroopan aluekehitysrahasto"


def test_a_funder_page_lists_its_projects_with_amounts(kemi_build):
    html = (kemi_build / "id/org/aluehallintovirasto.html").read_text()
    rows = re.findall(r'<tr><th scope="row"><a href="\.\./project/([^"]+)\.html">[^<]*</a></th><td>[^<]*</td><td class="num">([^<]*)</td></tr>', html)
    assert rows == [("liiketta-kemiin", f"113{NBSP}250{NBSP}€")]
    city = (kemi_build / "id/org/kemin-kaupunki.html").read_text()
    assert city.count('<tr><th scope="row"><a href="../project/') >= 19
    assert "Yhteensä (" in city


def test_the_project_index_is_a_complete_sortable_table(kemi_build):
    html = (kemi_build / "id/project/index.html").read_text()
    page = parse_page(kemi_build / "id/project/index.html")
    projects = _records()["project"]
    linked = sorted({l.removesuffix(".html") for l in page.links if l.removesuffix(".html") in projects})
    assert linked == projects
    assert "<caption>" in html and page.th_without_scope == 0
    assert '<table class="sortable">' in html
    # the only scripts: a file of our own (no inline code, no CDN)
    assert page.scripts == [{"src": "../../assets/sort.js", "defer": None}]
    assert (kemi_build / "assets/sort.js").is_file()
    for index in ("org", "programme", "person", "source"):
        assert (kemi_build / "id" / index / "index.html").is_file()


def _target(page: Path, reference: str) -> Path | None:
    """The file a relative href or src opens from disk (file://): no server, no index files."""
    path = reference.split("#", 1)[0].split("?", 1)[0]
    if not path or re.match(r"^[a-z][a-z0-9+.-]*:", path):
        return None  # within the page, or absolute (an IRI, an outside page)
    return page.parent / path


def test_every_page_is_accessible_and_every_reference_opens_a_file_from_disk(kemi_build):
    pages = sorted(kemi_build.rglob("*.html"))
    assert len(pages) == 1 + 44 + 21 + 23 + 17 + 2 + 5 + 1 + 1  # home, resources, indexes, vocabulary, queries
    broken = []
    for path in pages:
        page = parse_page(path)
        assert page.lang == "fi", path
        assert {"main", "nav", "header", "footer", "h1"} <= set(page.tags), path
        assert "main" in page.ids and page.links[0] == "#main", path
        assert kemi_build / "ontology" / "index.html" in {(path.parent / l).resolve() for l in page.links}, path
        assert page.th_without_scope == 0, path
        assert page.canonical is not None and page.canonical.startswith("https://"), path
        for reference in page.references:
            target = _target(path, reference)
            if target is not None and not target.is_file():  # a folder is a directory listing: broken too
                broken.append(f"{path.relative_to(kemi_build)}: {reference}")
    assert broken == []


def test_the_menu_opens_a_page_for_every_entry(kemi_build):
    nav = re.search(r'<nav aria-label="Päävalikko">(.*?)</nav>', (kemi_build / "index.html").read_text(encoding="utf-8"))[1]
    menu = re.findall(r'href="([^"]+)"', nav)
    assert menu == ["index.html", "id/project/index.html", "id/org/index.html", "id/programme/index.html",
                    "id/person/index.html", "id/source/index.html", "ontology/index.html", "sparql.html"]
    for entry in menu:
        assert "<h1" in (kemi_build / entry).read_text(encoding="utf-8"), entry


def test_the_static_query_page_says_where_the_endpoint_is(kemi_build, publication):
    html = (kemi_build / "sparql.html").read_text(encoding="utf-8")
    assert "ei ole julkista SPARQL-rajapintaa" in html and "<code>kemi-lod serve</code>" in html
    assert '<form method="get" action="sparql">' in html
    examples = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert re.findall(r'<a href="queries/([^"]+)\.rq"', html) == examples
    assert re.findall(r'<a href="queries/([^"]+)\.csv"', html) == examples
    # with a public endpoint, the page and its form point there
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "endpoint: https://data.example.fi/sparql\n")
    assert run_cli("build").exit_code == 0
    html = (publication / "build" / "sparql.html").read_text(encoding="utf-8")
    assert '<form method="get" action="https://data.example.fi/sparql">' in html
    assert '<a href="https://data.example.fi/sparql"><code>https://data.example.fi/sparql</code></a>' in html


def test_finnish_alphabetical_order_is_the_same_in_every_locale():
    words = ["Öljy", "Zeta", "Åland", "ääni", "Avanto", "Ärsyke", "vesi", "Wiki", "Émile", "Elo", "Üks", "Yö",
             "10 vuotta", "2 kertaa", "“Lainattu”", "aava"]
    ordered = sorted(words, key=finnish_sort_key)
    assert ordered == ["“Lainattu”", "10 vuotta", "2 kertaa", "aava", "Avanto", "Elo", "Émile", "vesi", "Wiki",
                       "Üks", "Yö", "Zeta", "Åland", "Ärsyke", "ääni", "Öljy"]
    # the key is plain ASCII before the tie-breaks, so any string comparison agrees (the browser's too)
    assert all(finnish_sort_key(w).split(" ", 1)[0].isascii() for w in words)
    assert sorted(["Kemi 2", "Kemi", "Kemi-Tornio"], key=finnish_sort_key) == ["Kemi", "Kemi 2", "Kemi-Tornio"]
    assert finnish_sort_key("Kemi") != finnish_sort_key("kemi")  # distinct texts never tie


def test_the_project_index_is_in_finnish_order_by_title(kemi_build):
    html = (kemi_build / "id/project/index.html").read_text(encoding="utf-8")
    keys = [unescape(k) for k in re.findall(r'<tr><th scope="row" data-sort="([^"]*)">', html)]
    assert len(keys) == 44 and keys == sorted(keys)
    titles = [unescape(t) for t in re.findall(r'<tr><th scope="row" data-sort="[^"]*"><a href="[^"]+"(?: lang="[a-z]+")?>([^<]*)</a>', html)]
    assert titles == sorted(titles, key=finnish_sort_key)
    # the last ones start with Y and Ä/Ö: after Z, as Finnish readers expect
    assert [t[0] for t in titles[-3:]] == ["Y", "Y", "Ä"]


def test_pages_are_a_timed_build_stage(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    result = pipeline.build(settings, publication / "data", publication / "build")
    assert "pages" in result.checked.timings
    assert (publication / "build/id/project/kaikki-kentat.html").is_file()
    # organisations under another IRI space still get a page in this publication
    assert (publication / "build/id/org/rahoittaja.html").is_file()


def test_pages_false_writes_no_per_resource_files(publication):
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "pages: false\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    assert not (build / "id").exists()
    assert (build / "index.html").is_file() and (build / "fixture.nt").is_file()


def test_a_wrong_pages_setting_is_reported_with_its_line(publication):
    config = publication / "kemi-lod.yaml"
    lines = config.read_text().splitlines()
    config.write_text("\n".join(lines + ["pages: sometimes"]) + "\n")
    run = run_cli("build")
    assert run.exit_code == 2
    assert f"kemi-lod.yaml:{len(lines) + 1}: pages:" in run.stderr


def test_persons_roles_publishes_no_names_on_pages(publication):
    config = publication / "kemi-lod.yaml"
    text = re.sub(r"(?m)^persons:.*\n", "", config.read_text())
    config.write_text(text + "persons: roles\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    assert not (build / "id/person").exists()
    for page in build.rglob("*.html"):
        html = page.read_text()
        assert "Maija Meikäläinen" not in html and "Matti Virtanen" not in html, page
    assert "projektipäällikkö" in (build / "id/project/kaikki-kentat.html").read_text()


def test_an_iri_that_could_run_code_is_shown_but_never_linked(publication):
    """A `javascript:` (or `data:`) IRI in a record is published as data, but no page links it."""
    source = publication / "data" / "sources" / "sivu.yaml"
    source.write_text(source.read_text().replace("url: https://example.org/hankkeet/", 'url: "javascript:alert(1)"'))
    org = publication / "data" / "organisations" / "testikunta.yaml"
    org.write_text(org.read_text().replace("homepage: https://example.org/", "homepage: data:text/html,alert"))
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    pages = {p.relative_to(build).as_posix(): p.read_text(encoding="utf-8") for p in build.rglob("*.html")}
    assert [name for name, html in pages.items() if 'href="javascript:' in html or 'href="data:' in html] == []
    assert "<span>alkuperäinen sivu</span>" in pages["id/project/kaikki-kentat.html"]
    assert '<span class="iri">data:text/html,alert</span>' in pages["id/org/testikunta.html"]


def test_a_title_that_opens_a_comment_and_a_script_leaves_the_page_whole(publication):
    """The embedded JSON-LD escapes every "<": "<!--<script>" or "</script>" in the data cannot
    end it early or make the HTML parser swallow the rest of the page."""
    project = next((publication / "data" / "projects").glob("*.yaml"))
    text = project.read_text(encoding="utf-8")
    project.write_text("\n".join('title: "Hanke <!--<script> </script> loppuu"' if line.startswith("title:") else line
                                 for line in text.splitlines()) + "\n", encoding="utf-8")
    assert run_cli("build").exit_code == 0, run_cli("build").stderr
    html = ((publication / "build").resolve() / "id" / "project" / f"{project.stem}.html").read_text(encoding="utf-8")
    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and json.loads(script)["name"] == "Hanke <!--<script> </script> loppuu"
    assert "<h1>Hanke &lt;!--&lt;script&gt; &lt;/script&gt; loppuu</h1>" in html and html.endswith("</html>\n")
