"""Options of the ``greenhouse/directory`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class DirectoryConfig(Config):
    insights = c.Type(bool, default=True)
    """Generate /insights/ (the L&D coverage report)."""
    top_teachers = c.Type(int, default=10)
    """How many people "play it forward" recognises on /people/ and /insights/."""
