"""The SPARQL query form of the site's query pages, and the editor that takes its place.

Both query pages (the build's `sparql.html` and the page `kemi-lod serve` answers at `/sparql`)
show the same form: a text area and a button, which work without JavaScript (the form sends the
query, the answer comes back). Where scripts run, `assets/query.js` puts the YASGUI editor in the
form's place (`assets/vendor/yasgui/`, vendored from its npm package by
`scripts/update_yasgui.py`): syntax highlighting, completion of our prefixes
(`queries/prefixes.json`; no look-ups of outside services), the example queries in a picker
that opens each in a tab of its own, and results as a sortable, paged table with CSV and JSON
downloads. Everything is served from the publication itself, under its Content-Security-Policy.
"""

from __future__ import annotations

import json
from html import escape
from typing import Sequence

from kemi_lod.outputs.examples import PREFIXES_FILE
from kemi_lod.site.layout import href
from kemi_lod.vocabulary.terms import PREFIXES

# The files the editor needs, copied into the build's assets/ (site.write.ASSETS).
EDITOR_ASSETS = ("assets/vendor/yasgui/yasgui.min.css", "assets/query.css", "assets/vendor/yasgui/yasgui.min.js",
                 "assets/query.js")


def editor_head(path: str) -> str:
    """The style sheet and scripts of the editor, for the page at `path` (scripts deferred)."""
    css, our_css, js, our_js = (escape(href(path, a)) for a in EDITOR_ASSETS)
    return (f'<link rel="stylesheet" href="{css}">\n<link rel="stylesheet" href="{our_css}">\n'
            f'<script defer src="{js}"></script>\n<script defer src="{our_js}"></script>\n')


def query_form(path: str, action: str, method: str, query: str, examples: Sequence[tuple[str, str, str]]) -> str:
    """The form (`examples`: name, title, query text), with the data the editor reads.

    The examples and the namespaces (for the result table's short names) travel as a JSON data
    block (not run as a script, so allowed by the policy); `<`, `>` and `&` are escaped so that
    no text in them can end the block.
    """
    data = json.dumps({"endpoint": action, "prefixes": href(path, PREFIXES_FILE), "namespaces": PREFIXES,
                       "examples": [{"name": n, "title": t, "query": q} for n, t, q in examples]},
                      ensure_ascii=False, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<form class="query-form" method="{method}" action="{escape(action)}">\n'
        '<p><label for="query">Kysely (SPARQL 1.1)</label></p>\n'
        f'<textarea id="query" name="query" rows="16" cols="100">{escape(query)}</textarea>\n'
        '<p><button type="submit">Suorita</button></p>\n</form>\n'
        f'<script type="application/json" id="query-editor-data">{data}</script>\n'
    )
