"""Every IRI the code spells, and the vocabulary files the tool ships.

`terms`: the namespaces, closed (a misspelt term is an AttributeError); `files`: the ontology,
code lists and shapes shipped with the package, read once; `compatibility`: whether a release
of the vocabulary keeps what an earlier one promised. Imports nothing of kemi_lod.
"""
