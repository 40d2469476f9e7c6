"""Docs that cannot rot: the README's command reference is the CLI's own help."""

from __future__ import annotations

import re

import click

from conftest import REPO
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
