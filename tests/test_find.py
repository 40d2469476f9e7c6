"""A long project list is split into pages, with the index find.js searches (site/indexes.py).

The repository's 44 projects are built with pages of 20 (LIST_ROWS set low for the test): three
list pages, each with the pager, and `find.json` holding every project with the same facets as
its row. tests/test_browser.py searches that index in a real browser.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import REPO, run_cli


def build_paged(out: Path, rows: int = 20) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("kemi_lod.site.project_list.LIST_ROWS", rows)
        assert run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(out)).exit_code == 0
    return out.resolve()


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    return build_paged(tmp_path_factory.mktemp("paged") / "build")


ROW = re.compile(r'<tr data-department="([^"]*)" data-funds="([^"]*)" data-years="([^"]*)"><th scope="row" data-sort="[^"]*">'
                 r'<a href="([^"]+)"')


def test_the_list_is_split_into_pages_each_with_the_pager(paged):
    folder = paged / "id/project"
    names = ["index.html", "index-2.html", "index-3.html"]
    assert sorted(p.name for p in folder.glob("index*")) == sorted([*names, "index.json", "index.jsonld"])  # and each kind as JSON
    counts = []
    for number, name in enumerate(names, 1):
        html = (folder / name).read_text(encoding="utf-8")
        counts.append(len(ROW.findall(html)))
        pager = re.findall(r'<nav class="pager" aria-label="Hankeluettelon sivut"><ul>(.*?)</ul></nav>', html)
        assert len(pager) == 2  # above and below the table
        assert re.findall(r'<a href="([^"]+)"', pager[0]) == names
        assert f'<a href="{name}" aria-current="page">{number}</a>' in pager[0]
        assert '<table class="sortable findable" data-index="find.json">' in html
    assert counts == [20, 20, 4]


def test_the_index_holds_every_project_with_the_facets_of_its_row(paged):
    folder = paged / "id/project"
    rows = [m for name in ("index.html", "index-2.html", "index-3.html")
            for m in ROW.findall((folder / name).read_text(encoding="utf-8"))]
    index = json.loads((folder / "find.json").read_text(encoding="utf-8"))["projects"]
    assert len(index) == len(rows) == 44
    for (department, funds, years, href), (title, page, dept, fund_list, year_list) in zip(rows, index):
        assert (page, dept, "|".join(fund_list), " ".join(map(str, year_list))) == (href, department.replace("&amp;", "&"), funds, years)
        assert title and (folder / page).is_file()


def test_a_short_list_stays_one_page_without_an_index(kemi_build):
    folder = kemi_build / "id/project"
    assert not (folder / "find.json").exists() and not (folder / "index-2.html").exists()
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "data-index" not in html and 'class="pager"' not in html


def test_the_list_shows_the_title_the_project_page_shows_without_one_in_the_publication_s_languages():
    """Titles only in other languages: the list takes the one `SiteGraph.label` takes (the
    dump's order), not the first by language."""
    import pyoxigraph as ox

    from kemi_lod.config import load_settings
    from kemi_lod.outputs.tables import ProjectFacts
    from kemi_lod.site.graph import SiteGraph
    from kemi_lod.site.project_list import Listed
    from kemi_lod.vocabulary.terms import DCT

    settings = load_settings(REPO / "kemi-lod.yaml")
    iri = settings.base_iri + "id/project/monikielinen"
    titles = (("de", "Zug-Projekt"), ("sv", "Abc-projekt"))
    g = SiteGraph.of(settings, [ox.Triple(ox.NamedNode(iri), DCT.title, ox.Literal(text, language=lang)) for lang, text in titles])
    listed = Listed(g, ProjectFacts(iri, titles=titles))
    assert (listed.title, listed.lang) == (g.label(iri), g.label_lang(iri)) == ("Abc-projekt", "sv")
