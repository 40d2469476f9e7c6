"""Validation: the compiled SHACL engine, the pySHACL cross-check, and the located report.

May import `vocabulary`, `rdf`, `mapping` (to locate a result in the YAML) and `errors`.
"""
