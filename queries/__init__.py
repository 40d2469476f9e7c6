"""The example SPARQL queries and their results on the curated data, shipped with kemi-lod as package data."""
