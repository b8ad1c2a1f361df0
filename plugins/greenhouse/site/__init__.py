"""What pages show: a view of the content model for templates. Never imports MkDocs."""
