"""The static site written by `kemi-lod build`: pages, per-resource documents, index pages."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal, InvalidOperation
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml

from support import REPO, context_inlined, run_cli
from kemi_lod.build import pipeline
from kemi_lod.config import load_settings
from kemi_lod.site.format import euros, finnish_date, finnish_number, finnish_sort_key
from kemi_lod.site.indexes import KIND_TITLES

NBSP = "\u00a0"
KINDS = {"projects": "project", "organisations": "org", "persons": "person", "programmes": "programme", "sources": "source", "places": "place"}


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


def _text(html: str) -> str:
    """A fragment's text as a reader sees it: inline tags dropped, the others a space, entities
    decoded, runs of white space one space (a no-break space stays as it is)."""
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</?(?:a|time|code|strong|em)\b[^>]*>", "", html))
    return re.sub(r"[ \t\r\n]+", " ", unescape(text)).strip()


def test_finnish_formats():
    assert euros("359904.0") == f"359{NBSP}904{NBSP}€"
    assert euros("15000.5") == f"15{NBSP}000,50{NBSP}€"
    assert euros("0.0") == f"0{NBSP}€"
    assert finnish_number("4.5") == "4,5"
    assert finnish_date("2020-08-01") == "1.8.2020"
    assert finnish_date("2019-12") == "12/2019"
    assert finnish_date("2021") == "2021"


def test_every_record_has_a_page_and_three_documents(kemi_build):
    dump = (kemi_build / "kemi.nt").read_text(encoding="utf-8")
    for kind, ids in _records().items():
        for ident in ids:
            if kind == "person" and f"<https://data.kemi.fi/id/person/{ident}> " not in dump:
                continue  # only an earlier contact names them: not published (earlier_contacts)
            for ext in ("html", "ttl", "jsonld", "nt"):
                assert (kemi_build / "id" / kind / f"{ident}.{ext}").is_file(), f"id/{kind}/{ident}.{ext}"
    assert {p.name for p in (kemi_build / "id").iterdir()} == set(KINDS.values())


def test_documents_hold_the_record_triples_of_the_dump(kemi_build):
    dump = [q.triple for q in ox.parse(path=str(kemi_build / "kemi.nt"), format=ox.RdfFormat.N_TRIPLES)]
    iri = "https://data.kemi.fi/id/project/kaupunkiviljely"
    expected = {t for t in dump if t.subject.value == iri or t.subject.value.startswith(iri + "#")}
    for ext, fmt in (("ttl", ox.RdfFormat.TURTLE), ("jsonld", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES)):
        path = kemi_build / "id/project" / f"kaupunkiviljely.{ext}"
        got = {q.triple for q in ox.parse(context_inlined(path) if ext == "jsonld" else path.read_bytes(), format=fmt)}
        assert got == expected, ext
    # vocabulary 2.0.0: every amount a node of its own, job titles, the register code, and the earlier
    # contact without the person
    assert len(expected) == 130  # and typed schema:Project too


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
    assert [g["amount"]["value"] for g in data["funding"]] == [359904.0, 89976.0, 31670.0]
    assert {g["amount"]["currency"] for g in data["funding"]} == {"EUR"}
    assert data["funding"][0]["funder"][0]["name"] == "Euroopan aluekehitysrahasto"


def test_a_funder_page_lists_its_projects_with_amounts(kemi_build):
    html = (kemi_build / "id/org/aluehallintovirasto.html").read_text()
    rows = re.findall(r'<tr><th scope="row"><a href="\.\./project/([^"]+)\.html">[^<]*</a></th><td>[^<]*</td><td class="num">(.*?)</td></tr>', html)
    assert [(project, _text(cell)) for project, cell in rows] == [("liiketta-kemiin", f"113{NBSP}250{NBSP}€ (suunniteltu)")]
    city = (kemi_build / "id/org/kemin-kaupunki.html").read_text()
    assert city.count('<tr><th scope="row"><a href="../project/') >= 19
    assert "Yhteensä (19 hanketta)" in city


def test_the_project_index_is_a_complete_sortable_table(kemi_build):
    html = (kemi_build / "id/project/index.html").read_text()
    page = parse_page(kemi_build / "id/project/index.html")
    projects = _records()["project"]
    linked = sorted({l.removesuffix(".html") for l in page.links if l.removesuffix(".html") in projects})
    assert linked == projects
    assert "<caption>" in html and page.th_without_scope == 0
    assert '<table class="sortable findable">' in html
    # the only scripts: files of our own (no inline code, no CDN), the sorting and the finding
    assert page.scripts == [{"src": "../../assets/sort.js", "defer": None}, {"src": "../../assets/find.js", "defer": None}]
    assert (kemi_build / "assets/sort.js").is_file() and (kemi_build / "assets/find.js").is_file()
    # each row carries the facets find.js offers: department, funds and the years of its period
    assert re.search(r'<tr data-department="[^"]*" data-funds="[^"]*" data-years="(\d{4}( \d{4})*)?">', html)
    assert 'data-department="Elinvoimatoimiala" data-funds="Euroopan aluekehitysrahasto" data-years="2020 2021 2022">' in html
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
    # home, resources (places too; the 22 persons a current contact names), indexes, vocabulary, queries
    assert len(pages) == 1 + 44 + 22 + 22 + 17 + 2 + 7 + 6 + 1 + 1
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
                    "id/place/index.html", "id/person/index.html", "id/source/index.html", "ontology/index.html", "sparql.html"]
    for entry in menu:
        assert "<h1" in (kemi_build / entry).read_text(encoding="utf-8"), entry


def test_the_static_query_page_says_where_the_endpoint_is(kemi_build, publication):
    html = (kemi_build / "sparql.html").read_text(encoding="utf-8")
    assert "ei ole julkista SPARQL-rajapintaa" in html and "<code>kemi-lod serve</code>" in html
    assert '<form class="query-form" method="get" action="sparql">' in html
    examples = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert re.findall(r'<a href="queries/([^"]+)\.rq"', html) == examples
    assert re.findall(r'<a href="queries/([^"]+)\.csv"', html) == examples
    # with a public endpoint, the page and its form point there
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "endpoint: https://data.example.fi/sparql\n")
    assert run_cli("build").exit_code == 0
    html = (publication / "build" / "sparql.html").read_text(encoding="utf-8")
    assert '<form class="query-form" method="get" action="https://data.example.fi/sparql">' in html
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
    keys = [unescape(k) for k in re.findall(r'<tr[^>]*><th scope="row" data-sort="([^"]*)">', html)]
    assert len(keys) == 44 and keys == sorted(keys)
    titles = [unescape(t) for t in re.findall(r'<tr[^>]*><th scope="row" data-sort="[^"]*"><a href="[^"]+"(?: lang="[a-z]+")?>([^<]*)</a>', html)]
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


def test_pages_false_writes_the_lists_but_no_per_resource_files(publication):
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "pages: false\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    assert sorted(p.relative_to(build).as_posix() for p in (build / "id").rglob("*")
                  if p.is_file()) == sorted(f"id/{kind}/index.{ext}" for kind in KIND_TITLES for ext in ("html", "json")
                                            if ext == "html" or kind != "person")
    assert (build / "index.html").is_file() and (build / "fixture.nt").is_file()
    home = (build / "index.html").read_text(encoding="utf-8")
    assert all(f'href="id/{kind}/index.html"' in home for kind in KIND_TITLES)  # the lists, with their counts
    projects = (build / "id/project/index.html").read_text(encoding="utf-8")
    # a row links the project's page, which `kemi-lod serve` renders on request
    assert 'href="kaikki-kentat.html"' in projects and "Kaikki kentät" in projects


def test_the_lists_are_the_same_with_and_without_pages(publication):
    """The lists are made from the records' facts, not from the pages: byte for byte the same."""
    assert run_cli("build").exit_code == 0
    before = (publication / "build").resolve()
    with_pages = {name: (before / name).read_bytes()
                  for name in ["index.html", *(f"id/{k}/index.{ext}" for k in KIND_TITLES for ext in ("html", "json")
                                               if ext == "html" or k != "person")]}
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "pages: false\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    assert {name: (build / name).read_bytes() for name in with_pages} == with_pages
    assert len(with_pages) == 2 * len(KIND_TITLES)  # no persons' JSON


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


def test_an_iri_that_could_run_code_never_reaches_a_page(publication):
    """A `javascript:` or `data:` IRI in a record's address field is refused where it is written
    (a located error), so no page can link it (tests/test_urls.py has the other schemes)."""
    source = publication / "data" / "sources" / "sivu.yaml"
    source.write_text(source.read_text().replace("url: https://example.org/hankkeet/", 'url: "javascript:alert(1)"'))
    org = publication / "data" / "organisations" / "testikunta.yaml"
    org.write_text(org.read_text().replace("homepage: https://example.org/", "homepage: data:text/html,alert"))
    result = run_cli("build")
    assert result.exit_code == 1 and not (publication / "build").exists()
    assert "data/sources/sivu.yaml:" in result.stderr and "url: expected an http or https address, found 'javascript:alert(1)'" in result.stderr
    assert "homepage: expected an http or https address, found 'data:text/html,alert'" in result.stderr


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


# --- money: every amount with its currency, status and year; sums that count nothing twice ---------

STATUS_LABELS = {"applied": "haettu", "granted": "myönnetty", "planned": "suunniteltu", "paid": "maksettu"}


def _projects_yaml() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "data" / "projects").glob("*.yaml"))}


def _money_text(amount, status: str = "planned", year: str | None = None, date: str | None = None) -> str:
    """How a page writes an amount of the records: `31 670 € (suunniteltu, vuosi 2020)`."""
    notes = STATUS_LABELS[status] + (f" {finnish_date(date)}" if date else "") + (f", vuosi {year}" if year else "")
    return f"{euros(Decimal(str(amount)))} ({notes})"


def _row(html: str, anchor: str) -> str:
    found = re.search(rf'<tr id="{anchor}">(.*?)</tr>', html, re.S)
    assert found, anchor
    return found[1]


def test_a_project_page_shows_every_amount_in_euros_with_its_status_and_year(kemi_build):
    """Every contribution's amount (and a paid amount beside it) in its row of the funding
    table, every budget among the facts: the value in euros, the status, the status's date
    and the year where the record states them."""
    checked = 0
    for name, record in _projects_yaml().items():
        html = (kemi_build / "id/project" / f"{name}.html").read_text(encoding="utf-8")
        for i, item in enumerate(record.get("funding", []), 1):
            row = _text(_row(html, f"funding-{i}"))
            if "amount" in item:
                assert _money_text(item["amount"], item.get("status", "planned"), item.get("year"), item.get("status_date")) in row, (name, i, row)
                checked += 1
            if "paid" in item:
                assert _money_text(item["paid"], "paid") in row, (name, i, row)
        facts = _text(html.split('<dl class="facts">', 1)[1].split("</dl></section>", 1)[0])
        budget = record.get("budget")
        if budget is not None:
            budget = budget if isinstance(budget, dict) else {"amount": budget}
            assert f"budjetti {_money_text(budget['amount'], budget.get('status', 'planned'))}" in facts, name
        if "annual_budget" in record:
            annual = record["annual_budget"]
            assert _money_text(annual["amount"], annual.get("status", "planned"), annual["year"]) in facts, name
    assert checked >= 30
    # the three statuses of the publication, and a year, as a reader sees them
    silver = _text((kemi_build / "id/project/silver-economy-kemi.html").read_text(encoding="utf-8"))
    assert f"56{NBSP}792{NBSP}€ (haettu 10/2019)" in silver and f"14{NBSP}198{NBSP}€ (suunniteltu, vuosi 2020)" in silver
    granted = _text((kemi_build / "id/project/kestava-ja-vahahiilinen-yritystoiminta.html").read_text(encoding="utf-8"))
    assert f"226{NBSP}032{NBSP}€ (myönnetty)" in granted


def test_a_part_of_a_contribution_names_and_links_the_contribution_it_is_in(kemi_build):
    parts = 0
    for name, record in _projects_yaml().items():
        html = (kemi_build / "id/project" / f"{name}.html").read_text(encoding="utf-8")
        funding = record.get("funding", [])
        for i, item in enumerate(funding, 1):
            row = _row(html, f"funding-{i}")
            if "part_of" not in item:
                assert "sisältyy osuuteen" not in row, (name, i)
                continue
            whole = funding[item["part_of"] - 1]
            link = re.search(r'sisältyy osuuteen: <a href="#(funding-\d+)">([^<]*)</a>', row)
            assert link and link[1] == f"funding-{item['part_of']}", (name, i, row)
            assert link[2].endswith(euros(Decimal(str(whole["amount"])))), (name, i, link[2])
            parts += 1
    assert parts >= 4  # kaupunkiviljely, kemi-valmistautuu-kasvuun, perameren-saaristomatkailu, tyollisyyden-yhteispalvelu
    html = (kemi_build / "id/project/kaupunkiviljely.html").read_text(encoding="utf-8")
    assert _text(_row(html, "funding-3")).endswith(f"31{NBSP}670{NBSP}€ (suunniteltu, vuosi 2020) sisältyy osuuteen: "
                                                   f"kuntien rahoitus 89{NBSP}976{NBSP}€")


def _funded_by(funder: str) -> tuple[int, Decimal]:
    """From the records: the projects a funder funds and the sum of its financing-plan amounts,
    a part of another contribution of the same funder not counted again, paid amounts apart."""
    projects, total = set(), Decimal(0)
    for name, record in _projects_yaml().items():
        funding = record.get("funding", [])
        if funder in record.get("funders", []):
            projects.add(name)
        for item in funding:
            if item.get("funder") != funder:
                continue
            projects.add(name)
            whole = funding[item["part_of"] - 1] if "part_of" in item else {}
            if "amount" in item and item.get("status", "planned") != "paid" and whole.get("funder") != funder:
                total += Decimal(str(item["amount"]))
    return len(projects), total


def test_the_organisation_index_shows_the_city_with_the_sum_of_its_contributions(kemi_build):
    publisher = yaml.safe_load((REPO / "kemi-lod.yaml").read_text(encoding="utf-8"))["publisher"]["id"]
    projects, total = _funded_by(publisher)
    assert projects >= 19 and total > 0
    index = (kemi_build / "id/org/index.html").read_text(encoding="utf-8")
    assert (f'<tr><th scope="row"><a href="{publisher}.html">Kemin kaupunki</a></th>'
            f'<td class="num">{projects}</td><td class="num">{euros(total)}</td></tr>') in index
    # the city's page sums the same contributions
    page = (kemi_build / "id/org" / f"{publisher}.html").read_text(encoding="utf-8")
    foot = _text(page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0])
    assert foot == f"Yhteensä ({projects} hanketta) {euros(total)}"


def test_a_funders_sum_counts_a_part_of_its_own_contribution_once_and_no_paid_amount(publication):
    """The fixture's kaikki-kentat: Testikunta gives 15 000,50 € (funding-2), of which 5 000 € in
    2021 (funding-4, part of funding-2), and 10 000 € to johdettu; the ESF contribution was
    applied for (80 000 €), of which 35 000,25 € is paid."""
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    index = (build / "id/org/index.html").read_text(encoding="utf-8")
    assert f'<a href="testikunta.html">Testikunta</a></th><td class="num">2</td><td class="num">25{NBSP}000,50{NBSP}€</td>' in index
    page = (build / "id/org/testikunta.html").read_text(encoding="utf-8")
    assert _text(page.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]) == f"Yhteensä (2 hanketta) 25{NBSP}000,50{NBSP}€"
    assert (f"5{NBSP}000{NBSP}€ (myönnetty, vuosi 2021) sisältyy osuuteen: kuntien rahoitus 15{NBSP}000,50{NBSP}€ "
            "(mukana jo yhteissummassa)") in _text(page)
    assert '<a href="../project/kaikki-kentat.html#funding-2">' in page
    esf = (build / "id/programme/esr.html").read_text(encoding="utf-8")
    assert f"80{NBSP}000{NBSP}€ (haettu 10/2019) 35{NBSP}000,25{NBSP}€ (maksettu)" in _text(esf)
    assert _text(esf.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]) == f"Yhteensä (1 hanke) 80{NBSP}000{NBSP}€ (ilman maksettuja summia)"
    project = (build / "id/project/kaikki-kentat.html").read_text(encoding="utf-8")
    assert _text(_row(project, "funding-4")).endswith(f"sisältyy osuuteen: kuntien rahoitus 15{NBSP}000,50{NBSP}€")
    # the whole period's budget before the budget of one year; the plan before what is paid
    facts = _text(project.split('<dl class="facts">', 1)[1])
    assert f"budjetti 100{NBSP}000{NBSP}€ (suunniteltu) 50{NBSP}000{NBSP}€ (suunniteltu, vuosi 2020)" in facts
    assert f"95{NBSP}000,50{NBSP}€ (suunniteltu) 40{NBSP}000{NBSP}€ (maksettu)" in facts


def test_an_earlier_budget_is_shown_as_the_budget_is_with_its_source(publication):
    record = publication / "data/projects/kaikki-kentat.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        "history:\n", 'history:\n  - {field: budget, value: 90000, source: vanha-sivu, lines: "8"}\n', 1), encoding="utf-8")
    assert run_cli("build").exit_code == 0
    html = ((publication / "build").resolve() / "id/project/kaikki-kentat.html").read_text(encoding="utf-8")
    history = html.split('<h3 id="historia">', 1)[1].split("</section>", 1)[0]
    assert f"budjetti 90{NBSP}000{NBSP}€ (suunniteltu) lähde: Vanha hankesivu, rivi 8" in _text(history)
    assert "ominaisuus" not in history and '<dt id="history-1">budjetti</dt>' in history
    assert f"toiminta-aika 1.12.2019–31.12.2020 lähde: Vanha hankesivu" in _text(history)


def test_every_amount_in_the_schema_org_json_ld_is_a_monetary_amount_with_its_currency(kemi_build):
    for name, record in _projects_yaml().items():
        page = parse_page(kemi_build / "id/project" / f"{name}.html")
        grants = {g["@id"].rsplit("#", 1)[1]: g for g in json.loads("".join(page.json_ld)).get("funding", [])}
        for i, item in enumerate(record.get("funding", []), 1):
            grant = grants[f"funding-{i}"]
            assert grant["@type"] == "MonetaryGrant"
            if "amount" not in item:
                assert "amount" not in grant
                continue
            expected = {"@type": "MonetaryAmount", "currency": "EUR", "value": float(item["amount"])}
            if "year" in item:
                expected |= {"validFrom": f"{item['year']}-01-01", "validThrough": f"{item['year']}-12-31"}
            assert grant["amount"] == expected, (name, i)


def test_the_csv_gives_the_currency_and_the_statuses_of_every_row_with_an_amount(kemi_build):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((kemi_build / "kemi-projects.csv").read_text(encoding="utf-8")))}
    records = _projects_yaml()
    assert sorted(rows) == sorted(records)
    with_amounts = 0
    for name, record in records.items():
        statuses = {item.get("status", "planned") for item in record.get("funding", []) if "amount" in item}
        statuses |= {"paid" for item in record.get("funding", []) if "paid" in item}
        for key in ("budget", "annual_budget"):
            if key in record:
                statuses.add(record[key].get("status", "planned") if isinstance(record[key], dict) else "planned")
        row = rows[name]
        assert row["currency"] == ("EUR" if statuses else ""), name
        assert row["amount_statuses"] == "; ".join(sorted(statuses)), name
        with_amounts += bool(statuses)
        if any(row[c] for c in ("total_budget", "eu_and_state_funding", "municipal_funding", "private_funding", "city_share")):
            assert row["currency"] == "EUR" and row["amount_statuses"], name
    assert with_amounts >= 19
    publisher = yaml.safe_load((REPO / "kemi-lod.yaml").read_text(encoding="utf-8"))["publisher"]["id"]
    assert sum(Decimal(r["city_share"]) for r in rows.values() if r["city_share"]) == _funded_by(publisher)[1]


def _valid(item: str, datatype: str) -> bool:
    try:
        return {"decimal": lambda v: Decimal(v).is_finite(), "gYear": lambda v: re.fullmatch(r"-?\d{4,}", v) is not None,
                "anyURI": lambda v: re.match(r"^https?://\S+$", v) is not None, "string": lambda v: True,
                "date": lambda v: re.fullmatch(r"\d{4}-\d\d-\d\d", v) is not None,
                "boolean": lambda v: v in ("true", "false")}[datatype](item)
    except InvalidOperation:
        return False


@pytest.mark.parametrize("table", ["projects", "contributions", "organisations", "programmes", "contact-roles"])
def test_the_csv_is_valid_against_its_csvw_description(kemi_build, table):
    """Each cell against its column's description (CSV on the Web): the datatype, the format, the
    items of a list, the required columns; the new money columns described in both languages."""
    meta = json.loads((kemi_build / f"kemi-{table}.csv-metadata.json").read_text(encoding="utf-8"))
    assert meta["url"] == f"kemi-{table}.csv"
    columns = {c["name"]: c for c in meta["tableSchema"]["columns"]}
    rows = list(csv.DictReader(io.StringIO((kemi_build / f"kemi-{table}.csv").read_text(encoding="utf-8"))))
    assert rows and list(rows[0]) == list(columns)
    key = meta["tableSchema"].get("primaryKey")
    if key:
        assert len({r[key] for r in rows}) == len(rows)
    invalid = []
    for row in rows:
        for name, column in columns.items():
            value = row[name]
            if column.get("required"):
                assert value, (row, name)
            datatype = column["datatype"] if isinstance(column["datatype"], dict) else {"base": column["datatype"]}
            for item in (value.split(column["separator"]) if "separator" in column else [value]) if value else []:
                if not _valid(item, datatype["base"]) or not re.search(datatype.get("format", ""), item):
                    invalid.append((row[next(iter(columns))], name, item))
            assert {d["@language"] for d in column["dc:description"]} == {"en", "fi"}, name
    assert invalid == []
    if table != "projects":
        return
    assert columns["currency"]["datatype"] == {"base": "string", "format": "^[A-Z]{3}$"}
    assert all(re.search(columns["amount_statuses"]["datatype"]["format"], s) for s in STATUS_LABELS)
    assert not re.search(columns["amount_statuses"]["datatype"]["format"], "approved")


def test_every_funder_s_row_on_the_organisation_index_is_what_the_records_say(kemi_build):
    """The funders' table is made from the records' cached facts: each row against the YAML."""
    index = (kemi_build / "id/org/index.html").read_text(encoding="utf-8")
    table = index.split('<section aria-labelledby="rahoittajat">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row"><a href="([^"]+)\.html"[^>]*>[^<]*</a></th><td class="num">(\d+)</td>'
                      r'<td class="num">([^<]*)</td></tr>', table)
    assert len(rows) >= 8
    for org, count, total in rows:
        projects, summed = _funded_by(org)
        assert (int(count), total) == (projects, euros(summed) if summed else "–"), org
