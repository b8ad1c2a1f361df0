"""The Nu HTML Checker (vnu, from npm's `vnu-jar`, pinned in scripts/node) over every page
of the built sample portal: no error from our own templates.

The errors that Material's own markup makes are listed in docs/accessibility.md; exactly
those (message and element) are left out here, so that a new error of ours, or a new one of
Material's after an upgrade, fails the test.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from greenhouse_testing import REPO

VNU = REPO / "scripts" / "node" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

#: Material's own errors (docs/accessibility.md): the message, and the markup it is about.
MATERIAL = [
    (
        # The drawer and search toggles: <input type="checkbox" autocomplete="off">.
        r"Attribute “autocomplete” is only allowed when the input type is .*",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
    ),
    (
        # Section labels in the navigation: <label class="md-nav__link" tabindex="">.
        r"Bad value “” for attribute “tabindex” on element “label”: .*",
        r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">',
    ),
    (
        # The table of contents' title on a page outside the navigation (every item):
        # its checkbox is only rendered in the navigation.
        r"The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control\.",
        r'<label class="md-nav__title" for="__toc">',
    ),
]


def is_materials(message: dict[str, str]) -> bool:
    return any(
        re.fullmatch(text, message["message"]) and re.search(markup, message.get("extract", ""))
        for text, markup in MATERIAL
    )


def test_no_html_errors_of_our_own_on_any_page(sample_portal: Path) -> None:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip("the Nu HTML Checker needs Java and scripts/node's vnu-jar: run scripts/setup")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(sample_portal)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    ours = [
        f"{m['url'].split(str(sample_portal))[-1]}:{m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in errors
        if not is_materials(m)
    ]
    assert ours == [], "\n".join(ours)
    # Each documented exception still happens: drop it from the list when Material fixes it.
    for text, markup in MATERIAL:
        assert any(
            re.fullmatch(text, m["message"]) and re.search(markup, m.get("extract", ""))
            for m in errors
        ), text
