"""SPARQL queries: the example queries (headers, parameters), running them on a store or an
endpoint, and their results. May import `rdf`, `vocabulary`, `errors`.
"""
