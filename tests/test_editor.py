"""The query form and the data the editor reads (site/editor.py); the editor itself runs in a
real browser in tests/test_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

from kemi_lod.site.editor import EDITOR_ASSETS, editor_head, query_form
from kemi_lod.vocabulary.terms import PREFIXES

HOSTILE = 'SELECT * WHERE { ?s ?p "</script><script>alert(1)</script> & <!--" }'


def test_the_examples_travel_as_a_data_block_no_text_can_end():
    form = query_form("sparql.html", "sparql", "get", HOSTILE, [("x", "Otsikko <b>", HOSTILE)])
    block = re.search(r'<script type="application/json" id="query-editor-data">(.*?)</script>', form, re.S)[1]
    assert not set("<>&") & set(block)
    assert json.loads(block) == {"endpoint": "sparql", "prefixes": "queries/prefixes.json", "namespaces": PREFIXES,
                                 "examples": [{"name": "x", "title": "Otsikko <b>", "query": HOSTILE}]}
    # the plain form, what a browser without scripts uses, holds the query as text
    assert '<form class="query-form" method="get" action="sparql">' in form
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in form and "<script>alert" not in form


def test_the_editor_files_are_linked_relative_to_the_page():
    head = editor_head("id/project/x.html")
    assert [m for m in re.findall(r'(?:href|src)="([^"]+)"', head)] == ["../../" + a for a in EDITOR_ASSETS]
    assert head.count("<script defer src=") == 2


def test_the_vendored_editor_states_its_version_and_every_licence():
    folder = Path(__file__).resolve().parent.parent / "kemi_lod" / "site" / "assets" / "vendor" / "yasgui"
    package, version = (folder / "VERSION").read_text(encoding="utf-8").strip().rsplit("@", 1)
    assert package == "@zazuko/yasgui"
    licences = (folder / "LICENSES.md").read_text(encoding="utf-8")
    assert licences.startswith(f"# {package} {version}: licences\n")
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", licences, re.M)
    assert len(rows) >= 20 and all(licence and "states none;" not in licence for _, licence in rows)
    assert {"codemirror", "datatables.net", "dompurify"} <= {name for name, _ in rows}
    assert b"sourceMappingURL" not in (folder / "yasgui.min.js").read_bytes()[-200:]  # the map is not shipped
