"""Small things people notice on the sample portal: tab titles, a phone's width, the
hack-week filters, lone sidebars, the catalogue's skip link and the editor's icon."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from greenhouse_testing import REPO

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def tab_title(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, page
    return match.group(1).strip()


def test_the_home_page_names_the_site_once(sample_portal: Path) -> None:
    assert tab_title(sample_portal, ".") == "Greenhouse"
    assert tab_title(sample_portal, "insights") == "Insights - Greenhouse"


def test_the_editor_page_has_the_portals_icon(sample_portal: Path) -> None:
    html = (sample_portal / "admin" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="icon"[^>]* href="([^"]+)"', html)
    assert match, "no icon on /admin/"
    assert (sample_portal / "admin" / match.group(1)).resolve().is_file()


#: Words of a table cell that wrap inside themselves ("Engi|neering"), by cell text.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll(".md-content th, .md-content td")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("url", ["insights/", "people/", "competencies/", "careers/"])
def test_directory_pages_fit_a_phone_without_breaking_words(
    page, sample_portal: Path, serve_dir, url: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(serve_dir(sample_portal) + url)
    width = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{url} is {width[0]} px wide on a {width[1]} px phone"
    assert page.evaluate(BROKEN_WORDS) == []


def projects() -> list[frontmatter.Post]:
    return [frontmatter.load(p) for p in sorted((REPO / "content" / "hack-week").glob("*.md"))]


@pytest.mark.browser
def test_hack_week_filters_by_stage_and_the_skills_a_team_looks_for(
    page, sample_portal: Path, serve_dir
) -> None:
    page.goto(serve_dir(sample_portal) + "hack-week/")
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    # Legends come first among the facets, as the subtitle promises the skills.
    legends = page.locator(".gh-facet legend").all_inner_texts()
    assert [legend.casefold() for legend in legends[:2]] == ["stage", "looking for"]
    page.locator("fieldset", has_text="Stage").get_by_label("Shipped").check()
    shipped = sorted(p["title"] for p in projects() if p.get("stage") == "shipped")
    page.wait_for_selector("[data-gh-results]:not([aria-busy])", state="attached")
    titles = page.locator("[data-gh-results] .gh-card__title a").all_inner_texts()
    assert sorted(titles) == shipped
    assert page.url.endswith("hack-week/?stage=shipped")
    page.locator("[data-gh-clear]").click()
    looking = page.locator("fieldset.gh-facet--looking_for")
    looking.get_by_label("TypeScript").check()
    wanted = sorted(p["title"] for p in projects() if "typescript" in p.get("looking_for", []))
    assert looking.locator('input[value="typescript"] ~ [data-count]').inner_text() == str(
        len(wanted)
    )
    page.wait_for_selector("[data-gh-results]:not([aria-busy])", state="attached")
    titles = page.locator("[data-gh-results] .gh-card__title a").all_inner_texts()
    assert sorted(titles) == wanted
    # The whole catalogue has projects too, but not these filters (nor from a link).
    page.goto(serve_dir(sample_portal) + "catalogue/")
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    everything = page.locator("[data-gh-count]").inner_text()
    assert page.locator("fieldset.gh-facet--stage, fieldset.gh-facet--looking_for").count() == 0
    page.goto(serve_dir(sample_portal) + "catalogue/?stage=idea")
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    assert page.locator("[data-gh-count]").inner_text() == everything


@pytest.mark.browser
def test_a_section_of_one_page_has_no_sidebar_beside_it(
    page, sample_portal: Path, serve_dir
) -> None:
    base = serve_dir(sample_portal)
    page.set_viewport_size(DESKTOP)
    sidebar = page.locator(".md-sidebar--primary")
    for url in ["competencies/", "competencies/kotlin/", "careers/", "people/", "insights/"]:
        page.goto(base + url)
        assert not sidebar.is_visible(), url
    # A section of several pages keeps its sidebar.
    page.goto(base + "courses/kotlin-for-backend-engineers/")
    assert sidebar.is_visible()
    # On a phone the menu still holds the whole navigation.
    page.set_viewport_size(PHONE)
    page.goto(base + "people/")
    page.locator("label.md-header__button[for=__drawer]").click()
    assert page.locator(".md-sidebar--primary .md-nav__link", has_text="Careers").is_visible()


@pytest.mark.browser
def test_a_keyboard_skips_the_filters_to_the_first_result(
    page, sample_portal: Path, serve_dir
) -> None:
    page.goto(serve_dir(sample_portal) + "catalogue/")
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Skip to results":
            break
    else:
        pytest.fail("no skip link in the first 20 Tab presses")
    assert page.locator(".gh-skip").is_visible()  # seen when focused
    page.keyboard.press("Enter")
    # The next Tab starts from the link's target once the browser has followed it.
    page.wait_for_function("location.hash === '#gh-results'")
    page.keyboard.press("Tab")
    first_card = page.locator("[data-gh-results] .gh-card__title a").first
    assert first_card.evaluate("(a) => a === document.activeElement")
