"""Each kind's resources as one JSON file, `id/<kind>/index.json`, for people who don't read RDF.

Every resource of the kind (persons' only where the publication names them) with its main
fields, under the names the vocabulary's plain-term context gives them (`title`, `label`,
`funder`, `firstDay`, …), its page and its framed JSON-LD document (`site.write.framed`), in
the order of their IRIs. A linked resource is `{"id", "label"}` as in the framed documents;
amounts are exact decimal strings. Plain JSON, not JSON-LD: a summary, where each resource's
own document is the description. A project's fields come from the facts the record stage keeps
(`outputs.tables.ProjectFacts`), so the file costs seconds at 100,000 projects, pages or not.
"""

from __future__ import annotations

import json
from typing import Iterator

from kemi_lod.outputs.sheets import KIND_NAMES, kind_index
from kemi_lod.outputs.tables import Joined, ProjectFacts
from kemi_lod.site.graph import SiteGraph


def kind_indexes(g: SiteGraph, joined: Joined) -> Iterator[tuple[str, bytes]]:
    """(file under the web root, JSON) for each kind."""
    links: dict[str, dict] = {}
    base = g.settings.base_iri

    def link(iri: str) -> dict:
        found = links.get(iri)
        if found is None:
            found = links[iri] = {"id": iri, **_labelled(g, iri)}
        return found

    for kind in KIND_NAMES:
        if kind == "person" and g.settings.persons != "names":
            continue
        resources = g.of_kind(kind)
        if kind == "project":
            facts = {p.iri: p for p in joined.projects}
            items = [_project(facts[r.iri], link, base + r.path) for r in resources if r.iri in facts]
        else:
            items = [{**link(r.iri), "page": f"{base}{r.page}", "json": f"{base}{r.path}.jsonld"} for r in resources]
        document = {"kind": kind, "count": len(items), "items": items}
        yield kind_index(kind), _dumps(document)


def _labelled(g: SiteGraph, iri: str) -> dict:
    found = g.linked(iri)
    if found is None:
        return {}
    _, labels = found
    return {"label": {lang: texts[0] if len(texts) == 1 else texts for lang, texts in sorted(labels.items())}} if labels else {}


def _project(p: ProjectFacts, link, path: str) -> dict:
    total = [b for b in p.budgets if not b[3]]  # the budget for the whole period (no year)
    item = {
        "id": p.iri,
        "title": _language_map(p.titles),
        **({"firstDay": p.bounds[0], "lastDay": p.bounds[1]} if p.bounds else {}),
        **({"ongoing": True} if p.period and p.period[2] else {}),
        "department": [link(d) for d in p.departments],
        "funder": [link(f) for f in p.funders],
        "fund": [link(f) for f in p.funds],
        "programme": [link(f) for f in p.programmes],
        **({"budget": {"value": total[0][0], "currency": total[0][1]}} if total else {}),
        "page": f"{path}.html",
        "json": f"{path}.jsonld",
    }
    return {k: v for k, v in item.items() if v != "" and v != [] and v != {}}


def _language_map(labels) -> dict:
    out: dict[str, list[str]] = {}
    for lang, text in labels:
        out.setdefault(lang or "@none", []).append(text)
    return {lang: texts[0] if len(texts) == 1 else texts for lang, texts in sorted(out.items())}


def _dumps(document: dict) -> bytes:
    """One item per line: a large file diffs and streams line by line."""
    items = document.pop("items")
    head = json.dumps(document, ensure_ascii=False)[:-1]
    lines = ",\n".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
    return f'{head}, "items": [\n{lines}\n]}}\n'.encode()
