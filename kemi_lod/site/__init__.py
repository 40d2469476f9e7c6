"""The static site: a page per resource and the index pages, from the written dump.

May import `rdf`, `vocabulary`, `sparql` (the example queries' titles), `outputs.hosting`, `config`.
"""
