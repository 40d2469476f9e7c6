"""The same project recorded twice: a warning naming both files (an error with `--strict`).

Two project records are the same project when they have the same title and cite the same lines
of the same source, or have the same title, period and budget; unless both carry codes of their
sources and the codes differ (a register lists same-titled projects of the same period under
different codes: those are different projects). Read from each record's share of the projects
table, so a build that changed one record reads no other record's file.
"""

from __future__ import annotations

from typing import Iterable

from kemi_lod.errors import ERROR, WARNING, Problem
from kemi_lod.outputs.tables import ProjectFacts, TableFacts


def _keys(p: ProjectFacts) -> list[tuple]:
    titles = tuple(sorted(" ".join(text.casefold().split()) for _, text in p.titles))
    keys = [("lines", titles, c) for c in p.citations if c[1]]
    if p.start or p.end or p.total_budget:
        keys.append(("period", titles, p.start, p.end, p.total_budget))
    return keys


def _why(key: tuple) -> str:
    return "the same title and source lines" if key[0] == "lines" else "the same title, period and budget"


def duplicate_problems(shares: Iterable[tuple[str, TableFacts]], strict: bool = False) -> list[Problem]:
    """A problem at each later record of a pair (by path) that records the same project."""
    first: dict[tuple, tuple[str, ProjectFacts]] = {}
    found: dict[tuple[str, str], str] = {}
    for path, facts in sorted(shares, key=lambda s: s[0]):
        for project in facts.projects:
            for key in _keys(project):
                earlier = first.setdefault(key, (path, project))
                if earlier[0] == path:
                    continue
                other = earlier[1]
                if project.codes and other.codes and set(project.codes).isdisjoint(other.codes):
                    continue  # different codes in their sources: different projects
                found.setdefault((path, earlier[0]), _why(key))
    severity = ERROR if strict else WARNING
    return [Problem(path, 1, "title", f"the same project as {other} ({why}): remove one, or give each the code that tells "
                    "them apart", severity) for (path, other), why in sorted(found.items())]
