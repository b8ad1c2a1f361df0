"""Search: records built from the content model and the rendered pages (no MkDocs here)."""
