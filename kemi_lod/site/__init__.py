"""The static site, from the written dump: `graph` (the view model), `format` (Finnish numbers,
dates and order), `layout` (the one page layout and menu), `page`, `resource`, `indexes`,
`schema_org`, `vocabulary` (the vocabulary page), `hosting` (nginx and Apache configuration),
`write`; the CSS and the sort script are package files in `assets/`.
May import `rdf`, `vocabulary`, `sparql`, `records` (kinds), `outputs` (the file writer),
`config`, `progress`.
"""
