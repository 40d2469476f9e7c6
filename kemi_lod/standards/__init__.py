"""The official DCAT-AP shapes, vendored with their provenance in README.md beside this file.

A profile is what the EU validator (or a portal's own documented command) runs on a catalogue
of ours; `kemi-lod check-catalog --profile NAME` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

STANDARDS = Path(__file__).resolve().parent / "dcat-ap"


@dataclass(frozen=True)
class Profile:
    shapes: tuple[Path, ...]  # each file is run on its own
    ontology: tuple[Path, ...] = ()  # mixed into the data graph (pySHACL's -e)
    inference: str = "none"
    catalogue: str = "catalog.ttl"  # the build's file this profile is for


PROFILES: dict[str, Profile] = {
    # DCAT-AP 3.0.1: mandatory, ranges, recommended and deprecated terms (the last two as Warnings),
    # each file on its own as the EU validator runs its profiles
    "dcat-ap-3": Profile(tuple(STANDARDS / "3.0.1" / n
                               for n in ("shapes.ttl", "range.ttl", "shapes_recommended.ttl", "deprecateduris.ttl"))),
    # avoindata.fi: upstream's documented command (`pyshacl -s ... -e FOAF.ttl -i rdfs`)
    "avoindata": Profile((STANDARDS / "avoindata-fi" / "avoindata_dcat-ap_shacl.ttl",),
                         (STANDARDS / "avoindata-fi" / "FOAF.ttl",), "rdfs", "catalog-avoindata.ttl"),
}
