"""Split a page's rendered body into sections at its h2 and h3 headings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
_SPACES = re.compile(r"\s+")


@dataclass
class Section:
    """The text under one heading; the page's intro has no heading and an empty anchor."""

    anchor: str = ""
    level: int = 1  # 1 for the intro, 2 or 3 for a section
    heading: str = ""
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _SPACES.sub(" ", "".join(self.parts)).strip()


class _SectionParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section()]
        self.skip_depth = 0
        self.heading: Section | None = None  # set while inside an h2/h3 with an id
        self.heading_tag = ""
        self.heading_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        # Permalink anchors (the pilcrow) and skipped elements add no words.
        if self.skip_depth or tag in _SKIPPED or "headerlink" in (attributes.get("class") or ""):
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if tag in ("h2", "h3") and attributes.get("id") and self.heading is None:
            self.heading = Section(anchor=attributes["id"] or "", level=int(tag[1]))
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
            self.heading.heading = _SPACES.sub(" ", "".join(self.heading_parts)).strip()
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


def page_sections(html: str) -> list[Section]:
    """The intro (text before the first h2/h3) and one section per h2/h3 that has an id.

    Headings without an id cannot be linked to, so their text stays in the section
    above them; deeper headings (h4...) are text of their section.
    """
    parser = _SectionParser()
    parser.feed(html)
    parser.close()
    return parser.sections
