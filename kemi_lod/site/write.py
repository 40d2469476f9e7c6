"""The site's files, in a deterministic order, and writing them under `build/`.

Each resource's page comes with its description as Turtle, JSON-LD and N-Triples: the record's
triples, i.e. the resource and its hash nodes. The style sheet and the sort script are package
files (`assets/`), copied as they are. Output is deterministic: everything is sorted, nothing
depends on time.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.site.hosting import hosting_files
from kemi_lod.progress import SILENT, Progress
from kemi_lod.outputs.files import Written, write_file
from kemi_lod.rdf.serialize import jsonld_document, sort_triples, turtle_body, turtle_header
from kemi_lod.site.graph import SiteGraph, read_triples
from kemi_lod.site.indexes import home_page, index_pages, query_page
from kemi_lod.site.layout import QUERY_PAGE
from kemi_lod.site.resource import resource_page

ASSETS = ("assets/site.css", "assets/sort.js")


def documents(triples: Sequence[ox.Triple]) -> dict[str, bytes]:
    """The description as Turtle, JSON-LD (with the publication's context) and N-Triples."""
    ordered = sort_triples(triples)
    nt = ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) if ordered else b""
    return {"ttl": turtle_header() + turtle_body(ordered), "jsonld": jsonld_document(ordered), "nt": nt}


def site_files(settings: Settings, triples: Iterable[ox.Triple], pages: bool = True,
               progress: Progress = SILENT) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (path under the web root, bytes), in a deterministic order.

    `progress` hears of the resources' pages as they are made (stage "pages").
    """
    g = SiteGraph.of(settings, triples)
    package = files("kemi_lod.site")
    yield from {
        **{name: package.joinpath(name).read_bytes() for name in ASSETS},
        "index.html": home_page(g, pages).encode(),
        QUERY_PAGE: query_page(settings).encode(),
        **hosting_files(),
    }.items()
    if not pages:
        return
    for name, html in index_pages(g, pages):
        yield name, html.encode()
    paged = [r for _, r in sorted(g.resources.items()) if r.kind != "person" or settings.persons == "names"]
    progress.stage("pages", len(paged), "pages")
    for r in paged:
        yield r.page, resource_page(g, r, pages).encode()
        for ext, data in documents(g.description(r)).items():
            yield f"{r.path}.{ext}", data
        progress.advance()


def write_site(out: Path, settings: Settings, dump: Path, pages: bool = True, progress: Progress = SILENT) -> list[Written]:
    # Without per-resource pages the site is the home page, which needs no triples: the dump is
    # not read again (at 100,000 projects that read and index took over a minute).
    triples = read_triples(dump) if pages else []
    return [write_file(out, name, data) for name, data in site_files(settings, triples, pages, progress)]
