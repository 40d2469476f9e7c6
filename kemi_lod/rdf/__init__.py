"""RDF in and out: serialisation of triples, the index of a record's triples, graph statistics.

May import `vocabulary` and `config`; never a stage.
"""
