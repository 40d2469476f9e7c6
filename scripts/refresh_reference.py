"""Check the linking stage's reference tables, and say how they were made and how to refresh them.

    python scripts/refresh_reference.py check [--dir reference]   # exit 1 on any problem
    python scripts/refresh_reference.py steps                      # what a maintainer runs

The tables (`reference/*.csv`) are facts copied from public sources, each row or file with the
source it was taken from (reference/README.md). This machine had no internet when they were made:
they were read from public repository snapshots that hold copies of the primary sources
(Statistics Finland's classifications, the EURA 2014 register's project pages, Who's On First).
`steps` prints what a maintainer with internet runs to take them from the primary sources
instead; `check` is what every refreshed table must pass before it is committed (the tests run it).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from kemi_lod.records.fields import business_id_problem  # the loader's own check

REPO = Path(__file__).resolve().parent.parent
HEADERS = {
    "municipalities.csv": ["code", "name_fi", "name_sv", "region_code", "nuts3"],
    "regions.csv": ["code", "name_fi", "name_sv", "nuts3"],
    "organisations.csv": ["business_id", "name", "alt_names", "source"],
    "programmes.csv": ["cci", "name", "alt_names", "source", "page"],
    "wikidata.csv": ["kind", "code", "item", "name", "source"],
}

STEPS = """\
How the reference tables were made, and how to refresh them (with internet)
===========================================================================

1. municipalities.csv and regions.csv (Statistics Finland, CC BY 4.0)
   Made from copies of Statistics Finland's 2026 classifications held in public repositories
   (reference/sources/*.SOURCE.md names each, with its commit and licence). With internet, take
   them from Statistics Finland's classification service, for the year YYYY of the new list:
     curl -o kunta-maakunta.json 'https://data.stat.fi/api/classifications/v2/correspondenceTables/kunta_1_YYYY0101%23maakunta_1_YYYY0101/maps?lang=fi'
     curl -o kunta-maakunta-sv.json 'https://data.stat.fi/api/classifications/v2/correspondenceTables/kunta_1_YYYY0101%23maakunta_1_YYYY0101/maps?lang=sv'
     curl -o kunta-nuts.json 'https://data.stat.fi/api/classifications/v2/correspondenceTables/kunta_1_YYYY0101%23nuts_2_YYYY0101/maps'
   and write one row per municipality (code, Finnish and Swedish name, region code, NUTS 3 code)
   and per region (code, names, NUTS 3: the NUTS 3 code its municipalities share). Then set
   `links.municipality_codes` and `links.region_codes` of the publications to the new versions
   (http://uri.suomi.fi/codelist/jhs/kunta_1_YYYY0101, .../maakunta_1_YYYY0101), change
   DEFAULT_*_CODES and CLASSIFICATION_SOURCE in kemi_lod/linking.py, and run `check`.
   A municipality merged away (Pertunmaa 588 joined Mäntyharju in 2025) disappears from the
   table; a place record of it then gets a note until it is corrected.

2. organisations.csv (business IDs)
   Each row is a business ID read on a public page that states it for that organisation: the
   organisation's own project application in the EURA 2014 register
   (https://www.eura2014.fi/rrtiepa/projekti.php?projektikoodi=<code>: "Y-tunnus"), its own
   invoicing page, or a public procurement notice. With internet, look each name up in the
   Finnish Business Information System (https://tietopalvelu.ytj.fi/) and put the page that
   states the ID in `source`. Never add an ID without a source; an organisation with none stays
   without (the build lists it as a note). `check` verifies every check digit.

3. programmes.csv (CCI codes)
   From the Commission's list of 2014-2020 programmes (copied from a public repository, see the
   rows' `source`); `page` is the programme's page on the Commission's Inforegio site. For a new
   programme period, add its programmes from the Commission's list of programmes.

4. wikidata.csv (Wikidata items)
   Each row is an item a public source states for that municipality or region (the rows'
   `source`: Who's On First concordances). With internet, take every municipality's item from
   Wikidata itself by its Finnish municipality number (property P1203) and every region's by its
   NUTS code (P605), at https://query.wikidata.org/ :
     SELECT ?code ?item WHERE { ?item wdt:P1203 ?code }
     SELECT ?nuts ?item WHERE { ?item wdt:P605 ?nuts FILTER(STRSTARTS(?nuts, "FI1")) }
   and put https://www.wikidata.org/wiki/<item> in `source`. No item is guessed: without a
   source the row is left out.

5. Run `python scripts/refresh_reference.py check`, then `pytest tests/test_linking.py`, and
   rebuild: the records' cache keys include the tables, so every record is linked again.
"""


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    return list(reader.fieldnames or []), list(reader)


def check(folder: Path) -> list[str]:
    """Every problem of the tables in `folder`, as lines naming the file and row."""
    problems: list[str] = []
    tables = {}
    for name, header in HEADERS.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        found, rows = _rows(path)
        if found != header:
            problems.append(f"{name}: header {found}, expected {header}")
            continue
        tables[name] = rows
    if problems:
        return problems
    regions = {r["code"]: r for r in tables["regions.csv"]}
    municipalities = {r["code"]: r for r in tables["municipalities.csv"]}
    for name, rows, key, pattern in (("regions.csv", tables["regions.csv"], "code", r"\d{2}"),
                                     ("municipalities.csv", tables["municipalities.csv"], "code", r"\d{3}")):
        codes = [r[key] for r in rows]
        if len(set(codes)) != len(codes):
            problems.append(f"{name}: a code appears twice")
        for line, r in enumerate(rows, start=2):
            if not re.fullmatch(pattern, r[key]) or not r["name_fi"] or not r["name_sv"] or not re.fullmatch(r"FI\w{3}", r["nuts3"]):
                problems.append(f"{name}:{line}: incomplete or malformed row {r}")
    for line, m in enumerate(tables["municipalities.csv"], start=2):
        region = regions.get(m["region_code"])
        if region is None:
            problems.append(f"municipalities.csv:{line}: region {m['region_code']!r} is not in regions.csv")
        elif region["nuts3"] != m["nuts3"]:
            problems.append(f"municipalities.csv:{line}: NUTS 3 {m['nuts3']} differs from its region's {region['nuts3']}")
    for line, o in enumerate(tables["organisations.csv"], start=2):
        if business_id_problem(o["business_id"]):
            problems.append(f"organisations.csv:{line}: {o['business_id']!r} is not a valid business ID")
        if not o["name"] or not o["source"].startswith("https://"):
            problems.append(f"organisations.csv:{line}: a row needs a name and the https source that states the ID")
    for line, p in enumerate(tables["programmes.csv"], start=2):
        if not re.fullmatch(r"\d{4}[A-Z]{2}\d{2}[A-Z0-9]{4}\d{3}", p["cci"]) or not p["source"].startswith("https://"):
            problems.append(f"programmes.csv:{line}: a CCI code (2014FI16M2OP001) and its https source are needed")
    known = {"municipality": municipalities, "region": regions}
    for line, w in enumerate(tables["wikidata.csv"], start=2):
        if w["kind"] not in known or w["code"] not in known[w["kind"]]:
            problems.append(f"wikidata.csv:{line}: no {w['kind']} {w['code']!r} in the tables")
        elif known[w["kind"]][w["code"]]["name_fi"] != w["name"]:
            problems.append(f"wikidata.csv:{line}: {w['name']!r} is not the name of {w['kind']} {w['code']}")
        if not re.fullmatch(r"Q[1-9]\d*", w["item"]) or not w["source"].startswith("https://"):
            problems.append(f"wikidata.csv:{line}: an item (Q…) and its https source are needed")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    checking = sub.add_parser("check", help="check the tables; exit 1 on any problem")
    checking.add_argument("--dir", type=Path, default=REPO / "reference")
    sub.add_parser("steps", help="print how the tables were made and how to refresh them")
    args = parser.parse_args(argv)
    if args.command == "steps":
        print(STEPS, end="")
        return 0
    problems = check(args.dir)
    for line in problems:
        print(line, file=sys.stderr)
    print(f"{len(problems)} problems in {args.dir}" if problems else f"the reference tables in {args.dir} are consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
