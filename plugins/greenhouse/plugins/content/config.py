"""Options of the ``greenhouse/content`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ContentConfig(Config):
    languages = c.ListOfItems(c.Type(str), default=["en", "sv"])
    """Languages content may be written in; theme.language, if one of them, is the default."""
    timezone = c.Type(str, default="Europe/Stockholm")
    """The site's time zone: sessions without one are in it, and times are shown in it."""
    now = c.Optional(c.Type(str))
    """Fix "now" (ISO 8601) for reproducible builds; default: the time of the build.
    The environment variable GREENHOUSE_NOW overrides it."""
