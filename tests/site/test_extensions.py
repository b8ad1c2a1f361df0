"""The Markdown extensions built once per build (greenhouse.plugins.extensions) convert
every page as extensions built for that page alone would."""

from __future__ import annotations

from pathlib import Path

import markdown
from markdown.extensions import Extension

from greenhouse.plugins.extensions import build_once
from greenhouse_testing import loaded_config

#: Pages converted one after another: the same headings on two pages (ids start afresh),
#: and every shareable extension's syntax.
PAGES = [
    "# Kotlin\n\n## Agenda\n\n## Agenda\n\nText with `code`.\n",
    '# Kotlin again\n\n## Agenda\n\n!!! note "Bring a laptop"\n    Charged.\n',
    "## Table {: #tbl .wide }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n",
    '<div markdown="1">\n## Inside\n\n*emphasis*\n</div>\n\n## Agenda\n',
    "# Kotlin\n\n## Agenda\n",
]
ALL = ["toc", "admonition", "attr_list", "tables", "md_in_html", "fenced_code"]
SETTINGS = {"toc": {"permalink": True}}


def test_shared_extensions_convert_each_page_as_fresh_ones_do(mini_site: Path) -> None:
    config = loaded_config(mini_site)
    config.markdown_extensions = list(ALL)
    config.mdx_configs = dict(SETTINGS)
    build_once(config)
    shared = config.markdown_extensions
    assert all(isinstance(e, Extension) for e in shared)
    for text in PAGES:
        fresh = markdown.Markdown(extensions=ALL, extension_configs=SETTINGS)
        expected = fresh.convert(text)
        md = markdown.Markdown(extensions=shared)  # as MkDocs makes one per page
        assert md.convert(text) == expected
        assert md.toc_tokens == fresh.toc_tokens  # type: ignore[attr-defined]
    assert 'class="headerlink"' in expected  # the settings came along


def test_only_extensions_known_to_keep_nothing_of_a_page_are_shared(mini_site: Path) -> None:
    config = loaded_config(mini_site)
    config.markdown_extensions = ["toc", "footnotes", "markdown.extensions.abbr", "tables"]
    config.mdx_configs = {"footnotes": {"BACKLINK_TEXT": "^"}}
    build_once(config)
    kinds = [
        type(e).__name__ if isinstance(e, Extension) else e for e in config.markdown_extensions
    ]
    assert kinds == ["TocExtension", "footnotes", "markdown.extensions.abbr", "TableExtension"]
