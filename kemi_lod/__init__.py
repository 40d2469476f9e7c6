"""kemi-lod: publish public-sector project records as validated linked open data."""
