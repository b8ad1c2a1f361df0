"""The portal built in Swedish: every string our templates add is Swedish on every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from greenhouse.i18n import strings
from greenhouse_testing import MINI, run_build, write_site_config


@pytest.fixture(scope="module")
def swedish_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("swedish")
    shutil.copytree(MINI / "content", root / "content")
    write_site_config(root, inherit="mkdocs.sv.yml")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(script|style|template)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def english_only_phrases() -> set[str]:
    """Phrases of our English strings that Swedish says otherwise and the (English) sample
    content does not contain: finding one on a Swedish page means a string was not
    translated, or English was written into a template."""
    english, swedish = strings("en"), strings("sv")
    content = " ".join(path.read_text(encoding="utf-8") for path in (MINI / "content").rglob("*.*"))
    phrases = set()
    for key, value in english.items():
        if not isinstance(value, str) or value == swedish[key]:
            continue
        for part in re.split(r"\{[a-z_]+\}", value):
            part = part.strip(" .:·…")
            if len(part) >= 8 and part not in content:
                phrases.add(part)
    return phrases


def test_every_page_speaks_swedish(swedish_site: Path) -> None:
    phrases = english_only_phrases()
    assert {"Coming up", "Request this course", "Hack-week projects with it"} <= phrases
    pages = sorted(swedish_site.rglob("index.html"))
    assert len(pages) > 25
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        where = page.relative_to(swedish_site)
        assert '<html lang="sv"' in markup, where
        shown = visible_text(markup)
        assert {p for p in phrases if p in shown} == set(), where
        assert not re.search(r"\b1 (lärtillfällen|platser|adepter|kompetenser)\b", shown), where


def test_swedish_pages_say_what_the_english_ones_do(swedish_site: Path) -> None:
    home = visible_text((swedish_site / "index.html").read_text(encoding="utf-8"))
    assert "På gång" in home and "Kurser" in home
    assert " Hem " in home and " Lär dig " in home  # the tabs
    assert " Home " not in home and " Learn " not in home
    course = visible_text(
        (swedish_site / "courses/testing-in-practice/index.html").read_text(encoding="utf-8")
    )
    assert "Ansök om kursen" in course


def test_the_english_portal_beside_the_swedish_one_links_to_it(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    write_site_config(tmp_path, inherit="mkdocs.en.yml")
    result = run_build(tmp_path)
    assert result.returncode == 0, result.stderr
    course = (tmp_path / "site/courses/testing-in-practice/index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in course
    links = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link">', course)
    assert links == [("../../", "en"), ("../../sv/", "sv")]
