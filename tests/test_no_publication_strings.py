"""The tool names no publication: everything Kemi-specific is in kemi-lod.yaml and data/.

Every text file of the package (`kemi_lod/`) and the vocabulary and shapes it ships is searched
for "kemi" in any case (the tool's own names excepted) and for the Kemi publication's own
values, taken from its configuration: base IRI, publisher's name and business ID, place, ...
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import REPO
from kemi_lod.config import load_settings

# the tool's own names: kemi-lod, kemi_lod, KemiLodError, KEMI_LOD_*, .kemi-lod-cache
TOOL_NAME = re.compile(r"kemi[-_]lod|KemiLod|KEMI_LOD", re.IGNORECASE)
SHIPPED = [REPO / "ontology" / "hanke.ttl", REPO / "ontology" / "codelists.ttl", REPO / "shapes" / "hanke-shapes.ttl"]


def shipped_files() -> list[Path]:
    # vendor/: third-party bundles copied as published (the minified editor has "kemi" in a word)
    package = [p for p in sorted((REPO / "kemi_lod").rglob("*")) if p.is_file() and not {"__pycache__", "vendor"} & set(p.parts)]
    return package + SHIPPED


def publication_values() -> list[str]:
    """The Kemi publication's own strings, from its configuration."""
    s = load_settings(REPO / "kemi-lod.yaml")
    values = {s.base_iri, s.organisations_base, s.publisher.id, s.publisher.business_id or "", s.spatial.iri or "",
              s.publisher.homepage or "", s.contact_point.url or ""}
    values |= {text for _, text in s.publisher.name.items} | {text for _, text in s.spatial.name.items}
    values |= {text for _, text in s.title.items}
    hosts = {re.sub(r"^https?://(www\.)?", "", v).rstrip("/") for v in values if v.startswith("http")}
    return sorted(v for v in values | hosts | {"0210427-6", "FIN_KEM"} if v)


def offending(text: str, values: list[str]) -> list[str]:
    """What in `text` names the publication."""
    without_tool = TOOL_NAME.sub("", text)
    found = [v for v in values if v.casefold() in without_tool.casefold()]
    found += [m.group(0) for m in re.finditer(r"\w*kemi\w*", without_tool, re.IGNORECASE)]
    return sorted(set(found))


@pytest.mark.parametrize("path", shipped_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_file_names_no_publication(path):
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert offending(text, publication_values()) == []


def test_the_search_finds_what_it_must():
    values = publication_values()
    assert {"https://data.kemi.fi/", "data.kemi.fi", "0210427-6", "Kemin kaupunki", "City of Kemi",
            "http://publications.europa.eu/resource/authority/place/FIN_KEM"} <= set(values)
    assert offending("from kemi_lod.cli import main  # kemi-lod, KemiLodError, KEMI_LOD_X", values) == []
    assert offending("Kemissä ja Keminmaassa", values) == ["Kemi", "Keminmaassa", "Kemissä"]
    assert offending('BASE = "https://data.kemi.fi/"', values) == ["Kemi", "data.kemi.fi", "https://data.kemi.fi/", "kemi", "kemi.fi"]
    assert offending("y-tunnus 0210427-6", values) == ["0210427-6"]
    assert offending("KEMI", values) == ["KEMI", "Kemi"]
