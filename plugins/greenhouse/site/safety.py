"""Keeping contributors' text from becoming script: escaping and sanitizing."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from html import escape
from typing import TYPE_CHECKING

import nh3

if TYPE_CHECKING:
    from mkdocs.structure.toc import AnchorLink

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
#: cleaning a heading (each title of a table of contents is sanitized on its own).
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
    as nh3 would return it: most titles of a table of contents (`sanitize_toc`).
    """
    if not _NOT_PLAIN.search(html) and not html.startswith("\ufeff"):
        return html
    return _CLEANER.clean(html)


def sanitize_toc(links: Iterable[AnchorLink]) -> None:
    """Make every entry of a page's table of contents (MkDocs' ``page.toc``), nested ones
    included, safe to print as it is, as Material does: the title is sanitized (Python-
    Markdown makes it from the heading's HTML with its tags stripped) and the id escaped
    (an attribute list may give a heading any id, quotes included, and Material writes
    ``href="{{ toc_item.url }}"``). A browser reads the escaped link back as the id."""
    stack = list(links)
    while stack:
        link = stack.pop()
        link.title = sanitize_html(link.title)
        link.id = escape(link.id, quote=True)
        stack.extend(link.children)


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
