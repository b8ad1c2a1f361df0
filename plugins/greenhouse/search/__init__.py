"""Search for the portal: records built from the content model and the rendered pages,
and their sync to Algolia. Nothing here imports MkDocs."""
