"""The built graph -> `<dataset>-projects.csv`, one row per project, and its CSVW description.

Computed with SPARQL on the store of the written dump (never from the YAML), so the table
says exactly what the graph says. Text is taken in the publication's first language that has
it; amounts are euros as stated (sums of a funder group's stated amounts); lists are joined
with "; ".
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .publish import Written
from .sparql import select_rows
from .vocab import code

CSVW_CONTEXT = "http://www.w3.org/ns/csvw"


@dataclass(frozen=True)
class Column:
    name: str
    datatype: str
    en: str
    fi: str


COLUMNS = (
    Column("id", "string", "the project's identifier (the last part of its IRI)", "hankkeen tunniste (IRI:n viimeinen osa)"),
    Column("iri", "anyURI", "the project's IRI in the linked data", "hankkeen IRI linkitetyssä datassa"),
    Column("title", "string", "the project's title", "hankkeen nimi"),
    Column("department", "string", "the department that runs the project", "hanketta hallinnoiva toimiala"),
    Column("start", "string", "when the project starts, at the precision stated (year, month or day)", "hankkeen alku ilmoitetulla tarkkuudella"),
    Column("end", "string", "when the project ends, at the precision stated", "hankkeen loppu ilmoitetulla tarkkuudella"),
    Column("total_budget", "decimal", "the total budget in euros", "kokonaisbudjetti euroina"),
    Column("eu_and_state_funding", "decimal", "EU and state funding in euros (sum of the stated amounts)", "EU- ja valtion rahoitus euroina"),
    Column("municipal_funding", "decimal", "municipal funding in euros (sum of the stated amounts)", "kuntarahoitus euroina"),
    Column("private_funding", "decimal", "private funding in euros (sum of the stated amounts)", "yksityinen rahoitus euroina"),
    Column("city_share", "decimal", "the publishing municipality's own share in euros", "julkaisevan kunnan oma osuus euroina"),
    Column("city_share_year", "string", "the year the municipality's share is for", "vuosi, jota kunnan osuus koskee"),
    Column("funders", "string", "the funders named, joined with '; '", "nimetyt rahoittajat puolipisteellä eroteltuina"),
    Column("programme", "string", "the funding programme", "rahoitusohjelma"),
    Column("contact_roles", "string", "contact persons' roles (and names, where published)", "yhteyshenkilöiden tehtävät (ja nimet, jos julkaistu)"),
)
GROUP_COLUMNS = {"eu-and-state": "eu_and_state_funding", "municipal": "municipal_funding", "private": "private_funding"}


def table_names(settings: Settings) -> tuple[str, str]:
    """The CSV file and its CSVW metadata file, under the web root."""
    name = f"{settings.dataset}-projects.csv"
    return name, f"{name}-metadata.json"


def _amount(literal: ox.Literal) -> str:
    value = Decimal(literal.value).normalize()
    return f"{value:f}"


def _natural(iri: str) -> tuple:
    """contact-2 before contact-10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", iri))


class _Labels:
    """Picks one text per resource in the publication's language order."""

    def __init__(self, languages: tuple[str, ...]) -> None:
        self.rank = {lang: i for i, lang in enumerate(languages)}

    def best(self, literals: list[ox.Literal]) -> str:
        if not literals:
            return ""
        return min(literals, key=lambda l: (self.rank.get(l.language or "", len(self.rank)), l.language or "", l.value)).value

    def by_subject(self, rows: list[dict], key: str, value: str) -> dict[str, str]:
        grouped: dict[str, list[ox.Literal]] = {}
        for r in rows:
            grouped.setdefault(r[key].value, []).append(r[value])
        return {k: self.best(v) for k, v in grouped.items()}


def project_rows(store: ox.Store, settings: Settings) -> list[dict[str, str]]:
    labels = _Labels(settings.languages)
    q = lambda text: select_rows(store, text)  # noqa: E731
    projects = sorted(r["p"].value for r in q("SELECT ?p WHERE { ?p a hanke:Project }"))
    rows = {p: {c.name: "" for c in COLUMNS} for p in projects}
    for p, row in rows.items():
        row["iri"] = p
        row["id"] = p.rstrip("/").rsplit("/", 1)[-1]

    def fill(column: str, values: dict[str, str]) -> None:
        for p, v in values.items():
            if p in rows:
                rows[p][column] = v

    fill("title", labels.by_subject(q("SELECT ?p ?t WHERE { ?p a hanke:Project ; dct:title ?t }"), "p", "t"))
    department = q("SELECT ?p ?l WHERE { ?p a hanke:Project ; hanke:department/skos:prefLabel ?l }")
    fill("department", labels.by_subject(department, "p", "l"))
    period = q("""SELECT ?p ?s ?e WHERE { ?p a hanke:Project ; dct:temporal ?t .
                  OPTIONAL { ?t dcat:startDate ?s } OPTIONAL { ?t dcat:endDate ?e } }""")
    fill("start", {r["p"].value: r["s"].value for r in period if "s" in r})
    fill("end", {r["p"].value: r["e"].value for r in period if "e" in r})
    budget = q("SELECT ?p ?b WHERE { ?p a hanke:Project ; hanke:totalBudget ?b }")
    fill("total_budget", {r["p"].value: _amount(r["b"]) for r in budget})
    groups = q("""SELECT ?p ?g (SUM(?a) AS ?sum) WHERE { ?p a hanke:Project ; schema:funding ?f .
                  ?f hanke:funderGroup ?g ; schema:amount ?a } GROUP BY ?p ?g""")
    for group, column in GROUP_COLUMNS.items():
        iri = code("funder-group", group).value
        fill(column, {r["p"].value: _amount(r["sum"]) for r in groups if r["g"].value == iri})
    share = q("""SELECT ?p ?a ?y WHERE { ?p a hanke:Project ; hanke:municipalShare ?m .
                 OPTIONAL { ?m schema:amount ?a } OPTIONAL { ?m hanke:year ?y } }""")
    fill("city_share", {r["p"].value: _amount(r["a"]) for r in share if "a" in r})
    fill("city_share_year", {r["p"].value: r["y"].value for r in share if "y" in r})
    funders = q("""SELECT DISTINCT ?p ?o ?l WHERE { ?p a hanke:Project .
                   { ?p schema:funder ?o } UNION { ?p schema:funding/schema:funder ?o }
                   OPTIONAL { ?o skos:prefLabel ?l } }""")
    fill("funders", _joined(funders, "o", "l", labels))
    programmes = q("SELECT ?p ?o ?l WHERE { ?p a hanke:Project ; hanke:programme ?o . OPTIONAL { ?o skos:prefLabel ?l } }")
    fill("programme", _joined(programmes, "o", "l", labels))
    contacts = q("""SELECT ?p ?c ?l ?n WHERE { ?p a hanke:Project ; hanke:contact ?c .
                    OPTIONAL { ?c prov:hadRole/skos:prefLabel ?l } OPTIONAL { ?c prov:agent/foaf:name ?n } }""")
    fill("contact_roles", _contacts(contacts, labels))
    return [rows[p] for p in projects]


def _joined(rows: list[dict], key: str, label: str, labels: _Labels) -> dict[str, str]:
    """Per project: the labels of the linked resources, sorted, joined with '; '."""
    per: dict[str, dict[str, list[ox.Literal]]] = {}
    for r in rows:
        per.setdefault(r["p"].value, {}).setdefault(r[key].value, [])
        if label in r:
            per[r["p"].value][r[key].value].append(r[label])
    return {p: "; ".join(sorted(labels.best(ls) or iri for iri, ls in linked.items())) for p, linked in per.items()}


def _contacts(rows: list[dict], labels: _Labels) -> dict[str, str]:
    per: dict[str, dict[str, tuple[list, set]]] = {}
    for r in rows:
        roles, names = per.setdefault(r["p"].value, {}).setdefault(r["c"].value, ([], set()))
        if "l" in r:
            roles.append(r["l"])
        if "n" in r:
            names.add(r["n"].value)
    out = {}
    for p, contacts in per.items():
        parts = []
        for c in sorted(contacts, key=_natural):
            roles, names = contacts[c]
            role = labels.best(roles)
            parts.append(f"{role} ({', '.join(sorted(names))})" if names else role)
        out[p] = "; ".join(parts)
    return out


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=[c.name for c in COLUMNS], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def csvw_metadata(settings: Settings, csv_name: str) -> bytes:
    """The CSV on the Web (W3C) description of the table: its dialect and columns."""
    doc = {
        "@context": [CSVW_CONTEXT, {"@language": "en"}],
        "url": csv_name,
        "dc:title": [{"@value": v, "@language": lang} for lang, v in settings.title.items],
        "dc:license": {"@id": settings.licence},
        "dialect": {"encoding": "utf-8", "header": True, "delimiter": ",", "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": [
                {
                    "name": c.name,
                    "titles": c.name,
                    "datatype": c.datatype,
                    "dc:description": [{"@value": c.en, "@language": "en"}, {"@value": c.fi, "@language": "fi"}],
                    **({"required": True} if c.name in ("id", "iri") else {}),
                }
                for c in COLUMNS
            ],
            "primaryKey": "id",
            "aboutUrl": "{+iri}",
        },
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_tables(out: Path, settings: Settings, store: ox.Store) -> list[Written]:
    csv_name, metadata_name = table_names(settings)
    data = csv_bytes(project_rows(store, settings))
    meta = csvw_metadata(settings, csv_name)
    (out / csv_name).write_bytes(data)
    (out / metadata_name).write_bytes(meta)
    return [Written(csv_name, len(data)), Written(metadata_name, len(meta))]

