"""MkDocs plugins: thin adapters over the plain-Python core."""
