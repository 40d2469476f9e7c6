"""The vocabulary and the built graph -> `ontology/index.html` and the ontology as JSON-LD.

One static page in the site's layout and menu, no scripts: every class and property of the vocabulary with its Finnish and
English label and definition, domain and range, the shapes that constrain it and an example
from the published data (the first use in IRI order, so the page is deterministic). The code
lists follow. Every text is HTML-escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings
from kemi_lod.rdf.graphstats import GraphFacts
from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.rdf.serialize import jsonld_document
from kemi_lod.site.layout import layout, scroll_table
from kemi_lod.vocabulary.files import ontology_files, ontology_triples, release_files, shapes_triples
from kemi_lod.vocabulary.terms import (
    CODE_IRI, DCT_AP, HANKE_IRI, ONTOLOGY_IRI, OWL, PREFIXES, RDF, RDFS_AP, SH_DOC, SKOS_AP, shorten,
)

PAGE = "ontology/index.html"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
# vocabularies the mappings point into, beside those the data uses
MAPPED = {"eurio": "http://data.europa.eu/s66#", "frapo": "http://purl.org/cerif/frapo/",
          "esco": "http://data.europa.eu/esco/occupation/"}
MAPPINGS = {_SKOS + "exactMatch": "exact match", _SKOS + "closeMatch": "close match", _SKOS + "broadMatch": "broad match"}
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
    mappings: list[tuple[str, str]] = field(default_factory=list)  # (SKOS mapping property, IRI)
    scope_notes: dict[str, str] = field(default_factory=dict)  # why no reused term fits
    example_turtle: str | None = None  # a whole instance of the class from the data

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
        elif t.predicate.value in MAPPINGS:
            term.mappings.append((MAPPINGS[t.predicate.value], o.value))
        elif t.predicate.value == SKOS_AP.iri + "scopeNote" and isinstance(o, ox.Literal):
            term.scope_notes[o.language or ""] = o.value
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
    short = next((f"{p}:{iri[len(ns):]}" for p, ns in MAPPED.items() if iri.startswith(ns)), None) or shorten(iri)
    return f'<a href="{escape(iri)}"><code>{escape(short)}</code></a>'


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


def render_page(settings: Settings, facts: GraphFacts, store: ox.Store | None = None) -> bytes:
    """The page: metadata, namespaces, classes and properties, the profile of the properties the
    shapes constrain, the code lists and the changelog. With the store of the built graph, each
    class's example is a whole instance of it from the data."""
    triples = ontology_triples()
    terms = _terms(triples)
    shapes = _constraining_shapes(shapes_triples())
    for term in terms:
        term.shapes = shapes.get(term.iri, [])
    _examples(facts, terms)
    if store is not None:
        _whole_examples(store, facts, terms)
    names = {t.iri: t.name for t in terms}
    head = _header(triples)
    title = head.get("dct:title", {})
    sections = [("metadata", "Metadata"), ("namespaces", "Namespaces"), ("classes", "Classes"), ("properties", "Properties"),
                ("profile", "Profile of the properties"), ("codes", "Code lists"), ("changelog", "Changelog")]
    out = [
        f"<p>{_bilingual(head.get('dct:description', {}))}</p>",
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ul>'
        + "".join(f'<li><a href="#{a}">{h}</a></li>' for a, h in sections) + "</ul></nav>",
        _metadata(triples, head),
        _namespaces(),
    ]
    for kind, heading in (("class", "Classes"), ("property", "Properties")):
        out.append(f'<h2 id="{"classes" if kind == "class" else "properties"}">{heading}</h2>')
        out += [_term_section(term, names) for term in terms if term.kind == kind]
    out.append(_profile(shapes_triples(), names))
    out.append(_code_lists(triples))
    out.append(_changelog())
    body = "\n".join(out) + "\n"
    return layout(settings, PAGE, title.get("en", ONTOLOGY_IRI), body, title_lang="en", canonical=ONTOLOGY_IRI,
                  main_lang="en").encode("utf-8")


def _metadata(triples: Sequence[ox.Triple], head: dict[str, dict[str, str]]) -> str:
    """IRI, version IRI, prior version, release dates, licence, creators, how to cite, downloads."""
    iris = {shorten(t.predicate.value): t.object.value for t in triples
            if t.subject.value == ONTOLOGY_IRI and isinstance(t.object, ox.NamedNode)}
    version = head.get("owl:versionInfo", {}).get("", "")
    creator = head.get("dct:creator", {}).get("", "")
    title_en = head.get("dct:title", {}).get("en", "")
    released = ", ".join(f"{v} ({d})" for v, d in _releases()) or "none yet"
    files = [f.name for f in ontology_files()]
    downloads = ", ".join(f'<a href="{escape(n)}">{escape(n)}</a>' for n in files + [f.replace(".ttl", ".jsonld") for f in files])
    rows = [
        ("IRI", f"<code>{escape(ONTOLOGY_IRI)}</code>"),
        ("Version", escape(version) + ("" if any(v == version for v, _ in _releases()) else " (in preparation)")),
        ("Version IRI", _iri(iris.get("owl:versionIRI"))),
        ("Prior version", _iri(iris.get("owl:priorVersion"))),
        ("Released", escape(released)),
        ("Licence", _iri(iris.get("dct:license"))),
        ("Creators", escape(creator)),
        ("Cite as", escape(f"{creator}. {title_en}, version {version}. {iris.get('owl:versionIRI', ONTOLOGY_IRI)}")),
        ("Downloads", downloads + "; every version: " + ", ".join(
            f'<a href="releases/{escape(v)}/hanke.ttl">{escape(v)}</a>' for v in _versions(version))),
    ]
    return '<h2 id="metadata">Metadata</h2><dl>' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


def _versions(current: str) -> list[str]:
    """The released versions and the one this tool ships, oldest first (ontology/releases/)."""
    names = {f.folder.rsplit("/", 1)[1] for f in release_files()}
    return sorted(names | {current}, key=lambda v: tuple(int(n) for n in v.split(".")))


def _iri(iri: str | None) -> str:
    return f'<a href="{escape(iri)}"><code>{escape(iri)}</code></a>' if iri else "—"


def _namespaces() -> str:
    rows = "".join(f"<tr><td><code>{escape(p)}:</code></td><td><code>{escape(ns)}</code></td></tr>"
                   for p, ns in sorted({**PREFIXES, **MAPPED}.items()))
    table = ('<table><caption>The prefixes of the vocabulary and the data</caption>'
             '<thead><tr><th scope="col">Prefix</th><th scope="col">Namespace</th></tr></thead><tbody>' + rows + "</tbody></table>")
    return '<h2 id="namespaces">Namespaces</h2>' + scroll_table(table, "Namespaces")


def _code_lists(triples: Sequence[ox.Triple]) -> str:
    out = ['<h2 id="codes">Code lists</h2>']
    for scheme, labels, concepts in _codes(triples):
        anchor = "code-" + scheme.removeprefix(CODE_IRI).replace("/", "-")
        out.append(f'<section aria-labelledby="{escape(anchor)}"><h3 id="{escape(anchor)}"><code>{escape(scheme)}</code></h3>')
        out.append(f"<p>{_bilingual(labels)}</p><ul>")
        out += [f"<li><code>{escape(concept)}</code>: {_bilingual(clabels)}</li>" for concept, clabels in concepts]
        out.append("</ul></section>")
    return "\n".join(out)


def _profile(triples: Sequence[ox.Triple], names: dict[str, str]) -> str:
    """Per class the shapes target, each property its shapes constrain, with its cardinality and
    the kind of value: the application profile, own and reused properties alike."""
    by_subject: dict[str, dict[str, list]] = {}
    for t in triples:
        by_subject.setdefault(_key(t.subject), {}).setdefault(t.predicate.value, []).append(t.object)
    rows = []
    for node, props in sorted(by_subject.items()):
        for target in sorted(o.value for o in props.get(SH_DOC.targetClass.value, ())):
            for shape in props.get(SH_DOC.property.value, ()):
                ps = by_subject.get(_key(shape), {})
                path = next((o.value for o in ps.get(SH_DOC.path.value, ()) if isinstance(o, ox.NamedNode)), None)
                if path is None:
                    continue
                low = next((o.value for o in ps.get(SH_DOC.minCount.value, ())), "0")
                high = next((o.value for o in ps.get(SH_DOC.maxCount.value, ())), "*")
                value = [shorten(o.value) for key in (SH_DOC.datatype.value, SH_DOC["class"].value)
                         for o in ps.get(key, ()) if isinstance(o, ox.NamedNode)]
                rows.append((target, path, f"{low}..{high}", ", ".join(value), shorten(node)))
    body = "".join(f"<tr><td>{_link(c, names)}</td><td>{_link(p, names)}</td><td>{escape(card)}</td>"
                   f"<td>{escape(value) or '—'}</td><td><code>{escape(shape)}</code></td></tr>"
                   for c, p, card, value, shape in sorted(set(rows)))
    return ('<h2 id="profile">Profile of the properties</h2><p>What the shapes require of each class\'s properties: '
            "how many values (min..max) and of what datatype or class.</p>"
            + scroll_table('<table><caption>Properties per class, from the shapes</caption><thead><tr>'
                           '<th scope="col">Class</th><th scope="col">Property</th><th scope="col">Values</th><th scope="col">Of</th>'
                           '<th scope="col">Shape</th></tr></thead><tbody>' + body + "</tbody></table>", "Profile of the properties"))


def _changelog_text() -> str:
    return resources.files("kemi_lod.ontology").joinpath("CHANGELOG.md").read_text(encoding="utf-8")


def _releases() -> list[tuple[str, str]]:
    """The released versions and their dates, from the changelog's headings."""
    return [(m[1], m[2]) for m in re.finditer(r"^## (\d+\.\d+\.\d+) \((\d{4}-\d{2}-\d{2})\)$", _changelog_text(), re.M)]


def _inline(text: str) -> str:
    """Markdown's `code` and **strong** spans and https links, in an escaped text."""
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", escape(text))
    text = re.sub(r"\[([^\]]+)\]\((https://[^)\s\"<>]+)\)", r'<a href="\2">\1</a>', text)
    return re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)


def _changelog() -> str:
    """ontology/CHANGELOG.md as HTML: its version headings, paragraphs and lists."""
    out, paragraph, items = ['<h2 id="changelog">Changelog</h2>'], [], []

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in _changelog_text().splitlines()[1:]:
        if line.startswith("## "):
            flush()
            out.append(f"<h3>{_inline(line[3:])}</h3>")
        elif line.startswith("- "):
            flush() if paragraph else None
            items.append(line[2:])
        elif line.startswith("  ") and items:
            items[-1] += " " + line.strip()
        elif line.strip():
            if items:
                flush()
            paragraph.append(line.strip())
        else:
            flush()
    flush()
    return "\n".join(out)


def _whole_examples(store: ox.Store, facts: GraphFacts, terms: list[Term]) -> None:
    """Each class's first instance (by IRI) as the data describes it, in Turtle."""
    prefixes = dict(sorted(PREFIXES.items()))
    for term in terms:
        instance = facts.first_instances.get(term.iri) if term.kind == "class" else None
        if instance is None:
            continue
        node = ox.NamedNode(instance)
        triples = sorted((ox.Triple(node, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)), key=str)
        text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
        term.example_turtle = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix")).strip()


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
    if term.mappings:
        rows.append(("Mappings", "; ".join(f"{kind} {_link(iri, names)}" for kind, iri in sorted(term.mappings))))
    if term.scope_notes:
        rows.append(("Why no reused term", _bilingual(term.scope_notes)))
    if term.deprecated:
        use = f"use {_links(term.replaced_by, names)}. " if term.replaced_by else ""
        rows.insert(1, ("Deprecated", f"<strong>deprecated</strong>: {use}{_bilingual(term.change_notes)}"))
    rows.append(("Constrained by", ", ".join(f"<code>{escape(s)}</code>" for s in term.shapes) or "—"))
    if term.example_turtle:
        rows.append(("Example", f'<pre tabindex="0"><code>{escape(term.example_turtle)}</code></pre>'))
    else:
        rows.append(("Example", f"<code>{escape(term.example)}</code>" if term.example else "not used in this publication"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<section aria-labelledby="{escape(term.anchor)}"><h3 id="{escape(term.anchor)}">'
            f"<code>{escape(term.name)}</code>{' (deprecated)' if term.deprecated else ''}</h3><dl>{body}</dl></section>")


def ontology_jsonld(data: bytes) -> bytes:
    return jsonld_document(q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE))


def write_vocabulary_page(out: Path, settings: Settings, facts: GraphFacts, store: ox.Store | None = None,
                          reuse: Reuse | None = None) -> list[Written]:
    """The documentation page and the vocabulary files as JSON-LD, beside their Turtle."""
    reuse = reuse if reuse is not None else Reuse()
    documents = [reuse.write(out, f"ontology/{f.name.replace('.ttl', '.jsonld')}", ontology_jsonld(f.data))
                 for f in ontology_files()]
    return [*documents, reuse.write(out, PAGE, render_page(settings, facts, store))]
