"""Each kind's resources in one file, for people who don't read RDF: `id/<kind>/index.json`
(`kind_indexes`), and with pages `id/<kind>/index.jsonld` (`framed_bundles`).

Every resource of the kind (never persons: `outputs.sheets.JSON_KINDS`) with its main
fields, under the names the vocabulary's plain-term context gives them (`title`, `label`,
`funder`, `firstDay`, …), its page and its framed JSON-LD document (`site.write.framed`), in
the order of their IRIs. A linked resource is `{"id", "label"}` as in the framed documents;
amounts are exact decimal strings. Plain JSON, not JSON-LD: a summary, where each resource's
own document is the description. A project's fields come from the facts the record stage keeps
(`outputs.tables.ProjectFacts`), so the file costs seconds at 100,000 projects, pages or not.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from kemi_lod.outputs.sheets import JSON_KINDS, kind_index
from kemi_lod.rdf.framing import language_map
from kemi_lod.outputs.tables import Joined, ProjectFacts
from kemi_lod.site.graph import Resource, SiteGraph, whole_of


def kind_indexes(g: SiteGraph, joined: Joined) -> Iterator[tuple[str, bytes]]:
    """(file under the web root, JSON) for each kind."""
    links: dict[str, dict] = {}
    base = g.settings.base_iri

    def link(iri: str) -> dict:
        found = links.get(iri)
        if found is None:
            found = links[iri] = {"id": iri, **_labelled(g, iri)}
        return found

    for kind in JSON_KINDS:
        resources = g.of_kind(kind)
        if kind == "project":
            facts = {p.iri: p for p in joined.projects}
            items = (_project(facts[r.iri], link, base + r.path) for r in resources if r.iri in facts)
        else:
            items = ({**link(r.iri), "page": f"{base}{r.page}", "json": f"{base}{r.path}.jsonld"} for r in resources)
        yield kind_index(kind), _dumps(kind, items)


def _labelled(g: SiteGraph, iri: str) -> dict:
    found = g.linked(iri)
    if found is None:
        return {}
    _, labels = found
    return {"label": language_map((lang, t) for lang, texts in labels.items() for t in texts)} if labels else {}


def _project(p: ProjectFacts, link, path: str) -> dict:
    budget = whole_of(p.budgets)  # as the pages and the list show it
    item = {
        "id": p.iri,
        "title": language_map((lang or "@none", text) for lang, text in p.titles),
        **({"firstDay": p.bounds[0], "lastDay": p.bounds[1]} if p.bounds else {}),
        **({"ongoing": True} if p.period and p.period[2] else {}),
        "department": [link(d) for d in p.departments],
        "funder": [link(f) for f in p.funders],
        "fund": [link(f) for f in p.funds],
        "programme": [link(f) for f in p.programmes],
        **({"budget": {"value": str(budget.value), "currency": budget.currency}} if budget is not None else {}),
        "page": f"{path}.html",
        "json": f"{path}.jsonld",
    }
    return {k: v for k, v in item.items() if v != "" and v != [] and v != {}}


def _dumps(kind: str, items: Iterable[dict]) -> bytes:
    """One item per line (a large file diffs and streams line by line), each made as it is
    written: 100,000 projects' items are never held."""
    lines = [json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items]
    head = json.dumps({"kind": kind, "count": len(lines)}, ensure_ascii=False)[:-1]
    return f'{head}, "items": [\n'.encode() + ",\n".join(lines).encode() + b"\n]}\n"


def framed_bundles(out: Path, resources: Iterable[Resource], context_url: str) -> Iterator[tuple[str, bytes]]:
    """Each kind's framed documents (`site.write.framed`) in one JSON-LD document, their node
    objects in `@graph` in the order of the resources' IRIs: (file under the web root, bytes).
    The documents are read back as written under `out`, not made again."""
    by_kind: dict[str, list[Resource]] = {kind: [] for kind in JSON_KINDS}
    for r in resources:
        if r.kind in by_kind:
            by_kind[r.kind].append(r)
    head = '{"@context":' + json.dumps(context_url, ensure_ascii=False)
    for kind, found in by_kind.items():
        nodes = [_node_object((out / f"{r.path}.jsonld").read_bytes(), head) for r in found]
        yield kind_index(kind, "jsonld"), (head + ',"@graph":[\n').encode() + b",\n".join(nodes) + b"\n]}\n"


def _node_object(document: bytes, head: str) -> bytes:
    """A framed document's node object, without its context (which the bundle states once)."""
    prefix = (head + ",").encode()
    if document.startswith(prefix):
        return b"{" + document[len(prefix):].rstrip(b"\n")
    node = json.loads(document)
    node.pop("@context", None)
    return json.dumps(node, ensure_ascii=False, separators=(",", ":")).encode()
