"""The linking stage: a publication's own names matched to the reference tables.

A publication declares its organisations, places and programmes by name; the reference tables
shipped with the tool (`reference/`, each row with the public source it was taken from) give
their official identifiers: business IDs, municipality and region codes, NUTS codes, CCI codes
and Wikidata items. A name matches when it is equal to a name of exactly one row after
`normalise`; nothing is matched on a part of a name, and a name that fits two rows with
different identifiers matches none. What does not match is left unlinked, and the shapes'
notes list it (kemi-lod validate).

The mapper asks `reference()` while it maps each record, so the links are part of each
record's triples (and of its cache key, through `digest`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

REFERENCE_PACKAGE = "kemi_lod.reference"
REFERENCE_FILES = ("municipalities.csv", "regions.csv", "organisations.csv", "programmes.csv", "wikidata.csv")

# Where the linked identifiers live on the web. The municipality and region code lists are
# versioned: a publication names the version it links to once, in its settings. The default is
# the newest version of each list that public sources show on uri.suomi.fi (2024); the tables
# are of the 2026 classification, whose codes are all in the 2024 lists (the only change since
# is a merger, Pertunmaa into Mäntyharju).
DEFAULT_MUNICIPALITY_CODES = "http://uri.suomi.fi/codelist/jhs/kunta_1_20240101"
DEFAULT_REGION_CODES = "http://uri.suomi.fi/codelist/jhs/maakunta_1_20240101"
CODE_LIST = re.compile(r"^http://uri\.suomi\.fi/codelist/jhs/(?P<name>kunta|maakunta)_1_(?P<date>\d{8})$")
NUTS = "http://data.europa.eu/nuts/code/"
WIKIDATA = "http://www.wikidata.org/entity/"
# The statistical classification the municipality and region codes (and their NUTS codes) were read from.
CLASSIFICATION_SOURCE = "https://stat.fi/fi/luokitukset/kunta/kunta_1_20260101"
NUTS_SOURCE = "https://data.stat.fi/api/classifications/v2/correspondenceTables/kunta_1_20260101%23nuts_2_20260101/maps"

# legal forms written after a name (Oy, ry, sr, …): the importers drop them from names too
LEGAL_FORMS = ("oy", "oyj", "ab", "ltd", "ry", "rf", "rs", "sr", "ky", "tmi", "ay", "osk")
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def normalise(name: str) -> str:
    """A name as it is compared: case and accents of other scripts folded, punctuation and
    hyphens removed, spaces collapsed, and a trailing legal form (Oy, ry, sr, ...) dropped.
    Finnish letters keep their dots: "Mäntyharju" and "Mantyharju" differ."""
    text = unicodedata.normalize("NFC", name).casefold().replace("-", "").replace("–", " ").replace("—", " ")
    words = _PUNCTUATION.sub(" ", text).split()
    while len(words) > 1 and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True)
class Sourced:
    """A value and the public source (an IRI) it was taken from."""

    value: str
    source: str


@dataclass(frozen=True)
class OfficialPlace:
    """A municipality or region of the national classification."""

    kind: str  # "municipality" or "region"
    code: str
    names: tuple[str, ...]  # Finnish, then Swedish
    nuts3: str
    wikidata: Sourced | None


@dataclass(frozen=True)
class KnownOrganisation:
    business_id: str
    name: str
    source: str


@dataclass(frozen=True)
class KnownProgramme:
    cci: str
    name: str
    source: str
    page: str | None  # the programme's page at the European Commission


@dataclass(frozen=True)
class Reference:
    places: Mapping[tuple[str, str], tuple[OfficialPlace, ...]]  # (kind, normalised name) -> places
    organisations: Mapping[str, tuple[KnownOrganisation, ...]]  # normalised name -> rows
    programmes: Mapping[str, tuple[KnownProgramme, ...]]
    digest: bytes  # of every table: a part of the records' cache key

    def place(self, kind: str, names: Iterable[str]) -> OfficialPlace | None:
        return _unique(self.places, ((kind, normalise(n)) for n in names), lambda p: p.code)

    def organisation(self, names: Iterable[str]) -> KnownOrganisation | None:
        return _unique(self.organisations, (normalise(n) for n in names), lambda o: o.business_id)

    def programme(self, names: Iterable[str]) -> KnownProgramme | None:
        return _unique(self.programmes, (normalise(n) for n in names), lambda p: p.cci)


def _unique(table: Mapping, keys: Iterable, identity):
    """The row all matching names agree on; None when no name matches or two rows differ."""
    found = {}
    for key in keys:
        for row in table.get(key, ()):
            found.setdefault(identity(row), row)
    return next(iter(found.values())) if len(found) == 1 else None


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _names(row: dict[str, str], *columns: str) -> tuple[str, ...]:
    out = [row[c] for c in columns if row.get(c)]
    out += [n.strip() for n in row.get("alt_names", "").split("|") if n.strip()]
    return tuple(dict.fromkeys(out))


def _index(items: Iterable[tuple[str, object]]) -> Mapping:
    out: dict = {}
    for key, item in items:
        if item not in out.setdefault(key, []):
            out[key].append(item)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def read_reference(tables: Mapping[str, bytes]) -> Reference:
    """The reference tables read from their CSV bytes (by file name)."""
    wikidata = {(r["kind"], r["code"]): Sourced(r["item"], r["source"]) for r in _rows(tables["wikidata.csv"])}
    places = [
        OfficialPlace("region", r["code"], _names(r, "name_fi", "name_sv"), r["nuts3"], wikidata.get(("region", r["code"])))
        for r in _rows(tables["regions.csv"])
    ] + [
        OfficialPlace("municipality", r["code"], _names(r, "name_fi", "name_sv"), r["nuts3"], wikidata.get(("municipality", r["code"])))
        for r in _rows(tables["municipalities.csv"])
    ]
    organisations = [(r, KnownOrganisation(r["business_id"], r["name"], r["source"])) for r in _rows(tables["organisations.csv"])]
    programmes = [(r, KnownProgramme(r["cci"], r["name"], r["source"], r["page"] or None)) for r in _rows(tables["programmes.csv"])]
    h = hashlib.sha256()
    for name in sorted(tables):
        h.update(name.encode() + b"\0" + tables[name])
    return Reference(
        places=_index(((p.kind, normalise(n)), p) for p in places for n in p.names),
        organisations=_index((normalise(n), o) for r, o in organisations for n in _names(r, "name")),
        programmes=_index((normalise(n), p) for r, p in programmes for n in _names(r, "name")),
        digest=h.digest(),
    )


@cache
def reference() -> Reference:
    """The tables shipped with the tool."""
    root = resources.files(REFERENCE_PACKAGE)
    return read_reference({name: root.joinpath(name).read_bytes() for name in REFERENCE_FILES})


# --- the IRIs links point at ---------------------------------------------------------------------


def code_iri(code_list: str, code: str) -> str:
    """A code in a uri.suomi.fi code list: `<list>/code/<code>`."""
    return f"{code_list}/code/{code}"


def nuts_iri(code: str) -> str:
    return NUTS + code


def wikidata_iri(item: str) -> str:
    return WIKIDATA + item


def register_page(pattern: str, code: str) -> str:
    """A project's page in its register: the settings' pattern with `{code}` filled in."""
    return pattern.replace("{code}", code)


@dataclass(frozen=True)
class LinkTarget:
    """A dataset outside the publication that its links point into: a VoID linkset's target."""

    slug: str
    title: Mapping[str, str]
    homepage: str
    uri_space: str
    predicate: str  # the link's predicate (IRI)


def link_targets(municipality_codes: str, region_codes: str, register_pattern: str | None,
                 register_publication: str | None, register_title: Mapping[str, str] | None) -> tuple[LinkTarget, ...]:
    """The link targets of a publication, in the order the VoID description lists them."""
    exact, see_also, same = (
        "http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2000/01/rdf-schema#seeAlso",
        "http://www.w3.org/2002/07/owl#sameAs",
    )
    out = [
        LinkTarget("wikidata", {"fi": "Wikidata", "en": "Wikidata"}, "https://www.wikidata.org/", WIKIDATA, exact),
        LinkTarget("municipality-codes", {"fi": "Kuntaluokitus (uri.suomi.fi)", "en": "Finnish municipality classification (uri.suomi.fi)"},
                   "https://koodistot.suomi.fi/", municipality_codes + "/code/", exact),
        LinkTarget("region-codes", {"fi": "Maakuntaluokitus (uri.suomi.fi)", "en": "Finnish region classification (uri.suomi.fi)"},
                   "https://koodistot.suomi.fi/", region_codes + "/code/", exact),
        LinkTarget("nuts", {"fi": "NUTS-aluejako (Eurostat)", "en": "NUTS classification (Eurostat)"},
                   "https://ec.europa.eu/eurostat/web/nuts", NUTS, exact),
    ]
    title = dict(register_title or {"fi": "rekisteri", "en": "register"})
    if register_pattern:
        space = register_pattern.split("{code}", 1)[0]
        out.append(LinkTarget("register-pages", {k: f"{v} (hankesivut)" if k == "fi" else f"{v} (project pages)" for k, v in title.items()},
                              space, space, see_also))
    if register_publication:
        out.append(LinkTarget("register-publication", {k: f"{v} (linkitetty data)" if k == "fi" else f"{v} (linked data)" for k, v in title.items()},
                              register_publication, register_publication + "id/", same))
    return tuple(out)
