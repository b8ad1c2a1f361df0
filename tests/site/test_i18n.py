"""Every string our templates add exists in every site language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from greenhouse.i18n import LANGUAGES, Translator, strings
from greenhouse.search.browser import FACETS, STRINGS

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


def test_every_key_the_scripts_and_python_use_exists_in_every_language() -> None:
    """The strings our scripts show come from the templates (catalogue.html) and from
    search/browser.py; Python code translates with ``t("key")``."""
    keys = set(strings("en"))
    # search.js: strings.X, and strings[`facet_${facet}`] for each facet.
    search_js = (REPO / "overrides/assets/greenhouse/search.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bstrings\.([a-z_]+)", search_js))
    used |= (
        {f"facet_{facet}" for facet in FACETS}
        if "strings[`facet_${facet}`]" in search_js
        else set()
    )
    assert used and {f"search_{key}" for key in used} - set(STRINGS) == set()
    assert set(STRINGS) - keys == set()
    # catalog.js: strings.X, delivered as JSON by catalogue.html.
    catalog_js = (REPO / "overrides/assets/greenhouse/catalog.js").read_text(encoding="utf-8")
    template = (REPO / "overrides/greenhouse/catalogue.html").read_text(encoding="utf-8")
    block = template.split('id="gh-catalogue-strings">', 1)[1].split("</script>", 1)[0]
    delivered = dict(re.findall(r"'([a-z_]+)': gh\.t(?:\('([a-z_]+)'\)|\.language)", block))
    assert set(re.findall(r"\bstrings\.([a-z_]+)", catalog_js)) - {"timezone"} <= set(delivered)
    assert {key for key in delivered.values() if key} - keys == set()
    # Python: t("key") and .t("key") with a literal key.
    python = " ".join(
        path.read_text(encoding="utf-8") for path in (REPO / "plugins/greenhouse").rglob("*.py")
    )
    literal = set(re.findall(r"\bt\(\s*[\"']([a-z][a-z_0-9]+)[\"']", python)) - {"key"}
    assert len(literal) > 10 and literal - keys == set()
    for language in LANGUAGES:
        assert set(strings(language)) == keys, language


@pytest.mark.parametrize(
    ("language", "n", "text"),
    [("en", 1, "1 seat"), ("en", 0, "0 seats"), ("en", 12, "12 seats"), ("sv", 1, "1 plats")],
)
def test_a_plural_agrees_with_its_number(language: str, n: int, text: str) -> None:
    assert Translator(language).plural("seats", n) == text
