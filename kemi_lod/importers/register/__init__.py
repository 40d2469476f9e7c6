"""The national structural-funds register's project list (CSV) -> draft records.

The register (EURA 2014, published on rakennerahastot.fi) exports one project a line, but the
export is damaged: names hold unquoted commas, "|" stands for a comma, columns are shifted, a
few rows are wrapped in an extra layer of quotes. Every row therefore goes through the same
steps: split it (undoing the quote layer where that reads cleanly), then find the one way to
spread its fields over the header's columns that makes every typed column (code, fund, axis,
status, dates, amounts) hold a value of its type. A row with exactly one such reading is
imported; the named rules it needed are recorded. A row with none, or with more than one, is
written to `rejects.csv` with its line and the reason, never guessed at.

Columns are found by header name through a table of synonyms, so other exports of the register
(the 2007-2013 list, other column orders) read the same way.

The stages, a module each: columns.py (the columns, the header, the values each takes) ->
fields.py (a line split and spread over the columns) -> rows.py (rows and rejects, the whole
file) -> draft.py (rows -> draft records) -> importer.py (the import: arguments, files written,
the result).

This package owns reading the register. It may import `kemi_lod.importers.common` (ids,
organisation names, the EU funds, writing records) and `kemi_lod.progress`; never graphs, the
build or the CLI. Within it, a module imports only those before it in the list above.
"""

from kemi_lod.importers.register.draft import PROGRAMME_2014_2020, Programme
from kemi_lod.importers.register.importer import RegisterResult, import_register
from kemi_lod.importers.register.rows import RegisterRead, Reject, Row, read_register

__all__ = [
    "PROGRAMME_2014_2020", "Programme", "RegisterRead", "RegisterResult", "Reject", "Row", "import_register",
    "read_register",
]
