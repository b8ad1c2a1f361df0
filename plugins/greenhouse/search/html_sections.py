"""Split a page's rendered body into sections at its h2 and h3 headings.

The body is HTML that Python-Markdown wrote and nh3 sanitized (greenhouse/content), so a
few regular expressions read it: tags, comments and text, attribute values quoted or
not, and the contents of ``script`` and ``style`` left out whole. That is a quarter of
what `html.parser` takes on a large site, and the records are made on every build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

#: Elements whose text never belongs in a record.
_SKIPPED = frozenset({"script", "style", "template", "svg", "button"})
#: Elements that separate words even when the HTML has no whitespace between them.
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "section",
        "details",
        "summary",
        "figure",
        "figcaption",
        "hr",
    }
)


@dataclass
class Section:
    """The text under one heading; the page's intro has no heading and an empty anchor."""

    anchor: str = ""
    level: int = 1  # 1 for the intro, 2 or 3 for a section
    heading: str = ""
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _words("".join(self.parts))


_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
#: Elements whose content is text up to their end tag, never markup.
_RAW_TEXT = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
#: A start or end tag (a quoted attribute may hold ">"), a comment, or a declaration.
_MARKUP = re.compile(
    r"""<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--.*?(?:-->|\Z)|<[!?][^>]*>""",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")


def _attribute(text: str, name: str) -> str:
    """The value of attribute `name` in a start tag's `text` after its name ("" if absent)."""
    for found in _ATTRIBUTE.finditer(text):
        if found[1].lower() == name:
            return unescape(found[2] or found[3] or found[4] or "")
    return ""


def _words(text: str) -> str:
    """`text` with each run of whitespace as one space, none at either end."""
    return " ".join(text.split())


class _SectionParser:
    def __init__(self) -> None:
        self.sections = [Section()]
        self.skip_depth = 0
        self.heading: Section | None = None  # set while inside an h2/h3 with an id
        self.heading_tag = ""
        self.heading_parts: list[str] = []

    def feed(self, html: str) -> None:
        at = 0
        while (found := _MARKUP.search(html, at)) is not None:
            if found.start() > at:
                self.handle_data(unescape(html[at : found.start()]))
            at = found.end()
            closing, tag, attributes = found.groups()
            if tag is None:  # a comment or a declaration
                continue
            tag = tag.lower()
            if closing:
                self.handle_endtag(tag)
                continue
            self.handle_starttag(tag, attributes)
            if tag in _RAW_TEXT:
                end = _RAW_TEXT[tag].search(html, at)
                at = end.end() if end else len(html)
                self.handle_endtag(tag)
            elif attributes.endswith("/"):  # <br/>, <span/>
                self.handle_endtag(tag)
        if at < len(html):
            self.handle_data(unescape(html[at:]))

    def handle_starttag(self, tag: str, attributes: str) -> None:
        # Permalink anchors (the pilcrow) and skipped elements add no words.
        if (
            self.skip_depth
            or tag in _SKIPPED
            or ("headerlink" in attributes and "headerlink" in _attribute(attributes, "class"))
        ):
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if tag in ("h2", "h3") and self.heading is None:
            anchor = _attribute(attributes, "id")
            if anchor:
                self.heading = Section(anchor=anchor, level=int(tag[1]))
                self.heading_tag = tag
                self.heading_parts = []
                return
        if tag in _BLOCKS:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            if tag not in _VOID:
                self.skip_depth -= 1
            return
        if self.heading is not None and tag == self.heading_tag:
            self.heading.heading = _words("".join(self.heading_parts))
            self.sections.append(self.heading)
            self.heading = None
            return
        if tag in _BLOCKS:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.heading is not None:
            self.heading_parts.append(data)
        else:
            self.sections[-1].parts.append(data)


def page_sections(html: str) -> list[Section]:
    """The intro (text before the first h2/h3) and one section per h2/h3 that has an id.

    Headings without an id cannot be linked to, so their text stays in the section
    above them; deeper headings (h4...) are text of their section.
    """
    parser = _SectionParser()
    parser.feed(html)
    return parser.sections
