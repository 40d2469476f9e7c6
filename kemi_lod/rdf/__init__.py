"""RDF in and out, independent of any stage: serialising triples (`serialize`), the index of a
record's triples (`nodes`), graph statistics (`graphstats`), the table of file formats and
media types (`formats`) and SPARQL results in every format (`results`).
May import `vocabulary` only.
"""
