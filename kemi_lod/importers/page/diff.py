"""A new page version against the curated records: the projects it adds and removes and each
field it changes, as readable lines. Both sides are compared as plain values with every
reference replaced by a label both share (organisations and programmes by name)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kemi_lod.importers.common import flow_yaml, plain, plain_number
from kemi_lod.importers.page.draft import org_key
from kemi_lod.importers.page.importer import PageImport, line_range
from kemi_lod.importers.page.lines import excerpt
from kemi_lod.importers.page.titles import normalise_title
from kemi_lod.records.load import KINDS

_REFS = {"department": "org", "funders": "org", "granted_by": "org", "implementers": "org", "partners": "org",
         "cooperation": "org", "programmes": "programme", "continues": "project", "places": "place"}
_NESTED_REFS = {"funding": {"funder": "org", "fund": "programme"}, "contacts": {"person": "person"},
                "staff": {"organisation": "org"}}
# how a derived title was found is not a change of the project; a register code comes from the
# register, not from the page
_SKIP_DIFF = ("title_derived", "register_code")


@dataclass
class _Side:
    """One set of records as plain values, with a readable label for every referenced id."""

    records: dict[str, dict[str, dict[str, Any]]]
    files: dict[str, str]  # source id -> page file name

    def names(self, kind: str, ident: str) -> set[str]:
        record = self.records.get(kind, {}).get(ident, {})
        names = [record.get("name")] + list(record.get("alt_names") or [])
        out = set()
        for name in names:
            for text in (name.values() if isinstance(name, dict) else [name]):
                if isinstance(text, str):
                    out.add(org_key(text) if kind == "org" else normalise_title(text))
        if kind == "programme" and record.get("notation"):
            out.add(f"#{record['level']}:{record['notation']}")
        return out

    def label(self, kind: str, ident: str) -> str:
        record = self.records.get(kind, {}).get(ident)
        if record is None:
            return ident
        name = record.get("name")
        return str(name.get("fi") or next(iter(name.values()))) if isinstance(name, dict) else str(name)


def _read_curated(data_dir: Path) -> tuple[_Side, list[str]]:
    records: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS.values()}
    problems = []
    for folder, kind in KINDS.items():
        for path in sorted((data_dir / folder).glob("*.yaml")):
            try:
                value = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                problems.append(f"{path}: cannot read: {exc}")
                continue
            if isinstance(value, dict):
                records[kind][path.stem] = value
    files = {ident: str(rec.get("file", ident)) for ident, rec in records["source"].items()}
    return _Side(records, files), problems


def diff_against(data_dir: Path, imported: PageImport) -> list[str]:
    """What the imported pages change against the records in data_dir: projects added and
    removed, and each field that differs (references shown by name), as readable lines.
    Projects are matched by title, then by summary, then by the lines they cite on a page;
    line numbers themselves are not compared (they shift with any edit above them)."""
    old, lines = _read_curated(data_dir)
    new = _Side({k: plain(v) for k, v in imported.draft.records.items()},
                {ident: name for name, ident in imported.sources.items()})
    pairs = _match_projects(old, new)
    to_old = {kind: _match_names(old, new, kind) for kind in ("org", "programme", "place")}
    to_old["project"] = {n: o for o, n in pairs.items()}
    for ident, record in sorted(new.records["project"].items()):
        if ident not in to_old["project"]:
            lines.append(f"added project {ident}: {record.get('title')!r} ({_cited(new, record)})")
    pages = set(imported.sources)
    for ident, record in sorted(old.records["project"].items()):
        cites_pages = {old.files.get(str(c.get("source"))) for c in record.get("sources") or [] if isinstance(c, dict)}
        if ident not in pairs and cites_pages & pages:
            lines.append(f"removed project {ident}: {record.get('title')!r} ({_cited(old, record)})")
    for ident, new_id in sorted(pairs.items()):
        lines.extend(_field_changes(ident, old, new, old.records["project"][ident], new.records["project"][new_id], to_old))
    return lines


def _cited(side: _Side, record: dict) -> str:
    return ", ".join(f"{side.files.get(str(c.get('source')), c.get('source'))}:{c.get('lines')}"
                     for c in record.get("sources") or [] if isinstance(c, dict))


# --- matching ----------------------------------------------------------------------------------


def _match_projects(old: _Side, new: _Side) -> dict[str, str]:
    """curated id -> imported id: by a shared title, then the same long summary, then lines
    of the same page that overlap; a test pairs a project only where it finds one match."""
    pairs: dict[str, str] = {}
    olds, news = old.records["project"], new.records["project"]
    tests = (
        lambda a, b: bool(_titles(a) & _titles(b)),
        lambda a, b: bool(_summary(a)) and _summary(a) == _summary(b),
        lambda a, b: any(f == g and x <= w and v <= y for f, v, w in _cites(old, a) for g, x, y in _cites(new, b)),
    )
    for test in tests:
        for o in sorted(olds):
            if o in pairs:
                continue
            found = [n for n in sorted(news) if n not in pairs.values() and test(olds[o], news[n])]
            if len(found) == 1:
                pairs[o] = found[0]
    return pairs


def _titles(record: dict) -> set[str]:
    if record.get("title_derived"):
        return set()
    return {normalise_title(str(record.get(k))) for k in ("title", "title_as_stated") if record.get(k)}


def _summary(record: dict) -> str:
    summary = normalise_title(str(record.get("summary") or ""))
    return summary if len(summary) >= 40 else ""


def _cites(side: _Side, record: dict) -> list[tuple[str, int, int]]:
    out = []
    for c in record.get("sources") or []:
        try:
            out.append((side.files.get(str(c["source"]), ""), *line_range(c["lines"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _match_names(old: _Side, new: _Side, kind: str) -> dict[str, str]:
    """imported id -> curated id of the same organisation or programme (a shared name)."""
    out = {}
    for ident in new.records.get(kind, {}):
        names = new.names(kind, ident)
        same = [o for o in sorted(old.records.get(kind, {})) if o == ident or names & old.names(kind, o)]
        if same:
            out[ident] = ident if ident in same else same[0]
    return out


# --- comparing ---------------------------------------------------------------------------------


def _field_changes(ident: str, old: _Side, new: _Side, a: dict, b: dict, to_old: dict) -> list[str]:
    out = []
    for name in dict.fromkeys([*a, *b]):
        if name in _SKIP_DIFF:
            continue
        before = _resolved(name, a.get(name), old, None)
        after = _resolved(name, b.get(name), new, to_old)
        if before == after:
            continue
        if name not in a:
            out.append(f"{ident}: {name} added: {_shown(after)}")
        elif name not in b:
            out.append(f"{ident}: {name} removed (was {_shown(before)})")
        else:
            out.append(f"{ident}: {name}: {_shown(before)} -> {_shown(after)}")
    return out


def _resolved(name: str, value: Any, side: _Side, to_old: dict | None) -> Any:
    """A field's value with every reference replaced by a label both sides share (`to_old`
    None: the curated side, whose ids are the labels)."""
    if name in _REFS:
        kind = _REFS[name]
        return [_ref(side, to_old, kind, v) for v in value] if isinstance(value, list) else _ref(side, to_old, kind, value)
    if name == "sources" and isinstance(value, list):  # lines shift when a page changes: pages count
        return [_ref(side, to_old, "source", c.get("source")) if isinstance(c, dict) else c for c in value]
    if name in _NESTED_REFS:
        return _nested(side, to_old, value, _NESTED_REFS[name])
    if name == "history" and isinstance(value, list):  # a set of earlier values: order is no change
        resolved = [{**{k: _canon(x) for k, x in item.items() if k != "lines"},
                     "source": _ref(side, to_old, "source", item.get("source")),
                     "value": _resolved(str(item.get("field")), item.get("value"), side, to_old)}
                    if isinstance(item, dict) else item for item in value]
        return sorted(resolved, key=repr)
    return _canon(value)


def _ref(side: _Side, to_old: dict | None, kind: str, ident: Any) -> Any:
    """The label of one reference."""
    if not isinstance(ident, str):
        return ident
    if kind == "person":
        return side.label("person", ident)
    if kind == "source":
        return side.files.get(ident, ident)
    if kind == "project":
        return (to_old or {}).get("project", {}).get(ident, f"new project {ident}") if to_old is not None else ident
    if to_old is not None and ident in to_old.get(kind, {}):
        return f"{kind}:{to_old[kind][ident]}"
    return f"{kind}:{ident}" if to_old is None else f"new {kind} {side.label(kind, ident)!r}"


def _nested(side: _Side, to_old: dict | None, value: Any, keys: dict[str, str]) -> Any:
    """Items whose `keys` hold references (a staff split's items too). The lines a
    contribution cites (`sources`) are not compared: they move with any edit above them, and
    which pages state it is the project's own `sources`."""
    if isinstance(value, list):
        return [_nested(side, to_old, i, keys) for i in value]
    if isinstance(value, dict):
        return {k: (_ref(side, to_old, keys[k], x) if k in keys else _nested(side, to_old, x, keys) if k == "split"
                    else _canon(x)) for k, x in value.items() if k != "sources"}
    return _canon(value)


def _canon(value: Any) -> Any:
    """Numbers as numbers, lines and dates as text, text with its spaces made single."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    return str(value)


def _shown(value: Any) -> str:
    """A compared value as one line of YAML, cut to 200 characters."""
    return excerpt(flow_yaml(_numbers_plain(value)), 200)


def _numbers_plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, dict):
        return {k: _numbers_plain(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_numbers_plain(x) for x in value]
    return value
