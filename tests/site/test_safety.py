"""The sanitizer every page's HTML passes through (greenhouse.site.safety)."""

from __future__ import annotations

import random

import nh3
import pytest

from greenhouse.site.safety import sanitize_html

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
