"""Options of the ``greenhouse/catalog`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class CatalogConfig(Config):
    request_form = c.Optional(c.Type(str))
    """Form for requesting a course that costs money; ``{title}`` and ``{url}`` are filled in,
    e.g. ``https://forms.example.com/course-request?course={title}&url={url}``."""
    page_size = c.Type(int, default=24)
    """Cards on the first view of a catalogue (more load as people ask for them)."""
    list_size = c.Type(int, default=500)
    """Links per plain-list page, the catalogue for browsers without JavaScript."""
    chunk_size = c.Type(int, default=50)
    """Cards per lazily loaded details file."""
