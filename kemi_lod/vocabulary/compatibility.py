"""Is a version of the vocabulary (ontology, code lists, shapes) compatible with an earlier one?

Data valid under an earlier release must stay valid, and its terms keep their meaning, until
the major version changes (semantic versioning of `owl:versionInfo`). A *break* is:

- a term (class, property, code list, code) removed: deprecate it with `owl:deprecated true`
  instead and keep it;
- a domain or range changed (`rdfs:domain`, `rdfs:range`);
- a `rdfs:subClassOf` or `rdfs:subPropertyOf` axiom removed;
- a shape tightened: every constraint of the new shapes must already hold, at least as
  strictly and at least as severely, in the old ones. So `sh:minCount` up, `sh:maxCount` down
  (`sh:minInclusive`/`sh:maxInclusive`/`sh:minLength`/`sh:maxLength` alike), a value list
  (`sh:in`) shortened, any new `sh:class`, `sh:datatype`, `sh:pattern`, `sh:node`,
  `sh:nodeKind`, `sh:hasValue`, `sh:or`, `sh:xone`, `sh:uniqueLang` or SHACL-SPARQL
  constraint on an existing target, a new required property (a new `sh:minCount`), and a
  severity raised (`sh:Info` < `sh:Warning` < `sh:Violation`) are breaks.

Constraints are compared by what they constrain, (target class or referenced shape, path),
not by how the shapes file groups them, so moving a constraint to another shape is no break.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SH

from kemi_lod.vocabulary.context import Context
from kemi_lod.vocabulary.files import CONTEXT_FILE, ONTOLOGY_FILES as ONTOLOGY_NAMES, SHAPES_FILES as SHAPES_NAMES
from kemi_lod.vocabulary.terms import CODE_IRI as CODE_NS, HANKE_IRI as VOCAB_NS

AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf)
SEVERITY = {SH.Info: 0, SH.Warning: 1, SH.Violation: 2}  # how severe: a raised severity tightens
# how a constraint parameter tightens: "up" (a larger value is stricter), "down", "in"
# (a shorter list is stricter) or "set" (any value the old shapes lack is a new constraint)
PARAMETERS = {
    SH.minCount: "up", SH.minInclusive: "up", SH.minExclusive: "up", SH.minLength: "up",
    SH.maxCount: "down", SH.maxInclusive: "down", SH.maxExclusive: "down", SH.maxLength: "down",
    SH["in"]: "in",
    SH["class"]: "set", SH.datatype: "set", SH.pattern: "set", SH.node: "set", SH.nodeKind: "set",
    SH.hasValue: "set", SH["or"]: "set", SH.xone: "set", SH["and"]: "set", SH["not"]: "set",
    SH.uniqueLang: "set", SH.closed: "set", SH.sparql: "set",
}


@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> "Version":
        m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", text)
        if not m:
            raise ValueError(f"not a semantic version: {text!r}")
        return cls(*map(int, m.groups()))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def key(self) -> tuple[int, int, int]:
        return (self.major, self.minor, self.patch)


@dataclass(frozen=True)
class Vocabulary:
    name: str  # where it was read, for messages
    version: Version
    ontology: Graph  # the ontology and the code lists
    shapes: Graph
    context: dict | None = None  # the plain-term JSON-LD context's "@context", where the version has one


def load_vocabulary(folder: Path, name: str | None = None, shapes_folder: Path | None = None) -> Vocabulary:
    """The ontology and code lists in `folder`, the shapes in `shapes_folder` (default: `folder`)."""
    ontology, shapes = Graph(), Graph()
    for n in ONTOLOGY_NAMES:
        ontology.parse(folder / n, format="turtle")
    for n in SHAPES_NAMES:
        shapes.parse((shapes_folder or folder) / n, format="turtle")
    versions = {str(v) for v in ontology.objects(URIRef(VOCAB_NS.rstrip("#")), OWL.versionInfo)}
    if len(versions) != 1:
        raise ValueError(f"{folder}: the ontology states {len(versions)} versions (owl:versionInfo), not one")
    context_path = folder / CONTEXT_FILE
    context = json.loads(context_path.read_text(encoding="utf-8"))["@context"] if context_path.is_file() else None
    return Vocabulary(name or str(folder), Version.parse(versions.pop()), ontology, shapes, context)


def context_breaks(old: dict | None, new: dict | None) -> list[str]:
    """A term of the JSON-LD context removed or defined otherwise, or a value that a new term
    now takes before the old one: documents that use it would read differently (a new term
    for what had none is no break)."""
    if old is None:
        return []
    if new is None:
        return [f"the JSON-LD context ({CONTEXT_FILE}) removed"]
    out = [f"JSON-LD context term {'removed' if term not in new else 'changed'}: {term!r}"
           for term, definition in old.items() if new.get(term, ...) != definition]
    before, after = Context.read({"@context": old}, "").chosen_terms(), Context.read({"@context": new}, "").chosen_terms()
    out += [f"JSON-LD context: {kind} values of <{iri}> now go under {after[(iri, kind)]!r}, not {name!r}"
            for (iri, kind), name in sorted(before.items()) if after.get((iri, kind), name) != name]
    return out


# --- the ontology ---------------------------------------------------------------------------


def terms(g: Graph) -> set[URIRef]:
    """The vocabulary's own terms and codes: every typed IRI in its namespaces."""
    return {s for s in g.subjects(RDF.type, None)
            if isinstance(s, URIRef) and (str(s).startswith(VOCAB_NS) or str(s).startswith(CODE_NS))}


def ontology_breaks(old: Graph, new: Graph) -> list[str]:
    out = []
    old_terms, new_terms = terms(old), terms(new)
    for t in sorted(old_terms - new_terms):
        out.append(f"term removed: <{t}> (deprecate it with owl:deprecated true instead)")
    for t in sorted(old_terms & new_terms):
        for p in (RDFS.domain, RDFS.range):
            before, after = set(old.objects(t, p)), set(new.objects(t, p))
            if before != after:
                out.append(f"{_short(p)} changed: <{t}> {_names(before)} -> {_names(after)}")
    for p in AXIOMS:
        for s, o in sorted(old.subject_objects(p)):
            if s in old_terms and (s, p, o) not in new:
                out.append(f"{_short(p)} axiom removed: <{s}> {_short(p)} <{o}>")
    return out


def _short(p: URIRef) -> str:
    return "rdfs:" + str(p).removeprefix(str(RDFS))


def _names(nodes: set) -> str:
    return "{" + ", ".join(sorted(f"<{n}>" for n in nodes)) + "}"


# --- the shapes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Constraint:
    focus: str  # the target class, or the shape itself where nothing targets it
    path: str  # "" for a constraint on the focus node itself
    parameter: URIRef
    value: object  # a number for "up"/"down", a frozenset for "in", a canonical string for "set"
    severity: int

    def describe(self) -> str:
        where = f"{self.focus}" + (f" {self.path}" if self.path else "")
        value = sorted(self.value) if isinstance(self.value, frozenset) else self.value
        name = str(self.parameter).removeprefix(str(SH))
        return f"{where}: sh:{name} {value} ({_SEVERITY_NAMES[self.severity]})"


_SEVERITY_NAMES = {v: "sh:" + str(k).removeprefix(str(SH)) for k, v in SEVERITY.items()}


def canonical(g: Graph, node) -> str:
    """A node as text independent of blank-node labels (lists and nested shapes included)."""
    if isinstance(node, BNode):
        if (node, RDF.first, None) in g:
            return "(" + " ".join(canonical(g, item) for item in Collection(g, node)) + ")"
        pairs = sorted(f"{p.n3()} {canonical(g, o)}" for p, o in g.predicate_objects(node))
        return "[" + "; ".join(pairs) + "]"
    return node.n3()


def _foci(g: Graph, shape) -> list[str]:
    targets = sorted(str(t) for t in g.objects(shape, SH.targetClass))
    if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL.Class) in g:
        targets.append(str(shape))  # an implicit class target
    return targets or [canonical(g, shape)]


def _severity(g: Graph, *shapes) -> int:
    for s in shapes:
        for v in g.objects(s, SH.severity):
            return SEVERITY.get(v, 2)
    return SEVERITY[SH.Violation]


def _value(g: Graph, parameter: URIRef, o):
    how = PARAMETERS[parameter]
    if how in ("up", "down"):
        return o.toPython() if isinstance(o, Literal) else canonical(g, o)
    if how == "in":
        return frozenset(canonical(g, item) for item in Collection(g, o))
    if parameter == SH.sparql:  # the query, not the node holding it
        return " ".join(str(g.value(o, SH.select)).split())
    return canonical(g, o)


def constraints(g: Graph) -> set[Constraint]:
    """Every constraint of every node shape and its property shapes, by what it constrains."""
    out: set[Constraint] = set()
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.objects(None, SH.node))
    for shape in shapes:
        foci = _foci(g, shape)
        members = [(shape, "", (shape,))]
        members += [(p, canonical(g, g.value(p, SH.path)), (p, shape)) for p in g.objects(shape, SH.property)]
        for node, path, severity_from in members:
            severity = _severity(g, *severity_from)
            for parameter, o in g.predicate_objects(node):
                if parameter not in PARAMETERS:
                    continue
                if parameter == SH.sparql:
                    severity = _severity(g, o, shape)
                value = _value(g, parameter, o)
                out |= {Constraint(f, path, parameter, value, severity) for f in foci}
    return out


def _covers(old: Constraint, new: Constraint) -> bool:
    """Whether `old` already demands at least what `new` does."""
    if (old.focus, old.path, old.parameter) != (new.focus, new.path, new.parameter) or old.severity < new.severity:
        return False
    how = PARAMETERS[new.parameter]
    try:
        if how == "up":
            return old.value >= new.value
        if how == "down":
            return old.value <= new.value
    except TypeError:
        return False
    if how == "in":
        return old.value <= new.value
    return old.value == new.value


def _constrains_only_new(c: Constraint, new_terms: set[str], old_foci: set[str]) -> bool:
    """A constraint on a term the old version did not have, or in a shape that only a new
    `sh:node` reference (itself checked) can reach, constrains no data valid before."""
    if any(f"<{t}>" in c.path for t in new_terms) or c.focus in new_terms:
        return True
    return c.focus.startswith("<") and c.focus not in old_foci


def shape_breaks(old: Graph, new: Graph, new_terms: Iterable[str] = ()) -> list[str]:
    """`new_terms`: the IRIs of terms the new version adds (see `terms`)."""
    before, after = constraints(old), constraints(new)
    added = set(new_terms)
    old_foci = {c.focus for c in before}
    after = {c for c in after if not _constrains_only_new(c, added, old_foci)}
    by_key: dict[tuple, list[Constraint]] = {}
    for c in before:
        by_key.setdefault((c.focus, c.path, c.parameter), []).append(c)
    out = []
    for c in sorted(after - before, key=lambda c: c.describe()):
        olds = by_key.get((c.focus, c.path, c.parameter), [])
        if any(_covers(o, c) for o in olds):
            continue
        milder = [o for o in olds if _covers(Constraint(o.focus, o.path, o.parameter, o.value, 2), c)]
        if milder:
            kind, olds = "severity raised", milder
        elif olds and PARAMETERS[c.parameter] != "set":
            kind = "constraint tightened"
        else:  # for a "set" parameter another value is another constraint
            kind, olds = ("new required property" if c.parameter == SH.minCount else "new constraint"), []
        was = "; was " + ", ".join(sorted(o.describe() for o in olds)) if olds else ""
        out.append(f"shape {kind}: {c.describe()}{was}")
    return out


# --- the comparison -------------------------------------------------------------------------


def breaking_changes(old: Vocabulary, new: Vocabulary) -> list[str]:
    added = {str(t) for t in terms(new.ontology) - terms(old.ontology)}
    return (ontology_breaks(old.ontology, new.ontology) + shape_breaks(old.shapes, new.shapes, added)
            + context_breaks(old.context, new.context))


def check_against(release: Vocabulary, current: Vocabulary) -> list[str]:
    """What is wrong with `current` as a successor of `release`; empty when compatible."""
    where = f"{current.name} {current.version} against {release.name} {release.version}"
    if current.version.key() < release.version.key():
        return [f"{where}: the version goes backwards"]
    if current.version == release.version:
        same = isomorphic(release.ontology, current.ontology) and isomorphic(release.shapes, current.shapes) \
            and release.context == current.context
        return [] if same else [f"{where}: a released version changed; raise the version"]
    if current.version.major > release.version.major:
        return []  # a new major version may break; the CHANGELOG says how
    return [f"{where}: {b} (a break needs a new major version)" for b in breaking_changes(release, current)]

