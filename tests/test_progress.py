"""Progress on standard error for the long commands, and where a build's warnings and notes are listed.

`kemi-lod build`, `import register` and `publish` show a click progress bar per stage, with the
rate per second, on standard error when it is a terminal and `--quiet` is not given; otherwise
nothing. The library only reports to a `Progress` (kemi_lod/progress.py); the tests check what it
reports, what the CLI prints off a terminal (CliRunner) and, under a pseudo-terminal, what a user
sees. `kemi-lod validate` lists every warning and note where it comes from; the build's summary
says so.
"""

from __future__ import annotations

import os
import pty
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from support import REGISTER_CSV, load_benchmark, run_cli, tree_bytes
from kemi_lod import terminal
from kemi_lod.build import pipeline
from kemi_lod.config import load_settings
from kemi_lod.importers.register import import_register
from kemi_lod.sparql.queries import examples
from kemi_lod.commands.publish import publish_to_store
from kemi_lod.shacl.validation import compiled_shapes

generate = load_benchmark("synthetic").generate

WARNING = "data/projects/yksirivinen.yaml:1: warning: dct:temporal: The project has no period. [hsh:ProjectPeriodStated-temporal]\n"
# the fixture's notes of the linking stage: two organisations without a business ID, a
# fictitious municipality without an official code
LINK_NOTES = (
    "data/organisations/rahoittaja.yaml:1: note: The organisation has no business ID: its record gives none (business_id) and none of its names is in the reference table (reference/organisations.csv). [hsh:OrganisationBusinessId]\n"
    "data/organisations/yliopisto.yaml:1: note: The organisation has no business ID: its record gives none (business_id) and none of its names is in the reference table (reference/organisations.csv). [hsh:OrganisationBusinessId]\n"
    "data/places/testikunta.yaml:1: note: skos:exactMatch: The municipality or region has no official code: none of its names is in the reference tables (reference/municipalities.csv, reference/regions.csv). [hsh:OfficialPlaceLinked-exactMatch]\n"
)
PROJECT_FINDINGS = (
    WARNING
    + "data/projects/yksirivinen.yaml:1: note: hanke:budget: The project states no budget. [hsh:ProjectBudgetStated-budget]\n"
)
FINDINGS = LINK_NOTES + PROJECT_FINDINGS  # the fixture's warning and notes, in the order of where they are
COUNTS = "4 projects, 884 triples: 0 violations, 1 warnings, 4 notes"
BUILD_STAGES = ["scan", "records", "dumps", "pages", "rules", "queries"]
STORE_BASE = "https://example.org/pub/graph/"


class Recorder:
    """A Progress that keeps what it is told: [name, total, unit, units advanced] per stage."""

    def __init__(self) -> None:
        self.stages: list[list] = []

    def stage(self, name: str, total: int | None, unit: str = "records") -> None:
        self.stages.append([name, total, unit, 0])

    def advance(self, n: int = 1) -> None:
        self.stages[-1][3] += n


def labels(*names: str) -> str:
    """What a click progress bar writes when its stream is not a terminal after all: its label, once."""
    return "".join(f"{name.ljust(terminal.Bars.LABEL)}\n" for name in names)


# --- what the library reports -------------------------------------------------------------------


def test_a_build_reports_each_stage_with_its_total_and_the_same_files(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    records = len(list((publication / "data").rglob("*.yaml")))
    rules, queries = len(compiled_shapes().sparql), len(examples())
    recorder = Recorder()

    result = pipeline.build(settings, publication / "data", publication / "build", use_cache=False, progress=recorder)

    assert result.ok
    pages = len([p for p in (publication / "build" / "id").rglob("*.html") if p.name != "index.html"])
    assert pages == records  # every record has its page
    assert recorder.stages == [
        ["scan", records, "files", records],
        ["records", records, "records", records],
        ["dumps", records + 1, "records", records + 1],  # and the code lists' chunk
        ["pages", pages, "pages", pages],  # while the rules and the example queries run in threads
        ["rules", rules, "rules", rules],
        ["queries", queries, "queries", queries],
    ]
    reported = tree_bytes(publication / "build")
    quiet = pipeline.build(settings, publication / "data", publication / "build", use_cache=False)
    assert quiet.ok and tree_bytes(publication / "build") == reported


def test_an_unchanged_rebuild_reports_no_record_to_process(publication):
    settings = load_settings(publication / "kemi-lod.yaml")
    assert pipeline.build(settings, publication / "data", publication / "build").ok
    recorder = Recorder()
    assert pipeline.build(settings, publication / "data", publication / "build", progress=recorder).ok
    assert recorder.stages[1] == ["records", 0, "records", 0]


def test_the_register_import_reports_its_rows_and_the_records_it_writes(tmp_path):
    recorder = Recorder()
    result = import_register(REGISTER_CSV, tmp_path / "out", "https://example.org/", "https://example.org/r/",
                             implementer="Keminmaan kunta", progress=recorder)
    assert result.ok
    rows = REGISTER_CSV.read_bytes().count(b"\n") - 1  # one line a row after the header
    records = len(list((tmp_path / "out" / "data").rglob("*.yaml")))
    assert recorder.stages == [["rows", rows, "rows", rows], ["records", records, "records", records]]


def test_publish_reports_the_triples_read_and_sent(publication, oxigraph):
    assert run_cli("build").exit_code == 0
    build = publication / "build"
    files = [build / "fixture.nt", *sorted((build / "ontology").glob("*.ttl")), *sorted((build / "shapes").glob("*.ttl")),
             build / "catalog.ttl"]
    read = sum(sum(1 for _ in ox.parse(path=str(f), format=ox.RdfFormat.N_TRIPLES if f.suffix == ".nt" else ox.RdfFormat.TURTLE))
               for f in files)
    recorder = Recorder()
    result = publish_to_store(build, load_settings(publication / "kemi-lod.yaml"), f"{oxigraph}/store", progress=recorder)
    sent = sum(g.triples for g in result.graphs)
    assert recorder.stages == [["read", None, "triples", read], ["send", sent, "triples", sent]]


# --- the CLI off a terminal ------------------------------------------------------------------------


def test_build_prints_no_progress_off_a_terminal_or_when_quiet(publication, monkeypatch):
    for args in ([], ["--quiet"], ["-q"]):
        result = run_cli("build", *args)
        assert (result.exit_code, result.stderr) == (0, WARNING)
        assert result.stdout.splitlines()[0] == f"{COUNTS} (run kemi-lod validate to list them)"
    # on a terminal (as far as the CLI's one check knows) the bars are made, and --quiet stops them
    monkeypatch.setattr(terminal, "stderr_is_terminal", lambda: True)
    assert run_cli("build", "--no-cache").stderr == labels(*BUILD_STAGES) + WARNING
    assert run_cli("build", "--no-cache", "-q").stderr == WARNING


def test_import_register_prints_no_progress_off_a_terminal_or_when_quiet(tmp_path, monkeypatch):
    def run(out: str, *args: str):
        return run_cli("import", "register", str(REGISTER_CSV), "--out", str(tmp_path / out), "--base-iri",
                       "https://example.org/r/", "--organisations-base", "https://example.org/",
                       "--implementer", "Keminmaan kunta", *args)

    for out, args in (("plain", []), ("quiet", ["--quiet"])):
        result = run(out, *args)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.splitlines()[0] == "2 rows implemented by Keminmaan kunta: 2 clean, 0 repaired, 0 rejected"
    monkeypatch.setattr(terminal, "stderr_is_terminal", lambda: True)
    assert run("terminal").stderr == labels("rows", "records")
    assert run("terminal-quiet", "-q").stderr == ""


def test_publish_prints_no_progress_off_a_terminal_or_when_quiet(publication, oxigraph, monkeypatch):
    assert run_cli("build").exit_code == 0
    for args in ([], ["--quiet"]):
        result = run_cli("publish", "--endpoint", f"{oxigraph}/store", *args)
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout.splitlines()[-1] == f"published build/ to {oxigraph}/store: 4 graphs checked"
    monkeypatch.setattr(terminal, "stderr_is_terminal", lambda: True)
    assert run_cli("publish", "--endpoint", f"{oxigraph}/store").stderr == labels("read", "send")
    assert run_cli("publish", "--endpoint", f"{oxigraph}/store", "-q").stderr == ""


# --- the CLI on a terminal ---------------------------------------------------------------------------


def run_on_terminal(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run the command with its standard error on a pseudo-terminal (stdout a pipe): exit code, stdout, stderr."""
    master, slave = pty.openpty()
    process = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every process holding the terminal has closed it
            break
        if not data:
            break
        seen += data
    out, _ = process.communicate(timeout=120)
    os.close(master)
    return process.returncode, out.decode(), seen.decode()


def final_lines(terminal_text: str) -> list[str]:
    """Each line as it is left on the screen: the last drawing after each carriage return, without
    the escape codes that hide and show the cursor or the spaces that clear a longer drawing."""
    text = re.sub(r"\x1b\[\?25[lh]", "", terminal_text)
    return [line.strip("\r").split("\r")[-1].rstrip() for line in text.split("\n") if line.strip("\r")]


def test_a_build_on_a_terminal_shows_each_stage_with_its_rate_and_the_same_output(tmp_path):
    # enough records for the record stage to take a measurable time (a rate is shown after 0.1 s)
    pub = generate(tmp_path / "pub", projects=400, seed=3)
    with open(pub / "kemi-lod.yaml", "a") as config:
        config.write("pages: false\n")
    records = len(list((pub / "data").rglob("*.yaml")))
    command = [sys.executable, "-m", "kemi_lod", "build", "--no-cache"]

    code, stdout, stderr = run_on_terminal(command, pub)

    assert code == 0, stderr
    lines = final_lines(stderr)
    assert [line.split()[0] for line in lines] == [s for s in BUILD_STAGES if s != "pages"]  # pages: false
    bar = r"\[#{30}\]"
    assert re.fullmatch(rf"records   {bar}  {records}/{records}  [\d,]+(\.\d)? records/s in \d+\.\d s", lines[1]), lines[1]
    assert re.fullmatch(rf"scan      {bar}  {records}/{records}  (.* )?in \d+\.\d s", lines[0]), lines[0]
    # while the records are processed, the bar is redrawn with the count so far
    assert re.search(rf"\rrecords   \[[#-]{{30}}\]  0/{records}\r", re.sub(r"\x1b\[\?25[lh]", "", stderr))
    plain = subprocess.run(command, cwd=pub, capture_output=True, text=True, timeout=120)
    assert (plain.returncode, plain.stderr) == (0, "")
    assert stdout == plain.stdout
    # nothing to list: no hint
    assert re.fullmatch(r"400 projects, \d+ triples: 0 violations, 0 warnings, 0 notes", stdout.splitlines()[0])


# --- where the warnings and notes are listed ------------------------------------------------------------


def test_validate_lists_the_violations_with_the_warnings_and_notes(publication):
    # the city's share for one year (not in the whole-period sums) above the whole budget
    (publication / "data" / "projects" / "jatkuva.yaml").write_text(
        'title: Rikki\nsources: [{source: sivu}]\nbudget: 10\n'
        'funding: [{funder: testikunta, group: municipal, amount: 20, year: "2020"}]\n'
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    assert result.stdout == "4 projects, 886 triples: 1 violations, 2 warnings, 4 notes\n"
    # the listing of a clean check is tests/test_cli.py::test_validate_writes_nothing_and_reports_warnings_and_notes
    assert result.stderr == (
        LINK_NOTES
        + "data/projects/jatkuva.yaml:1: warning: dct:temporal: The project has no period. [hsh:ProjectPeriodStated-temporal]\n"
        "data/projects/jatkuva.yaml:4: funding: A contribution of 20.0 euros exceeds the total budget "
        "of 10.0 euros. [hsh:MunicipalShareWithinBudget]\n"
        + PROJECT_FINDINGS
    )


def test_the_build_summary_names_the_command_that_lists_them(publication):
    result = run_cli("build")
    assert result.stdout.splitlines()[0] == f"{COUNTS} (run kemi-lod validate to list them)"
    assert result.stderr == WARNING  # the warnings are also shown at once; the notes only by validate

    shutil.move(publication / "data", publication / "my data")
    result = run_cli("build", "--config", "kemi-lod.yaml", "--data", "my data")
    hint = "kemi-lod validate --config kemi-lod.yaml --data 'my data'"
    assert result.stdout.splitlines()[0] == f"{COUNTS} (run {hint} to list them)"
    listed = run_cli(*shlex.split(hint)[1:])
    assert (listed.exit_code, listed.stderr) == (0, FINDINGS.replace("data/", "my data/"))
