"""What both importers share: ids, organisation names, numbers as YAML holds them, the EU funds
and programme both sources name, and writing records with provenance.

Records are written as YAML a person can read and correct: one key per line, small values in
flow style, and after each value a comment naming the file and line it was read from, so every
imported value keeps where it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from kemi_lod.linking import LEGAL_FORMS
from kemi_lod.progress import SILENT, Progress
from kemi_lod.records.load import FOLDER_OF

_FORMS = "(" + "|".join(LEGAL_FORMS) + r"|r\.y\.)"
# the ELY centres' long name, with or without the comma the register and the pages write
ELY_LONG_NAME = r"elinkeino-\s*,?\s*liikenne-\s+ja\s+ympäristökeskus"
_ELY_LONG = re.compile(ELY_LONG_NAME, re.I)

# the EU funds both sources name, as programme records (each importer adds what its source says)
EU_FUNDS: dict[str, dict[str, Any]] = {
    "erdf": {"name": {"fi": "Euroopan aluekehitysrahasto", "en": "European Regional Development Fund"},
             "level": "fund", "notation": "EAKR"},
    "esf": {"name": {"fi": "Euroopan sosiaalirahasto", "en": "European Social Fund"},
            "level": "fund", "notation": "ESR"},
}
# the structural-funds programme of 2014-2020, whose priority axes both sources number
PROGRAMME_2014_2020_ID = "kestavaa-kasvua-ja-tyota-2014-2020"
PROGRAMME_2014_2020_NAME: dict[str, str] = {
    "fi": "Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma",
    "en": "Sustainable growth and jobs 2014–2020 – Finland's structural funds programme",
}


def slug(text: str, limit: int = 60) -> str:
    """An id from text: lower-case ASCII letters, digits and single hyphens."""
    text = text.replace("ä", "a").replace("ö", "o").replace("å", "a").replace("Ä", "a").replace("Ö", "o").replace("Å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0] or text[:limit]
    return text or "x"


def normalise_org_name(name: str) -> str:
    """The key that makes two spellings one organisation: case, whitespace, the ELY centres'
    long name, and company-form suffixes (Oy, Ry, …) do not matter."""
    text = " ".join(name.replace("\u00a0", " ").replace("\u202f", " ").split())
    text = _ELY_LONG.sub("ely-keskus", text)
    text = text.casefold().rstrip(".")
    text = re.sub(rf"[\s,]+{_FORMS}$", "", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Sourced:
    """A value with where it was read: written as `value  # where`."""

    value: Any
    where: str


@dataclass
class Draft:
    """Records being imported, by kind and id; ids are minted here and stay unique."""

    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {k: {} for k in FOLDER_OF})
    org_keys: dict[str, str] = field(default_factory=dict)  # normalised name -> id
    person_keys: dict[str, str] = field(default_factory=dict)  # name -> opaque id

    def organisation(self, name: str, where: str, ident: str | None = None, **extra: Any) -> str:
        """The id of the organisation of that name, added on first sight (as `ident` where
        given, else as its normalised name)."""
        key = normalise_org_name(name)
        if key in self.org_keys:
            return self.org_keys[key]
        ident = self.unique("org", ident or slug(key))
        self.org_keys[key] = ident
        self.records["org"][ident] = {"name": Sourced(" ".join(name.split()), where), **extra}
        return ident

    def person(self, name: str, where: str) -> str:
        """An opaque id (p- and a sequence number in hex), never derived from the name."""
        name = " ".join(name.split())
        if name not in self.person_keys:
            ident = f"p-{len(self.person_keys) + 1:04x}"
            self.person_keys[name] = ident
            self.records["person"][ident] = {"name": Sourced(name, where)}
        return self.person_keys[name]

    def unique(self, kind: str, base: str) -> str:
        ident, n = base, 2
        while ident in self.records[kind]:
            ident = f"{base}-{n}"
            n += 1
        return ident


def plain_number(value: Decimal) -> int | float:
    """A number as a record holds it: whole numbers as int, others as float."""
    return int(value) if value == value.to_integral_value() else float(value)


def flow_yaml(value: Any) -> str:
    """The value (Sourced unwrapped) as one line of flow-style YAML."""
    text = yaml.safe_dump(plain(value), default_flow_style=True, allow_unicode=True, width=10**9, sort_keys=False)
    return text.strip().removesuffix("...").strip()


def plain(value: Any) -> Any:
    """The value with every Sourced unwrapped, as YAML would hold it."""
    if isinstance(value, Sourced):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def render_record(fields: dict[str, Any]) -> str:
    """YAML of one record: a line per key (a line per item for lists of mappings), with the
    source of each value as a comment."""
    lines = []
    for key, value in fields.items():
        where = value.where if isinstance(value, Sourced) else ""
        inner = value.value if isinstance(value, Sourced) else value
        if isinstance(inner, list) and inner and any(isinstance(v, (dict, Sourced)) for v in inner):
            lines.append(f"{key}:" + (f"  # {where}" if where else ""))
            for item in inner:
                item_where = item.where if isinstance(item, Sourced) else ""
                lines.append(f"  - {flow_yaml(item)}" + (f"  # {item_where}" if item_where else ""))
        else:
            lines.append(f"{key}: {flow_yaml(inner)}" + (f"  # {where}" if where else ""))
    return "\n".join(lines) + "\n"


def write_draft(draft: Draft, out: Path, progress: Progress = SILENT) -> list[Path]:
    """Write every record under out/<folder>/<id>.yaml; returns the files written."""
    written = []
    progress.stage("records", sum(len(records) for records in draft.records.values()))
    for kind, records in draft.records.items():
        folder = out / FOLDER_OF[kind]
        folder.mkdir(parents=True, exist_ok=True)
        for ident in sorted(records):
            path = folder / f"{ident}.yaml"
            path.write_text(render_record(records[ident]), encoding="utf-8")
            written.append(path)
            progress.advance()
    return written
