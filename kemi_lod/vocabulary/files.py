"""The tool's own files shipped with the package: vocabulary, code lists and shapes.

They live at the top of the repository (`ontology/`, `shapes/`) and are installed as the
packages `kemi_lod.ontology` and `kemi_lod.shapes`, so every publication folder uses the
vocabulary and shapes of the installed tool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import pyoxigraph as ox

from kemi_lod.vocabulary.terms import CODE_IRI, ONTOLOGY_IRI, OWL, SKOS

ONTOLOGY_FILES = ("hanke.ttl", "codelists.ttl")
SHAPES_FILES = ("hanke-shapes.ttl",)
CONTEXT_FILE = "hanke-context.jsonld"  # the plain-term JSON-LD context, versioned with the vocabulary


@dataclass(frozen=True)
class ToolFile:
    name: str  # file name, also its name under build/
    folder: str  # "ontology" or "shapes"
    data: bytes


def _read(package: str, names: tuple[str, ...], folder: str) -> tuple[ToolFile, ...]:
    root: Traversable = resources.files(package)
    return tuple(ToolFile(name, folder, root.joinpath(name).read_bytes()) for name in names)


@cache
def ontology_files() -> tuple[ToolFile, ...]:
    return _read("kemi_lod.ontology", ONTOLOGY_FILES, "ontology")


@cache
def context_file() -> ToolFile:
    return _read("kemi_lod.ontology", (CONTEXT_FILE,), "ontology")[0]


@cache
def shapes_files() -> tuple[ToolFile, ...]:
    return _read("kemi_lod.shapes", SHAPES_FILES, "shapes")


def _parse(files: tuple[ToolFile, ...]) -> tuple[ox.Triple, ...]:
    triples: list[ox.Triple] = []
    for f in files:
        triples.extend(q.triple for q in ox.parse(f.data, format=ox.RdfFormat.TURTLE))
    return tuple(triples)


@cache
def codelist_triples() -> tuple[ox.Triple, ...]:
    """The code lists, published with the data so every code carries its labels."""
    return _parse(tuple(f for f in ontology_files() if f.name == "codelists.ttl"))


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    return _parse(ontology_files())


@cache
def ontology_version() -> str:
    """The version of the vocabulary this tool ships (`owl:versionInfo`)."""
    return next(t.object.value for t in ontology_triples()
                if t.subject.value == ONTOLOGY_IRI and t.predicate == OWL.versionInfo)


def version_iri(version: str, part: str = "") -> str:
    """A version's IRI: the vocabulary's `…/vocab/<version>`, its code lists' and shapes'
    `…/vocab/<version>/codelists` and `…/shapes`."""
    return f"{ONTOLOGY_IRI}/{version}" + (f"/{part}" if part else "")


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(n) for n in name.split("."))


@cache
def release_files() -> tuple[ToolFile, ...]:
    """Every released version's files, and those of the version this tool ships where it is not
    released yet, at `ontology/releases/<version>/`: where a version IRI leads (docs/data-model.md)."""
    root = resources.files("kemi_lod.ontology").joinpath("releases")
    versions = sorted((d.name for d in root.iterdir() if d.is_dir() and re.fullmatch(r"\d+\.\d+\.\d+", d.name)), key=_version_key)
    out = [ToolFile(f.name, f"ontology/releases/{v}", f.read_bytes())
           for v in versions for f in sorted(root.joinpath(v).iterdir(), key=lambda f: f.name)
           if f.name.endswith(".ttl") or f.name == CONTEXT_FILE]
    if ontology_version() not in versions:
        out += [ToolFile(f.name, f"ontology/releases/{ontology_version()}", f.data)
                for f in (*ontology_files(), *shapes_files(), context_file())]
    return tuple(out)


@cache
def shapes_triples() -> tuple[ox.Triple, ...]:
    return _parse(shapes_files())


@cache
def codes() -> dict[str, frozenset[str]]:
    """Valid codes per code list, from the concepts' skos:notation and skos:inScheme."""
    notation: dict[str, str] = {}
    scheme: dict[str, str] = {}
    for t in codelist_triples():
        if t.predicate == SKOS.notation:
            notation[t.subject.value] = t.object.value
        elif t.predicate == SKOS.inScheme:
            scheme[t.subject.value] = t.object.value.removeprefix(CODE_IRI)
    out: dict[str, set[str]] = {}
    for concept, value in notation.items():
        out.setdefault(scheme[concept], set()).add(value)
    return {k: frozenset(v) for k, v in out.items()}
