"""Converting every page's Markdown with one Python-Markdown instance per build and process.

MkDocs' ``Page.render`` builds a new ``markdown.Markdown`` for every page: loading each
extension again takes about as long as converting a short page. Python-Markdown's
``reset`` readies one instance for the next document, so `ReusedMarkdown.render` does
what ``Page.render`` does (MkDocs 1.6) with the same instance for every page. MkDocs'
own processors (raw HTML anchors, anchors, relative links, the title) hold one page's
state, so they are made anew for each page and take the place of the last page's.
"""

from __future__ import annotations

import logging

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import (
    Page,
    _ExtractAnchorsTreeprocessor,
    _ExtractTitleTreeprocessor,
    _RawHTMLPreprocessor,
    _RelativePathTreeprocessor,
)
from mkdocs.structure.toc import get_toc

log = logging.getLogger("mkdocs.structure.pages")


class ReusedMarkdown:
    """``Page.render`` with one Markdown instance, made on first use in each process."""

    def __init__(self) -> None:
        self._md: markdown.Markdown | None = None

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Set the page's content, toc, title and anchors as ``Page.render`` does."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=config["markdown_extensions"],
                extension_configs=config["mdx_configs"] or {},
            )
        md = self._md.reset()
        raw_html = _RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = _ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative_paths = _RelativePathTreeprocessor(page.file, files, config)
        relative_paths._register(md)
        title = _ExtractTitleTreeprocessor()
        title._register(md)

        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative_paths.links_to_anchors
