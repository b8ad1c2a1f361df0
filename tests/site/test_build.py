"""A real strict build of the sample portal, and what its pages show."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from greenhouse_testing import run_build, write_site_config

    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    # A top-level page: in no folder, so in no section.
    (root / "content" / "about.md").write_text("# About\n\nThe portal.\n", encoding="utf-8")
    write_site_config(root)
    # Not quiet: MkDocs' --quiet drops warnings before --strict counts them.
    result = run_build(root, quiet=False)
    assert result.returncode == 0, result.stderr
    return root / "site"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def main_of(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index('<article class="md-content__inner') : html.index("</article>")]


def test_a_workshop_page_shows_its_front_matter(sample_site: Path) -> None:
    html = main_of(sample_site / "workshops" / "threat-modelling-dojo" / "index.html")
    seen = text(html)
    assert '<p class="gh-kicker"><a href="../">Peer workshop</a></p>' in html  # its catalogue
    assert re.search(r'href="\.\./\.\./competencies/[a-z-]+/"', html)
    assert re.search(r'href="\.\./\.\./people/[a-z-]+/"', html)
    assert "Cancelled" in seen and "gh-session--cancelled" in html
    assert "Times in Europe/Stockholm" in seen
    assert re.search(r"<time datetime=\"2027-0\d-\d\dT", html)


def test_a_talk_page_links_recording_and_slides(sample_site: Path) -> None:
    pages = sorted((sample_site / "academy").glob("*/index.html"))
    with_recording = [p for p in pages if "Recording</a>" in p.read_text(encoding="utf-8")]
    assert with_recording, "no talk page links its recording"
    html = main_of(with_recording[0])
    assert ">Slides</a>" in html and "Speakers" in text(html)


def test_a_swedish_item_is_marked_as_swedish(sample_site: Path) -> None:
    html = main_of(sample_site / "courses" / "introduktion-till-kotlin" / "index.html")
    assert '<dd lang="sv">Swedish</dd>' in html
    assert '<div class="gh-body" lang="sv">' in html


def test_a_paid_course_shows_its_cost(sample_site: Path) -> None:
    costs = [text(main_of(p)) for p in (sample_site / "courses").glob("*/index.html")]
    assert any(re.search(r"Cost \d[\d ]* (EUR|USD|SEK)", c) for c in costs)


def test_days_of_one_run_share_one_register_button(sample_site: Path) -> None:
    """Two two-day runs, each day its own session, each run one registration form."""
    html = main_of(sample_site / "courses" / "kotlin-for-backend-engineers" / "index.html")
    buttons = re.findall(
        r'<a class="md-button md-button--primary" href="([^"]+)"[^>]*>Register<', html
    )
    assert buttons == [
        "https://forms.example.com/kotlin-backend-2027-02",
        "https://forms.example.com/kotlin-backend-2027-09",
    ]
    assert html.count("One registration with the day above") == 2


def test_a_hack_week_project_names_its_edition_in_words(sample_site: Path) -> None:
    seen = text(main_of(sample_site / "hack-week" / "fikaroulette" / "index.html"))
    assert re.search(r"Hack-week edition (Autumn|Spring|Summer|Winter) 20\d\d", seen), seen[:400]


def test_a_person_page_shows_mentoring(sample_site: Path) -> None:
    mentors = [
        p
        for p in (sample_site / "people").glob("*/index.html")
        if "gh-mentoring" in p.read_text(encoding="utf-8")
    ]
    assert len(mentors) >= 3
    assert "mailto:" in main_of(mentors[0])


def test_drafts_and_framework_files_are_not_published(sample_site: Path) -> None:
    assert not (sample_site / "courses" / "advanced-kotlin-coroutines").exists()
    assert not (sample_site / "academy" / "structured-interviews-explained").exists()
    assert not (sample_site / "framework").exists()
    everything = " ".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("*.html"))
    assert "advanced-kotlin-coroutines" not in everything


def test_the_navigation_lists_sections_not_items(sample_site: Path) -> None:
    html = (sample_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "threat-modelling-dojo" not in nav
    assert len(re.findall(r'class="md-nav__link', nav)) < 30


def active_places(page: Path) -> tuple[list[str], list[str], int]:
    """The active tab, the active sidebar entries, and how many links are the current page."""
    html = page.read_text(encoding="utf-8")
    tabs = re.findall(
        r'md-tabs__item--active">\s*<a[^>]*>\s*([^<]+?)\s*</a>', html.replace("\n", " ")
    )
    nav = html[html.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index('<div class="md-sidebar md-sidebar--secondary')]
    entries = re.findall(
        r'md-nav__item--active[^"]*">\s*(?:<[^>]*>\s*)*?([A-Z][^<]+?)\s*<', nav.replace("\n", " ")
    )
    return tabs, entries, len(re.findall(r'<a [^>]*class="md-nav__link md-nav__link--active"', nav))


@pytest.mark.parametrize(
    ("url", "tab", "entry", "current"),
    [
        ("courses/kotlin-for-backend-engineers", "Learn", "Courses", 0),
        ("hack-week/fikaroulette", "Learn", "Hack week", 0),
        ("catalogue/all/1", "Learn", "Catalogue", 0),
        ("people/amara-okafor", "People", "People", 0),
        ("competencies/kotlin", "Competencies", "Competencies", 0),
        ("courses", "Learn", "Courses", 1),  # the page itself: the only one marked current
        ("competencies", "Competencies", "Competencies", 1),
        ("", "Home", "Home", 1),  # the home page is in the navigation: itself, nothing else
        ("about", None, None, 0),  # a top-level page outside the navigation: no section
    ],
)
def test_a_page_outside_the_navigation_shows_where_it_belongs(
    sample_site: Path, url: str, tab: str | None, entry: str | None, current: int
) -> None:
    tabs, entries, links_current = active_places(sample_site / url / "index.html")
    assert tabs == ([tab] if tab else [])
    assert (entries[-1] if entries else None) == entry
    assert links_current == current


def test_the_home_page_shows_recent_items_featured_paths_and_ways_to_contribute(
    sample_site: Path,
) -> None:
    page = (sample_site / "index.html").read_text(encoding="utf-8")

    def cards(section: str) -> list[str]:
        start = page.index(f'id="gh-home-{section}"')
        return re.findall(r'data-id="([^"]+)"', page[start : page.index("</section>", start)])

    # Newest `date` first (content/academy/threat-modelling-for-everyone.md: 2026-11-18).
    assert cards("recent")[:2] == [
        "academy/threat-modelling-for-everyone",
        "workshops/cloud-cost-clinic",
    ]
    # The paths content/index.md features, in its order.
    assert cards("paths") == [
        "paths/first-months-as-a-backend-engineer",
        "paths/towards-senior-backend-engineer",
        "paths/accessibility-from-zero",
    ]
    assert 'href="admin/">Add a session in the editor<' in page
    assert 'href="contribute/">How to contribute<' in page


def test_a_missing_page_gets_a_styled_page_with_ways_on(sample_site: Path) -> None:
    html = (sample_site / "404.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="/assets/stylesheets/main.' in html
    shown = " ".join(text(main_of(sample_site / "404.html")).split())
    assert shown == (
        "Page not found The page may have moved, or the item may have been archived or"
        " renamed. Search above, or start from here: Greenhouse Catalogue Competencies People"
    )
    assert 'class="gh-search' in html  # the header search, as on every page


def test_no_page_shows_the_themes_markup_as_text(sample_site: Path) -> None:
    """Material's templates are not escaped, ours are: a block of Material's reached from
    one of ours (``super()``) must arrive as markup on every page, 404.html included."""
    pages = [*sample_site.rglob("*.html")]
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for tag in ("&lt;link", "&lt;header", "&lt;script", "&lt;meta", "&lt;div"):
            assert tag not in html, (page.relative_to(sample_site), tag)


def test_no_remote_assets(sample_site: Path) -> None:
    html = (sample_site / "workshops" / "threat-modelling-dojo" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
        assert not url.endswith((".js", ".css")), url


def test_a_featured_path_that_is_not_one_fails_the_build_with_its_location(
    mini_site: Path, build
) -> None:
    index = mini_site / "content" / "index.md"
    index.write_text(
        "---\ntitle: Home\nfeatured_paths:\n  - paths/backend-foundations\n"
        "  - courses/kotlin-basics\n---\nHello.\n",
        encoding="utf-8",
    )
    result = build(mini_site, quiet=False)  # MkDocs' --quiet drops warnings before --strict
    assert result.returncode == 1
    assert (
        "content/index.md:3: featured_paths: 'courses/kotlin-basics' is not a published"
        " learning path" in result.stderr
    )
    assert "backend-foundations' is not" not in result.stderr


def test_a_broken_file_fails_the_build_with_its_location(mini_site: Path, build) -> None:
    bad = mini_site / "content" / "workshops" / "intro-to-kotlin.md"
    bad.write_text(
        bad.read_text(encoding="utf-8").replace("[kotlin, testing]", "[kotlinn]"), encoding="utf-8"
    )
    result = build(mini_site)
    assert result.returncode == 1
    assert (
        "content/workshops/intro-to-kotlin.md:4: competencies[0]: 'kotlinn' is not in"
        in result.stderr
    )
