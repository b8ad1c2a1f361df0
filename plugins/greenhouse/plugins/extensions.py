"""The site's Markdown extensions, built once per build instead of once per page.

MkDocs makes a new ``markdown.Markdown`` for every page and hands it the extensions by
name; Python-Markdown then finds each name among the installed entry points, loads it and
builds the extension, every time: about a tenth of a millisecond a page for the portal's
five, more than the rest of making the converter. Built once here (with Python-Markdown's
public ``Markdown.build_extension`` and the same settings from ``mdx_configs``), the same
objects serve every page.

Only extensions known to keep nothing of a page on themselves are shared (``SHAREABLE``,
Python-Markdown's own that the portal and MkDocs use): what a page produces lives on its
converter (``md.toc_tokens``) or on processors made for that converter. Any other
extension, a third-party one above all, stays a name and is built per page, as MkDocs
does. ``tests/site/test_extensions.py`` converts pages one after another with the shared
objects and compares them with fresh ones.
"""

from __future__ import annotations

import markdown
from mkdocs.config.defaults import MkDocsConfig

#: Python-Markdown's extensions whose objects hold only their settings.
SHAREABLE = frozenset({"toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"})


def build_once(config: MkDocsConfig) -> None:
    """Replace each shareable extension named in ``markdown_extensions`` with one object,
    built with its ``mdx_configs`` settings (the key MkDocs reads them under: the name)."""
    builder = markdown.Markdown()
    # Python-Markdown takes extension objects where names go; MkDocs passes the list on.
    config.markdown_extensions = [  # type: ignore[assignment]
        builder.build_extension(name, config.mdx_configs.get(name, {}))
        if isinstance(name, str) and name in SHAREABLE
        else name
        for name in config.markdown_extensions
    ]
