"""The vocabulary and the built graph -> `ontology/index.html` and the ontology as JSON-LD.

One static page in the site's layout and menu, no scripts: every class and property of the vocabulary with its Finnish and
English label and definition, domain and range, the shapes that constrain it and an example
from the published data (the first use in IRI order, so the page is deterministic). The code
lists follow. Every text is HTML-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.rdf.graphstats import GraphFacts
from kemi_lod.outputs.files import Written, write_file
from kemi_lod.rdf.serialize import jsonld_document
from kemi_lod.site.layout import layout
from kemi_lod.vocabulary.files import ontology_files, ontology_triples, shapes_triples
from kemi_lod.vocabulary.terms import (
    CODE_IRI, DCT_AP, HANKE_IRI, ONTOLOGY_IRI, OWL, RDF, RDFS_AP, SH_DOC, SKOS_AP, shorten,
)

PAGE = "ontology/index.html"
LANGUAGES = ("fi", "en")
TERM_KINDS = ((OWL.Class, "class"), (OWL.ObjectProperty, "property"), (OWL.DatatypeProperty, "property"))


@dataclass
class Term:
    iri: str
    kind: str  # "class" or "property"
    labels: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)
    parents: list[str] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)
    example: str | None = None
    deprecated: bool = False
    replaced_by: list[str] = field(default_factory=list)
    change_notes: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return shorten(self.iri)

    @property
    def anchor(self) -> str:
        return self.iri.rsplit("#", 1)[-1]


def _terms(triples: Sequence[ox.Triple]) -> list[Term]:
    kinds = {}
    for t in triples:
        for cls, kind in TERM_KINDS:
            if t.predicate == RDF.type and t.object == cls and t.subject.value.startswith(HANKE_IRI):
                kinds[t.subject.value] = kind
    terms = {iri: Term(iri, kind) for iri, kind in kinds.items()}
    for t in triples:
        term = terms.get(t.subject.value)
        if term is None:
            continue
        o = t.object
        if t.predicate == RDFS_AP.label and isinstance(o, ox.Literal):
            term.labels[o.language or ""] = o.value
        elif t.predicate == RDFS_AP.comment and isinstance(o, ox.Literal):
            term.comments[o.language or ""] = o.value
        elif t.predicate == RDFS_AP.domain:
            term.domains.append(o.value)
        elif t.predicate == RDFS_AP.range:
            term.ranges.append(o.value)
        elif t.predicate in (RDFS_AP.subClassOf, RDFS_AP.subPropertyOf):
            term.parents.append(o.value)
        elif t.predicate == OWL.deprecated and isinstance(o, ox.Literal):
            term.deprecated = o.value == "true"
        elif t.predicate == DCT_AP.isReplacedBy:
            term.replaced_by.append(o.value)
        elif t.predicate == SKOS_AP.changeNote and isinstance(o, ox.Literal):
            term.change_notes[o.language or ""] = o.value
    return sorted(terms.values(), key=lambda t: (t.kind, t.iri.lower()))


def _constraining_shapes(triples: Sequence[ox.Triple]) -> dict[str, list[str]]:
    """term IRI -> the shapes that constrain it: target classes, property paths, sh:class."""
    parent_of: dict[str, str] = {}  # property shape -> node shape
    for t in triples:
        if t.predicate == SH_DOC.property:
            parent_of[_key(t.object)] = t.subject.value
    found: dict[str, set[str]] = {}
    for t in triples:
        subject = _key(t.subject)
        shape = parent_of.get(subject, subject)
        if t.predicate in (SH_DOC.targetClass, SH_DOC.path, SH_DOC["class"]) and isinstance(t.object, ox.NamedNode):
            if not isinstance(t.subject, ox.BlankNode) or subject in parent_of:
                found.setdefault(t.object.value, set()).add(shape)
    return {iri: sorted(shorten(s) if not s.startswith("_:") else "(anonymous shape)" for s in shapes)
            for iri, shapes in found.items()}


def _key(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _examples(facts: GraphFacts, terms: list[Term]) -> None:
    """Each term's first use in the graph (by subject IRI, then object), from graphstats."""
    for term in terms:
        if term.kind == "class":
            instance = facts.first_instances.get(term.iri)
            term.example = f"<{instance}> a {term.name}" if instance else None
        else:
            use = facts.first_uses.get(term.iri)
            term.example = f"<{use[0]}> {term.name} {_object(use[1])}" if use else None


def _object(ntriples: str) -> str:
    """An IRI shortened with the publication's prefixes; any other term in N-Triples form."""
    return shorten(ntriples[1:-1]) if ntriples.startswith("<") else ntriples


def _codes(triples: Sequence[ox.Triple]) -> list[tuple[str, dict[str, str], list[tuple[str, dict[str, str]]]]]:
    """Each concept scheme with its labels and its concepts' labels."""
    labels: dict[str, dict[str, str]] = {}
    scheme_of: dict[str, str] = {}
    schemes = set()
    for t in triples:
        if t.predicate == RDF.type and t.object == SKOS_AP.ConceptScheme:
            schemes.add(t.subject.value)
        elif t.predicate == SKOS_AP.inScheme:
            scheme_of[t.subject.value] = t.object.value
        elif t.predicate in (SKOS_AP.prefLabel, DCT_AP.title, RDFS_AP.label) and isinstance(t.object, ox.Literal):
            labels.setdefault(t.subject.value, {}).setdefault(t.object.language or "", t.object.value)
    out = []
    for scheme in sorted(schemes):
        concepts = sorted((c, labels.get(c, {})) for c, s in scheme_of.items() if s == scheme)
        out.append((scheme, labels.get(scheme, {}), concepts))
    return out


def _link(iri: str, names: dict[str, str]) -> str:
    if iri.startswith(HANKE_IRI) and iri in names:
        return f'<a href="#{escape(iri.rsplit("#", 1)[-1])}"><code>{escape(names[iri])}</code></a>'
    return f'<a href="{escape(iri)}"><code>{escape(shorten(iri))}</code></a>'


def _links(iris: list[str], names: dict[str, str]) -> str:
    return ", ".join(_link(i, names) for i in sorted(iris)) or "—"


def _bilingual(texts: dict[str, str]) -> str:
    return "".join(f'<span lang="{lang}">{escape(texts[lang])}</span>' if i == 0 else
                   f' / <span lang="{lang}">{escape(texts[lang])}</span>'
                   for i, lang in enumerate(l for l in LANGUAGES if l in texts))


def _header(triples: Sequence[ox.Triple]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.subject.value == ONTOLOGY_IRI and isinstance(t.object, ox.Literal):
            out.setdefault(shorten(t.predicate.value), {})[t.object.language or ""] = t.object.value
    return out


def render_page(settings: Settings, facts: GraphFacts) -> bytes:
    triples = ontology_triples()
    terms = _terms(triples)
    shapes = _constraining_shapes(shapes_triples())
    for term in terms:
        term.shapes = shapes.get(term.iri, [])
    _examples(facts, terms)
    names = {t.iri: t.name for t in terms}
    head = _header(triples)
    title = head.get("dct:title", {})
    description = head.get("dct:description", {})
    version = head.get("owl:versionInfo", {}).get("", "")
    files = [f.name for f in ontology_files()]
    downloads = [(name, name) for name in files] + [(n.replace(".ttl", ".jsonld"), n.replace(".ttl", ".jsonld")) for n in files]
    out = [
        f"<p>{_bilingual(description)}</p>",
        f"<p>Namespace <code>{escape(HANKE_IRI)}</code>, version {escape(version)}.</p>",
        "<p>Downloads: " + ", ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in downloads) + "</p>",
        "<nav aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2><ul>",
        '<li><a href="#classes">Classes</a></li><li><a href="#properties">Properties</a></li><li><a href="#codes">Code lists</a></li>',
        "</ul></nav>",
    ]
    for kind, heading in (("class", "Classes"), ("property", "Properties")):
        out.append(f'<h2 id="{"classes" if kind == "class" else "properties"}">{heading}</h2>')
        for term in (t for t in terms if t.kind == kind):
            out.append(_term_section(term, names))
    out.append('<h2 id="codes">Code lists</h2>')
    for scheme, labels, concepts in _codes(triples):
        anchor = "code-" + scheme.removeprefix(CODE_IRI).replace("/", "-")
        out.append(f'<section aria-labelledby="{escape(anchor)}"><h3 id="{escape(anchor)}"><code>{escape(scheme)}</code></h3>')
        out.append(f"<p>{_bilingual(labels)}</p><ul>")
        for concept, clabels in concepts:
            out.append(f"<li><code>{escape(concept)}</code>: {_bilingual(clabels)}</li>")
        out.append("</ul></section>")
    body = "\n".join(out) + "\n"
    return layout(settings, PAGE, title.get("en", ONTOLOGY_IRI), body, title_lang="en", canonical=ONTOLOGY_IRI,
                  main_lang="en").encode("utf-8")


def _term_section(term: Term, names: dict[str, str]) -> str:
    rows = [
        ("IRI", f"<code>{escape(term.iri)}</code>"),
        ("Label", _bilingual(term.labels)),
        ("Definition", _bilingual(term.comments)),
    ]
    if term.kind == "class":
        rows.append(("Subclass of", _links(term.parents, names)))
    else:
        rows += [("Domain", _links(term.domains, names)), ("Range", _links(term.ranges, names))]
        if term.parents:
            rows.append(("Subproperty of", _links(term.parents, names)))
    if term.deprecated:
        use = f"use {_links(term.replaced_by, names)}. " if term.replaced_by else ""
        rows.insert(1, ("Deprecated", f"<strong>deprecated</strong>: {use}{_bilingual(term.change_notes)}"))
    rows.append(("Constrained by", ", ".join(f"<code>{escape(s)}</code>" for s in term.shapes) or "—"))
    rows.append(("Example", f"<code>{escape(term.example)}</code>" if term.example else "not used in this publication"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section aria-labelledby="{escape(term.anchor)}"><h3 id="{escape(term.anchor)}">'
            f"<code>{escape(term.name)}</code>{' (deprecated)' if term.deprecated else ''}</h3><dl>{body}</dl></section>")


def ontology_jsonld(data: bytes) -> bytes:
    return jsonld_document(q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE))


def write_vocabulary_page(out: Path, settings: Settings, facts: GraphFacts) -> list[Written]:
    """The documentation page and the vocabulary files as JSON-LD, beside their Turtle."""
    documents = [write_file(out, f"ontology/{f.name.replace('.ttl', '.jsonld')}", ontology_jsonld(f.data))
                 for f in ontology_files()]
    return [*documents, write_file(out, PAGE, render_page(settings, facts))]
