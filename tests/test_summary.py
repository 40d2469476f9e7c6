"""A project's page opens with a summary and ends with how its record was made (site/summary.py).

Read from the built pages of the repository's data: what the summary says of one project the
city's page describes in full, and, for every project, that the city's shares the summaries
state add up to the city's euros of the money-by-department example.
"""

from __future__ import annotations

import csv
import html as html_lib
import re
from decimal import Decimal

NBSP = "\u00a0"


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace(NBSP, " ")


def _section(page: str, heading_id: str) -> str:
    return page.split(f'aria-labelledby="{heading_id}"', 1)[1].split("</section>", 1)[0]


def _summary_rows(page: str) -> dict[str, str]:
    summary = _section(page, "yhteenveto")
    return {_text(dt).strip(): " ".join(_text(dd).split()) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", summary, re.S)}


def test_the_summary_comes_first_and_says_what_a_visitor_came_for(kemi_build):
    page = (kemi_build / "id/project/kaupunkiviljely.html").read_text(encoding="utf-8")
    assert page.index('id="yhteenveto"') < page.index('id="tiedot"') < page.index('id="rahoitus"') < page.index('id="laatiminen"')
    assert "Tavoitteena on käynnistää ympärivuotista kaupunkiviljelyä" in _text(_section(page, "yhteenveto"))
    rows = _summary_rows(page)
    assert rows["Toiminta-aika"] == "1.1.2020 – 30.6.2022"  # two <time> elements
    assert rows["Budjetti"] == "449 880 € ( suunniteltu )"
    # the two contributions of the financing plan; the city's 31 670 € is a part of the municipal one
    assert rows["Rahoittajat"] == ("EU:n ja valtion rahoitus ( Euroopan aluekehitysrahasto ): 359 904 € ( suunniteltu ) erittely "
                                   "kuntien rahoitus : 89 976 € ( suunniteltu ) erittely")
    assert rows["Kaupungin osuus"] == "31 670 € (rahoitussuunnitelma)"
    assert rows["Toimiala"] == "Elinvoimatoimiala"
    assert rows["Yhteyshenkilöt"] == "projektipäällikkö : Anne Oikarinen"
    # each funder's "erittely" leads to its row in the funding table
    for anchor in re.findall(r'<a href="#([^"]+)">erittely</a>', _section(page, "yhteenveto")):
        assert f'<tr id="{anchor}">' in page


def test_curation_facts_are_grouped_at_the_end_and_not_among_the_details(kemi_build):
    page = (kemi_build / "id/project/kaupunkiviljely.html").read_text(encoding="utf-8")
    details, curation = _text(_section(page, "tiedot")), _text(page.split('id="laatiminen"', 1)[1])
    for label in ("luettelon osio", "rahoitus kokonaan eritelty", "tunniste"):
        assert label not in details and label in curation, label
    assert "johdettu nimi" not in page  # a title the page states as it is: nothing to say
    assert "Lähteet" in curation and "Aiemmin ilmoitetut tiedot" in curation
    assert "ilman summia" not in page


def test_the_city_shares_of_the_summaries_add_up_to_the_example_querys(kemi_build):
    stated = Decimal(0)
    for path in sorted((kemi_build / "id/project").glob("*.html")):
        if path.name == "index.html":
            continue
        share = _summary_rows(path.read_text(encoding="utf-8")).get("Kaupungin osuus")
        if share:
            stated += Decimal(share.split(" €")[0].replace(" ", "").replace(",", "."))
    with (kemi_build / "queries/money-by-department.csv").open(encoding="utf-8") as f:
        expected = sum((Decimal(r["city_euros"]) for r in csv.DictReader(f)), Decimal(0))
    assert stated == expected and stated > 0


def test_an_organisations_money_per_year_is_the_example_querys(kemi_build):
    """The city's page places its money in years by the rule of the examples: its table equals
    the city-share-by-year example's result, year by year, to the cent."""
    page = (kemi_build / "id/org/kemin-kaupunki.html").read_text(encoding="utf-8")
    table = _section(page, "yhteenveto")
    shown = {_text(y).strip(): Decimal(_text(v).replace(" ", "").replace("€", "").replace(",", "."))
             for y, v in re.findall(r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td></tr>', table)}
    with (kemi_build / "queries/city-share-by-year.csv").open(encoding="utf-8") as f:
        expected = {(r["year"] or "ilman vuotta"): Decimal(r["total_euros"]) for r in csv.DictReader(f)}
    assert shown == expected and len(shown) >= 4
    # an organisation that funds nothing has no such section
    assert 'id="yhteenveto"' not in (kemi_build / "id/org/elinvoimatoimiala.html").read_text(encoding="utf-8")


def test_a_description_in_several_languages_stays_among_the_details(publication):
    """The summary shows one description; the details keep every language's (and one is not
    repeated there where it is the only one)."""
    from support import run_cli

    record = publication / "data/projects/kaikki-kentat.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace('summary: "Hanke, jolla on \\"kaikki\\" kentät."',
                                   'summary: {fi: "Hanke, jolla on kaikki kentät.", en: "A project with every field."}'),
                      encoding="utf-8")
    assert run_cli("build").exit_code == 0
    page = ((publication / "build").resolve() / "id/project/kaikki-kentat.html").read_text(encoding="utf-8")
    details = _text(_section(page, "tiedot"))
    assert "Hanke, jolla on kaikki kentät." in _text(_section(page, "yhteenveto"))
    assert "Hanke, jolla on kaikki kentät." in details and "A project with every field." in details
    single = ((publication / "build").resolve() / "id/project/johdettu.html").read_text(encoding="utf-8")
    assert "testata johdettuja nimiä" not in _text(_section(single, "tiedot"))
