"""Every IRI the code spells, and the vocabulary files the tool ships.

`terms`: the namespaces, closed (a misspelt term is an AttributeError); `files`: the ontology,
code lists and shapes shipped with the package, read once; `compatibility`: whether a new
release of the vocabulary keeps what an older one promised. Imports nothing else of kemi_lod.
"""
