"""Real builds of the mini site with the directory pages, and what Chromium shows of them.

The site is built once per module from a copy of the mini fixture plus a workshop and a
mentor whose text tries to inject script; every page must show that text as text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from greenhouse_testing import MINI, run_build, write_site_config

pytestmark = pytest.mark.build

EVIL_TITLE = "<script>window.__pwned = 1</script> Kotlin tricks"
EVIL_SUMMARY = '<img src=x onerror="window.__pwned = 2"> for the brave'
EVIL_NAME = '<img src=y onerror="window.__pwned = 3">'


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("directory")
    shutil.copytree(MINI / "content", root / "content")
    (root / "content/workshops/kotlin-tricks.md").write_text(
        "---\n"
        f"title: '{EVIL_TITLE}'\n"
        f"summary: '{EVIL_SUMMARY}'\n"
        "competencies: [kotlin]\nlevel: intermediate\nformat: self-paced\n"
        "facilitators: [mallory]\n---\nTricks.\n",
        encoding="utf-8",
    )
    (root / "content/people/mallory.md").write_text(
        f"---\nname: '{EVIL_NAME}'\nmentoring:\n  competencies: [testing]\n---\n",
        encoding="utf-8",
    )
    write_site_config(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text(markup: str) -> str:
    """Visible text, roughly: tags dropped, whitespace collapsed."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def test_competency_index_lists_areas_with_counts(site: Path) -> None:
    page = text(html(site, "competencies"))
    assert "Engineering" in page and "Communication" in page
    # Kotlin: basics, coroutines talk, intro workshop, the path and the new workshop.
    assert re.search(r"Kotlin .*?5 learning items · 1 mentor", page)
    assert re.search(r"Code review .*?0 learning items", page)


def test_competency_tiles_count_what_the_catalogue_counts(site: Path) -> None:
    """Each tile's items add up to the catalogue's count for that competency."""
    catalogue = {
        value: int(count)
        for value, count in re.findall(
            r'name="competency" value="([^"]+)">.*?data-count>(\d+)<',
            html(site, "catalogue"),
            flags=re.S,
        )
    }
    tiles = [
        (competency, text(note))
        for competency, note in re.findall(
            r'href="([^"/]+)/">[^<]*</a>.*?<p class="gh-note gh-tile__counts">(.*?)</p>',
            html(site, "competencies"),
            flags=re.S,
        )
    ]
    assert tiles and catalogue
    for competency, note in tiles:
        learning = re.search(r"(\d+) learning items?", note)
        projects = re.search(r"(\d+) hack-week projects?", note)
        total = int(learning[1] if learning else 0) + int(projects[1] if projects else 0)
        assert total == catalogue.get(competency, 0), (competency, note)
    assert any("hack-week project" in note for _, note in tiles)


def test_competency_page_has_everything_for_it(site: Path) -> None:
    markup = html(site, "competencies/kotlin")
    page = text(markup)
    assert "Designs features in Kotlin on their own." in page  # level description
    for heading in (
        "Course",
        "Academy talk",
        "Peer workshop",
        "Upcoming sessions",
        "Paths that build it",
        "Mentors who offer it",
        "Career steps that expect it",
    ):
        assert heading in page
    assert "Kotlin basics" in page and "Coroutines in depth" in page
    assert "Thu 4 Mar 2027, 09:00–10:30 CET" in page
    assert "Backend foundations" in page and "Åsa Lindqvist" in page
    assert "Backend engineer: Step 2: Engineer II" in page
    assert 'href="../kotlin.ics"' in markup  # the calendar plugin's feed


def test_competency_page_lists_projects_with_it_and_looking_for_it(site: Path) -> None:
    # Review bot is tagged with code review and looks for testing.
    testing = text(html(site, "competencies/testing"))
    assert "Hack-week projects looking for it Hack-week project · English Review bot" in testing
    assert "Hack-week projects with it" not in testing
    review = text(html(site, "competencies/code-review"))
    assert "Hack-week projects with it Hack-week project · English Review bot" in review
    assert "Hack-week projects looking for it" not in review


def test_career_page_explains_each_gap_without_javascript(site: Path) -> None:
    page = text(html(site, "careers/backend-engineer"))
    assert "From step 1 to step 2" in page
    assert "Raises Testing from Intro to Intermediate" in page
    assert "1 item at Intermediate level builds it: Testing in practice" in page
    assert "New at this step: Code review at Intro level No learning for this yet." in page
    assert "Getting to step 1" in page


def test_people_pages(site: Path) -> None:
    index = text(html(site, "people"))
    assert re.search(
        r"Play it forward .*? Omar Haddad 11 sessions given · 12 coming up · 1 item taught .*? Åsa Lindqvist",
        index,
    )
    asa = text(html(site, "people/asa-lindqvist"))
    assert re.search(r"Teaches Intro to Kotlin", asa)
    assert "Has given Coroutines in depth Academy talk · 1 session given" in asa
    assert "Builds" in asa and "Review bot" in asa


def test_insights_page(site: Path) -> None:
    page = text(html(site, "insights"))
    assert re.search(r"Competencies with no learning 1 Code review", page)
    assert re.search(r"Only in one language 3 .*Presenting Swedish 1", page)
    assert "Nov 2026 1" in page
    # Per area and level: items, and the area's competencies they reach; gaps are marked.
    assert re.search(r"Engineering 3 \(2 of 2\) 2 \(2 of 2\) 1 \(1 of 2\) 6 2 / 2", page)
    assert "All areas" in page and "Learning per level" not in page
    engineering = html(site, "insights").split(">Engineering</a></th>", 1)[1].split("</tr>")[0]
    assert engineering.count('class="gh-gap"') == 1  # advanced: testing has none


def test_nav_has_the_four_sections_and_no_items(site: Path) -> None:
    nav = html(site, "competencies").split('class="md-tabs__list"', 1)[1].split("</ul>", 1)[0]
    tabs = [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+)', nav)]
    assert {"Home", "Competencies", "Careers", "People", "Insights"} <= set(tabs)
    assert len(tabs) <= 8 and not any("Kotlin" in t for t in tabs)


@pytest.mark.parametrize(
    "url",
    [
        "competencies",
        "competencies/kotlin",
        "competencies/testing",
        "careers/backend-engineer",
        "people",
        "people/mallory",
        "insights",
    ],
)
def test_contributed_text_is_escaped(site: Path, url: str) -> None:
    # Only what the directory renders: the page body below the site's own header, and on
    # a person's page only their activity (the rest of that page is not the directory's).
    markup = html(site, url).split('class="md-content"', 1)[1]
    if url.startswith("people/"):
        markup = markup.split('class="gh-person-activity"', 1)[1]
    assert "window.__pwned" in markup or url in ("competencies", "insights")
    assert "<script>window.__pwned" not in markup
    assert "<img src=x" not in markup and "<img src=y" not in markup


# --- In Chromium ---------------------------------------------------------------------


@pytest.mark.browser
def test_step_picker_shows_what_the_next_step_expects(site: Path, page, serve_dir) -> None:
    base = serve_dir(site)
    page.goto(base + "careers/backend-engineer/")
    steps = page.locator(".gh-step")
    assert steps.count() == 2 and steps.nth(0).is_visible() and steps.nth(1).is_visible()

    page.get_by_label("Where are you now?").select_option(label="I am at step 1: Engineer I")
    assert page.locator("#step-2").is_visible()
    assert not page.locator("#step-1").is_visible()
    status = page.locator("#gh-step-status")
    assert status.inner_text() == "Showing what step 2 expects: 3 competencies to build."
    gap = page.locator('#step-2 .gh-gap[data-competency="testing"]')
    assert "Raises Testing from Intro to Intermediate" in gap.inner_text()
    assert gap.get_by_role("link", name="Testing in practice").is_visible()
    kotlin = page.locator('#step-2 .gh-gap[data-competency="kotlin"]')
    assert "Nothing at Intermediate level yet" not in kotlin.inner_text()  # the new workshop is
    assert "Kotlin tricks" in kotlin.inner_text()
    assert "from=1" in page.url

    page.reload()  # the choice is in the URL, so it can be shared
    assert page.locator("#gh-step-select").input_value() == "1"
    assert not page.locator("#step-1").is_visible()

    page.locator("#gh-step-select").select_option("2")
    top = "You are at the top step of this track."
    assert status.inner_text().startswith(top)
    assert "gh-top-step" in (status.get_attribute("class") or "")
    assert page.get_by_text(top).count() == 1  # said once, not twice
    assert not page.locator("#step-2").is_visible()


@pytest.mark.browser
def test_careers_index_numbers_steps_as_the_track_does(site: Path, page, serve_dir) -> None:
    # Inside the list of tracks the steps are a nested list, which Material letters (a, b…).
    page.goto(serve_dir(site) + "careers/")
    steps = page.locator(".gh-step-names li")
    assert steps.count() >= 2
    markers = steps.evaluate_all(
        "items => items.map(li => [getComputedStyle(li).listStyleType, li.value])"
    )
    assert markers[:2] == [["decimal", 1], ["decimal", 2]]


@pytest.mark.browser
def test_step_picker_works_from_the_keyboard(site: Path, page, serve_dir) -> None:
    page.goto(serve_dir(site) + "careers/backend-engineer/")
    page.locator("#gh-step-select").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "I am new", then "step 1"
    assert page.locator("#gh-step-select").input_value() == "1"
    assert page.locator("#step-2").is_visible() and not page.locator("#step-1").is_visible()


@pytest.mark.browser
def test_mentor_filter(site: Path, page, serve_dir) -> None:
    page.goto(serve_dir(site) + "people/")
    mentors = page.locator(".gh-mentor:visible")
    assert mentors.count() == 2
    page.get_by_label("Mentors for").select_option(label="Code review")
    assert page.locator(".gh-mentor:visible").count() == 1
    assert page.locator(".gh-mentor:visible .gh-mentor__name").inner_text() == "Åsa Lindqvist"
    assert page.locator("#gh-mentor-status").inner_text() == "1 of 2 mentors"
    page.get_by_label("Mentors for").select_option(label="Testing")
    assert page.locator(".gh-mentor:visible .gh-mentor__name").inner_text() == EVIL_NAME
    page.get_by_label("Mentors for").select_option("")
    assert page.locator(".gh-mentor:visible").count() == 2


@pytest.mark.browser
@pytest.mark.parametrize(
    "url", ["competencies/kotlin/", "careers/backend-engineer/", "people/", "insights/"]
)
def test_no_script_runs_and_the_text_shows(site: Path, page, serve_dir, url: str) -> None:
    page.goto(serve_dir(site) + url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.__pwned") is None
    body = page.locator("body").inner_text()
    assert EVIL_TITLE in body or EVIL_NAME in body


@pytest.mark.browser
@pytest.mark.parametrize(
    "url", ["competencies/kotlin/", "careers/backend-engineer/?from=1", "people/"]
)
def test_no_serious_accessibility_violations(site: Path, page, serve_dir, url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(serve_dir(site) + url)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
