"""The vocabulary's JSON-LD context of plain terms (`ontology/hanke-context.jsonld`), read.

`Context.read` turns the context into what a writer needs (each term's IRI, how it coerces its
values, whether it is a language map, a list or a link) and what `compatibility` compares
between releases: which term a value of each kind gets (`Context.term_for`, the first term for
the value's property that can hold it as it is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import pyoxigraph as ox

from kemi_lod.vocabulary.terms import XSD


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    coerce: str = ""  # "@id", "@vocab", a datatype IRI, or "" (strings and value objects)
    language_map: bool = False
    many: bool = False  # @container @set: always a list
    link: bool = False  # its scoped context unsets `type` and `label`: linked resources are {id, type, label}


@dataclass(frozen=True)
class Context:
    """A JSON-LD context read for compaction: its prefixes and terms, in the context's order."""

    url: str  # where documents find it
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace), longest namespace first
    terms: tuple[Term, ...]
    by_iri: dict[str, tuple[Term, ...]]
    class_terms: dict[str, str]  # class IRI -> term
    set_terms: frozenset[str]  # always lists (@container @set, and `type`)
    language_terms: frozenset[str]  # language maps
    vocab_terms: dict[str, str]  # IRI -> the term that names it (@type @vocab values)
    order: dict[str, int]  # a node's keys in the context's order of its terms (id and type first)
    chosen: dict = field(default_factory=dict, compare=False)  # (predicate, kind of value) -> its term, as found

    @classmethod
    def read(cls, document: dict, url: str) -> "Context":
        ctx = document["@context"]
        prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("#", "/"))}
        expand = _expander(prefixes)
        terms, class_terms = [], {}
        for name, d in ctx.items():
            if name.startswith("@") or name in prefixes or name in ("id", "type"):
                continue
            if isinstance(d, str):
                if name[:1].isupper():
                    class_terms[expand(d)] = name
                    continue
                d = {"@id": d}
            coerce = d.get("@type", "")
            terms.append(Term(name, expand(d["@id"]), coerce if coerce.startswith("@") else expand(coerce) if coerce else "",
                              d.get("@container") == "@language", d.get("@container") == "@set",
                              d.get("@context", {}).get("label", 0) is None))
        by_iri: dict[str, list[Term]] = {}
        for t in terms:
            by_iri.setdefault(t.iri, []).append(t)
        return cls(url, tuple(sorted(prefixes.items(), key=lambda kv: -len(kv[1]))), tuple(terms),
                   {k: tuple(v) for k, v in by_iri.items()}, class_terms,
                   frozenset(t.name for t in terms if t.many) | {"type"}, frozenset(t.name for t in terms if t.language_map),
                   {iri: ts[0].name for iri, ts in by_iri.items()},
                   {name: i for i, name in enumerate(("id", "type", *(t.name for t in terms)))})

    def chosen_terms(self) -> dict[tuple[str, str], str]:
        """For each property and kind of value a term holds ("@id", "@language" or a datatype),
        the term a value of that kind gets: what a document's keys are."""
        found: dict[tuple[str, str], str] = {}
        for t in self.terms:
            kind = "@id" if t.coerce in ("@id", "@vocab") else "@language" if t.language_map else t.coerce or XSD.string.value
            found.setdefault((t.iri, kind), t.name)
        return found

    def compact_iri(self, iri: str) -> str:
        for prefix, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and ":" not in iri[len(ns):]:
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def type_name(self, iri: str) -> str:
        return self.class_terms.get(iri) or self.compact_iri(iri)

    def term_for(self, predicate: str, o) -> Term | None:
        """The first term for `predicate` that can hold `o` as it is."""
        if isinstance(o, (ox.NamedNode, ox.BlankNode)):
            kind = "@id"
        else:
            kind = "@language" if o.language else o.datatype.value
        key = (predicate, kind)
        found = self.chosen.get(key, self)
        if found is self:
            found = self.chosen[key] = next((t for t in self.by_iri.get(predicate, ()) if _fits(t, kind)), None)
        return found


def _expander(prefixes: dict[str, str]) -> Callable[[str], str]:
    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes and not local.startswith("//") else value
    return expand


def _fits(t: Term, kind: str) -> bool:
    """Whether the term holds a value of this kind: "@id" (an IRI), "@language" (a text in a
    language) or a datatype IRI."""
    if kind == "@id":
        return t.coerce in ("@id", "@vocab")
    if kind == "@language":
        return t.language_map
    if t.language_map or t.coerce in ("@id", "@vocab"):
        return False
    return kind == (t.coerce or XSD.string.value)
