"""The sanitizer every page's HTML passes through (greenhouse.site.safety)."""

from __future__ import annotations

import random

import markdown
import nh3
import pytest
from mkdocs.structure.toc import get_toc

from greenhouse.site.safety import sanitize_html, sanitize_toc

#: HTML and what the sanitizer makes of it: scripts, handlers and javascript: links go;
#: text is escaped and normalized as nh3 does it.
CLEANED = [
    ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
    ('<img src="x" onerror="alert(1)">', '<img src="x">'),
    ('<a href="javascript:alert(1)">go</a>', '<a rel="noopener noreferrer">go</a>'),
    ("Kotlin &amp; Java", "Kotlin &amp; Java"),
    ("a > b", "a &gt; b"),
    ("\ufeffHeading", "Heading"),
    ("line\r\nend", "line\nend"),
]


@pytest.mark.parametrize(("html", "safe"), CLEANED)
def test_scripts_handlers_and_javascript_links_go_and_text_is_cleaned_as_nh3_does(
    html: str, safe: str
) -> None:
    assert sanitize_html(html) == safe


def test_text_without_a_tag_comes_back_exactly_as_nh3_would_return_it() -> None:
    # The sanitizer skips nh3 for plain text (most headings): that must not change a byte.
    # Without a "<" there is no tag, so nh3 with its default settings cleans such text as
    # the portal's cleaner (which differs only in the tags and attributes it keeps) does.
    rng = random.Random(20261207)
    alphabet = [chr(c) for c in range(0, 0x250) if chr(c) != "<"]
    alphabet += ["😀", "\u2028", "\ufeff", "\xa0", "\r", "&amp;", "&lt;", "&#x3c;"]
    headings = ["Agenda", "Vad du lär dig", "Q&A", "Kotlin — the basics", "2 > 1"]
    texts = headings + ["".join(rng.choices(alphabet, k=rng.randint(0, 24))) for _ in range(20_000)]
    different = [t for t in texts if sanitize_html(t) != nh3.clean(t)]
    assert different == []


def test_every_title_of_a_table_of_contents_is_sanitized_nested_ones_too() -> None:
    """Python-Markdown makes each title from the heading's HTML with its tags stripped;
    Material prints it as it is. Built as MkDocs builds a page's table of contents."""
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert(
        "# Page\n\n"
        "## Q&A <img src=x onerror=alert(1)>\n\n"
        "### Plain words\n\n"
        "### Nested {: data-toc-label='<b onclick=alert(2)>label</b>' }\n\n"
        "## Kotlin &amp; Java\n"
    )
    toc = get_toc(md.toc_tokens)
    # A title as it comes, made unsafe: what strip_tags could leave in a crafted heading.
    toc.items[0].children[0].children[0].title = "<img src=x onerror=alert(3)>"
    sanitize_toc(toc)
    titles = []
    stack = list(toc)
    while stack:
        link = stack.pop()
        titles.append(link.title)
        stack.extend(link.children)
    assert len(titles) == 5
    assert sorted(titles) == sorted(
        ["Page", "Q&amp;A", '<img src="x">', "label", "Kotlin &amp; Java"]
    )
