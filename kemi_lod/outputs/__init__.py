"""The artefacts of a build, one module per kind: the dumps (`dumps`), the CSV (`tables`), the
catalogue and VoID (`catalog`), the example results (`examples`), and the one file writer
(`files`). Each reads the validated graph or its cached shares and writes files; none reads
YAML. May import `rdf`, `vocabulary`, `sparql`, `records` (field types), `config`.
"""
