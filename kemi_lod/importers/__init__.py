"""Importers: source text or CSV -> draft YAML records in the data/ layout. They never touch graphs.

- `page/`: a city's project-list pages (text copies of web pages);
- `register/`: the national structural-funds register's project list (CSV);
- `common.py`: what both share (ids, organisation names, the EU funds, writing records).

Each importer imports `common` and nothing of the other; of kemi_lod they may import `records`
(the fields and kinds), `progress` and `errors`, never a graph or a later stage.
"""
