"""Options of the ``greenhouse/search`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AlgoliaBrowserConfig(Config):
    """What the browser needs to query Algolia. Only ever a search-only key: it is public."""

    app_id = c.Optional(c.Type(str))
    search_key = c.Optional(c.Type(str))
    """A search-only API key. The write key (ALGOLIA_API_KEY) is never read by the build."""
    index_name = c.Optional(c.Type(str))
    hosts = c.ListOfItems(c.Type(str), default=[])
    """Base URLs replacing Algolia's hosts, e.g. http://127.0.0.1:8089 for a local test server."""


class SearchConfig(Config):
    algolia = c.SubConfig(AlgoliaBrowserConfig)
    """When app_id, search_key and index_name are all set, the header search uses Algolia;
    otherwise the embedded index built with the site (greenhouse/search/index.py)."""
