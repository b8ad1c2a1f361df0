"""The sample portal published in Swedish (mkdocs.sv.yml), seen in real Chromium: the
interface speaks Swedish, English items stay English, and a switch leads to English."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar

from greenhouse.cli import read_config
from greenhouse.model import load_content
from greenhouse_testing import REPO, run_build, write_site_config

pytestmark = [pytest.mark.build, pytest.mark.browser]

#: An item of the sample without `language:`: English, the content's default language.
ENGLISH_ITEM = "academy/accessible-by-default"
SITE_URL_SV = "http://127.0.0.1:8000/sv/"


@pytest.fixture(scope="module")
def swedish_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("swedish-sample")
    write_site_config(root, inherit="mkdocs.sv.yml", docs_dir=REPO / "content")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def sample_languages() -> dict[str, str]:
    """The language of each published item of the sample, by page URL, as the model
    reads it with the portal's settings."""
    settings, docs_dir, _ = read_config(REPO / "mkdocs.yml")
    content = load_content(docs_dir, settings).content
    return {item.page_url: item.language for item in content.published}


def catalogue_languages() -> dict[str, int]:
    """How many items of the sample's catalogue are in each language, by the model."""
    settings, docs_dir, _ = read_config(REPO / "mkdocs.yml")
    content = load_content(docs_dir, settings).content
    counts: dict[str, int] = {}
    for item in content.published:
        if item.status != "archived":
            counts[item.language] = counts.get(item.language, 0) + 1
    return counts


def test_an_english_item_stays_english_in_the_swedish_portal(
    swedish_sample: Path, serve_dir, page
) -> None:
    source = (REPO / "content" / f"{ENGLISH_ITEM}.md").read_text(encoding="utf-8")
    assert "\nlanguage:" not in source.split("\n---", 1)[0]
    expected = catalogue_languages()
    assert expected["en"] > expected["sv"] > 0
    url = serve_dir(swedish_sample)

    page.goto(url + "catalogue/")
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert [t.strip() for t in tabs[:2]] == ["Hem", "Lär dig"]
    english = page.locator('input[name="language"][value="en"]').locator("..")
    assert "Engelska" in english.inner_text()
    for language, count in expected.items():
        shown = page.locator(f'input[name="language"][value="{language}"] ~ [data-count]')
        assert shown.inner_text() == str(count), language
    card = page.locator(".gh-card", has=page.locator(f'a[href$="{ENGLISH_ITEM}/"]')).first
    assert card.locator(".gh-kicker").inner_text().endswith("· ENGELSKA")

    page.goto(url + f"{ENGLISH_ITEM}/")
    assert page.locator("html").get_attribute("lang") == "sv"
    facts = page.locator("dt:text-is('Språk') + dd")
    assert facts.inner_text() == "Engelska" and facts.get_attribute("lang") == "en"

    # Material's language switch, to the same page of the English portal.
    page.locator(".md-header__option .md-select button[aria-label]").hover()
    switch = page.locator(".md-select__link")
    assert switch.all_inner_texts() == ["English", "Svenska"]
    assert switch.first.is_visible()
    assert switch.first.get_attribute("href") == "../../../"

    # The search records and the feeds say the same.
    records = json.loads((swedish_sample / "search/records.json").read_text(encoding="utf-8"))
    assert {r["language"] for r in records if r["page_id"] == ENGLISH_ITEM} == {"en"}
    rss = feedparser.parse((swedish_sample / "feed.xml").read_bytes())
    assert rss.feed.language == "sv"  # the channel's own words are Swedish
    languages = {e.link.removeprefix(SITE_URL_SV): e.language for e in rss.entries}
    expected_languages = sample_languages()
    assert languages == {url: expected_languages[url] for url in languages}
    assert set(languages.values()) == {"en", "sv"}
    (event,) = Calendar.from_ical((swedish_sample / f"{ENGLISH_ITEM}.ics").read_bytes()).events
    assert event["SUMMARY"].params["LANGUAGE"] == "en"


@pytest.mark.parametrize("path", ["", "catalogue/", f"{ENGLISH_ITEM}/", "insights/"])
def test_the_language_switch_fits_a_phone(swedish_sample: Path, serve_dir, page, path) -> None:
    url = serve_dir(swedish_sample)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator(".md-header__option .md-select button[aria-label]").click()
    switch = page.locator(".md-select__link").first
    switch.wait_for(state="visible")
    box = switch.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
