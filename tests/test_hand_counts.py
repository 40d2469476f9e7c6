"""The example queries' sums against totals counted by hand from the two source pages.

Every figure below was read off the pages in `source-pages/` (the line is given), not from
`data/` or the graph: if the curation, the mapping or a query counts something twice, leaves
something out or reads "EU and state" money as EU money, a sum here stops matching. The
queries run on both engines (pyoxigraph, the tool's own, and rdflib's SPARQL engine).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from support import REPO
from kemi_lod.config import load_settings
from kemi_lod.sparql import queries as sparql

ELINVOIMA, KESKUS = "elinvoimatoimiala", "keskusvirasto"
LAPSET, VAPAA = "lasten-ja-nuorten-palvelut", "vapaa-aikapalvelut"
NONE = ""  # the projects only the 2020 page lists, under no department

# project: (department, budget for the whole period, the city's own share, "EU and state" money)
# E = 000_… (Elinvoimahankkeet, about 2020), H = 001_… (Hankeluettelo, about 2023); the
# department is the heading of the later page the project stands under.
BY_HAND: dict[str, tuple[str, str | None, str | None, str | None]] = {
    "kaupunkiviljely": (ELINVOIMA, "449880", "31670", "359904"),  # E9-13, H72-75 (listed twice: counted once)
    "kemi-valmistautuu-kasvuun": (NONE, "399999", "20000", "320000"),  # E21-25
    "silver-economy-kemi": (KESKUS, "70990", "14198", "56792"),  # E33-36 (applied 10/2019), H194
    "liiketta-kemiin": (NONE, "226500", "48000", None),  # E44-47 (AVI: state money)
    "yhdessa-etana": (NONE, "97893", "11997", "78314"),  # E55-59: "kuntien rahoitus 11 997" is the city's 11 997
    "mikseri": (KESKUS, None, "31800", None),  # E71-72: 170 875 is for 2020 only, no whole-period budget
    "arm-koordinaatiohanke": (ELINVOIMA, "344616", "68923", None),  # H9-10 (AKKE 80 %)
    "koronasta-kasvuun": (ELINVOIMA, "168512", "16851", "151661"),  # H15-18: municipal 16 851 is the city's 16 851
    "matkailun-master-plan-2030": (ELINVOIMA, "256506", "25651", None),  # H25-26
    "irtisanomisesta-selviytymiseen": (ELINVOIMA, "502419", "23065", None),  # H35-36
    "tyollisyyden-yhteispalvelu": (ELINVOIMA, "1107238", "61848", "885791"),  # H43-46
    "1000-uutta-tyopaikkaa": (ELINVOIMA, "145616", "4979.2", None),  # H54-57 (AKKE 90 %)
    "perameren-saaristomatkailu": (ELINVOIMA, "135484", "15490", "108387"),  # H82-85
    "vahva-lukutaito": (LAPSET, "442000", "44200", None),  # H96-97
    "liikkuminen-on-makiaa": (VAPAA, "100000", "50000", None),  # H139-140
    "harrastusten-suomen-malli": (VAPAA, "71250", "14250", None),  # H147-148
    "vahvax": (VAPAA, "295400", "29540", None),  # H156-157
    "lumiukon-kotikaupunki": (KESKUS, "48149", "9630", None),  # H166-167 (AKKE 80 %)
    "kestava-ja-vahahiilinen-yritystoiminta": (KESKUS, "282540", "56508", "226032"),  # H174-177 (granted by the ELY)
}
# "EU and state" money per fund, by hand: ERDF (EAKR) and ESF (ESR) lines above
ERDF = ("359904", "320000", "56792", "108387", "226032")
ESF = ("78314", "151661", "885791")


def total(values) -> Decimal:
    return sum((Decimal(v) for v in values if v is not None), Decimal(0))


def per_department(column: int) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for department, *money in BY_HAND.values():
        out[department] = out.get(department, Decimal(0)) + total([money[column]])
    return out


def test_the_hand_counts_add_up_as_read():
    """The sums of the table above, so that a reader can check them against the pages too."""
    assert total(b for _, b, _, _ in BY_HAND.values()) == Decimal("5144992")
    assert total(c for _, _, c, _ in BY_HAND.values()) == Decimal("578600.2")
    assert total(e for _, _, _, e in BY_HAND.values()) == total(ERDF + ESF) == Decimal("2186881")


# --- the queries, on both engines ------------------------------------------------------------------


@pytest.fixture(scope="module")
def dump(kemi_build) -> Path:
    return kemi_build / f"{load_settings(REPO / 'kemi-lod.yaml').dataset}.nt"


@pytest.fixture(scope="module", params=["pyoxigraph", "rdflib"])
def run(request, dump):
    """Runs an example query by name; rows as dicts of plain Python values."""
    if request.param == "pyoxigraph":
        store = sparql.load_store(dump)

        def query(name: str) -> list[dict]:
            results = sparql.run_on_store((REPO / "queries" / f"{name}.rq").read_text(), store, name)
            return [{v: _plain(t) for v, t in zip(results.variables, row)} for row in results.rows]
    else:
        graph = rdflib.Graph()
        graph.parse(dump, format="nt")

        def query(name: str) -> list[dict]:
            result = graph.query((REPO / "queries" / f"{name}.rq").read_text())
            return [{str(v): _plain(row[v]) for v in result.vars} for row in result]
    return query


def _plain(term):
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, rdflib.URIRef)):
        return str(term.value if isinstance(term, ox.NamedNode) else term)
    value = term.value if isinstance(term, ox.Literal) else str(term)
    datatype = str(term.datatype.value if isinstance(term, ox.Literal) else term.datatype or "")
    if datatype.endswith(("#decimal", "#integer", "#double")):
        return Decimal(str(value))
    return str(value)


def department_of(row: dict) -> str:
    return (row["department"] or "").rsplit("/", 1)[-1]


def test_money_per_department_matches_the_hand_counts(run):
    rows = {department_of(r): r for r in run("money-by-department")}
    assert set(rows) == {ELINVOIMA, KESKUS, LAPSET, VAPAA, NONE}
    for column, index in (("budget_euros", 0), ("city_euros", 1), ("eu_and_state_combined_euros", 2)):
        assert {d: rows[d][column] for d in rows} == per_department(index), column
    assert sum(r["budget_euros"] for r in rows.values()) == Decimal("5144992")


def test_the_citys_own_contributions_match_the_hand_counts(run):
    by_department = {department_of(r): r["total_euros"] for r in run("city-share-by-department")}
    assert by_department == per_department(1)
    city = next(r for r in run("funding-by-funder") if r["funder"].endswith("/id/org/kemin-kaupunki"))
    assert city["total_euros"] == Decimal("578600.2")
    assert city["projects"] == len(BY_HAND)  # every project above states the city's share
    by_year = run("city-share-by-year")
    assert sum(r["total_euros"] for r in by_year) == Decimal("578600.2")


def test_eu_and_state_money_is_never_read_as_eu_money(run):
    funds = {r["fund"].rsplit("/", 1)[-1]: r for r in run("funding-by-fund")}
    assert funds["erdf"]["eu_and_state_combined_euros"] == total(ERDF)
    assert funds["esf"]["eu_and_state_combined_euros"] == total(ESF)
    assert funds["erdf"]["eu_euros"] == funds["esf"]["eu_euros"] == 0  # no source states the EU part apart
    shares = {r["project"].rsplit("/", 1)[-1]: r for r in run("funding-shares")}
    assert all(r["eu_cofinancing_percent"] is None for r in shares.values())
    assert shares["kaupunkiviljely"]["eu_and_state_percent"] == Decimal("80")


def test_money_per_year_adds_up_to_money_per_department(run):
    """Placed in years by months, the money of each department sums back to its total (to the cent per row)."""
    totals = {department_of(r): r for r in run("money-by-department")}
    years: dict[str, dict[str, Decimal]] = {}
    for r in run("money-by-year-and-department"):
        for column in ("budget_euros", "eu_and_state_combined_euros", "city_euros"):
            years.setdefault(department_of(r), {}).setdefault(column, Decimal(0))
            years[department_of(r)][column] += r[column]
    annual = Decimal("170875")  # Mikseri's budget for 2020 counts in 2020, beside the whole-period budgets
    for department, sums in years.items():
        expected_budget = totals[department]["budget_euros"] + (annual if department == KESKUS else 0)
        assert abs(sums["budget_euros"] - expected_budget) <= Decimal("0.05"), department
        assert abs(sums["city_euros"] - totals[department]["city_euros"]) <= Decimal("0.05"), department


def test_a_whole_period_amount_is_placed_by_months(run):
    """The projects under no department, by hand: Kemi valmistautuu kasvuun 399 999 € (E24) over
    1.9.2019-31.8.2021 (E23: 4, 12 and 8 months of 24), Liikettä Kemiin! 226 500 € (E46) over
    2020-2022 (E45: 12 months each), Yhdessä etänä 97 893 € (E58) within 2020 (E57); their "EU and
    state" money 320 000 € (E21) and 78 314 € (E55) alike; the city's shares are all for 2020."""
    rows = {r["year"]: r for r in run("money-by-year-and-department") if department_of(r) == NONE}
    budget = {2019: "66666.5", 2020: "373392.5", 2021: "208833", 2022: "75500"}  # 399999*4/24; …*12/24+75500+97893; …
    assert {int(y): r["budget_euros"] for y, r in rows.items()} == {y: Decimal(v) for y, v in budget.items()}
    eu_and_state = {2019: "53333.33", 2020: "238314", 2021: "106666.67", 2022: "0"}  # 320000*4/24; *12/24+78314; *8/24
    assert {int(y): r["eu_and_state_combined_euros"] for y, r in rows.items()} == {y: Decimal(v) for y, v in eu_and_state.items()}
    assert {int(y): r["city_euros"] for y, r in rows.items()} == {2019: 0, 2020: Decimal("79997"), 2021: 0, 2022: 0}
    city = {r["year"]: r["total_euros"] for r in run("city-share-by-year")}
    assert city[Decimal(2020)] == Decimal("219513")  # E13+E25+E36+E47+E59+E72+H46, all "vuonna 2020"
