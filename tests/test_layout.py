"""The package shows the pipeline: each package imports only those before it in the data flow
(kemi_lod/__init__.py), no module is over 600 lines and no function over 60."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kemi_lod"
# what each part of kemi_lod may import (a part is a subpackage or a top-level module)
ALLOWED: dict[str, set[str]] = {
    "errors": set(), "progress": set(), "vocabulary": set(), "standards": set(),
    "records": {"errors"},
    "linking": set(),
    "config": {"errors", "linking", "records", "vocabulary"},
    "rdf": {"vocabulary"},
    "mapping": {"config", "linking", "records", "vocabulary"},
    "shacl": {"errors", "mapping", "progress", "vocabulary"},
    "sparql": {"errors", "rdf", "vocabulary"},
    "outputs": {"config", "errors", "linking", "progress", "rdf", "records", "sparql", "vocabulary"},
    "site": {"config", "outputs", "progress", "rdf", "records", "sparql", "vocabulary"},
    "importers": {"errors", "linking", "progress", "records"},
    "build": {"config", "errors", "linking", "mapping", "outputs", "progress", "rdf", "records", "shacl", "site", "sparql",
              "vocabulary"},
    "commands": {"build", "config", "errors", "importers", "progress", "rdf", "records", "shacl", "site", "sparql",
                 "vocabulary"},
    "terminal": {"progress"},
    "cli": {"build", "commands", "config", "errors", "importers", "rdf", "standards", "terminal"},
    "__main__": {"cli"},
}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _modules() -> dict[str, ast.Module]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(PACKAGE.rglob("*.py"))}


def test_each_part_imports_only_what_comes_before_it():
    found: dict[str, set[str]] = defaultdict(set)
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "kemi_lod":  # from kemi_lod import terminal
                found[_part(name)].update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kemi_lod."):
                found[_part(name)].add(_part(node.module))
            elif isinstance(node, ast.Import):  # import kemi_lod.x
                found[_part(name)].update(_part(a.name) for a in node.names if a.name.startswith("kemi_lod."))
            if isinstance(node, ast.ImportFrom) and node.level:  # relative imports hide the flow
                found[_part(name)].add(f"relative import in {name}")
    wrong = {part: sorted(used - ALLOWED[part] - {part}) for part, used in found.items()}
    assert {part: used for part, used in wrong.items() if used} == {}


def test_the_allowed_imports_have_no_cycle():
    done: set[str] = set()
    order = []
    while len(done) < len(ALLOWED):
        ready = sorted(p for p in ALLOWED if p not in done and ALLOWED[p] <= done)
        assert ready, f"a cycle among {sorted(set(ALLOWED) - done)}"
        done |= set(ready)
        order += ready
    assert order.index("records") < order.index("mapping") < order.index("shacl") < order.index("build")


def test_modules_and_functions_fit_on_a_few_screens():
    long_modules, long_functions = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            long_modules.append(f"{path.relative_to(PACKAGE)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                long_functions.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert (long_modules, long_functions) == ([], [])
