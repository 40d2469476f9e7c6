"""The query page `kemi-lod serve` answers at /sparql in a browser: a form, the result as a table."""

from __future__ import annotations

import html
import urllib.parse
from typing import Sequence

from kemi_lod.commands.serve.endpoint import Answer
from kemi_lod.config import Settings
from kemi_lod.site.editor import editor_head, query_form
from kemi_lod.site.layout import layout, outside_link, scroll_table

DEFAULT_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"


def query_page(settings: Settings, examples: Sequence[tuple[str, str, str]], query: str, answer: Answer | None) -> str:
    """The page with the query in its form, the answer below it (a table or the error), then
    links to the examples (name, title, text)."""
    default = query or (examples[0][2] if examples else DEFAULT_QUERY)
    items = "".join(
        f'<li><a href="sparql?{html.escape(urllib.parse.urlencode({"example": name}))}">{html.escape(t)}</a></li>'
        for name, t, _ in examples
    )
    examples_html = (f'<section aria-labelledby="esim"><h2 id="esim">Esimerkkikyselyt</h2>\n<ul>{items}</ul></section>\n'
                     if items else "")
    body = (
        query_form("sparql", "sparql", "post", default, examples)
        + f"{_answer(settings, answer)}{examples_html}"
        "<p>Sama osoite on SPARQL 1.1 -protokollan rajapinta: tulokset JSON-, XML-, CSV- tai TSV-muodossa, "
        "CONSTRUCT ja DESCRIBE Turtle- tai JSON-LD-muodossa <code>Accept</code>-otsakkeen mukaan.</p>\n"
    )
    return layout(settings, "sparql", "SPARQL-kysely", body, head=editor_head("sparql"))


def _answer(settings: Settings, answer: Answer | None) -> str:
    if answer is None:
        return ""
    if not (answer.kind and answer.status == 200):
        return (f'<section aria-labelledby="tulos"><h2 id="tulos">Virhe</h2>\n<p role="alert" id="error">'
                f"{html.escape(answer.body.decode('utf-8', errors='replace'))}</p></section>\n")
    variables, rows = answer.table
    head = "".join(f'<th scope="col">{html.escape(v)}</th>' for v in variables)
    body = "\n".join("<tr>" + "".join(f"<td>{_cell(settings, c)}</td>" for c in row) + "</tr>" for row in rows)
    table = (f'<table id="results"><caption>Kyselyn tulos: {len(rows)} riviä</caption>\n'
             f'<thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody></table>')
    return f'<section aria-labelledby="tulos"><h2 id="tulos">Tulos</h2>\n{scroll_table(table, "Tulos")}</section>\n'


def _cell(settings: Settings, cell: tuple[str, str]) -> str:
    kind, text = cell
    if kind == "iri":
        local = _local(settings, text)
        if local is None:
            return outside_link(text, html.escape(text))
        return f'<a href="{html.escape(local)}">{html.escape(text)}</a>'
    return html.escape(text)


def _local(settings: Settings, iri: str) -> str | None:
    """A resource of this publication as a path under the web root."""
    for base in (settings.base_iri, settings.organisations_base):
        if iri.startswith(base + "id/"):
            return iri[len(base):]
    return None
