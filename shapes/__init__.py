"""The SHACL shapes of the hanke vocabulary, shipped with kemi-lod as package data."""
