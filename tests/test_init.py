"""`kemi-lod init`: a new publication that builds at once, and publishes a record once added."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
import yaml

from support import run_cli
from kemi_lod.standards import PROFILES
from kemi_lod.commands.check_catalog import check_catalog
from kemi_lod.config import load_settings

BASE = "https://data.tornio.example/"
NAME = "Tornion kaupunki"
DCAT_AP_3 = list(PROFILES["dcat-ap-3"].shapes)
EXAMPLES = [
    "data/organisations/tornion-kaupunki.yaml.example",
    "data/persons/p-0001.yaml.example",
    "data/places/tornio.yaml.example",
    "data/programmes/esimerkkiohjelma.yaml.example",
    "data/projects/esimerkkihanke.yaml.example",
    "data/sources/hankesivu.yaml.example",
]


@pytest.fixture
def created(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "tornio", "--name", NAME, "--base-iri", BASE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "wrote 9 files to tornio/; placeholders to fill in:"
    return tmp_path / "tornio"


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_init_writes_a_configuration_examples_a_readme_and_a_gitignore(created):
    assert _files(created) == sorted([".gitignore", "README.md", "kemi-lod.yaml", *EXAMPLES])
    settings = load_settings(created / "kemi-lod.yaml")
    assert (settings.dataset, settings.base_iri, settings.organisations_base) == ("tornion-kaupunki", BASE, BASE)
    assert (settings.publisher.id, settings.publisher.name.first(), settings.persons) == ("tornion-kaupunki", NAME, "roles")
    assert settings.publisher.business_id is None  # a placeholder comment, never an invented ID
    config = (created / "kemi-lod.yaml").read_text(encoding="utf-8")
    todos = [line.strip() for line in config.splitlines() if "TODO:" in line]
    assert todos == [
        "# TODO: the publisher's business ID (Y-tunnus), e.g. business_id: 1234567-1",
        "# TODO: the publisher's web site, e.g. homepage: https://www.example.fi/",
        "# TODO: the office that answers questions about the data (its name, e-mail or web page)",
        'name: {fi: "TODO: yhteystiedot (Tornion kaupunki)"}',
        '# TODO: the area the data covers, and its IRI in the EU "Place" authority list',
        'name: {fi: "TODO: alue"}',
    ]
    assert "/build" in (created / ".gitignore").read_text().splitlines()
    readme = (created / "README.md").read_text(encoding="utf-8")
    assert readme.startswith(f"# {NAME}: projects as linked open data\n") and "grep TODO kemi-lod.yaml" in readme
    for path in EXAMPLES:  # every example is a YAML mapping
        assert isinstance(yaml.safe_load((created / path).read_text(encoding="utf-8")), dict)


def test_the_new_publication_builds_empty_at_once(created, monkeypatch):
    monkeypatch.chdir(created)
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("0 projects, ")
    assert ": 0 violations, 0 warnings, 0 notes" in result.stdout
    assert (created / "build" / "tornion-kaupunki.nt").is_file()


def test_with_the_examples_renamed_the_record_is_published_with_catalogue_csv_and_pages(created, monkeypatch):
    monkeypatch.chdir(created)
    for path in EXAMPLES:
        (created / path).rename(created / path.removesuffix(".example"))
    result = run_cli("build")
    assert result.exit_code == 0, result.stderr
    # the note: the publisher's example record gives no business ID yet (hsh:OrganisationBusinessId)
    assert result.stdout.startswith("1 project, ") and ": 0 violations, 0 warnings, 1 notes" in result.stdout
    build = (created / "build").resolve()
    project = f"{BASE}id/project/esimerkkihanke"
    dump = rdflib.Graph().parse(build / "tornion-kaupunki.nt", format="nt")
    assert (rdflib.URIRef(project), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/hanke/vocab#Project")) in dump
    rows = list(csv.DictReader(io.StringIO((build / "tornion-kaupunki-projects.csv").read_text(encoding="utf-8"))))
    assert [(r["id"], r["iri"], r["total_budget"], r["funders"]) for r in rows] == [
        ("esimerkkihanke", project, "100000", NAME)]
    page = (build / "id" / "project" / "esimerkkihanke.html").read_text(encoding="utf-8")
    assert "<h1>Esimerkkihanke</h1>" in page
    assert "esimerkkihanke" in (build / "id" / "project" / "index.html").read_text(encoding="utf-8")
    catalogue = rdflib.Graph().parse(build / "catalog.ttl", format="turtle")
    urls = {str(o) for o in catalogue.objects(None, rdflib.URIRef("http://www.w3.org/ns/dcat#downloadURL"))}
    assert {f"{BASE}tornion-kaupunki.nt", f"{BASE}tornion-kaupunki-projects.csv"} <= urls
    runs = check_catalog(build / "catalog.ttl", DCAT_AP_3)
    assert [(Path(r.shapes).name, r.violations) for r in runs] == [
        ("shapes.ttl", ()), ("range.ttl", ()), ("shapes_recommended.ttl", ()), ("deprecateduris.ttl", ())]


@pytest.mark.parametrize("args, message", [
    (("--base-iri", "https://x.example"), "--base-iri 'https://x.example' is not an http(s) IRI ending with '/'"),
    (("--base-iri", BASE, "--dataset", "Not An Id"), "--dataset 'Not An Id' is not an id"),
    (("--base-iri", BASE, "--name", "  "), "--name must not be empty"),
])
def test_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    options = ("--name", NAME) + args if "--name" not in args else args
    result = run_cli("init", "new", *options)
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "new").exists()


def test_a_folder_with_files_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pub").mkdir()
    (tmp_path / "pub" / "notes.txt").write_text("mine")
    result = run_cli("init", "pub", "--name", NAME, "--base-iri", BASE)
    assert result.exit_code == 2
    assert "pub: not an empty folder; kemi-lod init never writes over files" in result.stderr
    assert _files(tmp_path / "pub") == ["notes.txt"]


def test_init_and_build_as_a_user_runs_them(tmp_path):
    exe = str(Path(sys.executable).with_name("kemi-lod"))
    run = lambda *args, cwd: subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=300)  # noqa: E731
    made = run("init", "kemi-lod-pub", "--name", "Kemijärven kaupunki", "--base-iri", "https://data.example.org/", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "kemi-lod-pub"
    assert run("build", cwd=root).returncode == 0
    for path in root.glob("data/*/*.yaml.example"):
        path.rename(path.with_suffix(""))
    built = run("build", cwd=root)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("1 project, ")
    assert (root / "build" / "id" / "project" / "esimerkkihanke.html").is_file()
    assert (root / "build" / "id" / "org" / "kemijarven-kaupunki.html").is_file()
