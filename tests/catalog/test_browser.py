"""Real Chromium: what people click and see in the catalogue and on learning paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from .pages import box, count_of, drawn_cards, open_catalogue, shown_cards, titles

pytestmark = pytest.mark.browser


@pytest.fixture
def site_url(catalog_site: Path, serve_dir) -> str:
    return serve_dir(catalog_site)


def test_combining_facets_narrows_results_and_updates_counts(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/")
    assert page.locator("[data-gh-count]").inner_text() == "10 items"
    assert count_of(page, "level", "intro") == "4"
    box(page, "competency", "kotlin").check()
    assert page.locator("[data-gh-count]").inner_text() == "4 items"
    assert count_of(page, "level", "intro") == "3"  # counts follow the competency choice
    assert count_of(page, "competency", "testing") == "6"  # OR within a facet: what it would add
    box(page, "level", "intro").check()
    assert page.locator("[data-gh-count]").inner_text() == "3 items"
    assert sorted(titles(page)) == ["Backend foundations", "Intro to Kotlin", "Kotlin basics"]
    assert page.url.endswith("catalogue/?competency=kotlin&level=intro")
    box(page, "competency", "testing").check()  # OR: Kotlin or Testing, still intro
    assert page.locator("[data-gh-count]").inner_text() == "3 items"


def test_a_shared_link_restores_the_filter(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/?competency=kotlin&level=advanced")
    assert box(page, "competency", "kotlin").is_checked()
    assert box(page, "level", "advanced").is_checked()
    assert titles(page) == ["Coroutines in depth"]
    # Details load lazily from a chunk and fill the card.
    expect_summary = "How structured concurrency keeps Kotlin services honest."
    page.wait_for_selector(f"text={expect_summary}")


def test_back_button_returns_to_the_previous_filter(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/")
    box(page, "language", "sv").check()
    assert page.locator("[data-gh-count]").inner_text() == "1 item"
    # The card the filter draws names the language, as the server's cards do.
    assert page.locator(".gh-card .gh-kicker").inner_text().endswith("· SWEDISH")
    box(page, "upcoming", "1").check()
    page.go_back()
    page.wait_for_function("!location.search.includes('upcoming')")
    assert box(page, "language", "sv").is_checked()
    assert not box(page, "upcoming", "1").is_checked()
    assert titles(page) == ["Knowledge breakfast"]
    page.go_back()
    page.wait_for_function("location.search === ''")
    assert page.locator("[data-gh-count]").inner_text() == "10 items"


@pytest.mark.parametrize("url", ["catalogue/", "courses/", "hack-week/", "paths/"])
def test_cards_the_filter_draws_are_the_cards_the_server_renders(
    page, site_url: str, url: str
) -> None:
    """One card template: a card drawn in the browser from the filter's data is the
    server's card for the same item, element for element (cost, request link, archived
    badge, a path's progress in this browser included)."""
    if url == "paths/":
        page.goto(site_url + "paths/backend-foundations/")
        page.get_by_label("Done: Intro to Kotlin").check()
    open_catalogue(page, site_url + url)
    assert page.locator("[data-gh-results] article[data-index]").count() == 0
    server = shown_cards(page)  # the default view is the server's (path.js has run on it)
    assert server
    if url == "paths/":
        assert "1 of 3 steps done" in str(server)
    first = page.locator("[data-gh-filter-form] input").first
    first.check()  # then unticked: the same first page, now drawn by the browser
    first.uncheck()
    page.wait_for_function("!document.querySelector('[data-gh-results] article:not([data-index])')")
    assert drawn_cards(page) == server


def test_the_first_view_asks_only_for_the_page_its_assets_and_the_facet_index(
    page, site_url: str
) -> None:
    """The default view is the server's: titles, card details and the search engine load
    later."""
    page.add_init_script(
        """new MutationObserver((changes, observer) => {
          if (document.querySelector("[data-gh-catalogue][data-ready]")) {
            window.__readyAt = performance.now();
            observer.disconnect();
          }
        }).observe(document, {subtree: true, attributes: true, attributeFilter: ["data-ready"]});"""
    )
    open_catalogue(page, site_url + "catalogue/")
    page.wait_for_load_state("networkidle")
    first = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter((e) => e.startTime <= window.__readyAt).map((e) => e.name)"
    )
    paths = {url.removeprefix(site_url).split("?")[0] for url in first}
    assert "catalogue/facets.json" in paths
    assert {p for p in paths if not p.startswith("assets/")} == {"catalogue/facets.json"}


def test_cards_wait_for_titles_and_only_the_latest_choice_is_drawn(page, site_url: str) -> None:
    """The first view loads no titles; a filter used before they come counts at once and
    draws its cards when they arrive, once, for the choice made last."""
    held: list = []
    page.route("**/catalogue/titles.json*", lambda route: held.append(route))
    open_catalogue(page, site_url + "catalogue/")
    box(page, "competency", "kotlin").check()
    assert page.locator("[data-gh-count]").inner_text() == "4 items"
    box(page, "level", "intro").check()
    assert page.locator("[data-gh-count]").inner_text() == "3 items"
    assert page.locator("[data-gh-results]").get_attribute("aria-busy") == "true"
    assert page.locator("[data-gh-results] .gh-card").count() == 0
    for _ in range(100):  # the request reaches the route handler between page calls
        if held:
            break
        page.wait_for_timeout(20)
    assert len(held) == 1  # asked for once, however many choices wait for it
    held[0].continue_()
    assert sorted(titles(page)) == ["Backend foundations", "Intro to Kotlin", "Kotlin basics"]
    assert page.locator("[data-gh-results] .gh-card").count() == 3
    assert page.locator("[data-gh-error]").is_hidden()


def test_titles_that_fail_to_load_say_so_and_are_asked_for_again(page, site_url: str) -> None:
    server = {"up": False}

    def answer(route) -> None:  # type: ignore[no-untyped-def]
        if server["up"]:
            route.continue_()
        else:
            route.fulfill(status=503, body="busy")

    page.route("**/catalogue/titles.json*", answer)
    open_catalogue(page, site_url + "catalogue/")
    box(page, "language", "sv").check()
    page.wait_for_selector("[data-gh-error]:visible")
    assert page.locator("[data-gh-results] .gh-card").count() == 0
    server["up"] = True
    box(page, "language", "sv").uncheck()
    box(page, "language", "sv").check()  # the next choice asks again, and it answers
    assert titles(page) == ["Knowledge breakfast"]
    assert page.locator("[data-gh-error]").is_hidden()


FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    const [r, g, b] = style.outlineColor.match(/\\d+/g).map(Number);
    const lum = [r, g, b].map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
            contrast: 1.05 / (l + 0.05)};  // against the white page
}"""


def test_keyboard_focus_on_filters_and_cards_is_visible(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/")
    kotlin = box(page, "competency", "kotlin")
    kotlin.focus()
    page.keyboard.press("Shift+Tab")  # focus from the keyboard, so :focus-visible applies
    page.keyboard.press("Tab")
    assert kotlin.evaluate("el => el === document.activeElement")
    page.keyboard.press("Space")
    assert kotlin.is_checked()
    ring = kotlin.evaluate(FOCUS_RING)
    assert ring["style"] == "solid" and ring["width"] >= 2, ring
    assert ring["contrast"] >= 3, ring  # WCAG 1.4.11: 3:1 for a focus indicator
    card = page.locator("[data-gh-results] .gh-card__title a").first
    card.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = card.evaluate(FOCUS_RING)
    assert ring["style"] == "solid" and ring["contrast"] >= 3, ring


def test_show_more_and_archived_toggle(page, site_url: str) -> None:
    open_catalogue(page, site_url + "catalogue/")
    assert len(titles(page)) == 3
    page.get_by_role("button", name="Show more").click()
    assert len(titles(page)) == 6
    box(page, "archived", "1").check()
    assert page.locator("[data-gh-count]").inner_text() == "11 items"
    assert page.url.endswith("?archived=1")


def test_path_progress_survives_a_reload(page, site_url: str) -> None:
    page.goto(site_url + "paths/backend-foundations/")
    status = page.locator("[data-gh-progress-text]")
    assert status.inner_text() == "0 of 3 steps done"
    page.get_by_label("Done: Intro to Kotlin").check()
    assert status.inner_text() == "1 of 3 steps done"
    page.reload()
    assert page.get_by_label("Done: Intro to Kotlin").is_checked()
    assert not page.get_by_label("Done: Kotlin basics").is_checked()
    assert status.inner_text() == "1 of 3 steps done"
    page.get_by_role("button", name="Start over").click()
    assert status.inner_text() == "0 of 3 steps done"


def test_path_progress_shows_on_its_cards_elsewhere(page, site_url: str) -> None:
    page.goto(site_url + "paths/")
    progress = page.locator('[data-gh-path-card="paths/backend-foundations"]')
    assert progress.is_hidden()  # nothing ticked yet: nothing to say
    page.goto(site_url + "paths/backend-foundations/")
    page.get_by_label("Done: Intro to Kotlin").check()
    page.get_by_label("Done: Kotlin basics").check()
    for url in ("paths/", ""):  # the paths catalogue and the home page
        page.goto(site_url + url)
        progress.first.wait_for()
        shown = progress.all_inner_texts()  # the home page may show the path twice
        assert shown and set(shown) == {"2 of 3 steps done"}
    # A card the filter draws says it too, once its details have come.
    open_catalogue(page, site_url + "catalogue/?type=path")
    drawn = page.locator("[data-gh-results] article[data-filled]", has_text="Backend foundations")
    assert drawn.locator(".gh-card__progress").inner_text() == "2 of 3 steps done"


def test_a_steps_duration_reads_as_written_in_its_capitalised_kicker(page, site_url: str) -> None:
    page.goto(site_url + "paths/backend-foundations/")
    kicker = page.locator(".gh-path-step", has_text="Kotlin basics").locator(".gh-kicker")
    assert kicker.inner_text() == "COURSE · 6 h"  # the type in capitals, the unit as it is


def test_each_step_has_a_visible_done_label_that_ticks_it(page, site_url: str) -> None:
    page.goto(site_url + "paths/backend-foundations/")
    step = page.locator(".gh-path-step", has_text="Kotlin basics")
    visible = step.get_by_text("Done", exact=True)
    assert visible.is_visible()
    assert page.locator(".gh-path-step__tick:visible").count() == 3
    visible.click()  # the visible word is part of the label: clicking it ticks the box
    assert page.get_by_label("Done: Kotlin basics").is_checked()
    assert page.locator("[data-gh-progress-text]").inner_text() == "1 of 3 steps done"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("", "default"),
        ("catalogue/", "default"),
        ("courses/testing-in-practice/", "default"),
        ("paths/backend-foundations/", "default"),
        # Material's dark scheme, chosen with the header's toggle.
        ("catalogue/?competency=testing", "slate"),
        ("courses/testing-in-practice/", "slate"),
    ],
)
def test_no_serious_accessibility_violations(page, site_url: str, url: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + url)
    if scheme == "slate":
        page.locator('label[title="Dark mode"]').first.click()
        page.wait_for_selector('body[data-md-color-scheme="slate"]')
    page.wait_for_load_state("networkidle")
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious


def test_hostile_titles_never_run_script(page, site_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_url + "courses/hostile/")
    # Rendered by the filter in the browser (not the server): only hostile's competency.
    open_catalogue(page, site_url + "catalogue/?competency=testing&level=advanced")
    card = page.locator("[data-gh-results] .gh-card__title a")
    assert card.inner_text().startswith("<script>window.__pwned=1")
    page.wait_for_selector("[data-gh-results] article[data-filled]")
    page.locator("[data-gh-results] .gh-card__summary").hover()
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-gh-results] img").count() == 0
    assert not dialogs
