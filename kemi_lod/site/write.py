"""The site's files, in a deterministic order, and writing them under `build/`.

Each resource's page comes with its description as Turtle, JSON-LD and N-Triples: the record's
triples, i.e. the resource and its hash nodes. The style sheet and the sort script are package
files (`assets/`), copied as they are. Output is deterministic: everything is sorted, nothing
depends on time. A rebuild makes again only the pages whose reads changed (`outputs.files.Reuse`).
"""

from __future__ import annotations

import json
import zlib
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Callable, Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.site.hosting import TYPE_MAP, hosting_files, type_map
from kemi_lod.progress import SILENT, Progress
from kemi_lod.outputs.files import Linking, Reuse, Written, key_of
from kemi_lod.outputs.tables import Joined
from kemi_lod.rdf.blocks import Span
from kemi_lod.rdf.framing import framed_document
from kemi_lod.vocabulary.context import Context
from kemi_lod.rdf.serialize import sort_triples, turtle_body, turtle_header
from kemi_lod.vocabulary.files import context_file, ontology_version
from kemi_lod.site.graph import Resource, SiteGraph, decode_reads, encode_reads, subjects_after
from kemi_lod.site.editor import EDITOR_ASSETS
from kemi_lod.site.indexes import home_page, index_pages, query_page
from kemi_lod.site.json_index import framed_bundles, kind_indexes
from kemi_lod.site.findable import ROBOTS, robots, sitemap_files
from kemi_lod.site.layout import QUERY_PAGE, canonical_url
from kemi_lod.site.parts import Changed, Parts
from kemi_lod.site.resource import resource_page

ASSETS = ("assets/site.css", "assets/sort.js", "assets/find.js", *EDITOR_ASSETS)
DOCUMENT_EXTENSIONS = ("ttl", "nt")  # a resource's documents, as documents() makes them
FRAMED = "jsonld"  # its JSON-LD, framed around it, made with its page (it reads linked resources' labels)


def documents(triples: Sequence[ox.Triple]) -> dict[str, bytes]:
    """The description as Turtle and N-Triples."""
    ordered = sort_triples(triples)
    nt = ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) if ordered else b""
    return {"ttl": turtle_header() + turtle_body(ordered), "nt": nt}


def framed(g: SiteGraph, r: Resource) -> bytes:
    """The description as JSON-LD in the vocabulary's plain terms, framed around the resource,
    each linked resource with its types and labels (`rdf.framing`)."""
    return framed_document(g.description(r), r.iri, plain_context(g.settings.base_iri), g.linked)


@cache
def plain_context(base_iri: str) -> Context:
    """The vocabulary's plain-term context, as the documents name it: its release's copy."""
    f = context_file()
    return Context.read(json.loads(f.data), f"{base_iri}ontology/releases/{ontology_version()}/{f.name}")


def write_site(out: Path, settings: Settings, store: ox.Store, dump: Path, projects: Joined, markup: dict,
               spans: Sequence[Span] | None = None,
               progress: Progress = SILENT, reuse: Reuse | None = None,
               changes: list[ox.Triple] | None = None, changed: Changed | None = None) -> list[Written]:
    """Every file of the site under `out`, in a deterministic order; `progress` hears of the
    resources' pages as they are made (stage "pages"); `projects`: every record's facts, which
    the project list shows (`project_list`); `markup`: the data as a schema.org Dataset, which
    the home page embeds (`findable`). With `pages: false` the home, index and
    query pages are written, not the resources' pages and documents (`kemi-lod serve` renders
    those on request), so the lists and charts are there however large the publication.

    With `reuse`, a resource's page is linked from the previous version when what it read of
    the graph then is unchanged now, and its documents when its description is. With
    `changes` (the triples removed or added since that version) and `changed` (the reads they
    touch, `Changed.since`), only those reads count as changed; otherwise each page's reads
    are compared one by one."""
    reuse = reuse if reuse is not None else Reuse()
    # The pages look up what they show as they are made: the triples pointing at an IRI in the
    # build's store, a subject's own in the dump's chunk that holds it (`spans`: where the
    # chunks lie). A page that is not made again reads nothing.
    g = SiteGraph.over(settings, store, dump, spans, _subjects(store, reuse, changes))
    package = files("kemi_lod.site")
    done = [reuse.write(out, name, data) for name, data in {
        **{name: package.joinpath(name).read_bytes() for name in ASSETS},
        "index.html": home_page(g, markup).encode(),
        QUERY_PAGE: query_page(settings).encode(),
        **hosting_files(),
    }.items()]
    reuse.keep(SUBJECTS, zlib.compress("\n".join(sorted(g.subjects)).encode(), 1), b"")
    g.remember = Parts(g, reuse, changed).row
    listed = [reuse.write(out, name, html.encode()) for name, html in index_pages(g, projects)]
    done += [reuse.write(out, name, data) for name, data in kind_indexes(g, projects)]  # each kind as JSON
    paged = [r for _, r in sorted(g.resources.items()) if r.kind != "person" or settings.persons == "names"]
    # each page as it names itself canonical, where that is on this site (`findable`); persons' never
    urls = [canonical_url(settings, p) for p in ("index.html", QUERY_PAGE, *(w.path for w in listed))
            if p.endswith(".html") and not p.startswith("id/person/")]
    urls += [r.iri for r in paged if r.kind != "person" and r.iri.startswith(settings.base_iri)]
    done += listed + [reuse.write(out, name, data) for name, data in
                      {**sitemap_files(settings, urls, markup.get("dateModified")), ROBOTS: robots(settings)}.items()]
    if not settings.pages:
        return done
    progress.stage("pages", len(paged), "pages")
    for r in paged:
        if r.page not in reuse.keys:  # else linked already (`link_unchanged`)
            done.append(_made(out, g, r.page, lambda: resource_page(g, r).encode(), reuse, changed))
        if f"{r.path}.{FRAMED}" not in reuse.keys:
            done.append(_made(out, g, f"{r.path}.{FRAMED}", lambda: framed(g, r), reuse, changed))
        if f"{r.path}.{DOCUMENT_EXTENSIONS[0]}" not in reuse.keys:
            done += _documents(out, g, r, reuse, changed)
        done.append(reuse.write(out, f"{r.path}.{TYPE_MAP}", type_map(r.id)))  # Apache's negotiation among them
        progress.advance()
    context = plain_context(settings.base_iri).url  # each kind's framed documents in one file
    return done + [reuse.write(out, name, data) for name, data in framed_bundles(out, paged, context)]


SUBJECTS = "site subjects"  # the outputs' entry of the IRIs with triples, for the next build


def _subjects(store: ox.Store, reuse: Reuse, changes: list[ox.Triple] | None) -> set[str] | None:
    """The IRIs with triples: those the previous build kept, updated by `changes` (None where
    either is not known: the store is then asked)."""
    before = reuse.fragment(SUBJECTS) if changes is not None else None
    if before is None:
        return None
    text = zlib.decompress(before[0]).decode()
    return subjects_after(set(text.split("\n")) if text else set(), changes, store)


def link_unchanged(out: Path, reuse: Reuse, changed: Changed | None) -> Linking | None:
    """Link from the previous version, in a thread and before the graph can be read, every
    resource's page and document that read nothing `changed` (`Changed.since`) holds (what
    each read is recorded with it); `write_site`, after `Linking.wait`, makes the others.
    Where the change is not known nothing is linked here."""
    if changed is None:
        return None
    return reuse.take_meanwhile(out, [name for name, (_, deps) in sorted(reuse.known.items())
                                      if _is_resource_file(name) and deps and not changed.touches(deps)])


def _is_resource_file(name: str) -> bool:
    """A resource's page or document (`id/<kind>/<id>.<ext>`), not an index page."""
    return name.startswith("id/") and name.count("/") == 2 and not name.endswith("/index.html")


def _made(out: Path, g: SiteGraph, name: str, make: Callable[[], bytes], reuse: Reuse,
          changed: Changed | None) -> Written:
    """A file made of what `make` reads of the graph: the resource's page, its framed JSON-LD."""
    before = reuse.deps(name)
    if before is not None:
        if changed is None:
            taken = reuse.take(out, name, key_of(b"page", g.fingerprint(decode_reads(before))), before)
        else:  # it read nothing that changed: its key, a digest of what it read, is the same
            taken = None if changed.touches(before) else reuse.take(out, name, reuse.known[name][0], before)
        if taken is not None:
            return taken
    g.reads.start()
    data = make()
    reads = g.reads.stop()
    # keyed by what it read; after a known change by its bytes instead, as a digest of what it
    # read would read all of it (a funder's page reads thousands of projects). Either key tells
    # the next build's file apart; that build takes this one only while none of `reads` changes.
    key = key_of(b"page", g.fingerprint(reads)) if changed is None else key_of(b"page bytes", data)
    return reuse.put(out, name, data, key, encode_reads(reads))


def _documents(out: Path, g: SiteGraph, r: Resource, reuse: Reuse, changed: Changed | None) -> list[Written]:
    """The resource's documents: the record's triples, so keyed by its subjects' digests (shared
    with the pages' keys), and recorded with those reads (`link_unchanged`)."""
    names = [f"{r.path}.{ext}" for ext in DOCUMENT_EXTENSIONS]
    subjects = g.record_subjects(r)
    deps = encode_reads([("hashes", r.iri)] + [("out", s) for s in subjects])
    if changed is not None and names[0] in reuse.known and not changed.touches(deps):
        key = reuse.known[names[0]][0]  # the record's triples are those of the previous version
    else:
        key = key_of(b"documents", *(s.encode() + g.state(("out", s)) for s in subjects))
    if all(reuse.same(name, key) for name in names):
        taken = [reuse.take(out, name, key, deps) for name in names]
        if all(taken):
            return taken
    return [reuse.put(out, f"{r.path}.{ext}", data, key, deps) for ext, data in documents(g.description(r)).items()]
