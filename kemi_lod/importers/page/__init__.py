"""Project-list pages (text copies of a city's web pages) -> draft records.

The pages are written for people: labelled lines ("Rahoitus ja ohjelma: …", "Toiminta-aika: …")
under section or department headings, one-line entries ("Name, partner 1.8.2020-30.6.2022"),
and blocks whose heading was lost when the text was taken. They are read in stages, a module
each:

    lines (lines.py) -> paragraphs classified (reader.py) -> label blocks (blocks.py, their
    values: labels.py, funding.py; their money placed: money.py) and one-line entries
    (entries.py) -> projects of one page
    -> projects of all pages (merge.py: a project stated on two pages is one project; the
    later page is current, the earlier one history) -> records (importer.py)

beside them: what the pages' words mean (lexicon.py), their notation (notation.py), titles
(titles.py), the draft the readers fill (draft.py), and a new page version against the curated
records (diff.py).

Every value is written as `Sourced(value, "<file>:<line>")`. Nothing is guessed silently:
a line that cannot be read is reported as "<file>:<line>: <what>" and its text kept in the
project's `notes`; a mended value keeps the page's words (`stated`, `title_as_stated`,
`title_derived`) and the mending is reported.

This package owns reading the pages. It may import `kemi_lod.importers.common` (ids,
organisation names, the EU funds, writing records), `kemi_lod.records.load` (the record kinds
and folders) and YAML; never graphs, the build, the CLI or the register importer. Within it, a
module imports only modules earlier in this order: lexicon, notation, titles, lines, draft,
funding, labels, money, blocks, entries, reader, merge, importer, diff.
"""

from kemi_lod.importers.page.diff import diff_against
from kemi_lod.importers.page.importer import DEFAULT_MAX_AMOUNT, PageImport, import_pages, write_page_import
from kemi_lod.importers.page.lexicon import label_of
from kemi_lod.importers.page.lines import clean
from kemi_lod.importers.page.notation import (
    nominative, read_amount, read_contacts, read_percent, read_period, read_staff, split_list,
)
from kemi_lod.importers.page.titles import derive_title, fallback_title, mend_hyphens

__all__ = [
    "DEFAULT_MAX_AMOUNT", "PageImport", "clean", "derive_title", "diff_against", "fallback_title", "import_pages",
    "label_of", "mend_hyphens", "nominative", "read_amount", "read_contacts", "read_percent", "read_period",
    "read_staff", "split_list", "write_page_import",
]
