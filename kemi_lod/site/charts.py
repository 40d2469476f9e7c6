"""Charts of the money and the projects, drawn at build time as static SVG from example results.

Each chart is one example query's published result (`queries/NAME.csv`, SPARQL CSV) drawn as
bars: no script, the same bytes from the same result. The SVG carries its own title and a
description with every value in words (`role="img"`); the pages show it as an image whose text
alternative says what it shows, with links to the result and the query behind it
(`chart_figures`). The charts are written after the examples (`write_charts`), and the pages
only link them, so a page never waits for a query.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from html import escape
from pathlib import Path
from typing import Callable, Sequence

from kemi_lod.outputs.files import Reuse, Written
from kemi_lod.site.format import euros, finnish_number

WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 96, 16, 44, 40  # the plot's margins: axis labels left, years below
# Bar colours in order, distinguishable and each at least 3:1 against white (WCAG 1.4.11)
PALETTE = ("#1f5f99", "#b3541e", "#2e7d32", "#6a3d9a", "#8c6d1f", "#c2185b", "#00796b", "#5d4037")
FONT = 'font-family="sans-serif" font-size="12" fill="#1a1a1a"'


@dataclass(frozen=True)
class Chart:
    name: str  # charts/NAME.svg
    example: str  # the example query whose result it draws
    title: str
    alt: str  # what the chart shows, for the page's text alternative
    draw: Callable[[list[dict[str, str]], str], str]  # (rows, title) -> SVG


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _step(top: Decimal) -> Decimal:
    """A round tick step giving four to eight ticks up to `top`."""
    step = Decimal(1)
    while top / step > 8:
        for factor in (2, Decimal("2.5"), 2):
            step *= factor
            if top / step <= 8:
                break
    return step


def _ticks(top: Decimal) -> list[Decimal]:
    """The axis' ticks from 0, the last at or above `top`."""
    step = _step(max(top, Decimal(1)))
    count = max(int((top / step).to_integral_value(rounding=ROUND_CEILING)), 1)
    return [step * i for i in range(count + 1)]


def _px(value: float | Decimal) -> str:
    return f"{float(value):.1f}"


def _svg(title: str, desc: str, body: str, height: int = HEIGHT) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
            f'role="img" aria-labelledby="title desc">\n<title id="title">{escape(title)}</title>\n'
            f'<desc id="desc">{escape(desc)}</desc>\n<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n{body}</svg>\n')


def _axis(ticks: list[Decimal], scale: Callable[[Decimal], float], label: Callable[[Decimal], str]) -> str:
    lines = []
    for t in ticks:
        y = _px(scale(t))
        lines.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}" stroke="#c8c8c8"/>'
                     f'<text x="{LEFT - 6}" y="{y}" {FONT} text-anchor="end" dominant-baseline="middle">{escape(label(t))}</text>')
    return "\n".join(lines) + "\n"


def _columns(labels: Sequence[str], stacks: Sequence[Sequence[Decimal]], colours: Sequence[str],
             label: Callable[[Decimal], str], plot_top: int = TOP) -> str:
    """Vertical bars, one per label, each a stack of values in `colours` order, on a value axis
    from `plot_top` down to the labels."""
    top = max((sum(s, Decimal(0)) for s in stacks), default=Decimal(0))
    ticks = _ticks(top)
    plot = HEIGHT - plot_top - BOTTOM
    def scale(v: Decimal) -> float:
        return HEIGHT - BOTTOM - float(v) / float(ticks[-1]) * plot
    band = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    parts = [_axis(ticks, scale, label)]
    for i, (name, stack) in enumerate(zip(labels, stacks)):
        x, base = LEFT + i * band + band * 0.15, Decimal(0)
        for value, colour in zip(stack, colours):
            if value > 0:
                parts.append(f'<rect x="{_px(x)}" y="{_px(scale(base + value))}" width="{_px(band * 0.7)}" '
                             f'height="{_px(scale(base) - scale(base + value))}" fill="{colour}"/>')
            base += value
        parts.append(f'<text x="{_px(x + band * 0.35)}" y="{HEIGHT - BOTTOM + 18}" {FONT} text-anchor="middle">'
                     f"{escape(name)}</text>")
    return "\n".join(parts) + "\n"


def _legend(names: Sequence[str], colours: Sequence[str]) -> tuple[str, int]:
    """Legend entries in lines above the plot, and where the plot may begin below them."""
    parts, x, y = [], LEFT, 18
    for name, colour in zip(names, colours):
        width = 34 + 8 * len(name)  # a generous guess of the text's width: entries never touch
        if x > LEFT and x + width > WIDTH - RIGHT:
            x, y = LEFT, y + 20
        parts.append(f'<rect x="{x}" y="{y - 9}" width="12" height="12" fill="{colour}"/>'
                     f'<text x="{x + 16}" y="{y + 1}" {FONT}>{escape(name)}</text>')
        x += width
    return "\n".join(parts) + "\n", y + 22


def _short_euros(value: Decimal) -> str:
    """A label: `1,12 milj. €` (to the hundredth of a million), `250 000 €`."""
    if value >= 1_000_000:
        millions = (value / 1_000_000).quantize(Decimal("0.01")).normalize()
        return finnish_number(millions, None) + " milj. €"
    return euros(value)


def money_per_year(rows: list[dict[str, str]], title: str, column: str = "financing_plan_euros") -> str:
    """Stacked bars: the euros of `column` in each calendar year by funder group (each group in
    the same colour whichever column is drawn, every year of the result on the axis)."""
    def group(r: dict[str, str]) -> str:
        return r["group_name"] or r["group"]
    every = sorted({group(r) for r in rows if r["year"]})
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(every)}
    years = sorted({int(r["year"]) for r in rows if r["year"]})
    amount = {(int(r["year"]), group(r)): Decimal(r[column]) for r in rows if r["year"] and Decimal(r[column]) > 0}
    groups = [g for g in every if any(g == k for _, k in amount)]
    stacks = [[amount.get((y, g), Decimal(0)) for g in groups] for y in years]
    colours = [colour[g] for g in groups]
    said = "; ".join(f"{y}: " + (", ".join(f"{g} {euros(amount[(y, g)])}" for g in groups if (y, g) in amount) or euros(0))
                     for y in years)
    undated = sum((Decimal(r[column]) for r in rows if not r["year"]), Decimal(0))
    desc = (f"Pylväskaavio, vuodet {years[0]}–{years[-1]}, rahoittajaryhmät pinottuina. {said}."
            if years else "Ei vuosille sijoitettuja summia.")
    if undated:
        desc += f" Ilman vuotta (hankkeella ei alkua ja loppua): {euros(undated)}."
    legend, plot_top = _legend(groups, colours)
    body = legend + _columns([str(y) for y in years], stacks, colours, _short_euros, plot_top)
    return _svg(title, desc, body)


def granted_per_year(rows: list[dict[str, str]], title: str) -> str:
    """The same bars of the granted euros only."""
    return money_per_year(rows, title, "granted_euros")


def projects_per_year(rows: list[dict[str, str]], title: str) -> str:
    """Bars: how many projects run in each calendar year."""
    years = [r["year"] for r in rows]
    counts = [Decimal(r["projects"]) for r in rows]
    desc = "Pylväskaavio. " + "; ".join(f"{y}: {c} hanketta" for y, c in zip(years, counts)) + "."
    body = _columns(years, [[c] for c in counts], PALETTE[:1], lambda v: finnish_number(v, None))
    return _svg(title, desc, body)


def money_per_fund(rows: list[dict[str, str]], title: str, shown: int = 8) -> str:
    """Horizontal bars: the euros stated for each fund or programme, largest first (the first `shown`)."""
    funded = sorted((r for r in rows if Decimal(r["total_euros"]) > 0),
                    key=lambda r: (-Decimal(r["total_euros"]), r["name"]))
    top, rest = funded[:shown], funded[shown:]
    height = TOP + 30 * max(len(top), 1) + BOTTOM
    largest = max((Decimal(r["total_euros"]) for r in top), default=Decimal(1))
    ticks = _ticks(largest)
    left, plot = 300, WIDTH - 300 - RIGHT - 72
    parts = []
    for i, r in enumerate(top):
        y, value = TOP + 30 * i, Decimal(r["total_euros"])
        name = r["name"] if len(r["name"]) <= 44 else r["name"][:43] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 13}" {FONT} text-anchor="end" dominant-baseline="middle">{escape(name)}</text>'
                     f'<rect x="{left}" y="{y + 3}" width="{_px(float(value) / float(ticks[-1]) * plot)}" height="20" '
                     f'fill="{PALETTE[0]}"/><text x="{_px(left + float(value) / float(ticks[-1]) * plot + 6)}" '
                     f'y="{y + 13}" {FONT} dominant-baseline="middle">{escape(_short_euros(value))}</text>')
    said = "; ".join(f"{r['name']}: {euros(r['total_euros'])}" for r in funded)
    desc = f"Vaakapylväskaavio, suurin ensin. {said}." if funded else "Ei rahastoille ilmoitettuja summia."
    if rest:
        desc += f" Kaaviossa {len(top)} suurinta {len(funded)}:stä."
    return _svg(title, desc, "\n".join(parts) + "\n", height)


CHARTS = (
    Chart("money-by-year", "money-by-year-and-funder-group", "Rahat vuosittain rahoittajaryhmittäin",
          "Pylväskaavio rahoitussuunnitelman euroista vuosittain rahoittajaryhmittäin", money_per_year),
    Chart("granted-by-year", "money-by-year-and-funder-group", "Myönnetyt rahat vuosittain rahoittajaryhmittäin",
          "Pylväskaavio myönnetyistä euroista vuosittain rahoittajaryhmittäin", granted_per_year),
    Chart("money-by-fund", "funding-by-fund", "Rahat rahastoittain ja ohjelmittain",
          "Vaakapylväskaavio rahastoille ja ohjelmille ilmoitetuista euroista, suurin ensin", money_per_fund),
    Chart("projects-per-year", "concurrent-projects-per-year", "Käynnissä olevat hankkeet vuosittain",
          "Pylväskaavio vuosittain käynnissä olleiden hankkeiden määrästä", projects_per_year),
)
BY_NAME = {c.name: c for c in CHARTS}


def write_charts(out: Path, reuse: Reuse) -> list[Written]:
    """charts/NAME.svg for every chart, from the example results already written under `out`."""
    done = []
    for chart in CHARTS:
        rows = _rows((out / "queries" / f"{chart.example}.csv").read_text(encoding="utf-8"))
        done.append(reuse.write(out, f"charts/{chart.name}.svg", chart.draw(rows, chart.title).encode()))
    return done


def chart_figures(href: Callable[[str], str], names: Sequence[str]) -> str:
    """The charts as figures: the image with its text alternative, and the result and query behind it."""
    figures = []
    for name in names:
        c = BY_NAME[name]
        figures.append(
            f'<figure class="chart"><img src="{escape(href(f"charts/{c.name}.svg"))}" width="{WIDTH}" '
            f'alt="{escape(c.alt)}; luvut CSV-tiedostossa">\n<figcaption>{escape(c.title)}. Luvut: '
            f'<a href="{escape(href(f"queries/{c.example}.csv"))}">tulos (CSV)</a>, '
            f'<a href="{escape(href(f"queries/{c.example}.rq"))}">kysely</a>.</figcaption></figure>\n')
    return ('<section aria-labelledby="kaaviot"><h2 id="kaaviot">Kaaviot</h2>\n' + "".join(figures) + "</section>\n")
