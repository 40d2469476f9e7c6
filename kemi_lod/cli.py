"""The `kemi-lod` command: each subcommand parses options and calls one library function.

Only this module prints or exits. Exit codes: 0 ok, 1 invalid data, 2 usage or environment.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

import click

from . import pipeline
from .config import CONFIG_NAME, Settings, load_settings
from .errors import KemiLodError, Problem, display_path

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


def _data_dir(settings: Settings, data: Path | None) -> Path:
    return data if data is not None else settings.root / "data"


@click.group(cls=_Group, context_settings=CONTEXT)
@click.version_option(version("kemi-lod"), "--version", prog_name="kemi-lod")
def main() -> None:
    """Publish project records as validated linked open data."""


@main.command()
@config_option
@data_option
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False),
              help="The web root to write [default: build/ beside the configuration].")
@engine_option
@jobs_option
@cache_option
def build(config: Path | None, data: Path | None, out: Path | None, engine: str, jobs: int | None, no_cache: bool) -> None:
    """Load, map and validate the records, then write the publication.

    The output is replaced atomically: a failed build leaves the previous one untouched.
    """
    settings = load_settings(config)
    target = out if out is not None else settings.root / "build"
    result = pipeline.build(settings, _data_dir(settings, data), target, engine, jobs, not no_cache)
    checked = result.checked
    if not result.ok:
        _report_problems(checked.problems)
        click.echo("kemi-lod: build failed; the previous build is untouched", err=True)
        sys.exit(1)
    _summary(checked)
    click.echo(f"wrote {len(result.written)} files to {_shown(result.out)}/")


@main.command()
@config_option
@data_option
@click.option("--format", "fmt", type=click.Choice(["text", "ttl"]), default="text", show_default=True,
              help="A readable report, or the SHACL validation report as Turtle.")
@engine_option
@jobs_option
@cache_option
def validate(config: Path | None, data: Path | None, fmt: str, engine: str, jobs: int | None, no_cache: bool) -> None:
    """Check the records and the graph against the shapes, writing nothing."""
    settings = load_settings(config)
    checked = pipeline.check(settings, _data_dir(settings, data), engine, jobs, not no_cache)
    if fmt == "ttl" and checked.report is not None:
        click.echo(checked.report.turtle().decode(), nl=False)
    elif checked.ok:
        _summary(checked)
    if not checked.ok:
        if fmt == "text" or checked.report is None:
            _report_problems(checked.problems)
        sys.exit(1)


def _shown(path: Path) -> str:
    """The output path as given (not resolved through its link to the versioned folder)."""
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _summary(checked: pipeline.Checked) -> None:
    report = checked.report
    warnings: tuple[Problem, ...] = report.warnings if report else ()
    infos = report.infos if report else ()
    for p in warnings:
        click.echo(str(p), err=True)
    projects = checked.projects
    click.echo(
        f"{projects} project{'s' if projects != 1 else ''}, {checked.triples} triples: "
        f"0 violations, {len(warnings)} warnings, {len(infos)} notes"
    )


# --- check-catalog ------------------------------------------------------------------------------


@main.command(name="check-catalog")
@click.argument("catalog_file", metavar="FILE", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--shapes", "shapes", multiple=True, required=True, type=click.Path(path_type=Path, exists=True),
              help="A SHACL shapes file, or a folder of them (repeatable). Each file holding shapes is run "
                   "on its own; other .ttl files (an ontology such as avoindata's FOAF.ttl) are added to "
                   "the data.")
@click.option("--merge", is_flag=True, help="Run all the shapes files as one shapes graph instead.")
@click.option("--inference", type=click.Choice(["none", "rdfs"]), default="none", show_default=True,
              help="Inference pySHACL applies to the data first.")
def check_catalog(catalog_file: Path, shapes: tuple[Path, ...], merge: bool, inference: str) -> None:
    """Check a DCAT catalogue (Turtle) against DCAT-AP SHACL shapes.

    Download the shapes yourself (DCAT-AP releases, avoindata.fi). Violations exit with 1;
    warnings are reported.
    """
    from .catalog import check_catalog as run_checks, shapes_files_in

    shapes_files, others = shapes_files_in(shapes)
    if not shapes_files:
        raise click.UsageError("no SHACL shapes in " + ", ".join(str(p) for p in shapes))
    runs = run_checks(catalog_file, shapes_files, others, inference, separate=not merge)
    violations = 0
    for run in runs:
        for p in run.problems:
            click.echo(str(p), err=True)
        n, w = len(run.violations), len(run.problems) - len(run.violations)
        violations += n
        click.echo(f"{run.shapes}: {n} violation{'s' if n != 1 else ''}, {w} warning{'s' if w != 1 else ''}")
    if violations:
        sys.exit(1)
