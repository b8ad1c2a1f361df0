"""Options of the ``greenhouse/parallel`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ParallelConfig(Config):
    processes = c.Type(int, default=0)
    """How many processes render pages, the build's own included: 1 renders them one after
    another as MkDocs does; 0 (the default) one per core the build may use, at most 4."""
