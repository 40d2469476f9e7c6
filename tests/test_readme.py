"""Docs that cannot rot: the README's command reference is the CLI's own help, the files it says a
build writes are there, and its sample outputs are what the commands print."""

from __future__ import annotations

import re
import shlex

import click

from conftest import REPO, run_cli
from kemi_lod.cli import main

README = REPO / "README.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _commands(name: str, command: click.Command):
    """The command and, for a group, each subcommand in name order, depth first."""
    yield name, command
    if isinstance(command, click.Group):
        for sub in sorted(command.commands):
            yield from _commands(f"{name} {sub}", command.commands[sub])


def render_reference() -> str:
    blocks = []
    for name, command in _commands("kemi-lod", main):
        ctx = click.Context(command, info_name=name, terminal_width=80, max_content_width=80, **main.context_settings)
        blocks.append(f"### `{name}`\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(blocks)


def test_the_command_reference_matches_the_cli(update_golden):
    text = README.read_text()
    current = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert current, "README.md lacks the command-reference markers"
    expected = render_reference()
    if update_golden:
        README.write_text(text.replace(current.group(0), f"{START}\n{expected}{END}"))
        return
    assert current.group(1) == expected, "README command reference is stale: pytest --update-golden"


def test_the_readme_starts_with_the_two_commands_ci_runs():
    lines = README.read_text().splitlines()
    commands = [l for l in lines[:20] if l.startswith("python3 -m venv")]
    assert commands[0].endswith("kemi-lod build")
    ci = (REPO / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert commands[1] == ci


# --- what the README says a build writes and prints ---------------------------------------------


def _build_table() -> list[str]:
    """The names in the first column of the README's table of the files in build/."""
    text = README.read_text(encoding="utf-8")
    table = re.search(r"\| file in `build/` \| what \|\n\| --- \| --- \|\n((?:\|.*\n)+)", text)[1]
    names = []
    for row in table.splitlines():
        names += re.findall(r"`([^`]+)`", row.split(" | ", 1)[0])
    return names


def test_every_file_the_readme_says_a_build_writes_is_there(tmp_path):
    out = tmp_path / "build"
    assert run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(out)).exit_code == 0
    names = _build_table()
    assert len(names) == 23, names
    missing = []
    for name in names:
        stem = name
        if name in (".ttl", ".jsonld", ".nt"):  # beside `id/<kind>/<id>.html`: each resource's documents
            stem = "id/<kind>/<id>" + name
        pattern = stem.replace("<kind>", "*").replace("<id>", "*").replace("NAME", "*")
        if not sorted(out.glob(pattern.rstrip("/"))):
            missing.append(name)
    assert missing == []


def test_the_sample_outputs_are_what_the_commands_print(tmp_path):
    """Each `kemi-lod query` block followed by an output block prints exactly that output."""
    out = tmp_path / "build"
    assert run_cli("build", "--config", str(REPO / "kemi-lod.yaml"), "--out", str(out)).exit_code == 0
    text = README.read_text(encoding="utf-8")
    samples = re.findall(r"```sh\n(kemi-lod query [^\n]*)\n```\n\n```\n(.*?)```\n", text, re.S)
    assert len(samples) == 1
    for command, expected in samples:
        result = run_cli(*shlex.split(command)[1:], "--data", str(out / "kemi.nt"))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected, command
