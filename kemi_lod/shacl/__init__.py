"""Validation: the compiled SHACL engine, the pySHACL cross-check, and the located report.

`engine` (the shapes compiled once, SHACL Core per record, SHACL-SPARQL on a store),
`validation` (results located in the YAML; the report), `reports` (pySHACL's report graph and
the severities, read in one place). May import `vocabulary`, `mapping`, `errors`, `progress`.
"""
