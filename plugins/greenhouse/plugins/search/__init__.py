"""``greenhouse/search``: search records, the embedded index, and the header search."""
