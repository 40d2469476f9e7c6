"""The one page layout of the site, the vocabulary page and the query pages: head, menu, footer.

UI text is Finnish (`lang="fi"`). Links are relative and name files (`../org/x.html`,
`id/project/index.html`), so the pages work wherever `build/` is served and opened from disk
alike; each page names its IRI with `rel=canonical` (the extension-less IRIs stay the
identifiers in the RDF).
"""

from __future__ import annotations

from html import escape
from typing import Sequence

import pyoxigraph as ox

from kemi_lod.config import Settings

VOCABULARY_PAGE = "ontology/index.html"
QUERY_PAGE = "sparql.html"


LINKABLE_SCHEMES = ("http:", "https:", "mailto:")


def outside_link(iri: str, text: str, shows_iri: bool = True) -> str:
    """A link to an IRI outside the site, or its text alone where following it could run code
    or reach no web page (`javascript:`, `data:`, a URN: any scheme but http, https, mailto).
    `shows_iri`: the text is the IRI itself (it may then wrap anywhere)."""
    css = ' class="iri"' if shows_iri else ""
    if iri.lower().startswith(LINKABLE_SCHEMES):
        return f'<a{css} href="{escape(iri)}">{text}</a>'
    return f"<span{css}>{text}</span>"


def href(here: str, target: str) -> str:
    """A relative link from the page at `here` to the file `target` (normalised paths under the
    web root, as posixpath.relpath gives it, without its cost: a page links thousands of times)."""
    folder = here.split("/")[:-1]
    parts = target.split("/")
    common = 0
    while common < len(folder) and common < len(parts) and folder[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(folder) - common) + parts[common:]) or "."


def menu(settings: Settings) -> list[tuple[str, str]]:
    """The site's menu: (file under the web root, label); every entry opens a page, also from disk."""
    nav = [("index.html", "Etusivu"), ("id/project/index.html", "Hankkeet"),
           ("id/org/index.html", "Rahoittajat ja organisaatiot"), ("id/programme/index.html", "Ohjelmat"),
           ("id/place/index.html", "Paikat")]
    if settings.persons == "names":
        nav.append(("id/person/index.html", "Henkilöt"))
    nav += [("id/source/index.html", "Lähteet"), (VOCABULARY_PAGE, "Sanasto"), (QUERY_PAGE, "Kyselyt")]
    return nav


def canonical_url(settings: Settings, path: str) -> str:
    """What a page under the web root is served as: its folder for an index page."""
    return settings.base_iri + (path.removesuffix("index.html") if path.endswith("index.html") else path)


def layout(settings: Settings, path: str, title: str, body: str, head: str = "", title_lang: str = "fi",
           canonical: str | None = None, main_lang: str = "fi") -> str:
    """The one page layout of the site, the vocabulary page and the query pages."""
    site = next((t for t in _in_order(settings, site_titles(settings))), None)
    site_name = escape(site.value) if site is not None else ""
    current = ' aria-current="page"'
    items = "".join(f'<li><a href="{escape(href(path, p))}"{current if p == path else ""}>{escape(label)}</a></li>'
                    for p, label in menu(settings))
    t = escape(title)
    lang = f' lang="{title_lang}"' if title_lang and title_lang != main_lang else ""
    main_attr = f' lang="{main_lang}"' if main_lang != "fi" else ""
    licence = escape(settings.licence)
    return (
        '<!DOCTYPE html>\n<html lang="fi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t} – {site_name}</title>\n"
        f'<link rel="canonical" href="{escape(canonical or canonical_url(settings, path))}">\n'
        f'<link rel="stylesheet" href="{escape(href(path, "assets/site.css"))}">\n'
        f"{head}</head>\n<body>\n"
        '<a class="skip" href="#main">Siirry sisältöön</a>\n'
        f'<header><p class="site"><a href="{escape(href(path, "index.html"))}">{site_name}</a></p>\n'
        f'<nav aria-label="Päävalikko"><ul>{items}</ul></nav></header>\n'
        f'<main id="main"{main_attr}>\n<h1{lang}>{t}</h1>\n{body}</main>\n'
        f'<footer><p>Tiedot: {site_name}. '
        f'Lisenssi: <a class="iri" href="{licence}">{licence}</a>. '
        f'Sanaston kuvaus: <a href="{escape(href(path, VOCABULARY_PAGE))}">sanasto</a>.</p></footer>\n'
        "</body>\n</html>\n"
    )


def site_titles(settings: Settings) -> list[ox.Literal]:
    """The publication's title in each of its languages."""
    return [ox.Literal(text, language=lang) for lang, text in settings.title.items]


def _in_order(settings: Settings, literals: Sequence[ox.Literal]) -> list[ox.Literal]:
    """Literals in the publication's language order."""
    langs = settings.languages
    return sorted(literals, key=lambda l: langs.index(l.language) if l.language in langs else len(langs))


def scroll_table(table: str, caption: str) -> str:
    """A table in a box of its own that scrolls sideways on a narrow screen (the page never does).

    The box is a named, focusable region so that keyboard users can scroll it too.
    """
    return f'<div class="scroll" role="region" aria-label="{escape(caption)}" tabindex="0">{table}</div>'
