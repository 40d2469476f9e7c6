"""The project-list page importer: the pages' notation, their layouts, and what it reports.

Each notation is a table of (page text, value read); the layouts (label blocks, titles wrapped
over lines, one-line entries, two states of a page) are small pages imported whole. The last
test feeds arbitrary text and checks the importer never fails and writes only records the
loader accepts.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from support import REPO, source_pages
from kemi_lod.importers.common import Sourced
from kemi_lod.importers.page import (
    PageImport, clean, derive_title, diff_against, fallback_title, import_pages, label_of, mend_hyphens,
    nominative, read_amount, read_contacts, read_percent, read_period, read_staff, split_list, write_page_import,
)
from kemi_lod.records.load import load_records
from kemi_lod.vocabulary.files import codes

CITY = "Kemin kaupunki"  # the city whose pages the seeds are

NBSP, NNBSP = "\u00a0", "\u202f"


# --- helpers ----------------------------------------------------------------------------------


def import_text(folder: Path, *pages: str, urls: dict[str, str] | None = None) -> PageImport:
    """Import pages given as text, named 000_page.txt, 001_page.txt, … (earliest first)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i, text in enumerate(pages):
        path = folder / f"{i:03d}_page.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    return import_pages(files, urls if urls is not None else {f.name: f"https://example.org/{f.stem}" for f in files}, city=CITY)


def plain(value: Any) -> Any:
    if isinstance(value, Sourced):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def named(imported: PageImport, record: dict) -> dict:
    """A project's fields with references shown by name, as a reader checks them."""
    records = imported.draft.records

    def name(kind: str, ident: str) -> str:
        value = plain(records[kind][ident]["name"])
        return value["fi"] if isinstance(value, dict) else value

    out = plain(record)
    for key in ("department", "granted_by"):
        if key in out:
            out[key] = name("org", out[key])
    for key in ("funders", "implementers", "partners", "cooperation"):
        if key in out:
            out[key] = [name("org", i) for i in out[key]]
    if "programmes" in out:
        out["programmes"] = [name("programme", i) for i in out["programmes"]]
    for item in out.get("funding", []):
        for key, kind in (("funder", "org"), ("fund", "programme")):
            if key in item:
                item[key] = name(kind, item[key])
    for item in out.get("contacts", []):
        item["person"] = name("person", item["person"])
    for share in out.get("staff", {}).get("split", []):
        share["organisation"] = name("org", share["organisation"])
    return out


def only_project(imported: PageImport) -> dict:
    (record,) = imported.draft.records["project"].values()
    return named(imported, record)


FIELDS = ("title", "title_as_stated", "period", "funding", "programmes", "partners", "implementers", "places", "summary")


def entry_fields(tmp_path: Path, line: str) -> dict:
    project = only_project(import_text(tmp_path, f"Elinvoimatoimiala\n\n{line}\n"))
    return {k: v for k, v in project.items() if k in FIELDS}


# --- notation -----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("359 904 euroa", Decimal("359904")),
    ("256.506 euroa", Decimal("256506")),
    ("4979,2 euroa", Decimal("4979.2")),
    (f"97{NBSP}893{NBSP}euroa.", Decimal("97893")),
    ("1 107 238 euroa", Decimal("1107238")),
    ("442 000", Decimal("442000")),
    ("44 200", Decimal("44200")),
    ("100 000 €", Decimal("100000")),
])
def test_amounts_in_finnish_notation(text, expected):
    assert read_amount(text) == expected


@pytest.mark.parametrize("text", ["noin 5 000 euroa", "1.5 euroa", "", "viisi euroa", "12 34 euroa"])
def test_what_is_not_an_amount(text):
    with pytest.raises(ValueError):
        read_amount(text)


@pytest.mark.parametrize("text, expected", [
    ("80 %", Decimal(80)),
    ("80%", Decimal(80)),
    ("Hanketta rahoitetaan 80 prosentin osuudella", Decimal(80)),
    ("on enintään 80 prosenttia", Decimal(80)),
    ("12,5 %", Decimal("12.5")),
])
def test_percentages(text, expected):
    assert read_percent(text) == expected


@pytest.mark.parametrize("text", ["80 euroa", "150 %"])
def test_what_is_not_a_percentage(text):
    with pytest.raises(ValueError):
        read_percent(text)


@pytest.mark.parametrize("text, expected", [
    ("2", {"headcount": Decimal(2)}),
    ("1,2", {"headcount": Decimal("1.2")}),
    ("10", {"headcount": Decimal(10)}),
    ("3,5 henkilötyövuotta", {"person_years": Decimal("3.5"), "stated": "3,5 henkilötyövuotta"}),
    ("4,5 (Kemissä 3 ja Lapin yliopistolla 1,5)", {
        "headcount": Decimal("4.5"),
        "split": [{"headcount": Decimal(3), "organisation": "Kemi"},
                  {"headcount": Decimal("1.5"), "organisation": "Lapin yliopisto"}],
        "stated": "4,5 (Kemissä 3 ja Lapin yliopistolla 1,5)"}),
])
def test_staff(text, expected):
    assert read_staff(text) == expected


@pytest.mark.parametrize("text", ["kaksi", "2-3", "4,5 (Kemissä ja yliopistolla)"])
def test_what_is_not_a_staff_size(text):
    with pytest.raises(ValueError):
        read_staff(text)


@pytest.mark.parametrize("text, expected", [
    ("1.1.2020-30.6.2022", {"start": "2020-01-01", "end": "2022-06-30"}),
    ("01.08.2021-31.07.2023", {"start": "2021-08-01", "end": "2023-07-31"}),
    ("1.11.2021–31.10.2023", {"start": "2021-11-01", "end": "2023-10-31"}),
    (f"1.5.2020{NBSP}– 31.12.2020", {"start": "2020-05-01", "end": "2020-12-31"}),
    ("18.05.2022 – 17.05.2023", {"start": "2022-05-18", "end": "2023-05-17"}),
    ("joulukuu 2019 – marraskuu 2021", {"start": "2019-12", "end": "2021-11"}),
    ("2022-31.12.2023", {"start": "2022", "end": "2023-12-31"}),
    ("2022–31.12.2023", {"start": "2022", "end": "2023-12-31"}),
    ("vuosille 2022–2024", {"start": "2022", "end": "2024"}),
    ("2022-2023", {"start": "2022", "end": "2023"}),
    ("2022-2023.", {"start": "2022", "end": "2023"}),
    ("Jatkuva", {"ongoing": True}),
])
def test_periods(text, expected):
    assert read_period(text) == expected


@pytest.mark.parametrize("text", ["31.2.2020-1.3.2020", "1.1.2021-31.12.2020", "2020", "pian", "1.13.2020-1.1.2021"])
def test_what_is_not_a_period(text):
    with pytest.raises(ValueError):
        read_period(text)


@pytest.mark.parametrize("text, persons, remarks", [
    ("projektipäällikkö Heidi Nikkilä", [("Heidi Nikkilä", ("project-manager", "projektipäällikkö"))], 0),
    ("Projektikoordinaattori Irina Ruohonen", [("Irina Ruohonen", ("coordinator", "projektikoordinaattori"))], 0),
    ("Koordinaattori Janne Jylkkä", [("Janne Jylkkä", ("coordinator", "koordinaattori"))], 0),
    ("yrityskehittämisen asiantuntija Sanna Kotajärvi", [("Sanna Kotajärvi", ("expert", "yrityskehittämisen asiantuntija"))], 0),
    ("elinkeinopäällikkö Hanna Alila", [("Hanna Alila", ("responsible-person", "elinkeinopäällikkö"))], 0),
    ("Johtava rehtori Pia Hulkkonen", [("Pia Hulkkonen", ("responsible-person", "johtava rehtori"))], 0),
    (f"Projektipäällikkö{NBSP} Anu Fisk, hanketyöntekijät Nina Kukkonen ja Katri Ollitervo.",
     [("Anu Fisk", ("project-manager", "projektipäällikkö")), ("Nina Kukkonen", ("project-worker", "hanketyöntekijä")),
      ("Katri Ollitervo", ("project-worker", "hanketyöntekijä"))], 0),
    ("Vapaa-aikapäällikkö Marke Rautiala / Liikunnanohjaaja Heidi Lassuri",
     [("Marke Rautiala", ("responsible-person", "vapaa-aikapäällikkö")), ("Heidi Lassuri", ("project-worker", "liikunnanohjaaja"))], 0),
    ("Projektipäällikkö Eija Kinnunenhanketyöntekijä Senja Raappanahankesihteeri Anne Rahkola",
     [("Eija Kinnunen", ("project-manager", "projektipäällikkö")), ("Senja Raappana", ("project-worker", "hanketyöntekijä")),
      ("Anne Rahkola", ("project-assistant", "hankesihteeri"))], 2),
    ("hankevastaava Matti Meikäläinen", [("Matti Meikäläinen", None)], 1),
])
def test_persons_and_their_roles(text, persons, remarks):
    read = read_contacts(clean(text))
    assert list(read.persons) == persons
    assert len(read.remarks) == remarks
    assert read.unread == ()


def test_a_contact_line_with_no_person_is_not_read():
    assert read_contacts("kaupungin kirjaamo").unread == ("kaupungin kirjaamo",)


@pytest.mark.parametrize("line, kind, value, year", [
    ("Rahoitus: EAKR", "funding", "EAKR", None),
    ("Rahoitus/ ohjelma: EAKR", "funding", "EAKR", None),
    ("Rahoitus/ohjelma: EAKR", "funding", "EAKR", None),
    (f"Rahoitus ja ohjelma:{NBSP} EAKR", "funding", "EAKR", None),
    (f"Ohjelma ja rahoitus:{NNBSP}EAKR", "funding", "EAKR", None),
    ("Rahoittajat: Kemi", "funders", "Kemi", None),
    ("Toteuttajina: Kemi", "implementers", "Kemi", None),
    ("Hankkeen toteuttaja: Kemi", "implementers", "Kemi", None),
    ("Toiminta-aika: Jatkuva", "period", "Jatkuva", None),
    ("Budjetti: 442 000", "budget", "442 000", None),
    (f"Budjetti{NBSP} koko toiminta-ajalle: 1 euroa", "budget", "1 euroa", None),
    ("Budjetti koko toiminta-ajalle: Hankkeen kokonaisbudjetti on 1 euroa.", "budget",
     "Hankkeen kokonaisbudjetti on 1 euroa.", None),
    ("Kaupungin osuus: 1 euroa", "city_share", "1 euroa", None),
    ("Kaupungin osuus vuonna 2021: 1 euroa", "city_share", "1 euroa", "2021"),
    ("Kaupungin omarahoitusosuus: 1 euroa", "city_share", "1 euroa", None),
    ("Kaupungin rahoitusosuus: 1 euroa", "city_share", "1 euroa", None),
    ("Hankehenkilökunnan määrä: 2", "staff", "2", None),
    ("Henkilökunnan määrä: 1,7", "staff", "1,7", None),
    ("Yhteyshenkilö: x", "contacts", "x", None),
    ("Yhteyshenkilöt: x", "contacts", "x", None),
    ("Lyhyt tiivistelmä:", "summary", "", None),
    ("Tiivistelmä: Hanke.", "summary", "Hanke.", None),
])
def test_label_variants(line, kind, value, year):
    assert label_of(clean(line)) == (kind, value, year)


@pytest.mark.parametrize("line", ["Hankkeen tavoitteena on:", "kuntien rahoitus 89 976 euroa", "Kemi valmistautuu kasvuun"])
def test_lines_that_are_not_labels(line):
    assert label_of(line) is None


@pytest.mark.parametrize("label, value, field, expected", [
    ("Budjetti", "100 000 euroa", "budget", 100000),
    ("Budjetti", "442 000", "budget", 442000),
    ("Budjetti koko toiminta-ajalle", "Hankkeen kokonaisbudjetti on 344 616 euroa.", "budget", 344616),
    ("Budjetti", "Kokonaiskustannukset ovat 282 540 euroa.", "budget", 282540),
    ("Budjetti koko toiminta-ajalle", "170 875 euroa vuodelle 2020", "annual_budget", {"amount": 170875, "year": "2020"}),
    # the city's own share: a contribution of the city, citing the line of its amount
    ("Kaupungin osuus", "4979,2 euroa", "funding",
     [{"group": "municipal", "funder": CITY, "amount": 4979.2, "sources": [{"source": "000-page", "lines": "5"}]}]),
    ("Kaupungin osuus vuonna 2020", "31 670 euroa", "funding",
     [{"group": "municipal", "funder": CITY, "amount": 31670, "year": "2020",
       "sources": [{"source": "000-page", "lines": "5"}]}]),
    ("Kaupungin omarahoitusosuus", "23 065 euroa", "funding",
     [{"group": "municipal", "funder": CITY, "amount": 23065, "sources": [{"source": "000-page", "lines": "5"}],
       "stated": "Kaupungin omarahoitusosuus: 23 065 euroa"}]),
    ("Toiminta-aika", "Jatkuva", "period", {"ongoing": True}),
    ("Hankehenkilökunnan määrä", "3,5 henkilötyövuotta", "staff", {"person_years": 3.5, "stated": "3,5 henkilötyövuotta"}),
    ("Henkilökunnan määrä", "1,7", "staff", {"headcount": 1.7}),
    ("Rahoittajat", "Pohjois-Pohjanmaan ELY-keskus ja Kemi.", "funders", ["Pohjois-Pohjanmaan ELY-keskus", "Kemin kaupunki"]),
    ("Toteuttajina", "Kemin kaupunki ja Lapin yliopisto, toiminta-alueena on Kemi, Keminmaa ja Simo", "implementers",
     ["Kemin kaupunki", "Lapin yliopisto"]),
    ("Toteuttajina", "Kemin kaupunki ja Lapin yliopisto, toiminta-alueena on Kemi, Keminmaa ja Simo", "places",
     ["kemi", "keminmaa", "simo"]),
])
def test_each_label_fills_its_field(tmp_path, label, value, field, expected):
    page = f"Elinvoimatoimiala\n\nHanke X\n\n{label}: {value}\nTiivistelmä: Jotain.\n"
    assert only_project(import_text(tmp_path, page))[field] == expected


def at(*lines: int, page: str = "000-page") -> list[dict]:
    """A contribution's `sources`: the lines of the page that state its amount."""
    return [{"source": page, "lines": str(n)} for n in lines]


@pytest.mark.parametrize("value, funding, extra", [
    # a value wrapped over lines: each amount cites the line it is on
    ("EAKR:n ja valtion rahoitus 359 904 euroa,\nkuntien rahoitus 89 976 euroa",
     [{"fund": "Euroopan aluekehitysrahasto", "group": "eu-and-state", "amount": 359904, "sources": at(5)},
      {"group": "municipal", "amount": 89976, "sources": at(6)}], {}),
    ("EARK:n ja valtion rahoitus 320 000 euroa",
     [{"fund": "Euroopan aluekehitysrahasto", "group": "eu-and-state", "amount": 320000, "sources": at(5),
       "stated": "EARK:n ja valtion rahoitus 320 000 euroa"}], {}),
    ("ESR:n ja valtion rahoitus 78 314 euroa, kuntien rahoitus 11 997 euroa, yksityinen rahoitus 7 582 euroa",
     [{"fund": "Euroopan sosiaalirahasto", "group": "eu-and-state", "amount": 78314, "sources": at(5)},
      {"group": "municipal", "amount": 11997, "sources": at(5)}, {"group": "private", "amount": 7582, "sources": at(5)}], {}),
    ("Aluehallintovirasto 113 250 euroa",
     [{"group": "state", "funder": "Aluehallintovirasto", "amount": 113250, "sources": at(5)}], {}),
    ("STEA:n kohdenettu toiminta-avustus",
     [{"funder": "STEA", "fund": "STEA:n kohdennettu toiminta-avustus", "stated": "STEA:n kohdenettu toiminta-avustus"}], {}),
    ("Hanke rahoitetaan 80 % osuudella Lapin liiton AKKE-rahoituksella.",
     [{"funder": "Lapin liitto", "fund": "AKKE-rahoitus", "share_percent": 80}], {"programmes": ["AKKE-rahoitus"]}),
    ("Hanketta rahoitetaan 90 % osuudella Lapin liiton AKKE-rahoituksella, hankkeen kokonaisbudjetti on 145 616 euroa.",
     [{"funder": "Lapin liitto", "fund": "AKKE-rahoitus", "share_percent": 90}], {"budget": 145616}),
    ("Pohjois-Pohjanmaan ELY on myöntänyt Euroopan aluekehitysrahaston (EAKR) ja valtion rahoitusta 226 032 euroa. "
     "Tuen osuus hankkeen hyväksyttävistä tukikelpoisista nettokustannuksista on enintään 80 prosenttia.",
     # "on myöntänyt": the amount is granted
     [{"fund": "Euroopan aluekehitysrahasto", "group": "eu-and-state", "amount": 226032, "status": "granted",
       "max_share_percent": 80, "sources": at(5)}],
     {"granted_by": "Pohjois-Pohjanmaan ELY",
      "notes": ["Tuen osuus hankkeen hyväksyttävistä tukikelpoisista nettokustannuksista on enintään 80 prosenttia."]}),
    ("Opetushallituksen ja Kemin kaupungin rahoittama", None, {"funders": ["Opetushallitus", "Kemin kaupunki"]}),
    ("Lapin liitto. Toimintalinja 8. REACT- EU:n EAKR- toimenpiteet, erityistavoite 12.1. Pk-yritystoiminnan "
     "vahvistaminen", None, {"funders": ["Lapin liitto"], "programmes": ["Pk-yritystoiminnan vahvistaminen"]}),
])
def test_funding_lines(tmp_path, value, funding, extra):
    page = f"Elinvoimatoimiala\n\nHanke X\n\nRahoitus ja ohjelma: {value}\nTiivistelmä: Jotain.\n"
    project = only_project(import_text(tmp_path, page))
    assert project.get("funding") == funding
    assert {k: project.get(k) for k in extra} == extra


def test_the_programme_chain_of_a_funding_line(tmp_path):
    page = ("Elinvoimatoimiala\n\nHanke X\n\nOhjelma ja rahoitus: Kestävää kasvua ja työtä 2014–2020 Suomen "
            "rakennerahasto-ohjelma. Euroopan sosiaalirahaston Toimintalinja 5. Osallisuus ja köyhyyden torjunta "
            "erityistavoite 10.1 Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen.\n")
    imported = import_text(tmp_path, page)
    programmes = {k: plain(v) for k, v in imported.draft.records["programme"].items()}
    assert only_project(imported)["programmes"] == ["Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen"]
    assert programmes["erityistavoite-10-1"] == {
        "name": "Työelämän ulkopuolella olevien työ- ja toimintakyvyn parantaminen", "level": "specific-objective",
        "notation": "10.1", "part_of": "toimintalinja-5"}
    assert programmes["toimintalinja-5"] == {
        "name": "Osallisuus ja köyhyyden torjunta", "level": "priority-axis", "notation": "5",
        "part_of": "kestavaa-kasvua-ja-tyota-2014-2020", "fund": "esf"}
    assert programmes["kestavaa-kasvua-ja-tyota-2014-2020"]["name"]["fi"] == \
        "Kestävää kasvua ja työtä 2014–2020 – Suomen rakennerahasto-ohjelma"


# --- money: the city's share, statuses, completeness ---------------------------------------------


def money_block(title: str, *labels: str) -> str:
    """A page of one block: its heading on line 1, title on line 3, label lines from line 5."""
    return "Kaupungin hallinnoimat hankkeet\n\n" + title + "\n\n" + "\n".join(labels) + "\nTiivistelmä: Jotain.\n"


@pytest.mark.parametrize("funding_line, whole", [
    ("Rahoitus/ ohjelma: EAKR:n ja valtion rahoitus 359 904 euroa,\nkuntien rahoitus 89 976 euroa",
     {"group": "municipal", "amount": 89976, "sources": at(6)}),
    # the page's "kuntien rahoitus : tuensaajan omarahoitus" is the beneficiary's own funding
    ("Rahoitus: EAKR:n ja valtion rahoitus 359 904 euroa,\nkuntien rahoitus : tuensaajan omarahoitus 89 976 euroa",
     {"group": "own-funding", "amount": 89976, "sources": at(6),
      "stated": "kuntien rahoitus : tuensaajan omarahoitus 89 976 euroa"}),
])
def test_the_city_share_for_one_year_is_part_of_the_municipal_funding(tmp_path, funding_line, whole):
    page = money_block("Kaupunkiviljely", funding_line, "Toiminta-aika: 1.1.2020-30.6.2022",
                       "Budjetti koko toiminta-ajalle: 449 880 euroa", "Kaupungin osuus vuonna 2020: 31 670 euroa")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert project["funding"] == [
        {"group": "eu-and-state", "fund": "Euroopan aluekehitysrahasto", "amount": 359904, "sources": at(5)},
        whole,
        {"group": "municipal", "funder": CITY, "amount": 31670, "year": "2020", "part_of": 2, "sources": at(9)},
    ]
    assert project["funding_complete"] is True  # 359 904 + 89 976: the part is not counted again
    assert "city_share" not in project
    write_page_import(imported, tmp_path / "data")
    assert load_records(tmp_path / "data", codes(), Decimal("1e10")).problems == ()


@pytest.mark.parametrize("share, period, merged, problem", [
    # the share's year is the one year of the period: one contribution, for that year
    ("Kaupungin osuus vuonna 2020: 11 997 euroa", "1.5.2020 – 31.12.2020", {"year": "2020"}, None),
    # no year: one contribution, for the whole period
    ("Kaupungin osuus: 11 997 euroa", "1.8.2021-31.7.2023", {}, None),
    # a year, but the period runs over more years: one contribution, of the whole period, reported
    ("Kaupungin osuus vuonna 2021: 11 997 euroa", "1.8.2021-31.7.2023", {},
     "000_page.txt:9: the city's share for 2021 equals the funding of 11997 euros for the whole period: "
     "read as one contribution, of the whole period"),
])
def test_the_same_amount_stated_twice_is_one_contribution_citing_both_lines(tmp_path, share, period, merged, problem):
    page = money_block("Yhdessä etänä", "Rahoitus/ohjelma: ESR:n ja valtion rahoitus 78 314 euroa,",
                       "kuntien rahoitus 11 997 euroa, yksityinen rahoitus 7 582 euroa", f"Toiminta-aika: {period}",
                       "Budjetti koko toiminta-ajalle: 97 893 euroa.", share)
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert project["funding"] == [
        {"group": "eu-and-state", "fund": "Euroopan sosiaalirahasto", "amount": 78314, "sources": at(5)},
        {"group": "municipal", "funder": CITY, "amount": 11997, **merged, "sources": at(6, 9)},
        {"group": "private", "amount": 7582, "sources": at(6)},
    ]
    assert project["funding_complete"] is True  # the city's 11 997 euros are counted once
    assert [p for p in imported.problems if "city's share" in p] == ([problem] if problem else [])


@pytest.mark.parametrize("share, amount, part_of, problem", [
    ("Kaupungin osuus: 5 000 euroa", 5000, {"part_of": 2},
     "000_page.txt:7: the city's share (5000 euros, for no year) is less than the 20000 euros of funding[2]: "
     "read as part of it"),
    ("Kaupungin osuus: 50 000 euroa", 50000, {},
     "000_page.txt:7: the city's share (50000 euros) is more than the municipalities' funding the block states: "
     "read as a contribution of its own"),
])
def test_a_city_share_the_page_does_not_place_is_reported(tmp_path, share, amount, part_of, problem):
    page = money_block("Hanke X", "Rahoitus: ESR:n ja valtion rahoitus 80 000 euroa, kuntien rahoitus 20 000 euroa",
                       "Toiminta-aika: 1.1.2021-31.12.2022", share)
    imported = import_text(tmp_path, page)
    assert only_project(imported)["funding"][2] == {
        "group": "municipal", "funder": CITY, "amount": amount, **part_of, "sources": at(7)}
    assert problem in imported.problems


@pytest.mark.parametrize("stated, status", [("haettu 10/2019", {"status": "applied", "status_date": "2019-10"}),
                                            ("myönnetty 3/2020", {"status": "granted", "status_date": "2020-03"})])
def test_a_status_in_the_title_goes_on_the_amounts(tmp_path, stated, status):
    page = money_block(f"Silver Economy Kemi -valmisteluhanke ({stated})",
                       "Rahoitus: EAKR- ja valtion rahoitus 56 792 euroa, kuntien rahoitus 14 198 euroa",
                       "Toiminta-aika: 1.1.2020-31.12.2021", "Kaupungin osuus vuonna 2020: 10 000 euroa")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert project["title"] == "Silver Economy Kemi -valmisteluhanke"
    assert project["title_as_stated"] == f"Silver Economy Kemi -valmisteluhanke ({stated})"
    assert "status" not in project
    assert project["funding"] == [
        {"group": "eu-and-state", "fund": "Euroopan aluekehitysrahasto", "amount": 56792, **status, "sources": at(5)},
        {"group": "municipal", "amount": 14198, **status, "sources": at(5)},
        # the city's share, on a line of its own, is what the city plans: no status stated
        {"group": "municipal", "funder": CITY, "amount": 10000, "year": "2020", "part_of": 2, "sources": at(7)},
    ]
    assert imported.problems == []
    write_page_import(imported, tmp_path / "data")
    assert load_records(tmp_path / "data", codes(), Decimal("1e10")).problems == ()


@pytest.mark.parametrize("period, complete", [("1.1.2020-31.12.2020", True), ("1.1.2020-31.8.2021", False)])
def test_a_share_for_one_year_counts_for_the_whole_period_only_where_the_period_lies_in_it(tmp_path, period, complete):
    page = money_block("Hanke X", "Rahoitus: EAKR- ja valtion rahoitus 56 792 euroa", f"Toiminta-aika: {period}",
                       "Budjetti koko toiminta-ajalle: 70 990 euroa", "Kaupungin osuus vuonna 2020: 14 198 euroa")
    assert only_project(import_text(tmp_path, page)).get("funding_complete", False) is complete


def test_a_contribution_both_pages_state_cites_both(tmp_path):
    earlier = money_block("Hanke X", "Rahoitus: ESR:n ja valtion rahoitus 10 euroa", "Kaupungin osuus vuonna 2020: 2 euroa")
    later = "Elinvoimatoimiala\n\n" + money_block("Hanke X", "Toiminta-aika: 2020-2021", "Rahoitus: ESR:n ja valtion "
                                                   "rahoitus 10 euroa", "Kaupungin osuus vuonna 2020: 2 euroa")
    project = only_project(import_text(tmp_path, earlier, later))
    assert project["funding"] == [
        {"group": "eu-and-state", "fund": "Euroopan sosiaalirahasto", "amount": 10,
         "sources": at(5) + at(8, page="001-page")},
        {"group": "municipal", "funder": CITY, "amount": 2, "year": "2020",
         "sources": at(6) + at(9, page="001-page")},
    ]
    assert "history" not in project  # the same money: no earlier value


def test_the_city_record_takes_the_publishers_id(tmp_path):
    """The city's share is the publisher's own money: with the publisher's id from the settings,
    the city's organisation record, the pages' publisher and the share's funder are that id."""
    (tmp_path / "000_page.txt").write_text(money_block("Hanke X", "Kaupungin osuus: 2 euroa"), encoding="utf-8")
    imported = import_pages([tmp_path / "000_page.txt"], {}, city=CITY, city_id="kemi")
    assert plain(imported.draft.records["org"]["kemi"]["name"]) == CITY
    assert "kemin-kaupunki" not in imported.draft.records["org"]
    (source,) = imported.draft.records["source"].values()
    (project,) = imported.draft.records["project"].values()
    assert plain(source["publisher"]) == "kemi"
    assert plain(project["funding"]) == [{"group": "municipal", "funder": "kemi", "amount": 2,
                                          "sources": [{"source": "000-page", "lines": "5"}]}]


@pytest.mark.parametrize("phrase, case, expected", [
    ("Lapin liiton", "genitive", "Lapin liitto"),
    ("Kemin kaupungin", "genitive", "Kemin kaupunki"),
    ("Opetushallituksen", "genitive", "Opetushallitus"),
    ("Lapin Ely-keskuksen", "genitive", "Lapin Ely-keskus"),
    ("Lapin työ- ja elinkeinotoimiston", "genitive", "Lapin työ- ja elinkeinotoimisto"),
    ("Keminmaan", "genitive", "Keminmaa"),
    ("Kemin Satama Oy:n", "genitive", "Kemin Satama Oy"),
    ("elinvoimatoimialan", "genitive", "elinvoimatoimiala"),
    ("Simon kunnan", "genitive", "Simon kunta"),
    ("Kemissä", "locative", "Kemi"),
    ("Lapin yliopistolla", "locative", "Lapin yliopisto"),
])
def test_organisation_names_in_the_nominative(phrase, case, expected):
    assert nominative(phrase, case) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kemin kaupungin, Lapin työ- ja elinkeinotoimiston, Lapin elinkeino-, liikenne- ja ympäristökeskuksen ja muiden",
     ["Kemin kaupungin", "Lapin työ- ja elinkeinotoimiston", "Lapin elinkeino-, liikenne- ja ympäristökeskuksen", "muiden"]),
    ("Kemissä 3 ja Lapin yliopistolla 1,5", ["Kemissä 3", "Lapin yliopistolla 1,5"]),
    ("A, B ja C.", ["A", "B", "C"]),
])
def test_lists(text, expected):
    assert split_list(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("REACT- EU:n ESR- toimenpiteet", "REACT-EU:n ESR-toimenpiteet"),
    ("Vaikuttamalla vahvaksi- osallistumalla yhdessä", "Vaikuttamalla vahvaksi – osallistumalla yhdessä"),
    ("demokratia- ja ihmisoikeuskasvatuksen", "demokratia- ja ihmisoikeuskasvatuksen"),
    ("Liikettä Kemiin! -liikuntaneuvontahanke", "Liikettä Kemiin! -liikuntaneuvontahanke"),
])
def test_hanging_hyphens_are_mended(text, expected):
    assert mend_hyphens(text) == expected


@pytest.mark.parametrize("summary, expected", [
    ("Koronasta kasvuun hankkeen tarkoituksena on tukea yrittäjiä.", "Koronasta kasvuun"),
    ("Vahvax- hanke jatkaa kaupungin aiemmin toteuttamaa Yhdessä etänä- hankkeen toimintaa.", "Vahvax"),
    ("Irtisanomisesta selviytymiseen – hanke on Stora Enson hanke.", "Irtisanomisesta selviytymiseen"),
    ("Kemin kaupungin organisoima opetushallituksen rahoittama 2-vuotinen Vahva lukutaito -hanke aktivoi oppilaita.",
     "Vahva lukutaito"),
    ("Kemin kaupungin organisoima Liikkuminen on Makiaa Kemissä hanke aktivoi ihmisiä.", "Liikkuminen on Makiaa Kemissä"),
    ("Hankkeella vastataan muutokseen. Äkillisen rakennemuutoksen koordinaatiohankkeen avulla varmistetaan tiedon jakaminen.",
     "Äkillisen rakennemuutoksen koordinaatiohanke"),
    ("Hankkeen avulla luodaan matkailutuote. Kaikki koulut ovat mukana hankkeessa.", None),
])
def test_titles_named_by_the_summary(summary, expected):
    derived = derive_title(summary)
    assert (derived[0] if derived else None) == expected
    if derived:  # the sentence the name is taken from
        assert derived[1] in summary and derived[0].split()[0] in derived[1]


@pytest.mark.parametrize("summary, expected", [
    ("Hankkeella vastataan muutokseen. Tavoitteena on 1000 uutta työpaikkaa Kemin seudulle. Muuta.",
     "1000 uutta työpaikkaa Kemin seudulle"),
    ("Työllisyyden yhteispalvelun kehittäminen yhteistyössä Kemin kaupungin kanssa.", "Työllisyyden yhteispalvelun kehittäminen"),
    ("Hanke jatkaa työtä kestävän kehityksen ja vähähiilisten toimintatapojen edistämiseksi, nyt",
     "Hanke jatkaa työtä kestävän kehityksen ja vähähiilisten toimintatapojen"),
])
def test_titles_from_a_summary_that_names_no_project(summary, expected):
    assert fallback_title(summary) == expected


# --- layouts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line, expected", [
    ("Kunta Helmi 2, Kemin merelliset ranta-alueet, puidenpuuttuman hiekkarannan kunnostus ja Leukalan ranta-alueen "
     "raivaus 1.1.2022-31.12.2023",
     {"title": "Kunta Helmi 2", "period": {"start": "2022-01-01", "end": "2023-12-31"},
      "places": ["kemin-merelliset-ranta-alueet"],
      "summary": "puidenpuuttuman hiekkarannan kunnostus ja Leukalan ranta-alueen raivaus"}),
    ("Kunta Helmi 3, Kemin merelliset ranta-alueet, Kiikelin ja Kalkkinokan rannat ja niityt. Kahlaajien ja muiden "
     "pesimälinnustojen reviirien kunnostus 1.1.2023-31.12.2024.",
     {"title": "Kunta Helmi 3", "period": {"start": "2023-01-01", "end": "2024-12-31"},
      "places": ["kemin-merelliset-ranta-alueet-kiikelin-ja-kalkkinokan"],
      "summary": "Kahlaajien ja muiden pesimälinnustojen reviirien kunnostus"}),
    ("Positiivista pöhinää Meri-Lapissa, Kivalo-opisto 1.8.2020-30.6.2022",
     {"title": "Positiivista pöhinää Meri-Lapissa", "period": {"start": "2020-08-01", "end": "2022-06-30"},
      "partners": ["Kivalo-opisto"]}),
    ("• Potkua työelämään, Kivalo-opisto/Pohjantähtiopisto kumppanina 30.6.2021-31.12.2022",
     {"title": "Potkua työelämään", "period": {"start": "2021-06-30", "end": "2022-12-31"},
      "partners": ["Kivalo-opisto"]}),
    ("Työkyvyn kehittämistä ketterästi, elinvoimatoimialan ja Kemin Satama Oy:n yhteinen työelämän kehittämishanke "
     "1.9.2021-31.8.2022",
     {"title": "Työkyvyn kehittämistä ketterästi", "period": {"start": "2021-09-01", "end": "2022-08-31"},
      "implementers": ["Elinvoimatoimiala", "Kemin Satama Oy"],
      "summary": "elinvoimatoimialan ja Kemin Satama Oy:n yhteinen työelämän kehittämishanke"}),
    ("Maahanmuuttaja Ohjaamo Kemi (ESR) 15.1.2019–14.1.2022, hankkeen toteuttajana Toivola-Luotolan Setlementti ry",
     {"title": "Maahanmuuttaja Ohjaamo Kemi", "period": {"start": "2019-01-15", "end": "2022-01-14"},
      "funding": [{"fund": "Euroopan sosiaalirahasto", "stated": "(ESR)"}],
      "implementers": ["Toivola-Luotolan Setlementti ry"]}),
    ("Koulun kerhotoiminnan kehittäminen. Kemin kerhot pyörivät 5, 23.5.2022-31.12.2023",
     {"title": "Kemin kerhot pyörivät 5", "period": {"start": "2022-05-23", "end": "2023-12-31"},
      "summary": "Koulun kerhotoiminnan kehittäminen."}),
    ("Valtionavustus demokratia- ja ihmisoikeuskasvatuksen pilotti peruskouluille. Vaikuttamalla vahvaksi- "
     "osallistumalla yhdessä olemme enemmän. 2022-2023",
     {"title": "Vaikuttamalla vahvaksi – osallistumalla yhdessä olemme enemmän", "period": {"start": "2022", "end": "2023"},
      "funding": [{"group": "state", "fund": "Valtionavustus",
                   "stated": "Valtionavustus demokratia- ja ihmisoikeuskasvatuksen pilotti peruskouluille."}]}),
    ("Valtion erityisavustus esi- ja perusopetuksen oppilaiden digitaalisten taitojen kehittämiseen osana Uudet "
     "lukutaidot kehittämisohjelmaa perusopetuksessa vuosille 2022–2023",
     {"title": "Valtion erityisavustus esi- ja perusopetuksen oppilaiden digitaalisten taitojen kehittämiseen osana "
              "Uudet lukutaidot kehittämisohjelmaa perusopetuksessa",
      "period": {"start": "2022", "end": "2023"}, "programmes": ["Uudet lukutaidot -kehittämisohjelma"],
      "funding": [{"group": "state", "fund": "Valtion erityisavustus"}]}),
    ("Avustukset museoille kuvataiteilijoiden näyttelypalkkioihin 2022, 3.6.2022-19.8.2023",
     {"title": "Avustukset museoille kuvataiteilijoiden näyttelypalkkioihin 2022",
      "period": {"start": "2022-06-03", "end": "2023-08-19"}, "funding": [{"fund": "Avustus"}]}),
    ("Erityisavustus kuntien kulttuuritoiminnan alueelliseen kehittämistehtävään: Kuntien kulttuuritoiminta osana "
     "visuaalisen taiteen rakenteiden kehittämistä. 1.1.2022-31.12.2023",
     {"title": "Kuntien kulttuuritoiminta osana visuaalisen taiteen rakenteiden kehittämistä",
      "period": {"start": "2022-01-01", "end": "2023-12-31"},
      "funding": [{"fund": "Erityisavustus", "stated": "Erityisavustus kuntien kulttuuritoiminnan alueelliseen kehittämistehtävään"}]}),
    ("Liikunnallisen elämäntavan kehittämishanke Liikkuminen on hyväksi, Kemissä! 1.10.2023-31.12.2023",
     {"title": "Liikkuminen on hyväksi, Kemissä!", "period": {"start": "2023-10-01", "end": "2023-12-31"},
      "summary": "Liikunnallisen elämäntavan kehittämishanke"}),
    ("Tiedolla johtamisen strategia Kemissä joulukuu 2019 – marraskuu 2021",
     {"title": "Tiedolla johtamisen strategia Kemissä", "period": {"start": "2019-12", "end": "2021-11"}}),
    ("Digiajan työhyvinvointihanke 1.2.2019 – 31.12.2021, hankkeen toteuttaja Lapin yliopisto",
     {"title": "Digiajan työhyvinvointihanke", "period": {"start": "2019-02-01", "end": "2021-12-31"},
      "implementers": ["Lapin yliopisto"]}),
    ("Monikulttuurinen kohtaamispaikka Mikseri, hankkeen toteuttajana Toivola-Luotolan Setlementti ry",
     {"title": "Monikulttuurinen kohtaamispaikka Mikseri", "implementers": ["Toivola-Luotolan Setlementti ry"]}),
])
def test_one_line_entries(tmp_path, line, expected):
    fields = entry_fields(tmp_path, line)
    assert fields.pop("title_as_stated") == line
    assert fields == expected


def test_a_title_wrapped_over_lines_is_one_entry(tmp_path):
    page = ("Hyvinvointitoimialan lasten ja nuorten palvelut\n\n"
            "Valtion erityisavustus varhaiskasvatuksen tasa-arvoa edistäviin\ntoimenpiteisiin ja laadun kehittämiseen\n"
            f".{NBSP} Laadukasta ja tasa-arvoista kasvua Kemin varhaiskasvatuksessa.{NBSP} 2022-31.12.2023\n")
    project = only_project(import_text(tmp_path, page))
    assert project["title"] == "Laadukasta ja tasa-arvoista kasvua Kemin varhaiskasvatuksessa"
    assert project["title_as_stated"] == (
        "Valtion erityisavustus varhaiskasvatuksen tasa-arvoa edistäviin toimenpiteisiin ja laadun kehittämiseen. "
        "Laadukasta ja tasa-arvoista kasvua Kemin varhaiskasvatuksessa. 2022-31.12.2023")
    assert project["sources"] == [{"source": "000-page", "lines": "3-5"}]
    assert project["department"] == "Hyvinvointitoimialan lasten ja nuorten palvelut"
    assert project["period"] == {"start": "2022", "end": "2023-12-31"}


def test_a_block_title_wrapped_over_lines(tmp_path):
    page = "Kaupungin hallinnoimat hankkeet\n\nYhdessä etänä –\nosallisuuden tukena\n\nToiminta-aika: Jatkuva\n"
    project = only_project(import_text(tmp_path, page))
    assert project["title"] == "Yhdessä etänä – osallisuuden tukena"
    assert project["section"] == "run-by-city"
    assert project["sources"] == [{"source": "000-page", "lines": "3-6"}]


def test_a_block_with_its_title_status_and_run_in_implementer(tmp_path):
    page = ("Hankkeet, joihin kaupunki antaa omarahoituksen tai muuta rahoitusta\n\n"
            "Monikulttuurinen kohtaamispaikka Mikseri Hankkeen toteuttaja Toivola-Luotolan Setlementti Ry (haettu 10/2019)\n\n"
            "Rahoitus: STEA:n kohdenettu toiminta-avustus\nToiminta-aika: Jatkuva\nHankehenkilökunnan määrä:\n"
            "Yhteyshenkilö:\nLyhyt tiivistelmä:\nMatalan kynnyksen kohtaamispaikka.\n")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert {k: project[k] for k in ("title", "section", "implementers", "period", "summary")} == {
        "title": "Monikulttuurinen kohtaamispaikka Mikseri", "section": "co-funded-by-city",
        "implementers": ["Toivola-Luotolan Setlementti Ry"],
        "period": {"ongoing": True}, "summary": "Matalan kynnyksen kohtaamispaikka."}
    assert "staff" not in project and "contacts" not in project  # an empty label states nothing
    assert project["sources"] == [{"source": "000-page", "lines": "3-10"}]
    # the status belongs to amounts: with none in the block, it stays in the title as stated, reported
    assert "status" not in project and "status" not in project["funding"][0]
    assert project["title_as_stated"].endswith("(haettu 10/2019)")
    assert "000_page.txt:3: the title states the status applied (2019-10), but the block states no amount of " \
           "funding to carry it; kept in title_as_stated only" in imported.problems


def test_a_block_without_a_title_is_titled_by_its_summary(tmp_path):
    page = ("Elinvoimatoimiala\n\nRahoitus ja ohjelma: ESR:n ja valtion rahoitus 10 euroa\n"
            "Tiivistelmä: Koronasta kasvuun hankkeen tarkoituksena on tukea yrittäjiä.\n")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert project["title"] == "Koronasta kasvuun"
    assert project["title_derived"] == {"from": "Koronasta kasvuun hankkeen tarkoituksena on tukea yrittäjiä."}
    assert imported.problems == [
        "000_page.txt:3: a block with no title: titled 'Koronasta kasvuun' (named by its summary); title_derived set"]


def test_text_after_a_block_is_a_note_cooperation_or_more_summary(tmp_path):
    page = ("Keskusvirasto\n\nToiminta-aika: 1.8.2023–31.3.2024\nTiivistelmä: Hanke luo matkailutuotteen.\n\n"
            "Hankkeessa yhteistyötahoina toimivat Kemin Matkailu Oy, paikalliset yritykset ja oppilaitokset.\n\n"
            "Hankkeen tuloksena on tuote.\n\nTästä linkistä pääset hankkeen sivulle.\n")
    project = only_project(import_text(tmp_path, page))
    assert project["cooperation"] == ["Kemin Matkailu Oy"]
    assert project["cooperation_note"] == "paikalliset yritykset ja oppilaitokset"
    assert project["summary"] == "Hanke luo matkailutuotteen.\nHankkeen tuloksena on tuote."
    assert project["notes"] == ["Tästä linkistä pääset hankkeen sivulle."]
    assert project["sources"] == [{"source": "000-page", "lines": "3-10"}]


def test_what_the_summary_states_about_partners(tmp_path):
    page = ("Kaupungin hallinnoimat hankkeet\n\nHanke X\n\nTiivistelmä: Kehittäminen yhteistyössä Kemin kaupungin, "
            "Lapin työ- ja elinkeinotoimiston, Lapin elinkeino-, liikenne- ja ympäristökeskuksen ja muiden sidosryhmien "
            "kanssa.\n\nHanke Y\n\nTiivistelmä: Kemin kaupunki, Meriva ja Saura-säätiö kehittävät yhdessä alustan.\n\n"
            "Hanke Z\n\nTiivistelmä: Kemin kaupungin organisoima Vahva lukutaito -hanke.\n")
    imported = import_text(tmp_path, page)
    by_title = {p["title"]: p for p in (named(imported, r) for r in imported.draft.records["project"].values())}
    assert by_title["Hanke X"]["cooperation"] == [
        "Kemin kaupunki", "Lapin työ- ja elinkeinotoimisto", "Lapin elinkeino-, liikenne- ja ympäristökeskus"]
    assert by_title["Hanke Y"]["cooperation"] == ["Kemin kaupunki", "Meriva", "Saura-säätiö"]
    assert by_title["Hanke Z"]["implementers"] == ["Kemin kaupunki"]


def test_unreadable_lines_are_reported_and_kept(tmp_path):
    page = ("Elinvoimatoimiala\n\nHanke X\n\nRahoitus: jotain aivan muuta 5 euroa\nToiminta-aika: pian\n"
            "Budjetti: paljon\nHankehenkilökunnan määrä: kaksi\nYhteyshenkilö: kaupungin kirjaamo\n"
            "Toiminta-aika: 1.1.2020-31.12.2020\nTiivistelmä: Jotain.\n")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert imported.problems == [
        "000_page.txt:10: a second 'period' label in one block; kept as a note",
        "000_page.txt:5: funding not read: 'jotain aivan muuta 5 euroa'; kept as a note",
        "000_page.txt:6: not read (not a period): 'Toiminta-aika: pian'; kept as a note",
        "000_page.txt:7: not read (no amount): 'Budjetti: paljon'; kept as a note",
        "000_page.txt:8: not read (not a staff size: 'kaksi'): 'Hankehenkilökunnan määrä: kaksi'; kept as a note",
        "000_page.txt:9: not read as a person: 'kaupungin kirjaamo'; kept as a note",
    ]
    assert project["notes"] == [
        "Toiminta-aika: 1.1.2020-31.12.2020", "jotain aivan muuta 5 euroa", "Toiminta-aika: pian", "Budjetti: paljon",
        "Hankehenkilökunnan määrä: kaksi", "Yhteyshenkilö: kaupungin kirjaamo"]
    assert {"period", "budget", "staff", "contacts", "funding"}.isdisjoint(project)


def test_impossible_values_are_reported_not_written(tmp_path):
    page = ("Elinvoimatoimiala\n\nHanke X\n\nRahoitus: Hanke rahoitetaan 150 % osuudella Lapin liiton AKKE-rahoituksella\n"
            "Toiminta-aika: 1.1.2021-31.12.2020\nBudjetti: 99 999 999 999 euroa\nTiivistelmä: Jotain.\n")
    imported = import_text(tmp_path, page)
    project = only_project(imported)
    assert {"funding", "period", "budget"}.isdisjoint(project)
    assert project["notes"] == ["Hanke rahoitetaan 150 % osuudella Lapin liiton AKKE-rahoituksella",
                                "Toiminta-aika: 1.1.2021-31.12.2020", "Budjetti: 99 999 999 999 euroa"]
    assert len(imported.problems) == 3


def test_page_text_outside_projects_is_reported(tmp_path):
    page = ("Johdanto sivulle.\n\nElinvoimatoimiala\n\nHanke X 1.1.2020-31.12.2020\n\n"
            "Talousarvio 2023 -kirjan hankeluettelosta löytyy tarkempia tietoja kaupungin hankkeista\n")
    imported = import_text(tmp_path, page)
    assert imported.problems == [
        "000_page.txt:1: page introduction (before the first heading), not read: 'Johdanto sivulle.'",
        "000_page.txt:7: text outside any project, not read: "
        "'Talousarvio 2023 -kirjan hankeluettelosta löytyy tarkempia tietoja ka…'",
    ]


def test_a_page_without_a_url_gets_a_placeholder(tmp_path):
    imported = import_text(tmp_path, "Elinvoimatoimiala\n\nHanke X 2022-2023\n", urls={})
    (source,) = imported.draft.records["source"].values()
    assert plain(source) == {"title": "000_page.txt", "url": "https://example.invalid/000_page.txt",
                             "publisher": "kemin-kaupunki", "file": "000_page.txt"}
    assert imported.problems == [
        "000_page.txt: no URL given; the source's url is the placeholder https://example.invalid/000_page.txt"]


def test_the_later_page_is_current_and_the_earlier_history(tmp_path):
    earlier = ("Kaupungin hallinnoimat hankkeet\n\nSilver Economy Kemi -valmisteluhanke (haettu 10/2019)\n\n"
               "Toiminta-aika: 1.1.2020-31.12.2020\nHankehenkilökunnan määrä: 2\n"
               "Yhteyshenkilö: projektipäällikkö Heidi Nikkilä\nLyhyt tiivistelmä:\nTavoitteena on jotain.\n")
    later = ("Keskusvirasto\n\nSilver Economy Kemi-valmisteluhanke 1.1.2020–31.8.2021\n\n"
             "Rahoitus ja ohjelma: ESR:n ja valtion rahoitus 10 euroa\nHankehenkilökunnan määrä: 3\n"
             "Yhteyshenkilö: projektipäällikkö Anne Oikarinen\nTiivistelmä: Tavoitteena on jotain muuta.\n")
    imported = import_text(tmp_path, earlier, later)
    project = only_project(imported)
    assert project["title"] == "Silver Economy Kemi -valmisteluhanke"
    assert project["sources"] == [{"source": "000-page", "lines": "3-9"}, {"source": "001-page", "lines": "3-8"}]
    assert project["period"] == {"start": "2020-01-01", "end": "2021-08-31"}
    assert (project["section"], project["department"]) == ("run-by-city", "Keskusvirasto")
    assert "status" not in project  # the earlier page's "(haettu 10/2019)" had no amount to go on
    assert project["funding"] == [{"fund": "Euroopan sosiaalirahasto", "group": "eu-and-state", "amount": 10,
                                   "sources": at(5, page="001-page")}]  # the later page says nothing of a status
    assert project["staff"] == {"headcount": 3}
    assert project["contacts"] == [{"person": "Anne Oikarinen", "role": "project-manager", "title": "projektipäällikkö"}]
    assert plain(imported.draft.records["project"]["silver-economy-kemi-valmisteluhanke"]["history"]) == [
        {"field": "title_as_stated", "value": "Silver Economy Kemi -valmisteluhanke (haettu 10/2019)",
         "source": "000-page", "lines": "3"},
        {"field": "period", "value": {"start": "2020-01-01", "end": "2020-12-31"}, "source": "000-page", "lines": "5"},
        {"field": "staff", "value": {"headcount": 2}, "source": "000-page", "lines": "6"},
        {"field": "contacts", "value": [{"person": "p-0001", "role": "project-manager", "title": "projektipäällikkö"}], "source": "000-page",
         "lines": "7"},
        {"field": "summary", "value": "Tavoitteena on jotain.", "source": "000-page", "lines": "8-9"},
    ]


def test_a_titleless_block_joins_the_earlier_project_with_the_same_summary(tmp_path):
    summary = "Tavoitteena on käynnistää ympärivuotista kaupunkiviljelyä ja kokeilla menetelmiä."
    earlier = f"Kaupungin hallinnoimat hankkeet\n\nKaupunkiviljely\n\nToiminta-aika: Jatkuva\nLyhyt tiivistelmä:\n{summary}\n"
    later = f"Elinvoimatoimiala\n\nHankehenkilökunnan määrä: 3\nTiivistelmä: {summary}\n"
    project = only_project(import_text(tmp_path, earlier, later))
    assert project["title"] == "Kaupunkiviljely" and "title_derived" not in project
    assert project["staff"] == {"headcount": 3}


# --- writing, and a new version of a page -------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_imported() -> PageImport:
    return import_pages(source_pages(), {}, city=CITY)


def test_the_seed_pages_import_into_records_the_loader_accepts(tmp_path, seeds_imported):
    write_page_import(seeds_imported, tmp_path / "data")
    loaded = load_records(tmp_path / "data", codes(), Decimal("1e10"))
    assert loaded.problems == ()
    assert len(loaded.records.of("project")) == 44


def test_a_page_against_the_records_it_was_imported_into_changes_nothing(tmp_path, seeds_imported):
    write_page_import(seeds_imported, tmp_path / "data")
    assert diff_against(tmp_path / "data", seeds_imported) == []


def test_a_new_version_of_a_page_shows_what_changed(tmp_path, seeds_imported):
    write_page_import(seeds_imported, tmp_path / "data")
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in source_pages():
        shutil.copy(page, pages / page.name)
    later = pages / "001_b7f3f3df64e32f38.txt"
    text = later.read_text(encoding="utf-8")
    text = text.replace("Hankehenkilökunnan määrä:\u00a03\nYhteyshenkilö:\u00a0projektipäällikkö Anne Oikarinen",
                        "Hankehenkilökunnan määrä:\u00a04\nYhteyshenkilö:\u00a0projektipäällikkö Anne Oikarinen")
    text = text.replace("Kunta Helmi 2, Kemin merelliset", "Kunta Helmi Kaksi, Kemin merelliset")
    text = text.replace("Lasten ja nuorten paikallinen harrastustoiminta 1.2.2022-1.2.2023\n\n", "")
    later.write_text(text + "\n\nUusi hanke 1.1.2024-31.12.2024\n", encoding="utf-8")
    changed = import_pages(sorted(pages.glob("*.txt")), {}, city=CITY)
    assert diff_against(tmp_path / "data", changed) == [
        "added project uusi-hanke: 'Uusi hanke' (001_b7f3f3df64e32f38.txt:200)",
        "removed project lasten-ja-nuorten-paikallinen-harrastustoiminta: "
        "'Lasten ja nuorten paikallinen harrastustoiminta' (001_b7f3f3df64e32f38.txt:134)",
        "kunta-helmi-2: title: Kunta Helmi 2 -> Kunta Helmi Kaksi",
        "kunta-helmi-2: title_as_stated: Kunta Helmi 2, Kemin merelliset ranta-alueet, puidenpuuttuman hiekkarannan "
        "kunnostus ja Leukalan ranta-alueen raivaus 1.1.2022-31.12.2023 -> Kunta Helmi Kaksi, Kemin merelliset "
        "ranta-alueet, puidenpuuttuman hiekkarannan kunnostus ja Leukalan ranta-alueen raivaus 1.1.2022-31.12.2023",
        "ymparivuotinen-kaupunkiviljely-ja-lahiruoan-tuottaminen: staff: {headcount: 3} -> {headcount: 4}",
    ]


def test_the_seed_pages_against_the_curated_records(seeds_imported):
    """Every curated project is found; what differs is the curators' judgement (derived titles)."""
    lines = diff_against(REPO / "data", seeds_imported)
    assert not [line for line in lines if line.startswith(("added", "removed"))]
    assert {line.split(":")[0] for line in lines} <= {
        "harrastusten-suomen-malli", "kestava-ja-vahahiilinen-yritystoiminta", "lumiukon-kotikaupunki",
        "matkailun-master-plan-2030", "johtamisen-toimintakulttuuri", "laadukasta-ja-tasa-arvoista-kasvua",
        "kunta-helmi-3"}  # the curators split the area "…, Kiikelin ja Kalkkinokan rannat ja niityt" into three places


# --- any text ------------------------------------------------------------------------------------

_PIECES = [
    "Rahoitus:", "Rahoitus ja ohjelma:", "Ohjelma ja rahoitus:", "Toiminta-aika:", "Budjetti:", "Budjetti koko toiminta-ajalle:",
    "Kaupungin osuus vuonna 2020:", "Kaupungin omarahoitusosuus:", "Hankehenkilökunnan määrä:", "Yhteyshenkilö:",
    "Tiivistelmä:", "Lyhyt tiivistelmä:", "Rahoittajat:", "Toteuttajina:", "Kaupungin hallinnoimat hankkeet",
    "Elinvoimatoimiala", "Keskusvirasto", "1.1.2020-30.6.2022", "31.2.2020-1.1.2021", "2024-2020", "joulukuu 2019 – marraskuu 2021",
    "vuosille 2022–2024", "Jatkuva", "359 904 euroa", "256.506 euroa", "4979,2 euroa", "99 999 999 999 999 euroa", "0,001 euroa",
    "80 %", "150 %", "80 prosentin", "enintään 90 prosenttia", "4,5 (Kemissä 3 ja Lapin yliopistolla 1,5)", "3,5 henkilötyövuotta",
    "projektipäällikkö Heidi Nikkilä", "Eija Kinnunenhanketyöntekijä Senja Raappana", "hanketyöntekijät A ja B",
    "EAKR:n ja valtion rahoitus", "EARK:n", "ESR", "(ESR)", "AKKE-rahoituksella", "Hanke rahoitetaan 80 % osuudella Lapin liiton",
    "on myöntänyt", "Toimintalinja 9.", "erityistavoite 12.4.", "-ohjelma.", "Valtion erityisavustus", "Avustukset", "rahoittama",
    "hankkeen toteuttajana", "Hankkeen toteuttaja", "kumppanina", "yhteistyötahoina toimivat", "yhteistyössä", "kanssa",
    "organisoima", "jatkaa", "- hankkeen", "-hanke", "hanke", "(haettu 10/2019)", "(haettu 13/0999)", "Kemin kaupungin", "A/B", "/",
    "Kemi", "•", ",", ".", ":", "-", "–", "(", ")", "ja", "\u00a0", "\u202f", "\t", "#", "'", '"', "*", "&", "!", "{", "}", "[", "]",
    "null", "yes", "~", "@", "`", "%", "|", ">", "---", "...", "\\",
]
_LINE = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.just(""),
)
_PAGE = st.lists(_LINE, max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(pages=st.lists(_PAGE, min_size=1, max_size=2), with_urls=st.booleans())
def test_any_text_imports_into_records_the_loader_accepts(tmp_path_factory, pages, with_urls):
    """Whatever the pages say, the importer does not fail, and what it writes loads without a
    single problem: what it cannot read is reported and kept as notes, never written as a value
    the loader would reject. (Whether the values agree with each other, say contributions above
    the budget, is the shapes' question: a page may state that, and the build reports it.)"""
    folder = tmp_path_factory.mktemp("any")
    files = []
    for i, text in enumerate(pages):
        path = folder / f"{i:03d}_page.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    imported = import_pages(files, {f.name: "https://example.org/p" for f in files} if with_urls else None, city=CITY)
    assert all(isinstance(p, str) and p.startswith(tuple(f.name for f in files)) for p in imported.problems)
    write_page_import(imported, folder / "data")
    loaded = load_records(folder / "data", codes(), Decimal("1e10"))
    assert loaded.problems == ()
