"""`kemi-lod import page` and `kemi-lod import register` as a data steward runs them: the
written folders build, doubtful spots are listed, bad options are usage errors, and an
existing folder is never overwritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from support import REGISTER_CSV, REPO, run_cli, source_pages
from kemi_lod.importers.common import normalise_org_name
from test_import_register import amounts_of

SEEDS = source_pages()
EARLIER, LATER = (str(p) for p in SEEDS)


@pytest.fixture
def kemi(tmp_path, monkeypatch) -> Path:
    """A folder with the repository's configuration, as the current directory."""
    shutil.copy(REPO / "kemi-lod.yaml", tmp_path / "kemi-lod.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_imported_seed_pages_build(kemi):
    result = run_cli("import", "page", *map(str, SEEDS), "--out", "imported",
                     "--url", f"{SEEDS[0].name}=https://example.org/earlier")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "44 projects, 21 organisations, 23 persons, 17 programmes, 2 sources; 28 spots to review"
    )
    # every doubtful spot names its file and line
    assert all(line.startswith(tuple(p.name + ":" for p in SEEDS)) for line in result.stderr.splitlines())
    assert "001_b7f3f3df64e32f38.txt:7: a block with no title" in result.stderr
    sources = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (kemi / "imported" / "sources").iterdir()}
    assert sorted(s["url"] for s in sources.values()) == [
        "https://example.invalid/001_b7f3f3df64e32f38.txt", "https://example.org/earlier"]
    # the money in the record format 2: the city's share for 2020 is the city's contribution, part of the
    # municipalities' funding, citing its line on each page; no retired field is written
    farming = yaml.safe_load((kemi / "imported" / "projects" / "ymparivuotinen-kaupunkiviljely-ja-lahiruoan-tuottaminen.yaml")
                             .read_text(encoding="utf-8"))
    assert farming["funding"][2] == {
        "group": "municipal", "funder": "kemin-kaupunki", "amount": 31670, "year": "2020", "part_of": 2,
        "sources": [{"source": "000-6b667cc038ef175e", "lines": "13"}, {"source": "001-b7f3f3df64e32f38", "lines": "75"}]}
    assert not [p.name for p in (kemi / "imported" / "projects").iterdir()
                if {"city_share", "status"} & set(yaml.safe_load(p.read_text(encoding="utf-8")))]
    built = run_cli("build", "--data", "imported")
    assert built.exit_code == 0, built.stderr
    assert built.stdout.startswith("44 projects, ")
    assert ": 0 violations, 0 warnings" in built.stdout
    lacking, counted = amounts_of(kemi / "build" / "kemi.nt")
    assert lacking == []  # every schema:MonetaryAmount has a value, the currency EUR and a status
    assert counted[("amount", "applied")] == 1 and counted[("amount", "granted")] == 1  # "(haettu 10/2019)", "on myöntänyt"


def test_the_city_comes_from_the_configuration_or_the_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("import", "page", LATER, "--out", "x")
    assert result.exit_code == 2
    assert "give --city, or run it where kemi-lod.yaml names the publisher" in result.stderr
    result = run_cli("import", "page", LATER, "--out", "x", "--city", "Kemin kaupunki")
    assert result.exit_code == 0, result.stderr
    city = yaml.safe_load((tmp_path / "x" / "organisations" / "kemin-kaupunki.yaml").read_text(encoding="utf-8"))
    assert city["name"] == "Kemin kaupunki"


def test_an_existing_folder_is_never_overwritten(kemi):
    (kemi / "data" / "projects").mkdir(parents=True)
    kept = kemi / "data" / "projects" / "oma.yaml"
    kept.write_text("title: Oma\n", encoding="utf-8")
    result = run_cli("import", "page", LATER, "--out", "data")
    assert result.exit_code == 2
    assert "data: not an empty folder" in result.stderr
    assert kept.read_text(encoding="utf-8") == "title: Oma\n"
    assert sorted(p.name for p in (kemi / "data").rglob("*") if p.is_file()) == ["oma.yaml"]


@pytest.mark.parametrize("args, message", [
    ((), "give --out (write the records) or --diff"),
    (("--out", "x", "--url", "sivu.txt"), "'sivu.txt' is not NAME=URL"),
    (("--out", "x", "--url", "sivu.txt=ftp://x"), "'sivu.txt=ftp://x' is not NAME=URL"),
])
def test_page_usage_errors(kemi, args, message):
    result = run_cli("import", "page", LATER, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (kemi / "x").exists()


def test_a_missing_page_is_a_usage_error(kemi):
    result = run_cli("import", "page", "ei-ole.txt", "--out", "x")
    assert result.exit_code == 2
    assert "'ei-ole.txt' does not exist" in result.stderr


def test_diff_against_the_curated_records_shows_a_changed_budget(kemi):
    page = kemi / LATER.rsplit("/", 1)[1]
    text = Path(LATER).read_text(encoding="utf-8")
    assert text.count("Budjetti koko toiminta-ajalle:\u00a0168 512 euroa") == 1
    page.write_text(text.replace("Budjetti koko toiminta-ajalle:\u00a0168 512 euroa", "Budjetti koko toiminta-ajalle: 170 000 euroa"), encoding="utf-8")
    before = run_cli("import", "page", LATER, "--diff", str(REPO / "data"))
    after = run_cli("import", "page", str(page), "--diff", str(REPO / "data"))
    assert before.exit_code == after.exit_code == 0
    added = sorted(set(after.stdout.splitlines()) - set(before.stdout.splitlines()))
    assert [line for line in added if "changes against" not in line] == [
        "koronasta-kasvuun: budget: 168512 -> 170000",
        "koronasta-kasvuun: funding_complete removed (was true)",  # the contributions no longer add up to it
    ]


@pytest.fixture(scope="module")
def register_publication(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("register")
    out = root / "eura"
    result = run_cli("import", "register", str(REGISTER_CSV), "--out", str(out),
                     "--base-iri", "https://data.example.org/eura2014/",
                     "--config", str(REPO / "kemi-lod.yaml"))
    return out, result


def test_the_register_imports_with_every_row_counted(register_publication):
    out, result = register_publication
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2881 rows: 1007 clean, 1851 repaired, 23 rejected"
    assert len((out / "rejects.csv").read_text(encoding="utf-8").splitlines()) == 1 + 23
    config = yaml.safe_load((out / "kemi-lod.yaml").read_text(encoding="utf-8"))
    assert (config["dataset"], config["base_iri"], config["organisations_base"]) == (
        "eura2014", "https://data.example.org/eura2014/", "https://data.kemi.fi/")


def test_organisations_share_ids_with_the_curated_data(register_publication):
    """Same normalised name, same id, so the same IRI under the shared organisations_base."""
    out, _ = register_publication
    def names(folder: Path) -> dict[str, str]:
        out_names = {}
        for path in folder.glob("*.yaml"):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            name = record["name"] if isinstance(record["name"], str) else record["name"]["fi"]
            for spelling in [name, *record.get("alt_names", [])]:
                out_names[normalise_org_name(spelling if isinstance(spelling, str) else spelling["fi"])] = path.stem
        return out_names
    curated, imported = names(REPO / "data" / "organisations"), names(out / "data" / "organisations")
    shared = {key: (curated[key], imported[key]) for key in curated.keys() & imported.keys()}
    assert {key: ids for key, ids in shared.items() if ids[0] != ids[1]} == {}
    assert {ids[0] for ids in shared.values()} >= {"keminmaan-kunta", "kemin-kaupunki", "lapin-yliopisto", "lapin-liitto"}


@pytest.mark.slow
def test_the_imported_register_builds_without_violations(register_publication, monkeypatch):
    out, _ = register_publication
    monkeypatch.chdir(out)
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("2858 projects, ")
    assert ": 0 violations, 0 warnings" in result.stdout
    dump = (out / "build" / "eura2014.nt").read_text(encoding="utf-8")
    assert "<https://data.example.org/eura2014/id/project/a70301> <http://purl.org/dc/terms/identifier> \"A70301\" ." in dump
    assert "<https://data.kemi.fi/id/org/keminmaan-kunta>" in dump
    lacking, counted = amounts_of(out / "build" / "eura2014.nt")
    assert lacking == []  # every schema:MonetaryAmount has a value, the currency EUR and a status
    assert {status for _, status in counted} == {"granted", "paid", "planned"}


@pytest.mark.parametrize("args, message", [
    (("--base-iri", "data.example.org"), "'data.example.org' is not an http(s) IRI ending with '/'"),
    (("--base-iri", "https://x.org/", "--organisations-base", "https://x.org"), "'https://x.org' is not an http(s) IRI"),
])
def test_register_usage_errors(kemi, args, message):
    result = run_cli("import", "register", str(REGISTER_CSV), "--out", "r", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (kemi / "r").exists()


def test_a_register_file_that_is_not_utf8_fails_and_writes_nothing(kemi):
    bad = kemi / "export.csv"
    bad.write_bytes("Hankekoodi;Nimi\nA1;Kehitt\u00e4minen\n".encode("latin-1"))
    result = run_cli("import", "register", str(bad), "--out", "r", "--base-iri", "https://x.org/")
    assert result.exit_code == 1
    assert "not UTF-8" in result.stderr
    assert "kemi-lod: import failed; nothing written" in result.stderr
    assert not (kemi / "r").exists()
