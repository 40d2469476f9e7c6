"""Realistic synthetic publications for benchmarks and scale tests, deterministic by seed.

`generate(target, projects=N, seed=S)` writes a publication folder (kemi-lod.yaml + data/)
shaped like the curated Kemi records (record format 2, vocabulary 2.0.0): several contributions
per project, the city's own share as a contribution funded by the city (on some projects its
share for one year, part of the municipal contribution), amounts with statuses (applied,
granted, a part paid), organisations, persons and programmes shared across projects, Finnish
text, periods at every precision, staff splits, contacts, history. With `errors=True` it also
seeds one error for every data-quality rule of the shapes that records can break, at fixed
projects, so every size reports the same problems.

Usable as a script: python benchmarks/synthetic.py OUT --projects 1000 [--seed 1] [--errors]
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

from kemi_lod.records.fields import business_id_problem

WORDS = (
    "kestävä kasvu elinvoima matkailu yrittäjyys työllisyys osaaminen digitalisaatio "
    "hyvinvointi lukutaito kulttuuri liikunta nuoret ikääntyvät kotoutuminen ympäristö "
    "vähähiilinen kiertotalous satama teollisuus biotuote saaristo yhteisöllisyys osallisuus "
    "koulutus varhaiskasvatus kirjasto museo harrastus ranta niitty kunnostus verkosto palvelu"
).split()
TITLE_FORMS = ("{a} ja {b} Kemissä", "{A} {b}hanke", "{A} – {b} ja {c}", "{A}n kehittäminen Meri-Lapissa")
ROLES = (("project-manager", "projektipäällikkö"), ("coordinator", "projektikoordinaattori"),
         ("coordinator", "koordinaattori"), ("project-worker", "hanketyöntekijä"), ("project-assistant", "hankesihteeri"),
         ("expert", "asiantuntija"))
GROUPS = ("eu-and-state", "municipal", "private", "own-funding")
FIRST = "Anna Eija Heidi Juha Katri Maija Matti Nina Pekka Riitta Sanna Senja Ville Aino Eero".split()
LAST = "Nikkilä Oikarinen Raappana Kinnunen Saari Fisk Kukkonen Lassila Rautio Jylkkä Alila Hulkkonen".split()

# project index -> the rule it breaks (the same projects at every size >= 12). The records
# cannot break BudgetStatedOnce, PartOfSameProject, CurrencyCode or MonetaryAmountShape (the
# record format refuses what would: see kemi_lod/records/load.py).
SEEDED = {
    1: "ContributionsWithinBudget",
    2: "CompleteFundingEqualsBudget",
    3: "MunicipalShareWithinBudget",
    4: "PercentageAgreesWithAmount",
    5: "AmountWithinMaximumPercentage",
    6: "PeriodStartsBeforeItEnds",
    7: "ProjectPeriodStated",
    8: "ProjectBudgetStated",
    9: "ProjectShape",  # a department that is not an organisational unit (sh:class)
}

CONFIG = """dataset: synthetic
base_iri: https://data.example.org/
title: {fi: Synteettiset hankkeet, en: Synthetic projects}
description: {fi: Suorituskykytestien aineisto., en: Data for benchmarks.}
publisher: {id: kaupunki, name: {fi: Esimerkkikaupunki, en: Example City}, business_id: 1234567-1}
contact_point: {name: Kirjaamo, email: kirjaamo@example.org}
licence: https://creativecommons.org/licenses/by/4.0/
spatial: {name: Esimerkkikaupunki}
languages: [fi, en]
persons: names
"""

PROGRAMMES = {
    "eakr": "name: {fi: Euroopan aluekehitysrahasto, en: European Regional Development Fund}\nlevel: fund\nnotation: EAKR\n",
    "esr": "name: {fi: Euroopan sosiaalirahasto, en: European Social Fund}\nlevel: fund\nnotation: ESR\n",
    "ohjelma": "name: {fi: Kestävää kasvua ja työtä 2014–2020, en: Sustainable growth and jobs 2014–2020}\nlevel: programme\n",
    "akke": "name: AKKE-rahoitus\nlevel: grant-instrument\nmanaged_by: maakuntaliitto\n",
}


def _business_id(n: int) -> str:
    """A fictitious business ID with a valid check digit (seven digits from 9000000 up), as a
    record's field; valid as the loader checks it."""
    value = next(f"{number:07d}-{check}" for number in range(9_000_000 + 7 * n, 10_000_000) for check in range(10)
                 if business_id_problem(f"{number:07d}-{check}") is None)
    return f'{{value: "{value}", source: "https://example.org/ytj/{value}"}}'


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _title(rng: random.Random, i: int) -> str:
    a, b, c = (rng.choice(WORDS) for _ in range(3))
    form = rng.choice(TITLE_FORMS)
    return form.format(a=a, b=b, c=c, A=a.capitalize()) + f" {i}"


def _date(rng: random.Random, year: int, precision: str) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {"day": f"{year}-{month:02d}-{day:02d}", "month": f"{year}-{month:02d}", "year": f"{year}"}[precision]


def _period(rng: random.Random) -> tuple[str, int | None]:
    """The period field and its first year (None for ongoing work)."""
    kind = rng.random()
    if kind < 0.03:
        return "period: {ongoing: true}\n", None
    start = rng.randint(2014, 2024)
    end = start + rng.randint(1, 3)
    precision = rng.choices(("day", "month", "year"), weights=(8, 1, 1))[0]
    return f'period: {{start: "{_date(rng, start, precision)}", end: "{_date(rng, end, precision)}"}}\n', start


def _pick(rng: random.Random, n: int) -> int:
    """One random draw whatever n is, so a project's text does not depend on the size."""
    return int(rng.random() * n)


def _project(rng: random.Random, i: int, n_orgs: int, n_persons: int, error: str | None) -> str:
    budget = rng.randrange(20_000, 2_000_000, 1)
    eu = round(budget * rng.choice((0.6, 0.7, 0.8)))
    municipal = budget - eu
    out = [f"title: {_title(rng, i)}\n", f'sources: [{{source: sivu-{i % 3}, lines: "{i % 200 + 1}-{i % 200 + 8}"}}]\n']
    out.append(f"department: {'maakuntaliitto' if error == 'ProjectShape' else f'toimiala-{i % 4}'}\n")
    if rng.random() < 0.4:
        out.append(f"programmes: [erityistavoite-{i % 6}]\n")
    line = i % 200 + 2  # the source line that states the funding
    # the EU and state money: planned, or applied for (with when), or granted and partly paid
    status = rng.choices(("", "applied", "granted"), weights=(6, 1, 3))[0]
    eu_status = f', status: {status}, status_date: "{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}"' if status else ""
    if status == "granted" and rng.random() < 0.5:
        eu_status += f", paid: {round(eu * rng.choice((0.25, 0.5)), 2)}"
    fund = rng.choice(("eakr", "esr"))
    contributions = [f"  - {{group: eu-and-state, fund: {fund}, amount: {eu}{eu_status}}}\n",
                     f"  - {{group: municipal, amount: {municipal}, sources: [{{source: sivu-{i % 3}, lines: \"{line}\"}}]}}\n"]
    complete = "funding_complete: true\n"
    if error == "ContributionsWithinBudget":
        contributions.append("  - {group: private, amount: 1000}\n")
        complete = ""
    elif error == "CompleteFundingEqualsBudget":
        contributions = contributions[:1]
    elif error == "PercentageAgreesWithAmount":
        contributions[0] = f"  - {{funder: maakuntaliitto, fund: akke, share_percent: 50, amount: {eu}}}\n"
        complete = ""
    elif error == "AmountWithinMaximumPercentage":
        contributions[0] = f"  - {{group: eu-and-state, fund: eakr, max_share_percent: 10, amount: {eu}}}\n"
    elif rng.random() < 0.2:
        contributions.append(f"  - {{funder: org-{_pick(rng, n_orgs)}, fund: akke, share_percent: 80}}\n")
    period, start = _period(rng)
    # the city's own share: for one year of the period, part of the municipal contribution; or
    # the municipal contribution is the city's
    year = start + rng.randint(0, 1) if start else rng.randint(2019, 2024)
    share = round(municipal * 0.5, 1)
    if error == "MunicipalShareWithinBudget":  # a year's share (not in the sums) above the budget
        contributions.append(f'  - {{group: municipal, funder: kaupunki, amount: {budget + 1}, year: "{year}"}}\n')
    elif len(contributions) > 1 and rng.random() < 0.5:
        contributions.append(f'  - {{group: municipal, funder: kaupunki, amount: {share}, year: "{year}", part_of: 2}}\n')
    elif len(contributions) > 1:
        contributions[1] = contributions[1].replace("{group: municipal,", "{group: municipal, funder: kaupunki,")
    out.append("funding:\n" + "".join(contributions) + complete)
    if rng.random() < 0.3:
        out.append(f"funders: [org-{_pick(rng, n_orgs)}, org-{_pick(rng, n_orgs)}]\n")
    if error != "ProjectBudgetStated":
        out.append(f"budget: {{amount: {budget}, status: granted}}\n" if rng.random() < 0.1 else f"budget: {budget}\n")
    if error == "PeriodStartsBeforeItEnds":
        out.append('period: {start: "2023-05-01", end: "2022-12-31"}\n')
    elif error != "ProjectPeriodStated":
        out.append(period)
    if rng.random() < 0.7:
        if rng.random() < 0.2:
            out.append(f"staff: {{person_years: {rng.randint(1, 9)}.5, stated: \"{rng.randint(1, 9)},5 henkilötyövuotta\"}}\n")
        elif rng.random() < 0.1:
            out.append(f"staff:\n  headcount: 4.5\n  split:\n    - {{headcount: 3, organisation: kaupunki}}\n"
                       f"    - {{headcount: 1.5, organisation: org-{_pick(rng, n_orgs)}}}\n")
        else:
            out.append(f"staff: {{headcount: {rng.randint(1, 10)}}}\n")
    out.append("contacts:\n" + "".join(
        "  - {{person: p-{:05x}, role: {}, title: {}}}\n".format(_pick(rng, n_persons), *rng.choice(ROLES))
        for _ in range(rng.randint(1, 3))))
    out.append(f"implementers: [kaupunki{', org-' + str(_pick(rng, n_orgs)) if rng.random() < 0.3 else ''}]\n")
    if rng.random() < 0.2:
        out.append(f"partners: [org-{_pick(rng, n_orgs)}]\n")
    out.append(f"summary: >-\n  {_sentence(rng, rng.randint(20, 60))}\n")
    if rng.random() < 0.05 and i > 0:
        out.append(f"continues: hanke-{_pick(rng, i):06d}\n")
    if rng.random() < 0.05:
        out.append(f"history:\n  - field: staff\n    value: {{headcount: {rng.randint(1, 5)}}}\n    source: sivu-0\n")
    return "".join(out)


def generate(target: Path, projects: int, seed: int = 1, errors: bool = False) -> Path:
    """Write a synthetic publication to `target` (replacing it) and return it."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    data = target / "data"
    for folder in ("projects", "organisations", "persons", "programmes", "sources"):
        (data / folder).mkdir(parents=True)
    (target / "kemi-lod.yaml").write_text(CONFIG)
    n_orgs, n_persons = max(5, projects // 20), max(5, projects // 4)
    (data / "organisations" / "kaupunki.yaml").write_text(
        "name: {fi: Esimerkkikaupunki, en: Example City}\nbusiness_id: {value: 1234567-1, source: \"https://example.org/ytj\"}\n")
    (data / "organisations" / "maakuntaliitto.yaml").write_text(
        f"name: {{fi: Maakunnan liitto, en: Regional Council}}\nbusiness_id: {_business_id(n_orgs)}\n")
    for u in range(4):
        (data / "organisations" / f"toimiala-{u}.yaml").write_text(f"name: Toimiala {u}\ntype: unit\nunit_of: kaupunki\n")
    for o in range(n_orgs):
        (data / "organisations" / f"org-{o}.yaml").write_text(
            f"name: {rng.choice(WORDS).capitalize()} Oy {o}\nbusiness_id: {_business_id(o)}\n")
    for p in range(n_persons):
        (data / "persons" / f"p-{p:05x}.yaml").write_text(f"name: {rng.choice(FIRST)} {rng.choice(LAST)}\n")
    for s in range(3):
        (data / "sources" / f"sivu-{s}.yaml").write_text(
            f"title: Hankeluettelo {s}\nurl: https://example.org/hankkeet/{s}/\npublisher: kaupunki\ndate: \"202{s}\"\n")
    for name, text in PROGRAMMES.items():
        (data / "programmes" / f"{name}.yaml").write_text(text)
    for t in range(3):
        (data / "programmes" / f"toimintalinja-{t}.yaml").write_text(
            f"name: Toimintalinja {t}\nlevel: priority-axis\nnotation: \"{t + 1}\"\npart_of: ohjelma\nfund: {'esr' if t else 'eakr'}\n")
    for e in range(6):
        (data / "programmes" / f"erityistavoite-{e}.yaml").write_text(
            f"name: Erityistavoite {e}\nlevel: specific-objective\nnotation: \"{e // 2 + 1}.{e % 2 + 1}\"\npart_of: toimintalinja-{e % 3}\n")
    for i in range(projects):
        error = SEEDED.get(i) if errors else None
        project_rng = random.Random(f"{seed}:{i}")
        (data / "projects" / f"hanke-{i:06d}.yaml").write_text(_project(project_rng, i, n_orgs, n_persons, error))
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="seed one error per data-quality rule")
    args = parser.parse_args()
    generate(args.out, args.projects, args.seed, args.errors)


if __name__ == "__main__":
    main()
