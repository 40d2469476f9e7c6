"""A project stated on two pages is one project: a later page's project joins the earlier one
it restates (same title, or the same long summary); the later page's values are current, the
earlier ones that differ become the project's history. Contributions both pages state alike
are kept once, citing the lines of both."""

from __future__ import annotations

from typing import Any

from kemi_lod.importers.common import Sourced, plain
from kemi_lod.importers.page.draft import PageProject
from kemi_lod.importers.page.titles import normalise_title


def merge_page(earlier: list[PageProject], page: list[PageProject]) -> list[PageProject]:
    """The earlier pages' projects with a later page's joined in (restated ones merged, new
    ones appended)."""
    out = list(earlier)
    taken: set[int] = set()
    for project in page:
        title, summary = _identity(project)
        match = next((i for i, old in enumerate(earlier) if i not in taken and (
            (title and _identity(old)[0] == title) or (summary and _identity(old)[1] == summary))), None)
        if match is None:
            out.append(project)
            continue
        taken.add(match)
        out[match] = _merge(earlier[match], project)
    return out


def _identity(project: PageProject) -> tuple[str, str]:
    """What makes two statements one project: the title (unless derived), a long summary."""
    title = "" if project.derived_from else normalise_title(plain(project.fields["title"]))
    summary = normalise_title(plain(project.fields.get("summary", Sourced("", ""))))
    return title, summary if len(summary) >= 40 else ""


def _merge(old: PageProject, new: PageProject) -> PageProject:
    merged = PageProject(new.file, new.first, new.last, order=old.order)
    merged.notes = old.notes + [n for n in new.notes if n.value not in [o.value for o in old.notes]]
    merged.continues_name = new.continues_name or old.continues_name
    history: list[Sourced] = list(old.fields["history"].value) if "history" in old.fields else []
    for name in dict.fromkeys([*old.fields, *new.fields]):
        if name == "history":
            continue
        a, b = old.fields.get(name), new.fields.get(name)
        if name == "sources":
            merged.fields[name] = Sourced(a.value + b.value, a.where)
        elif b is None:
            merged.fields[name] = a
        elif a is None or plain(a) == plain(b):
            merged.fields[name] = b
        elif name == "funding" and _uncited(a) == _uncited(b):
            merged.fields[name] = _cited_on_both(a, b)
        elif name == "title":
            merged.fields[name], merged.derived_from = _merged_title(old, new)
            if merged.fields[name] is b and old.derived_from is None and normalise_title(a.value) != normalise_title(b.value):
                history.append(_history(name, a))
        else:
            merged.fields[name] = b
            history.append(_history(name, a))
    if "title_as_stated" in old.fields and "title_as_stated" not in new.fields:
        history.append(_history("title_as_stated", old.fields["title_as_stated"]))
        merged.fields.pop("title_as_stated", None)
    if history:
        merged.fields["history"] = Sourced(history, history[0].where)
    return merged


def _uncited(funding: Sourced) -> list:
    """The contributions without the lines they cite (which differ from page to page)."""
    return [{k: v for k, v in c.items() if k != "sources"} for c in plain(funding)]


def _cited_on_both(old: Sourced, new: Sourced) -> Sourced:
    """The later page's contributions, each citing the earlier page's lines and its own."""
    items = []
    for a, b in zip(old.value, new.value):
        cites = plain(a).get("sources", []) + plain(b).get("sources", [])
        items.append(Sourced({**plain(b), **({"sources": cites} if cites else {})}, b.where))
    return Sourced(items, new.where)


def _merged_title(old: PageProject, new: PageProject) -> tuple[Sourced, Sourced | None]:
    a, b = old.fields["title"], new.fields["title"]
    if new.derived_from and not old.derived_from:
        return a, None  # a title the page stated wins over one derived from a summary
    if old.derived_from and not new.derived_from:
        return b, None
    if normalise_title(a.value) == normalise_title(b.value) and " -" in a.value and " -" not in b.value:
        return a, None  # spelled apart only around a hyphen: the compound of a name keeps its space
    return b, new.derived_from


def _history(name: str, value: Sourced) -> Sourced:
    file, _, lines = value.where.partition(":")
    item: dict[str, Any] = {"field": name, "value": value.value, "source": file}
    if lines:
        item["lines"] = lines
    return Sourced(item, value.where)
