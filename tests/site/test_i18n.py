"""Every string our templates add exists in every site language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenhouse.i18n import LANGUAGES, Translator, strings

REPO = Path(__file__).resolve().parent.parent.parent


def test_every_language_has_the_same_keys() -> None:
    english = set(strings("en"))
    for language in LANGUAGES:
        assert set(strings(language)) == english, language


def test_every_key_used_in_templates_exists() -> None:
    used: set[str] = set()
    plurals: set[str] = set()
    for template in (REPO / "overrides").rglob("*.html"):
        source = template.read_text(encoding="utf-8")
        used |= set(re.findall(r"gh\.t\('([a-z_0-9-]+)'\s*[,)]", source))
        plurals |= set(re.findall(r"(?:gh\.t\.plural\(|plural\(gh, )'([a-z_0-9-]+)'", source))
    assert used and plurals, "no gh.t() or plural calls found"
    assert used - set(strings("en")) == set()
    # A plural is two strings: one for 1 ("1 seat"), one for every other number.
    forms = {f"{key}_{form}" for key in plurals for form in ("one", "other")}
    assert forms - set(strings("en")) == set()


@pytest.mark.parametrize(
    ("language", "n", "text"),
    [("en", 1, "1 seat"), ("en", 0, "0 seats"), ("en", 12, "12 seats"), ("sv", 1, "1 plats")],
)
def test_a_plural_agrees_with_its_number(language: str, n: int, text: str) -> None:
    assert Translator(language).plural("seats", n) == text
