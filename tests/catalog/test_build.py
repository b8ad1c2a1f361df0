"""Real builds: what the catalogue pages, home page, path and course pages contain."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def card_ids(page: str) -> list[str]:
    return re.findall(r'<article class="gh-card[^"]*" data-id="([^"]+)"', page)


def test_catalogue_shows_first_cards_without_drafts_or_archived(catalog_site: Path) -> None:
    page = html(catalog_site, "catalogue")
    # Upcoming first (the monthly breakfast, then the Kotlin workshop), page_size 3.
    assert card_ids(page) == [
        "workshops/knowledge-breakfast",
        "workshops/intro-to-kotlin",
        "hack-week/test-garden",
    ]
    assert "Secret draft workshop" not in page
    assert "Old Kotlin course" not in page
    assert re.search(r"data-gh-count>\s*10 items", page)


def list_pages(site: Path) -> str:
    """Every plain-list page of the catalogue, in order."""
    pages = sorted((site / "catalogue" / "all").iterdir(), key=lambda folder: int(folder.name))
    return "".join(html(site, f"catalogue/all/{folder.name}") for folder in pages)


def test_catalogue_order_is_upcoming_then_newest_then_by_title(catalog_site: Path) -> None:
    pairs = re.findall(
        r'<a href="\.\./\.\./\.\./([a-z-]+/[a-z-]+)/">([^<]+)</a>', list_pages(catalog_site)
    )
    titles = dict(pairs)
    items = [link for link, _ in pairs]
    # Soonest session first; then what is dated, newest first: the coming 2027-spring
    # project, the 2026-autumn one, the 2025-autumn one, the talk held in May 2025; then
    # the items that never had a date, by title.
    assert items[:6] == [
        "workshops/knowledge-breakfast",
        "workshops/intro-to-kotlin",
        "hack-week/test-garden",
        "hack-week/review-bot",
        "hack-week/ancient-hack",
        "academy/coroutines-in-depth",
    ]
    rest = items[6:]
    assert rest and rest == sorted(rest, key=lambda link: titles[link].casefold())


def test_hack_week_lists_the_newest_edition_first(catalog_site: Path) -> None:
    assert card_ids(html(catalog_site, "hack-week")) == [
        "hack-week/test-garden",
        "hack-week/review-bot",
        "hack-week/ancient-hack",
    ]


def test_a_card_says_type_level_format_and_language(catalog_site: Path) -> None:
    page = html(catalog_site, "catalogue")
    kicker = re.search(
        r'data-id="workshops/knowledge-breakfast">\s*<p class="gh-kicker" data-slot="kicker">([^<]*)<',
        page,
    )
    assert kicker and kicker[1] == "Peer workshop · Intro · Hybrid · Swedish"


@pytest.mark.parametrize(
    ("url", "item", "when"),
    [
        ("academy", "academy/coroutines-in-depth", "Recorded Mon 12 May 2025"),
        ("hack-week", "hack-week/review-bot", "Autumn 2026"),
    ],
)
def test_a_card_without_upcoming_sessions_still_shows_its_date(
    catalog_site: Path, url: str, item: str, when: str
) -> None:
    card = re.search(rf'data-id="{item}">.*?</article>', html(catalog_site, url), re.S)
    assert card and f'data-slot="when">{when}<' in card[0]


def test_facet_counts_cover_current_items(catalog_site: Path) -> None:
    page = html(catalog_site, "catalogue")

    def count(facet: str, value: str) -> int:
        match = re.search(
            rf'name="{facet}" value="{value}">\s*<span class="gh-facet__label">[^<]*</span>\s*'
            r'<span class="gh-count" data-count>(\d+)</span>',
            page,
        )
        assert match, (facet, value)
        return int(match.group(1))

    assert count("competency", "kotlin") == 4  # not the draft, not the archived course
    assert count("type", "course") == 3
    assert count("upcoming", "1") == 2
    assert count("language", "sv") == 1
    assert 'value="1">\n            <span class="gh-facet__label">Include archived items' in page


def test_type_catalogue_lists_only_its_type_and_has_no_type_facet(catalog_site: Path) -> None:
    page = html(catalog_site, "courses")
    assert set(card_ids(page)) == {
        "courses/hostile",
        "courses/kotlin-basics",
        "courses/testing-in-practice",
    }
    assert 'name="type"' not in page
    assert 'data-type="course"' in page
    assert set(card_ids(html(catalog_site, "paths"))) == {"paths/backend-foundations"}


def test_plain_list_pages_link_everything_without_javascript(catalog_site: Path) -> None:
    catalogue = html(catalog_site, "catalogue")
    # Four links a page: each names the positions it lists.
    for n, span in ((1, "1–4"), (2, "5–8"), (3, "9–10")):
        assert f'href="all/{n}/">Items {span}</a>' in catalogue
    assert "<title>Catalogue: 9–10 - " in html(catalog_site, "catalogue/all/3")
    linked = []
    for n in (1, 2, 3):
        page = html(catalog_site, f"catalogue/all/{n}")
        linked += re.findall(r'<li><a href="\.\./\.\./\.\./([a-z-]+/[a-z-]+)/"', page)
    assert len(linked) == len(set(linked)) == 10
    assert "courses/old-kotlin" not in linked
    assert not (catalog_site / "catalogue/all/4").exists()


def test_archived_items_leave_catalogues_but_stay_reachable(catalog_site: Path) -> None:
    archive = html(catalog_site, "catalogue/archived")
    assert "Old Kotlin course" in archive
    assert (catalog_site / "courses/old-kotlin/index.html").exists()
    assert 'href="archived/">1 archived item<' in html(catalog_site, "catalogue")


def test_filter_data_is_compact_and_complete(catalog_site: Path) -> None:
    index = json.loads((catalog_site / "catalogue/facets.json").read_text(encoding="utf-8"))
    # Titles are a file of their own, named with a digest of what it holds.
    name, digest = index["titles"].split("?v=")
    raw = (catalog_site / "catalogue" / name).read_bytes()
    assert hashlib.sha256(raw).hexdigest().startswith(digest)
    titles = json.loads(raw)
    assert len(titles) == len(index["items"]) == 11  # ten current + one archived, no draft
    slugs = [slug for slug, _ in titles]
    assert "secret-draft" not in slugs
    assert ["knowledge-breakfast", "Knowledge breakfast"] in titles
    rows = dict(zip(slugs, index["items"], strict=True))
    assert [slug for slug, row in rows.items() if row[5] & 2] == ["old-kotlin"]
    kotlin = [c[0] for c in index["facets"]["competency"]].index("kotlin")
    breakfast = rows["knowledge-breakfast"]
    assert breakfast[5] & 1 and kotlin not in breakfast[1]
    assert all(isinstance(value, int | list) for row in index["items"] for value in row)
    # Details come in chunks of 2: row i is in chunk i // 2.
    chunk = json.loads((catalog_site / "catalogue/cards/0.json").read_text(encoding="utf-8"))
    assert chunk[0][0].startswith("Coffee, buns")


def test_course_with_cost_has_prefilled_request_button(catalog_site: Path) -> None:
    page = html(catalog_site, "courses/testing-in-practice")
    assert (
        "https://forms.example.com/request?course=Testing%20in%20practice&amp;url="
        "http%3A%2F%2F127.0.0.1%3A8000%2Fcourses%2Ftesting-in-practice%2F"
    ) in page
    assert "Request this course" in page
    assert "Request this course" not in html(catalog_site, "courses/kotlin-basics")


def test_home_page_wraps_the_intro(catalog_site: Path) -> None:
    page = html(catalog_site, "")
    assert "Welcome to the mini portal." in page
    assert 'class="gh-tiles"' in page and "Courses</span>" in page
    assert "Coming up" in page and 'data-id="workshops/knowledge-breakfast"' in page
    assert 'href="catalogue/?area=engineering"' in page
    # What was published last: current items only, never the archived course or the draft.
    recent = page[page.index('id="gh-home-recent"') : page.index('id="gh-home-paths"')]
    assert len(card_ids(recent)) == 6
    assert "courses/old-kotlin" not in recent and "secret-draft" not in recent
    # Contributors are sent to the editor; the mini site has no contribute.md to link.
    contribute = page[page.index('id="gh-home-contribute"') :]
    assert 'href="admin/">Add a session in the editor</a>' in contribute
    assert "How to contribute" not in contribute


def test_path_page_has_a_tick_box_per_step(catalog_site: Path) -> None:
    page = html(catalog_site, "paths/backend-foundations")
    assert 'data-gh-path="paths/backend-foundations"' in page
    assert re.findall(
        r'<input type="checkbox" class="gh-path-step__done"[^>]*data-step="([^"]+)"', page
    ) == ["courses/kotlin-basics", "workshops/intro-to-kotlin", "courses/testing-in-practice"]
    assert "assets/greenhouse/path.js" in page
    # 6 h + 1 h 30 min; the testing course gives no duration, and the page says so.
    total = re.search(r"data-gh-path-total>([^<]+)<", page)
    assert total and total[1] == "The steps take 7 h 30 min in all (1 step gives no duration)"


# Every page that shows the hostile course: its card, its plain link, its own page.
@pytest.mark.parametrize("url", ["courses", "catalogue/all/2", "courses/hostile"])
def test_contributor_text_is_escaped(catalog_site: Path, url: str) -> None:
    page = html(catalog_site, url)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    assert 'onmouseover="window' not in page


def test_the_page_carries_the_facet_list_the_scripts_read(catalog_site: Path) -> None:
    """One list of facets: Python's, written into the page; catalog.js keeps no copy."""
    from html import unescape

    from greenhouse.catalog.facets import FACETS, PROJECT_FACETS, RECORD_ATTRIBUTES

    page = html(catalog_site, "catalogue")
    names = re.search(r"data-facet-names='([^']+)'", page)
    attributes = re.search(r"data-facet-attributes='([^']+)'", page)
    project = re.search(r"data-project-facets='([^']+)'", page)
    assert names and attributes and project
    # The header search's facets, then those only the hack-week catalogue offers.
    assert json.loads(unescape(names.group(1))) == list(FACETS + PROJECT_FACETS)
    assert json.loads(unescape(project.group(1))) == list(PROJECT_FACETS)
    assert json.loads(unescape(attributes.group(1))) == dict(RECORD_ATTRIBUTES)
    script = (catalog_site / "assets/greenhouse/catalog.js").read_text(encoding="utf-8")
    assert '"type", "competency", "area"' not in script
    assert '"stage", "looking_for"' not in script
