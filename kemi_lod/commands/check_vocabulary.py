"""`kemi-lod check-vocabulary`: is a vocabulary release a compatible successor of an earlier one?

For a municipality that extends the vocabulary, or a maintainer before a release: the rules are
in `kemi_lod.vocabulary.compatibility`. A folder holds `hanke.ttl`, `codelists.ttl` and
`hanke-shapes.ttl` (the layout of `ontology/releases/<version>/`), or the shapes are given apart.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kemi_lod.errors import UsageError, display_path
from kemi_lod.vocabulary.compatibility import (
    ONTOLOGY_NAMES, SHAPES_NAMES, Vocabulary, check_against, load_vocabulary,
)


def shipped() -> tuple[Path, Path]:
    """The folders of the vocabulary and the shapes this tool ships."""
    return Path(str(resources.files("kemi_lod.ontology"))), Path(str(resources.files("kemi_lod.shapes")))


def read(folder: Path, shapes: Path | None, name: str) -> Vocabulary:
    """A vocabulary from files, or a usage error naming what is missing or unreadable."""
    needed = [folder / n for n in ONTOLOGY_NAMES] + [(shapes or folder) / n for n in SHAPES_NAMES]
    missing = [p for p in needed if not p.is_file()]
    if missing:
        raise UsageError(f"{display_path(missing[0])}: no such file "
                         "(a vocabulary folder holds hanke.ttl, codelists.ttl and hanke-shapes.ttl)")
    try:
        return load_vocabulary(folder, name, shapes)
    except (ValueError, SyntaxError) as exc:  # rdflib's parse errors, or no single owl:versionInfo
        raise UsageError(f"{display_path(folder)}: {exc}") from None


def check_vocabulary(old: Path, new: Path | None = None, old_shapes: Path | None = None,
                     new_shapes: Path | None = None) -> tuple[Vocabulary, Vocabulary, list[str]]:
    """Both vocabularies and what breaks compatibility (empty: `new` may follow `old`)."""
    before = read(old, old_shapes, display_path(old))
    if new is None:
        folder, shipped_shapes = shipped()
        after = read(folder, new_shapes or shipped_shapes, "the shipped vocabulary")
    else:
        after = read(new, new_shapes, display_path(new))
    return before, after, check_against(before, after)
