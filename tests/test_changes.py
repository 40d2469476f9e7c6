"""What a rebuild learns from comparing the graph with the previous version's: the triples that
differ (`rdf.diff`), the reads they touch (`changed_reads`), the rows of long lists taken from
the previous build where none of their reads is touched (`site.parts`), and the predicates an
example query can read (`sparql.predicates`)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from support import REPO
from kemi_lod.config import load_settings
from kemi_lod.outputs.files import Reuse
from kemi_lod.rdf.blocks import Blocks
from kemi_lod.rdf.diff import changed_files, changed_triples
from kemi_lod.rdf.serialize import sort_triples
from kemi_lod.site.graph import SiteGraph, changed_reads, subjects_after, subjects_of
from kemi_lod.site.parts import Changed, Parts
from kemi_lod.sparql.predicates import predicates_of

SETTINGS = load_settings(REPO / "kemi-lod.yaml")
BASE = SETTINGS.base_iri
SUBJECTS = [f"{BASE}project/a", f"{BASE}project/a#funding-1", f"{BASE}project/b", f"{BASE}org/x", f"{BASE}org/x#unit"]
PREDICATES = ["http://purl.org/dc/terms/title", "https://schema.org/funder", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"]
TRIPLES = st.builds(
    lambda s, p, o, literal: ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(o) if literal else ox.NamedNode(SUBJECTS[len(o) % 5])),
    st.sampled_from(SUBJECTS), st.sampled_from(PREDICATES), st.text("ab\n\"ä", max_size=3), st.booleans())
GRAPHS = st.sets(TRIPLES, max_size=12)


def _dump(triples) -> bytes:
    ordered = sort_triples(triples)
    return ox.serialize(ordered, format=ox.RdfFormat.N_TRIPLES) if ordered else b""


@hsettings(max_examples=300, deadline=None)
@given(GRAPHS, GRAPHS)
def test_the_changed_triples_of_two_dumps_are_their_set_difference(old, new):
    removed, added = changed_triples(_dump(old), _dump(new))
    assert set(removed) == old - new and set(added) == new - old


def _every_read(triples) -> set[tuple[str, str]]:
    keys = set(SUBJECTS) | {t.object.value for t in triples if isinstance(t.object, ox.NamedNode)}
    return {(index, key) for index in ("out", "?out", "inbound", "?inbound", "resources", "?resources", "hashes", "?hashes")
            for key in keys}


@hsettings(max_examples=300, deadline=None)
@given(GRAPHS, GRAPHS)
def test_every_read_whose_answer_changes_is_among_the_changed_reads(old, new):
    before, after = SiteGraph.of(SETTINGS, old), SiteGraph.of(SETTINGS, new)
    touched = changed_reads([*(old - new), *(new - old)])
    for read in _every_read(old) | _every_read(new):
        if before.state(read) != after.state(read):
            assert read in touched, read


def test_a_row_is_taken_from_the_previous_build_while_nothing_it_read_changed(tmp_path: Path):
    a, b = f"{BASE}project/a", f"{BASE}project/b"
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    g = SiteGraph.of(SETTINGS, [ox.Triple(ox.NamedNode(a), title, ox.Literal("Aa")), ox.Triple(ox.NamedNode(b), title, ox.Literal("Bb"))])
    first = Reuse()
    assert Parts(g, first, None).row("list a", lambda: g.label(a)) == "Aa"
    previous = Reuse(tmp_path, dict(first.keys))

    made = []
    row = lambda: made.append(1) or "new " + g.label(a)  # noqa: E731
    g.reads.start()
    assert Parts(g, previous, Changed(frozenset({("out", b)}))).row("list a", row) == "Aa"  # b changed: the row read a only
    assert made == [] and g.reads.stop() == [("out", a)]  # its reads count as the page's
    assert previous.keys == first.keys  # kept for the build after

    again = Reuse(tmp_path, dict(first.keys))
    assert Parts(g, again, Changed(frozenset({("out", a)}))).row("list a", row) == "new Aa" and made == [1]
    assert Parts(g, Reuse(tmp_path, dict(first.keys)), None).row("list a", row) == "new Aa"  # nothing known of the change


@pytest.mark.parametrize("where, expected", [
    ("?s :a ?o FILTER NOT EXISTS { ?o :d* ?z }", "a d"),
    ("?s :a ?o FILTER EXISTS { ?o :d/:e|^:f ?z ; :g ?y . ?y :h ?x }", "a d e f g h"),
    ("?s :a ?o FILTER EXISTS { ?o :d ?z FILTER NOT EXISTS { ?z :m ?w } }", "a d m"),  # lost in rdflib's algebra
    ("?s :a ?o FILTER (?o > 1 && NOT EXISTS { ?o :d ?z OPTIONAL { ?z :k ?q } })", "a d k"),
    ("?s :a ?o BIND(EXISTS { ?o :p ?z } AS ?b)", "a p"),
    ("?s :a ?o FILTER EXISTS { ?o :d [ :e ?z ] }", "a d e"),
    ("?s :a ?o MINUS { ?s :f ?q } { SELECT ?s WHERE { ?s :g ?k } } OPTIONAL { ?o (:x|(:y/:z))* ?w }", "a f g x y z"),
    ("?s a :C ; <http://y/full> ?o", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type http://y/full"),
    ("VALUES ?x { 1 }", ""),
    ("?s :a ?o FILTER EXISTS { ?o !:d ?z }", None),  # a negated property set: any predicate
    ("?s ?p ?o", None),
    ("?s :a ?o FILTER EXISTS { ?o ?p ?z }", None),
    ("GRAPH ?g { ?s :a ?o }", None),
    ("?s :a ?o SERVICE <http://e/> { ?o :b ?c }", None),
])
def test_the_predicates_a_query_can_read(where, expected):
    found = predicates_of("PREFIX : <http://x/> SELECT * WHERE { " + where + " }")
    if expected is None:
        assert found is None
    else:
        assert found == {p if ":" in p else "http://x/" + p for p in expected.split()}


def test_a_query_with_a_base_can_read_any_triple():
    assert predicates_of("BASE <http://b/> SELECT * WHERE { ?s <rel> ?o }") is None


@hsettings(max_examples=100, deadline=None)
@given(GRAPHS, GRAPHS)
def test_the_changed_triples_of_two_dump_files_mapped_into_memory(tmp_path_factory, old, new):
    folder = tmp_path_factory.mktemp("dumps")
    (folder / "old.nt").write_bytes(_dump(old))  # an empty graph: an empty file, which cannot be mapped
    (folder / "new.nt").write_bytes(_dump(new))
    removed, added = changed_files(folder / "old.nt", folder / "new.nt")
    assert set(removed) == old - new and set(added) == new - old


@hsettings(max_examples=200, deadline=None)
@given(GRAPHS, st.lists(st.integers(0, 12), max_size=4), st.booleans())
def test_a_subjects_triples_are_found_in_its_chunk_exactly_as_the_dump_holds_them(tmp_path_factory, triples, cuts, by_record):
    """`Blocks` parses only the chunk that holds a subject when no subject spans two chunks, the
    whole file (sorted) otherwise; either way a subject's triples are the dump's, lexical forms
    included (a store would give "1.0"^^xsd:decimal back as "1")."""
    decimal = ox.Triple(ox.NamedNode(SUBJECTS[0]), ox.NamedNode(PREDICATES[0]),
                        ox.Literal("1.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")))
    ordered = sort_triples([*triples, decimal])
    if by_record:  # as the build writes it: one chunk per record (a resource and its hash nodes)
        groups: dict[str, list] = {}
        for t in ordered:
            groups.setdefault(t.subject.value.split("#")[0], []).append(t)
        chunks = [_dump(ts) for _, ts in sorted(groups.items())]
    else:  # cut anywhere, so that a subject may span two chunks: the file is then parsed whole
        bounds = sorted({0, len(ordered), *(min(c, len(ordered)) for c in cuts)})
        chunks = [_dump(ordered[a:b]) for a, b in zip(bounds, bounds[1:])]
    path = tmp_path_factory.mktemp("blocks") / "dump.nt"
    path.write_bytes(b"".join(chunks))
    spans, at = [], 0
    for c in chunks:
        spans.append((at, at + len(c)))
        at += len(c)
    for given_spans in (spans, None):
        blocks = Blocks(path, given_spans)
        for s in SUBJECTS + ["https://elsewhere.example/x"]:
            assert blocks.of(s) == [t for t in ordered if t.subject.value == s], s
    assert decimal in Blocks(path, spans).of(SUBJECTS[0])  # "1.0", as written


@hsettings(max_examples=200, deadline=None)
@given(GRAPHS, GRAPHS)
def test_the_subjects_after_a_change_are_those_the_store_has(old, new):
    """The site graph's subjects are the previous build's, updated by the changed triples."""
    stores = []
    for triples in (old, new):
        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        stores.append(store)
    assert subjects_after(subjects_of(stores[0]), [*(old - new), *(new - old)], stores[1]) == subjects_of(stores[1])


def test_a_chunks_first_subject_is_read_as_a_parser_reads_it(tmp_path: Path):
    """Read off the bytes where the IRI has no escapes, parsed where it has (another tool's dump)."""
    lines = [b'<https://example.org/id/project/\\u00E4> <http://purl.org/dc/terms/title> "a" .\n',
             b'<https://example.org/id/project/\xc3\xb6> <http://purl.org/dc/terms/title> "b" .\n']
    path = tmp_path / "dump.nt"
    path.write_bytes(b"".join(lines))
    blocks = Blocks(path, [(0, len(lines[0])), (len(lines[0]), len(lines[0]) + len(lines[1]))])
    assert [t.object.value for t in blocks.of("https://example.org/id/project/ä")] == ["a"]
    assert [t.object.value for t in blocks.of("https://example.org/id/project/ö")] == ["b"]


def test_chunks_whose_first_and_last_lines_are_longer_than_a_read_are_found(tmp_path: Path):
    """The chunks' edges are read a kilobyte at a time (never mapped): a line of 5,000 bytes
    at either end of a chunk, or a chunk of one such line, still gives its subject."""
    long = "x" * 5000

    def line(s: str, text: str) -> bytes:
        return f'<https://example.org/id/project/{s}> <http://purl.org/dc/terms/title> "{text}" .\n'.encode()

    chunks = [line("a", long) + line("a", "short"), line("b", "b1") + line("b", long), line("c", long)]
    path = tmp_path / "dump.nt"
    path.write_bytes(b"".join(chunks))
    spans, at = [], 0
    for c in chunks:
        spans.append((at, at + len(c)))
        at += len(c)
    blocks = Blocks(path, spans)
    assert blocks._sorted  # the edges were read right: the chunks were seen not to overlap
    assert sorted(t.object.value for t in blocks.of("https://example.org/id/project/a")) == ["short", long]
    assert sorted(t.object.value for t in blocks.of("https://example.org/id/project/b")) == ["b1", long]
    assert [t.object.value for t in blocks.of("https://example.org/id/project/c")] == [long]
