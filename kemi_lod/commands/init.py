"""`kemi-lod init`: a new publication folder that builds at once.

It writes `kemi-lod.yaml` (the name and base IRI given; what only the publisher knows marked
`TODO`), `data/` with one example record per kind as `*.yaml.example` (skipped by the loader
until renamed), a README for the publication and a `.gitignore`. Nothing here names any
particular municipality: everything comes from the arguments.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kemi_lod.config import CONFIG_NAME, load_settings
from kemi_lod.errors import UsageError
from kemi_lod.importers.common import normalise_org_name, slug
from kemi_lod.importers.page.draft import municipality_name
from kemi_lod.records.load import FOLDER_OF
from kemi_lod.records.kinds import ID_PATTERN

TODO = "TODO"
BASE_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+/$")
EXAMPLE_PERSON = "p-0001"
EXAMPLE_PROGRAMME = "esimerkkiohjelma"
EXAMPLE_SOURCE = "hankesivu"
EXAMPLE_PROJECT = "esimerkkihanke"


@dataclass(frozen=True)
class Created:
    root: Path
    files: tuple[Path, ...]
    todos: tuple[str, ...]  # the configuration's lines that hold a placeholder


def _q(text: str) -> str:
    """A YAML scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def render_config(name: str, base_iri: str, dataset: str, publisher_id: str) -> str:
    n = _q(name)
    return f"""\
# The publication's settings, written by `kemi-lod init`. Every line marked {TODO} holds a
# placeholder that only the publisher can fill in; `grep {TODO} {CONFIG_NAME}` lists them.
# The build works with them as they are, but publishes them as they are too.
dataset: {dataset}
# Resource IRIs are {{base_iri}}id/<kind>/<id>; choose it once, it is part of every IRI.
base_iri: {base_iri}
# Organisations are named under their own IRI space. Give the base another publication uses
# for them and the same organisation gets the same IRI in both.
organisations_base: {base_iri}
title:
  fi: {_q(f"{name}: kehittämishankkeet")}
description:
  fi: {_q(f"Kehittämishankkeet linkitettynä avoimena datana. Julkaisija: {name}.")}
publisher:
  id: {publisher_id}
  name: {{fi: {n}}}
  type: LocalAuthority
  # {TODO}: the publisher's business ID (Y-tunnus), e.g. business_id: 1234567-1
  # {TODO}: the publisher's web site, e.g. homepage: https://www.example.fi/
contact_point:
  # {TODO}: the office that answers questions about the data (its name, e-mail or web page)
  name: {{fi: {_q(f"{TODO}: yhteystiedot ({name})")}}}
  # email: kirjaamo@example.fi
  # url: https://www.example.fi/yhteystiedot
licence: https://creativecommons.org/licenses/by/4.0/
spatial:
  # {TODO}: the area the data covers, and its IRI in the EU "Place" authority list
  # (http://publications.europa.eu/resource/authority/place/<code>)
  name: {{fi: {_q(f"{TODO}: alue")}}}
  # iri: http://publications.europa.eu/resource/authority/place/FIN_XXX
languages: [fi]
# How much of the contact persons is published: roles (role titles only, no names: the least
# personal data, and the tool's default), names (names and a page per person: state the legal
# basis first, see the documentation's "Personal data") or none (no contacts at all)
persons: roles
themes: [GOVE, ECON, REGI]
"""


def _municipality(name: str) -> str:
    """"Tornio" of "Tornion kaupunki": the municipality a city or municipality governs."""
    return municipality_name(name) or name


def example_records(publisher_id: str, name: str, base_iri: str) -> dict[str, str]:
    """One record of each kind, relative path -> text; together they build."""
    place = slug(_municipality(name).lower()) or "kunta"
    return {
        f"organisations/{publisher_id}.yaml.example": f"""\
# The publisher as an organisation; funders, implementers and departments are records like this.
# Without business_id, the build looks the name up in the tool's table of business IDs.
name: {{fi: {_q(name)}}}
# business_id: {{value: 1234567-1, source: https://www.example.fi/where-it-is-stated}}
# homepage: https://www.example.fi/
jurisdiction: {place}
""",
        f"places/{place}.yaml.example": f"""\
# A place projects work in. Write the name: the build finds a municipality's or region's official
# code, NUTS code and Wikidata item by it. type: municipality | region | area (an area needs
# within: the municipality it lies in).
name: {{fi: {_q(_municipality(name))}}}
type: municipality
# within: <the region's place record, e.g. lappi>
""",
        f"persons/{EXAMPLE_PERSON}.yaml.example": """\
# A contact person. The id is opaque (p- and hex digits), never derived from the name.
name: Etunimi Sukunimi
""",
        f"programmes/{EXAMPLE_PROGRAMME}.yaml.example": """\
# A fund, programme, priority axis, specific objective or grant instrument.
name: {fi: Esimerkkiohjelma, en: Example programme}
level: programme   # fund | programme | priority-axis | specific-objective | grant-instrument
""",
        f"sources/{EXAMPLE_SOURCE}.yaml.example": f"""\
# The page (or register, or document) the project records are taken from.
title: {{fi: Hankkeet}}
url: {base_iri}
publisher: {publisher_id}
date: "2024"
""",
        f"projects/{EXAMPLE_PROJECT}.yaml.example": f"""\
# A project. The file name is its id and part of its IRI: never rename it to correct a title.
title: Esimerkkihanke
sources:
  - {{source: {EXAMPLE_SOURCE}, lines: "1-10"}}
programmes: [{EXAMPLE_PROGRAMME}]
funding:
  - {{group: eu-and-state, amount: 80000, share_percent: 80}}
  - {{group: municipal, funder: {publisher_id}, amount: 20000}}
funding_complete: true
budget: 100000
period: {{start: "2024-01-01", end: "2025-12-31"}}
staff: {{headcount: 2}}
contacts:
  - {{person: {EXAMPLE_PERSON}, role: project-manager}}
implementers: [{publisher_id}]
places: [{place}]
summary: Hankkeen tiivistelmä.
""",
    }


def render_readme(name: str, base_iri: str, dataset: str) -> str:
    return f"""\
# {name}: projects as linked open data

This folder is a publication of the `kemi-lod` tool (written by `kemi-lod init`). The records are YAML files in `data/`; `kemi-lod build` validates them and
writes the publication to `build/`, the web root to publish at {base_iri}.

## Before the first release

1. Fill in the placeholders of `{CONFIG_NAME}`: `grep {TODO} {CONFIG_NAME}` lists them (business
   ID, contact point, area). Decide `base_iri` for good: it is part of every IRI.
2. Decide how much personal data to publish: `persons: roles` (the default written here: role
   titles only, no names), `names` (names and person pages; state the legal basis and how long
   they are kept) or `none` (no contact persons).

## Adding records

`data/` holds one example of each kind of record as `*.yaml.example`, which the build skips.
Rename them to `*.yaml` (or copy them) and edit them:

```sh
for f in data/*/*.yaml.example; do cp "$f" "${{f%.example}}"; done
kemi-lod validate      # checks, writes nothing; problems as path:line: field: message
kemi-lod build         # writes build/: dumps, catalogue, CSV, pages
kemi-lod serve         # http://127.0.0.1:8000/ with a SPARQL endpoint at /sparql
```

| folder | one file per |
| --- | --- |
| `data/projects/` | project |
| `data/organisations/` | funder, implementer, partner, the publisher, a department (`type: unit`) |
| `data/persons/` | contact person (id `p-` and hex digits) |
| `data/programmes/` | fund, programme, priority axis, specific objective, grant instrument |
| `data/sources/` | the page or register the records come from |

The file name is the record's id and part of its IRI (`{base_iri}id/project/<id>`), so never
rename a file to correct a title. `kemi-lod import page` and `kemi-lod import register` write
draft records from a project-list page or the structural-funds register's CSV export.

## What `build/` holds

`{dataset}.ttl`, `{dataset}.nt`, `{dataset}.jsonld` (the graph), `{dataset}-projects.csv` (one row
per project), `catalog.ttl` (DCAT-AP), `void.ttl`, the vocabulary and shapes, and a page per
resource. `build/` is generated: do not edit it, and keep it out of version control.
"""


GITIGNORE = """\
# written by kemi-lod build
/build
/.build.versions/
/.kemi-lod-cache/
"""


def init_publication(root: Path, name: str, base_iri: str, dataset: str | None = None) -> Created:
    """Write a new publication into `root` (missing or empty); raises UsageError otherwise."""
    name = " ".join(name.split())
    if not name:
        raise UsageError("--name must not be empty")
    if not BASE_IRI.match(base_iri):
        raise UsageError(f"--base-iri {base_iri!r} is not an http(s) IRI ending with '/'")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise UsageError(f"{root}: not an empty folder; kemi-lod init never writes over files")
    dataset = dataset or slug(name)
    if not ID_PATTERN.match(dataset):
        raise UsageError(f"--dataset {dataset!r} is not an id (lower-case letters, digits and -)")
    publisher_id = slug(normalise_org_name(name))  # as the importers name it
    files = {
        CONFIG_NAME: render_config(name, base_iri, dataset, publisher_id),
        "README.md": render_readme(name, base_iri, dataset),
        ".gitignore": GITIGNORE,
        **{f"data/{path}": text for path, text in example_records(publisher_id, name, base_iri).items()},
    }
    written = []
    for folder in FOLDER_OF.values():
        (root / "data" / folder).mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        path = root / relative
        path.write_text(text, encoding="utf-8")
        written.append(path)
    load_settings(root / CONFIG_NAME)  # what was written is a valid configuration (a bug otherwise)
    config_lines = files[CONFIG_NAME].splitlines()
    todos = tuple(f"{CONFIG_NAME}:{i}: {line.strip().lstrip('# ')}" for i, line in enumerate(config_lines, 1) if f"{TODO}:" in line)
    return Created(root, tuple(written), todos)
