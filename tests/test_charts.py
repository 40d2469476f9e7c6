"""The charts (site/charts.py): static SVG drawn from the published example results.

Read back as a reader's tools would: the SVG parsed as XML, its bars measured against the CSV
behind it, its description holding every value, and the pages' figures with their text
alternative and links. The browser tests run axe on the pages that show them.
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from support import run_cli
from kemi_lod.site.charts import CHARTS, _ticks, money_per_year, projects_per_year
from kemi_lod.site.format import euros

SVG = "{http://www.w3.org/2000/svg}"


def _svg(path: Path) -> ET.Element:
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-labelledby") == "title desc"
    return root


def _bars(root: ET.Element) -> list[ET.Element]:
    """The bars: every rect but the background and the legend's swatches."""
    return [r for r in root.iter(f"{SVG}rect") if r.get("width") != "12" and r.get("x") is not None]


def _result(build: Path, example: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((build / "queries" / f"{example}.csv").read_text(encoding="utf-8"))))


def test_every_chart_is_written_with_its_title_and_every_value_in_its_description(kemi_build):
    for chart in CHARTS:
        root = _svg(kemi_build / "charts" / f"{chart.name}.svg")
        assert root.find(f"{SVG}title").text == chart.title
        assert root.find(f"{SVG}desc").text
    desc = _svg(kemi_build / "charts" / "projects-per-year.svg").find(f"{SVG}desc").text
    for row in _result(kemi_build, "concurrent-projects-per-year"):
        assert f"{row['year']}: {row['projects']} hanketta" in desc
    desc = _svg(kemi_build / "charts" / "money-by-year.svg").find(f"{SVG}desc").text
    granted = _svg(kemi_build / "charts" / "granted-by-year.svg").find(f"{SVG}desc").text
    for row in _result(kemi_build, "money-by-year-and-funder-group"):
        assert f"{row['group_name']} {euros(row['financing_plan_euros'])}" in desc
        if Decimal(row["granted_euros"]) > 0:
            assert f"{row['group_name']} {euros(row['granted_euros'])}" in granted


def test_the_bars_are_as_high_as_the_results_say(kemi_build):
    rows = _result(kemi_build, "concurrent-projects-per-year")
    bars = _bars(_svg(kemi_build / "charts" / "projects-per-year.svg"))
    assert len(bars) == len(rows)
    per_project = [float(b.get("height")) / int(r["projects"]) for b, r in zip(bars, rows)]
    assert max(per_project) - min(per_project) < 0.05  # one project is the same height everywhere
    # the stacks of money per year: each year's bars add up to its total, in the same proportion,
    # for the financing plan and for the granted euros alone
    rows = _result(kemi_build, "money-by-year-and-funder-group")
    for chart, column in (("money-by-year", "financing_plan_euros"), ("granted-by-year", "granted_euros")):
        totals: dict[str, Decimal] = {}
        for r in rows:
            if Decimal(r[column]) > 0:
                totals[r["year"]] = totals.get(r["year"], Decimal(0)) + Decimal(r[column])
        root = _svg(kemi_build / "charts" / f"{chart}.svg")
        heights: dict[str, float] = {}
        labels = {float(t.get("x")): t.text for t in root.iter(f"{SVG}text") if t.text and re.fullmatch(r"\d{4}", t.text)}
        for bar in _bars(root):  # a bar belongs to the year written under its middle
            centre = float(bar.get("x")) + float(bar.get("width")) / 2
            year = labels[min(labels, key=lambda x: abs(x - centre))]
            heights[year] = heights.get(year, 0.0) + float(bar.get("height"))
        assert sorted(heights) == sorted(totals) and totals, chart
        largest = max(totals, key=lambda y: totals[y])
        per_euro = heights[largest] / float(totals[largest])
        for year, total in totals.items():  # each within the rounding of its segments to 0.1 px
            assert abs(heights[year] - float(total) * per_euro) < 0.5, (chart, year)
    # every year of the plan is on both axes, granted money or not
    assert {t.text for t in _svg(kemi_build / "charts" / "granted-by-year.svg").iter(f"{SVG}text") if re.fullmatch(r"\d{4}", t.text or "")} \
        == {r["year"] for r in rows if r["year"]}


def test_the_axis_reaches_the_largest_value():
    assert _ticks(Decimal("926065.63"))[-1] == 1_000_000
    assert _ticks(Decimal("35"))[-1] == 35 and _ticks(Decimal("36"))[-1] == 40
    assert _ticks(Decimal(0)) == [0, 1]
    tallest = projects_per_year([{"year": "2020", "projects": "7"}, {"year": "2021", "projects": "0"}], "t")
    assert 'height="0.0"' not in tallest  # an empty year draws no bar at all
    undated = money_per_year([{"year": "", "group": "g", "group_name": "G", "financing_plan_euros": "5"}], "t")
    assert "Ilman vuotta" in undated and euros("5") in undated


def test_the_pages_show_the_charts_with_a_text_alternative_and_the_numbers_behind_them(kemi_build):
    for page, shown in (("index.html", [c.name for c in CHARTS]), ("id/project/index.html", ["projects-per-year", "money-by-year"]),
                        ("id/org/index.html", ["money-by-year"]), ("id/programme/index.html", ["money-by-fund"])):
        html = (kemi_build / page).read_text(encoding="utf-8")
        figures = re.findall(r'<figure class="chart"><img src="([^"]+)" width="720" alt="([^"]+)">\n'
                             r'<figcaption>[^<]+<a href="([^"]+)">tulos \(CSV\)</a>, <a href="([^"]+)">kysely</a>', html)
        assert [Path(src).stem for src, *_ in figures] == shown, page
        folder = (kemi_build / page).parent
        for src, alt, result, query in figures:
            assert alt and (folder / src).resolve().is_file()
            assert (folder / result).resolve().is_file() and (folder / query).resolve().is_file()


@pytest.mark.slow
def test_without_pages_the_home_page_still_shows_the_charts(publication):
    config = publication / "kemi-lod.yaml"
    config.write_text(config.read_text() + "pages: false\n")
    assert run_cli("build").exit_code == 0
    build = (publication / "build").resolve()
    html = (build / "index.html").read_text(encoding="utf-8")
    for chart in CHARTS:
        assert f'src="charts/{chart.name}.svg"' in html
        _svg(build / "charts" / f"{chart.name}.svg")
