"""The page importer measured against the curated records: every fact of tests/facts.yaml, asked
of the graph built from the two seed pages as imported (no curation).

A fact names a curated project; it is asked of the imported project that cites the same lines
of the same page. Ids are the importer's own, and derived titles are a judgement, so facts about
them are not counted (a `title-derived-from` fact, and the `title` fact of a project whose
curated title is derived). At least 95 % of the rest must hold; `pytest -s` prints the others.
Every fact about money must hold: each amount with its status, year and status date, the city's
own share as the publisher's contribution (part of the municipalities' funding, or one with it),
and the lines each contribution cites (the importer knows the line of every amount it reads).

The pages are imported as `kemi-lod import page` imports them where the configuration names the
publisher: the city is the publisher, under the publisher's id.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import pytest
import yaml

from support import REPO, run_cli, source_pages
from kemi_lod.config import load_settings
from kemi_lod.importers.page import PageImport, import_pages, write_page_import
from kemi_lod.importers.common import plain
from kemi_lod.importers.page.importer import line_range
from kemi_lod.build.pipeline import check
from test_facts import FACTS, PREFIXES, fact_id, fact_pattern

URLS = {
    "000_6b667cc038ef175e.txt": "https://www.kemi.fi/tyo-ja-yrittaminen/hankkeet/elinvoimahankkeet/",
    "001_b7f3f3df64e32f38.txt": "https://www.kemi.fi/kaupunki-ja-hallinto/hallinto/hankeluettelo/",
}
REQUIRED = 0.95
MONEY = ("contribution", "city-share", "budget", "annual-budget")  # facts about money: all must hold


def citations(imported: PageImport) -> dict[str, dict[str, tuple[int, int]]]:
    """project id -> {file name: (first line, last line)} of the imported records' citations."""
    files = {ident: name for name, ident in imported.sources.items()}
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for ident, record in imported.draft.records["project"].items():
        for cite in plain(record["sources"]):
            out.setdefault(ident, {})[files[cite["source"]]] = line_range(cite["lines"])
    return out


@pytest.fixture(scope="module")
def publication(tmp_path_factory) -> tuple[Path, PageImport]:
    pub = tmp_path_factory.mktemp("imported")
    shutil.copy(REPO / "kemi-lod.yaml", pub / "kemi-lod.yaml")
    publisher = load_settings(pub / "kemi-lod.yaml").publisher
    imported = import_pages(source_pages(), URLS, city=publisher.name.first(), city_id=publisher.id)
    write_page_import(imported, pub / "data")
    return pub, imported


@cache
def curated_citations() -> dict[str, list[tuple[str, int, int]]]:
    """curated project id -> [(page file, first line, last line)] from data/."""
    data = REPO / "data"
    files = {p.stem: yaml.safe_load(p.read_text())["file"] for p in (data / "sources").glob("*.yaml")}
    out = {}
    for path in (data / "projects").glob("*.yaml"):
        record = yaml.safe_load(path.read_text())
        out[path.stem] = [(files[c["source"]], *_lines(c["lines"])) for c in record["sources"]]
    return out


def _lines(lines) -> tuple[int, int]:
    first, _, last = str(lines).partition("-")
    return int(first), int(last or first)


def translate(imported: PageImport) -> dict[str, str]:
    """curated project id -> the imported project citing the same lines of the same page."""
    cited = citations(imported)
    out = {}
    for curated, cites in curated_citations().items():
        for file, first, last in cites:
            found = [p for p, pages in cited.items() if file in pages
                     and pages[file][0] <= last and first <= pages[file][1]]
            if len(found) == 1:
                out[curated] = found[0]
                break
    return out


def derived_titles() -> set[str]:
    return {p.stem for p in (REPO / "data" / "projects").glob("*.yaml") if "title_derived" in yaml.safe_load(p.read_text())}


def counted(fact: dict) -> bool:
    if fact["what"] == "title-derived-from":
        return False
    return not (fact["what"] == "title" and fact["project"] in derived_titles())


@pytest.fixture(scope="module")
def holds(publication) -> Callable[[dict], bool]:
    """Whether a fact of the checklist holds of the imported project citing its lines."""
    pub, imported = publication
    settings = load_settings(pub / "kemi-lod.yaml")
    checked = check(settings, pub / "data", use_cache=False)
    assert checked.ok, checked.problems
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in checked.graph())
    ids = translate(imported)

    def holds(fact: dict) -> bool:
        ident = ids.get(fact["project"])
        iri = f"<{settings.base_iri}id/project/{ident}>"
        return ident is not None and bool(store.query(PREFIXES + "ASK { " + fact_pattern(fact, iri) + " }"))

    return holds


@pytest.mark.slow
def test_the_imported_pages_hold_the_curated_facts(publication, holds):
    _, imported = publication
    ids = translate(imported)
    facts = [f for f in FACTS["facts"] if counted(f)]
    failed = [f"{fact_id(f)} (imported as {ids.get(f['project'])}): {f.get('value', '')}" for f in facts if not holds(f)]
    held = len(facts) - len(failed)
    judged = [f for f in FACTS["facts"] if not counted(f)]
    print(f"\nfidelity: {held} of {len(facts)} facts hold ({held / len(facts):.1%}); not held:")
    print("\n".join(failed))
    print(f"not counted (derived titles): {sum(holds(f) for f in judged)} of {len(judged)} hold")
    assert held / len(facts) >= REQUIRED, f"{held} of {len(facts)} facts hold:\n" + "\n".join(failed)


@pytest.mark.slow
def test_every_fact_about_money_holds(holds):
    facts = [f for f in FACTS["facts"] if f["what"] in MONEY]
    assert len({f["what"] for f in facts}) == len(MONEY)  # the checklist states each kind
    assert [fact_id(f) for f in facts if not holds(f)] == []


def test_every_curated_project_is_imported_once(publication):
    _, imported = publication
    ids = translate(imported)
    assert sorted(set(curated_citations()) - set(ids)) == []
    assert len(set(ids.values())) == len(ids) == len(imported.draft.records["project"])


def test_the_imported_records_build_without_violations(publication):
    pub, _ = publication
    result = run_cli("build", "--config", str(pub / "kemi-lod.yaml"), "--data", str(pub / "data"),
                     "--out", str(pub / "build"), "--no-cache")
    assert result.exit_code == 0, result.stderr
    assert "0 violations" in result.stdout
