"""The `kemi-lod` command: each subcommand parses options and calls one library function.

Only this module prints or exits. Exit codes: 0 ok, 1 invalid data, 2 usage or environment.
"""

from __future__ import annotations

import re
import shlex
import sys
from importlib.metadata import version
from pathlib import Path

import click

from kemi_lod.build import pipeline
from kemi_lod.build.atomic import purge_earlier_versions
from kemi_lod.build.cache import cache_file, compact
from kemi_lod.commands.remove_person import remove_person
from kemi_lod.config import CONFIG_NAME, Settings, load_settings
from kemi_lod.errors import KemiLodError
from kemi_lod.importers import page as pages
from kemi_lod.importers import register
from kemi_lod import terminal
from kemi_lod.standards import PROFILES

CONTEXT = {"help_option_names": ["-h", "--help"]}


class _Group(click.Group):
    """Turns expected failures into messages and exit codes; bugs stay tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KemiLodError as exc:
            _report_problems(exc.problems)
            click.echo(f"kemi-lod: {exc.message}", err=True)
            ctx.exit(exc.exit_code)


def _report_problems(problems, label: str = "problem") -> None:
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        n = len(problems)
        click.echo(f"{n} {label}{'s' if n != 1 else ''}", err=True)


config_option = click.option(
    "--config", "config", type=click.Path(path_type=Path, dir_okay=False),
    help=f"The publication's configuration [default: ./{CONFIG_NAME}].",
)
engine_option = click.option(
    "--engine", type=click.Choice(["compiled", "pyshacl"]), default="compiled", show_default=True,
    help="The SHACL engine: the fast compiled one, or pySHACL on the whole graph (slow; a cross-check).",
)
jobs_option = click.option("--jobs", type=click.IntRange(1), help="Worker processes [default: one per core].")
cache_option = click.option(
    "--no-cache", "no_cache", is_flag=True,
    help="Process every record again instead of reusing unchanged ones from .kemi-lod-cache/ (which is refilled).",
)
data_option = click.option(
    "--data", "data", type=click.Path(path_type=Path, file_okay=False),
    help="The records folder [default: data/ beside the configuration].",
)
strict_option = click.option(
    "--strict", is_flag=True,
    help="Make the warning of a project recorded twice (same title and source lines, or same title, period "
         "and budget) an error.",
)
quiet_option = click.option(
    "-q", "--quiet", is_flag=True,
    help="Show no progress (it is shown on standard error only when that is a terminal).",
)


def _data_dir(settings: Settings, data: Path | None) -> Path:
    return data if data is not None else settings.root / "data"


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(version("kemi-lod"), "--version", prog_name="kemi-lod")
def main() -> None:
    """Publish project records as validated linked open data."""


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", required=True, help="The publisher's name (\"Tornion kaupunki\").")
@click.option("--base-iri", "base_iri", required=True, help="The publication's base IRI, ending with '/'.")
@click.option("--dataset", help="The dataset name (the stem of the dump files) [default: from the name].")
def init(folder: Path, name: str, base_iri: str, dataset: str | None) -> None:
    """Create a new publication in FOLDER (new or empty): kemi-lod.yaml, data/ with an example
    record of each kind (*.yaml.example), a README and a .gitignore. It builds at once.
    """
    from kemi_lod.commands.init import init_publication

    created = init_publication(folder, name, base_iri, dataset)
    click.echo(f"wrote {len(created.files)} files to {folder}/; placeholders to fill in:")
    for line in created.todos:
        click.echo(f"  {line}")


@main.command()
@config_option
@data_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="The web root to write [default: build/ beside the configuration].")
@engine_option
@jobs_option
@cache_option
@strict_option
@quiet_option
def build(config: Path | None, data: Path | None, out: Path | None, engine: str, jobs: int | None, no_cache: bool,
          strict: bool, quiet: bool) -> None:
    """Load, map and validate the records, then write the publication.

    The output is replaced atomically: a failed build leaves the previous one untouched.
    Warnings are listed on standard error; kemi-lod validate lists the notes too.
    """
    settings = load_settings(config)
    target = out if out is not None else settings.root / "build"
    with terminal.progress(quiet) as progress:
        result = pipeline.build(settings, _data_dir(settings, data), target, engine, jobs, not no_cache, progress, strict)
    checked = result.checked
    _cache_note(checked)
    if not result.ok:
        _report_problems(checked.problems)
        click.echo("kemi-lod: build failed; the previous build is untouched", err=True)
        sys.exit(1)
    assert checked.report is not None
    for p in checked.report.warnings:
        click.echo(str(p), err=True)
    line = _counts(checked)
    if checked.report.warnings or checked.report.infos:
        line += f" (run {_validate_command(config, data)} to list them)"
    click.echo(line)
    if checked.coverage is not None:
        click.echo(checked.coverage.line())
    if result.current:
        click.echo(f"nothing changed: {_shown(result.out)}/ holds the same {len(result.written)} files")
    else:
        click.echo(f"wrote {len(result.written)} files to {_shown(result.out)}/")


def _cache_note(checked: pipeline.Checked) -> None:
    if checked.cache is not None and checked.cache.note:
        click.echo(f"note: {checked.cache.note}", err=True)


def _validate_command(config: Path | None, data: Path | None) -> str:
    """`kemi-lod validate` on the records just built."""
    words = ["kemi-lod", "validate"]
    if config is not None:
        words += ["--config", str(config)]
    if data is not None:
        words += ["--data", str(data)]
    return shlex.join(words)


@main.command()
@config_option
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True,
              help="A readable report, or the SHACL validation report as Turtle.")
@engine_option
@jobs_option
@cache_option
@strict_option
def validate(config: Path | None, data: Path | None, fmt: str, engine: str, jobs: int | None, no_cache: bool,
             strict: bool) -> None:
    """Check the records and the graph against the shapes, writing nothing.

    Every violation, warning and note is listed on standard error, one line each where it
    comes from (FILE:LINE: field: message), then the counts. Problems in the records
    themselves stop the check before the shapes: only they are listed.
    """
    settings = load_settings(config)
    checked = pipeline.check(settings, _data_dir(settings, data), engine, jobs, not no_cache, strict=strict)
    checked.cache.close()
    _cache_note(checked)
    if fmt == "ttl" and checked.report is not None:
        click.echo(checked.report.turtle().decode(), nl=False)
    elif checked.report is None:
        _report_problems(checked.problems)
    else:
        for p in checked.report.problems:
            click.echo(str(p), err=True)
        click.echo(_counts(checked))
    if not checked.ok:
        sys.exit(1)


# --- import ----------------------------------------------------------------------------------


@main.group(name="import", cls=_Group, context_settings=CONTEXT)
def import_() -> None:
    """Turn project-list pages or a register export into draft records."""


def _empty_target(out: Path, what: str) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.UsageError(f"{out}: not an empty folder; the import writes {what} into a new one and never overwrites records")


def _url_pair(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, url = value.partition("=")
        if not sep or not name or not url.startswith(("http://", "https://")):
            raise click.BadParameter(f"{value!r} is not NAME=URL (the page's file name and its http(s) address)")
        pairs[name] = url
    return pairs


def _base(ctx, param, value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+/", value):
        raise click.BadParameter(f"{value!r} is not an http(s) IRI ending with '/'")
    return value


def _configured(config: Path | None) -> Settings | None:
    """The publication's settings where one is given or found here, else None."""
    if config is None and not Path(CONFIG_NAME).is_file():
        return None
    return load_settings(config)


@import_.command(name="page")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out", type=click.Path(path_type=Path), help="A new data folder to write the records to.")
@click.option("--url", "urls", multiple=True, callback=_url_pair, metavar="NAME=URL",
              help="The address of the page in file NAME (repeatable); without it the source gets a placeholder URL.")
@click.option("--city", help="The city whose pages they are (\"Tornion kaupunki\") [default: the publisher in the configuration].")
@click.option("--diff", "diff", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Print what the pages change against the records in this data folder.")
@config_option
def import_page(files: tuple[Path, ...], out: Path | None, urls: dict[str, str], city: str | None, diff: Path | None,
                config: Path | None) -> None:
    """Read project-list pages (text, in file-name order: earlier names are earlier versions).

    Every spot the importer had to judge or could not read is listed as FILE:LINE: what; the
    text of unread lines is kept in the records' notes.
    """
    if out is None and diff is None:
        raise click.UsageError("give --out (write the records) or --diff (compare with curated records), or both")
    if out is not None:
        _empty_target(out, "the records")
    settings = _configured(config)
    if city is None and settings is None:
        raise click.UsageError(f"give --city, or run it where {CONFIG_NAME} names the publisher")
    city_id = settings.publisher.id if city is None else None  # the publisher's own record, by its id
    city = city or settings.publisher.name.first()
    max_amount = settings.max_amount if settings is not None else pages.DEFAULT_MAX_AMOUNT
    imported = pages.import_pages(list(files), urls, city=city, max_amount=max_amount, city_id=city_id)
    for line in imported.problems:
        click.echo(line, err=True)
    counts = {kind: len(records) for kind, records in imported.draft.records.items()}
    click.echo(
        f"{counts['project']} projects, {counts['org']} organisations, {counts['person']} persons, "
        f"{counts['programme']} programmes, {counts['source']} sources; {len(imported.problems)} spots to review"
    )
    if out is not None:
        pages.write_page_import(imported, out)
        click.echo(f"wrote the records to {out}/")
    if diff is not None:
        changes = pages.diff_against(diff, imported)
        for line in changes:
            click.echo(line)
        click.echo(f"{len(changes)} changes against {diff}/")


@import_.command(name="register")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="A new publication folder: data/, rejects.csv and a kemi-lod.yaml to review.")
@click.option("--base-iri", "base_iri", required=True, callback=_base, help="The register publication's own base IRI.")
@click.option("--organisations-base", "organisations_base", callback=_base,
              help="The IRI space of organisations, shared with other publications [default: that of the configuration].")
@click.option("--dataset", default="eura2014", show_default=True, help="The dataset name (the stem of the dump files).")
@click.option("--implementer", metavar="NAME",
              help="Keep only the projects this organisation implements (\"Tornion kaupunki\"; case, spacing and company forms do not matter).")
@config_option
@quiet_option
def import_register(file: Path, out: Path, base_iri: str, organisations_base: str | None, dataset: str,
                    implementer: str | None, config: Path | None, quiet: bool) -> None:
    """Read the structural-funds register's CSV export (columns found by header name).

    Rows that cannot be read unambiguously go to OUT/rejects.csv with line and reason;
    the repaired ones to OUT/repairs.csv with the rules applied.
    """
    _empty_target(out, "a publication")
    if organisations_base is None:
        settings = _configured(config)
        if settings is None:
            raise click.UsageError(f"give --organisations-base, or run it where {CONFIG_NAME} sets organisations_base")
        organisations_base = settings.organisations_base
    with terminal.progress(quiet) as progress:
        result = register.import_register(file, out, organisations_base, base_iri, dataset, implementer=implementer,
                                          progress=progress)
    for line in result.messages:
        click.echo(line, err=True)
    if not result.ok:
        for line in result.errors:
            click.echo(line, err=True)
        click.echo("kemi-lod: import failed; nothing written", err=True)
        sys.exit(1)
    selected = f" implemented by {implementer}" if implementer else ""
    click.echo(f"{result.rows} rows{selected}: {result.clean} clean, {result.repaired} repaired, {result.rejected} rejected")
    for rule, n in result.repairs.items():
        click.echo(f"  repaired ({rule}): {n}")
    for kind, n in result.rejected_by.items():
        click.echo(f"  rejected ({kind}): {n}")
    click.echo(f"wrote {out}/ (records in data/, rejects in rejects.csv)")


def _shown(path: Path) -> str:
    """The output path as given (not resolved through its link to the versioned folder)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _counts(checked: pipeline.Checked) -> str:
    report = checked.report
    assert report is not None
    projects = checked.projects
    return (
        f"{projects} project{'s' if projects != 1 else ''}, {checked.triples} triples: "
        f"{len(report.violations)} violations, {len(report.warnings)} warnings, {len(report.infos)} notes"
    )


# --- remove-person ------------------------------------------------------------------------------


@main.command(name="remove-person")
@click.argument("person", metavar="ID")
@config_option
@data_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="The web root the publication is built to [default: build/ beside the configuration].")
def remove_person_command(person: str, config: Path | None, data: Path | None, out: Path | None) -> None:
    """Remove a person: their record, every contact and history entry that names them; then
    rebuild and delete the kept earlier build versions and the cache's old copy.

    What the tool cannot reach is printed at the end (docs/privacy.md: stores already pushed,
    the repository's history, harvesters' copies).
    """
    settings = load_settings(config)
    data_dir, target = _data_dir(settings, data), out if out is not None else settings.root / "build"
    removal = remove_person(data_dir, person)
    click.echo(f"removed {_shown(removal.person)}")
    for path, n in removal.edited.items():
        click.echo(f"  {_shown(path)}: {n} contact{'s' if n != 1 else ''} taken out")
    result = pipeline.build(settings, data_dir, target)
    if not result.ok:
        _report_problems(result.checked.problems)
        click.echo("kemi-lod: the records no longer build; fix them and run kemi-lod build (then this command's purge "
                   "again: kemi-lod remove-person is done when the build is)", err=True)
        sys.exit(1)
    gone = purge_earlier_versions(target)
    compact(cache_file(settings.root, data_dir))
    click.echo(f"rebuilt {_shown(target)}/; deleted {len(gone)} earlier build version{'s' if len(gone) != 1 else ''} "
               "and compacted the cache")
    click.echo("not reached by this command (docs/privacy.md): a triple store the publication was pushed to "
               "(run kemi-lod publish again), the records' version-control history, copies harvesters made, "
               "and a running kemi-lod serve (restart it)")


# --- check-catalog ------------------------------------------------------------------------------


@main.command(name="check-catalog")
@click.argument("catalog_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--profile", "profiles", multiple=True, type=click.Choice(sorted(PROFILES)),
              help="Shapes shipped with the tool (repeatable): dcat-ap-3 (DCAT-AP 3.0.1: mandatory, ranges, "
                   "recommended) or avoindata (avoindata.fi's extension, with its FOAF ontology and RDFS "
                   "inference).")
@click.option("--shapes", "shapes", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="A SHACL shapes file, or a folder of them (repeatable). Each file holding shapes is run "
                   "on its own; other .ttl files (an ontology such as avoindata's FOAF.ttl) are added to "
                   "the data.")
@click.option("--merge", is_flag=True, help="Run all the shapes files as one shapes graph instead.")
@click.option("--inference", type=click.Choice(["none", "rdfs"]),
              help="Inference pySHACL applies to the data first [default: the profile's, else none].")
def check_catalog(catalog_file: Path, profiles: tuple[str, ...], shapes: tuple[Path, ...], merge: bool,
                  inference: str | None) -> None:
    """Check a DCAT catalogue (Turtle) against DCAT-AP SHACL shapes.

    Give a shipped --profile, or --shapes files of your own. Violations exit with 1;
    warnings are reported.
    """
    from kemi_lod.commands.check_catalog import check_catalog as run_checks, shapes_files_in

    if not profiles and not shapes:
        raise click.UsageError(f"give --profile ({', '.join(sorted(PROFILES))}) or --shapes")
    shapes_files, others = shapes_files_in(shapes)
    if shapes and not shapes_files:
        raise click.UsageError("no SHACL shapes in " + ", ".join(str(p) for p in shapes))
    runs, labels = [], {}
    for name in profiles:  # each profile with its own ontology and inference
        profile = PROFILES[name]
        labels.update({str(p): f"{name}:{p.name}" for p in profile.shapes})
        runs += run_checks(catalog_file, profile.shapes, profile.ontology, inference or profile.inference,
                           separate=not merge)
    if shapes_files:
        runs += run_checks(catalog_file, shapes_files, others, inference or "none", separate=not merge)
    violations = 0
    for run in runs:
        for p in run.problems:
            click.echo(str(p), err=True)
        n, w = len(run.violations), len(run.problems) - len(run.violations)
        violations += n
        shown = " + ".join(labels.get(part, part) for part in run.shapes.split(" + "))
        click.echo(f"{shown}: {n} violation{'s' if n != 1 else ''}, {w} warning{'s' if w != 1 else ''}")
    if violations:
        sys.exit(1)


# --- check-vocabulary ---------------------------------------------------------------------------


@main.command(name="check-vocabulary")
@click.argument("old", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new", required=False, type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--old-shapes", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The folder of OLD's hanke-shapes.ttl [default: OLD].")
@click.option("--new-shapes", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The folder of NEW's hanke-shapes.ttl [default: NEW, or the shipped shapes].")
def check_vocabulary(old: Path, new: Path | None, old_shapes: Path | None, new_shapes: Path | None) -> None:
    """Check that the vocabulary NEW keeps what OLD promised (semantic versioning).

    OLD and NEW are folders with hanke.ttl, codelists.ttl and hanke-shapes.ttl (as
    ontology/releases/<version>/); NEW defaults to the vocabulary this tool ships. A removed
    term, a changed domain or range, a removed axiom or a tightened shape needs a new major
    version: each is listed and the exit code is 1.
    """
    from kemi_lod.commands.check_vocabulary import check_vocabulary as run_check

    before, after, breaks = run_check(old, new, old_shapes, new_shapes)
    for line in breaks:
        click.echo(line, err=True)
    if breaks:
        click.echo(f"{after.name} {after.version} is not compatible with {before.name} {before.version}: "
                   f"{len(breaks)} break{'s' if len(breaks) != 1 else ''}")
        sys.exit(1)
    click.echo(f"{after.name} {after.version} keeps what {before.name} {before.version} promised")


# --- serve --------------------------------------------------------------------------------------


@main.command()
@config_option
@click.option("--root", "root", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The web root to serve [default: build/ beside the configuration].")
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="The port to listen on.")
def serve(config: Path | None, root: Path | None, host: str, port: int) -> None:
    """Serve the built publication with content negotiation and a SPARQL endpoint at /sparql.

    Read-only; queries are stopped at server.query_timeout and refused above server.max_results
    (see Settings). Stop with Ctrl-C.
    """
    from kemi_lod.commands.serve import run_serve

    settings = load_settings(config)
    target = root if root is not None else settings.root / "build"
    if not (target / f"{settings.dataset}.nt").is_file():
        raise click.UsageError(f"{_shown(target)}: no build to serve (run kemi-lod build first)")
    click.echo(f"serving {_shown(target)}/ at http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops", err=True)
    try:
        run_serve(target, settings, host, port)
    except KeyboardInterrupt:
        pass


# --- query --------------------------------------------------------------------------------------


def _params(ctx, param, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, given = value.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE")
        pairs[name] = given
    return pairs


@main.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("-e", "--query", "text", metavar="TEXT", help="The query itself instead of a FILE.")
@click.option("--example", "example_name", metavar="NAME", help="One of the tool's example queries (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the example queries with their titles.")
@click.option("--param", "params", multiple=True, callback=_params, metavar="NAME=VALUE",
              help="A value for a parameter the query declares ('# param: NAME TYPE DEFAULT'); repeatable.")
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="An RDF file to query (.nt, .ttl, .jsonld…) [default: the built dump, build/<dataset>.nt].")
@click.option("--endpoint", metavar="URL", help="A SPARQL endpoint to send the query to instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True,
              help="An aligned table for people, or SPARQL 1.1 CSV, TSV or JSON results.")
@config_option
def query(file: Path | None, text: str | None, example_name: str | None, list_: bool, params: dict[str, str],
          data: Path | None, endpoint: str | None, fmt: str, config: Path | None) -> None:
    """Run a SPARQL SELECT query on the built publication, an RDF file or an endpoint.

    A syntax error is reported with its line and column (exit code 1).
    """
    from kemi_lod.commands import query as command
    from kemi_lod.rdf.results import write_solutions

    if list_:
        click.echo(command.list_examples(), nl=False)
        return
    chosen = command.resolve_query(file, text, example_name)
    if data is not None and endpoint is not None:
        raise click.UsageError("give --data or --endpoint, not both")
    if data is None and endpoint is None:
        settings = load_settings(config)
        data = settings.root / "build" / f"{settings.dataset}.nt"
        if not data.is_file():
            raise click.UsageError(f"{_shown(data)}: no built dump (run kemi-lod build, or give --data or --endpoint)")
    results = command.run_query(chosen, params, data=data, endpoint=endpoint)
    # bytes, so the CRLF line ends of SPARQL CSV reach the file as they are; the endpoint's
    # writer, so both give the same results (JSON has no final newline there: one is added)
    written = write_solutions(results.variables, results.rows, fmt)
    click.echo(written if written.endswith(b"\n") else written + b"\n", nl=False)


# --- publish ------------------------------------------------------------------------------------


@main.command()
@config_option
@click.option("--endpoint", "endpoint", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store endpoint (Oxigraph: http://HOST:7878/store).")
@click.option("--query-endpoint", "query_endpoint", metavar="URL",
              help="The store's SPARQL query endpoint, to count triples [default: derived for Oxigraph, Fuseki, GraphDB].")
@click.option("--root", "root", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="The built publication [default: build/ beside the configuration].")
@quiet_option
def publish(config: Path | None, endpoint: str, query_endpoint: str | None, root: Path | None, quiet: bool) -> None:
    """Load the built publication into a SPARQL store, one named graph each.

    The data, vocabulary, shapes and catalogue graphs are each replaced by one HTTP PUT, the
    catalogue last; the store's triple counts are then checked. Credentials come from
    KEMI_LOD_STORE_USER and KEMI_LOD_STORE_PASSWORD. A store that is down or fails is exit code 2.
    """
    from kemi_lod.commands.publish import publish_to_store

    settings = load_settings(config)
    target = root if root is not None else settings.root / "build"
    with terminal.progress(quiet) as progress:
        result = publish_to_store(target, settings, endpoint, query_endpoint, progress=progress)
    for g in result.graphs:
        click.echo(f"{g.name}: <{g.iri}> {g.triples} triples ({'new' if g.new else 'replaced'})")
    click.echo(f"published {_shown(target)}/ to {endpoint}: {len(result.graphs)} graphs checked")
