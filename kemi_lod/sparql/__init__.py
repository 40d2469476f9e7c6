"""SPARQL queries: the example queries (headers, parameters), binding them, running them on a
store or an endpoint. May import `rdf`, `vocabulary`, `errors`.
"""
