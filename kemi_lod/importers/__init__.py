"""Importers: source text or CSV -> draft YAML records in the data/ layout. They never touch graphs."""
