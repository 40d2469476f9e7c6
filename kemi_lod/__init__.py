"""kemi-lod: publish public-sector project records as validated linked open data.

The packages, in the order the data flows (`build/` calls them in this order; no stage imports a
later one: tests/test_layout.py holds the table of allowed imports):

    records/   YAML on disk -> typed, located records (kinds and ids in records/kinds.py)
    mapping    records -> triples: the only place that mints IRIs
    shacl/     the compiled SHACL engine, the pySHACL cross-check, located reports
    build/     the pipeline: per-record workers, the cache, the atomic switch of build/
    outputs/   the dumps, the CSV, the catalogue and VoID, the example results
    site/      the pages, the vocabulary page and the web-server configuration
    commands/  serve, publish, query, init, check-catalog, check-vocabulary (read a build)
    cli        the click commands; terminal: what they show while the library works

Beside them: vocabulary/ (every IRI; the shipped ontology and shapes), rdf/ (serialisation,
formats and media types, SPARQL results), sparql/ (the example queries), importers/ (page text
and register CSV -> draft records), standards/ (the vendored DCAT-AP shapes), config, errors,
progress.
"""
