"""The artefacts of a build, one module per kind: tables, catalogue and VoID, vocabulary page,
server configuration. Each reads the validated graph (or its shares) and writes files; none
reads YAML. May import `rdf`, `vocabulary`, `sparql`, `config`.
"""
