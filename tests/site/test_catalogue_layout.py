"""The catalogue's layout in real Chromium: right before its script runs (no jump when it
does), and without JavaScript (the cards take the whole width)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}

#: Every layout shift the page makes that no input caused, summed (Cumulative Layout Shift
#: without session windows: never less than the metric browsers report).
RECORD_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", ["catalogue/", "courses/", "hack-week/"])
def test_the_catalogue_does_not_jump_when_its_script_runs(
    page, sample_portal: Path, serve_dir, width: str, url: str
) -> None:
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    page.add_init_script(RECORD_SHIFTS)
    page.goto(serve_dir(sample_portal) + url)
    page.wait_for_selector("[data-gh-catalogue][data-ready]")
    page.wait_for_load_state("networkidle")
    # Two frames after everything loaded: shifts from the last changes are reported.
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    shifts = page.evaluate("window.__shifts")
    assert sum(shifts) < 0.05, shifts
    assert page.locator("[data-gh-filters]").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_the_cards_use_the_whole_width(
    browser, sample_portal: Path, serve_dir, width: str
) -> None:
    w, h = WIDTHS[width]
    context = browser.new_context(java_script_enabled=False, viewport={"width": w, "height": h})
    try:
        page = context.new_page()
        page.goto(serve_dir(sample_portal) + "catalogue/")
        catalogue = page.locator("[data-gh-catalogue]").bounding_box()
        cards = page.locator("[data-gh-results]").bounding_box()
        assert catalogue and cards
        assert cards["width"] >= catalogue["width"] - 1, (cards, catalogue)
        # Filters that need the script are not offered without it; the plain lists are.
        assert not page.locator("[data-gh-filters]").is_visible()
        assert page.locator(".gh-lists a").first.is_visible()
        # Several cards side by side on a desktop, one under another on a phone.
        tops = [
            box["y"]
            for box in page.locator("[data-gh-results] > li").evaluate_all(
                "(items) => items.slice(0, 3).map((li) => li.getBoundingClientRect().toJSON())"
            )
        ]
        assert (tops[0] == tops[1]) == (width == "desktop"), tops
    finally:
        context.close()
