"""Every string our templates add exists in every site language."""

from __future__ import annotations

import re
from pathlib import Path

from greenhouse.i18n import LANGUAGES, strings

REPO = Path(__file__).resolve().parent.parent.parent


def test_every_language_has_the_same_keys() -> None:
    english = set(strings("en"))
    for language in LANGUAGES:
        assert set(strings(language)) == english, language


def test_every_key_used_in_templates_exists() -> None:
    used: set[str] = set()
    for template in (REPO / "overrides").rglob("*.html"):
        used |= set(
            re.findall(r"gh\.t\('([a-z_0-9-]+)'\s*[,)]", template.read_text(encoding="utf-8"))
        )
    assert used, "no gh.t() calls found"
    assert used - set(strings("en")) == set()
