"""Docs that cannot rot: the command reference (docs/cli.md) is the CLI's own help, the files the
README says a build writes are there, the sample outputs are what the commands print, every
relative link names a file that is there, and the documentation site builds with `--strict`."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from support import REPO, run_cli
from kemi_lod.cli import main
from kemi_lod.sparql import queries as sparql

README = REPO / "README.md"
DOCS = REPO / "docs"
CLI_PAGE = DOCS / "cli.md"
START, END = "<!-- cli-reference:start -->", "<!-- cli-reference:end -->"


def _pages() -> list[Path]:
    """The README and every page of the documentation."""
    return [README, *sorted(DOCS.glob("*.md"))]


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
        blocks.append(f"## `{name}`\n\n```\n{command.get_help(ctx)}\n```\n")
    return "\n".join(blocks)


def test_the_command_reference_matches_the_cli(update_golden):
    text = CLI_PAGE.read_text(encoding="utf-8")
    current = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.S)
    assert current, "docs/cli.md lacks the command-reference markers"
    expected = render_reference()
    if update_golden:
        CLI_PAGE.write_text(text.replace(current.group(0), f"{START}\n{expected}{END}"), encoding="utf-8")
        return
    assert current.group(1) == expected, "docs/cli.md command reference is stale: pytest --update-golden"


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


def test_every_file_the_readme_says_a_build_writes_is_there(kemi_build):
    out = kemi_build
    names = _build_table()
    assert len(names) == 35, names
    missing = []
    for name in names:
        stem = name
        if name in (".ttl", ".jsonld", ".nt", ".var"):  # beside `id/<kind>/<id>.html`: each resource's documents, type map
            stem = "id/<kind>/<id>" + name
        pattern = stem.replace("<kind>", "*").replace("<id>", "*").replace("NAME", "*")
        if not sorted(out.glob(pattern.rstrip("/"))):
            missing.append(name)
    assert missing == []


def test_the_sample_outputs_are_what_the_commands_print(kemi_build):
    """Each `kemi-lod query` block followed by an output block, in the README or the docs, prints
    exactly that output."""
    out = kemi_build
    samples = []
    for page in _pages():
        text = page.read_text(encoding="utf-8")
        samples += re.findall(r"```sh\n(kemi-lod query [^\n]*)\n```\n\n```\n(.*?)```\n", text, re.S)
    assert len(samples) == 1
    for command, expected in samples:
        result = run_cli(*shlex.split(command)[1:], "--data", str(out / "kemi.nt"))
        assert result.exit_code == 0, result.stderr
        assert result.stdout == expected, command


# --- links and the documentation site ---------------------------------------------------------------

# [text](target) outside code; a target in <...> may hold spaces, otherwise it ends at a space.
LINK = re.compile(r"!?\[[^\]]*\]\((<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")


def _links(text: str) -> list[str]:
    """The link targets of Markdown text, leaving out fenced code blocks and code spans."""
    prose = re.sub(r"^```.*?^```[^\n]*$", "", text, flags=re.S | re.M)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    return [target.strip("<>") for target in LINK.findall(prose)]


def test_every_relative_link_names_a_file_that_is_there():
    """Links between the README and the pages name files, never anchors (they differ between
    GitHub and the site); a page of the site links only within docs/, which is all it publishes."""
    wrong = []
    for page in _pages():
        for target in _links(page.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: …
                continue
            where = f"{page.relative_to(REPO)}: ({target})"
            path = (page.parent / target).resolve()
            if "#" in target or not target:
                wrong.append(f"{where}: an anchor")
            elif not path.is_file():
                wrong.append(f"{where}: no such file")
            elif not path.is_relative_to(REPO):
                wrong.append(f"{where}: outside the repository")
            elif page.parent == DOCS and not path.is_relative_to(DOCS):
                wrong.append(f"{where}: outside docs/, which the site does not publish")
    assert wrong == []


def test_the_link_check_finds_what_it_is_for():
    text = "[a](b.md) [c](<d e.md>) ![f](g.png \"t\") `[no](code.md)` [web](https://x.org/#y)\n```\n[no](block.md)\n```\n"
    assert _links(text) == ["b.md", "d e.md", "g.png", "https://x.org/#y"]


def test_the_readme_links_every_page_of_the_site():
    readme = README.read_text(encoding="utf-8")
    assert [p.name for p in sorted(DOCS.glob("*.md")) if f"(docs/{p.name})" not in readme] == []


def test_the_docs_list_every_example_query_with_its_title():
    text = (DOCS / "queries.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- `([a-z0-9-]+)`: ", text, re.M)
    assert listed == [q.name for q in sparql.examples()]
    for q in sparql.examples():
        assert f"- `{q.name}`: {q.title}" in text


@pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="MkDocs is not installed (the test extra)")
def test_the_documentation_site_builds_with_no_warning(tmp_path):
    """Every page in the nav, every link between pages resolving: `mkdocs build --strict`."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "--config-file", str(REPO / "mkdocs.yml"), "--site-dir", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "site" / "cli" / "index.html").is_file()


# --- the README's examples of the data without RDF -------------------------------------------------


def _example(language: str) -> tuple[str, str]:
    """The README's `language` code block and the output block after it."""
    found = re.findall(rf"```{language}\n(.*?)```\n\n```text\n(.*?)```\n", README.read_text(encoding="utf-8"), re.S)
    assert len(found) == 1, language
    return found[0]


def test_the_javascript_example_prints_what_the_readme_shows(kemi_build, tmp_path):
    """Run with Node (18+: fetch) against the build served by `kemi-lod serve` on loopback."""
    import threading

    from kemi_lod.commands.serve import close_server, make_server
    from kemi_lod.config import load_settings

    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed")
        pytest.skip("node is not installed")
    settings = load_settings(REPO / "kemi-lod.yaml")
    code, expected = _example("js")
    server = make_server(kemi_build, settings, "127.0.0.1", 0, workers=1)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        script = tmp_path / "example.mjs"
        script.write_text(code.replace(settings.base_iri, f"http://127.0.0.1:{server.server_address[1]}/"), encoding="utf-8")
        run = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
        close_server(server)
    assert run.returncode == 0, run.stderr
    assert run.stdout == expected


def test_the_pandas_example_prints_what_the_readme_shows(kemi_build):
    code, expected = _example("python")
    assert 'book = "https://data.kemi.fi/kemi.xlsx"' in code
    code = code.replace('book = "https://data.kemi.fi/kemi.xlsx"', f'book = {str(kemi_build / "kemi.xlsx")!r}')
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == expected
