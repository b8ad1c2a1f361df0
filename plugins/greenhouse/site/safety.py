"""Keeping contributors' text from becoming script: escaping and sanitizing."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

import nh3
from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

#: What rendered Markdown may contain: everything Python-Markdown and our extensions make
#: (headings with ids and permalinks, tables, admonitions, code), nothing that runs.
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "title", "name"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
}
_TAGS = nh3.ALLOWED_TAGS | {
    "details",
    "summary",
    "figure",
    "figcaption",
    "mark",
    "time",
    "section",
    "aside",
    "span",
    "div",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "pre",
    "code",
    "kbd",
    "samp",
    "var",
    "sup",
    "sub",
    "dl",
    "dt",
    "dd",
    "hr",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "img",
    "p",
    "blockquote",
    "del",
    "ins",
    "s",
}


#: Built once: ``nh3.clean`` converts its settings on every call, which costs more than
#: cleaning a heading (the table of contents sanitizes every heading on its own).
_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    attributes=_ATTRIBUTES,
    link_rel="noopener noreferrer",
    url_schemes={"http", "https", "mailto", "tel", "webcal"},
)


#: What nh3 changes in text that has no tag: escapes, line ends, NUL and no-break spaces.
_NOT_PLAIN = re.compile("[<>&\r\0\xa0]")


def sanitize_html(html: str) -> str:
    """Rendered Markdown with scripts, event handlers and javascript: links removed.

    Text without a tag, an entity or a character nh3 would rewrite is returned as it is,
    as nh3 would return it: most headings, which the table of contents sanitizes one by
    one (three in five calls of a build).
    """
    if not _NOT_PLAIN.search(html) and not html.startswith("\ufeff"):
        return html
    return _CLEANER.clean(html)


class SanitizeExtension(Extension):
    """Sanitizes every page's HTML as the last step of its Markdown conversion, so that
    every plugin's ``on_page_content`` sees safe HTML."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After every other postprocessor: raw HTML is back in place by then.
        md.postprocessors.register(_Sanitize(md), "greenhouse_sanitize", -1000)


class _Sanitize(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize_html(text)


def autoescape_for(
    ours: Collection[str], previous: bool | Callable[[str | None], bool]
) -> Callable[[str | None], bool]:
    """An autoescape setting that is on for our templates and unchanged for the theme's.

    Material's templates print page HTML as is and rely on autoescape being off;
    ours print contributors' text and must escape it.
    """

    def autoescape(name: str | None) -> bool:
        if name is not None and name in ours:
            return True
        return previous(name) if callable(previous) else bool(previous)

    return autoescape
