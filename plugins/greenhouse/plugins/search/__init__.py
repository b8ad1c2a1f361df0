"""``greenhouse/search``: search records, the embedded Pagefind index, and the header search."""
