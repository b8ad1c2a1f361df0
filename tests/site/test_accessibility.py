"""axe-core in real Chromium over every kind of page of the sample portal, in both of
Material's palettes, on a desktop and a phone: no serious or critical finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from portal_pages import page_types

pytestmark = pytest.mark.browser

#: Material keeps the chosen palette in localStorage, under the site's scope ("/" here).
PALETTES = {
    "default": {
        "index": 0,
        "color": {"media": "", "scheme": "default", "primary": "green", "accent": "light-green"},
    },
    "slate": {
        "index": 1,
        "color": {"media": "", "scheme": "slate", "primary": "green", "accent": "light-green"},
    },
}
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def use_palette(page, scheme: str) -> None:
    """Open every page of this tab in `scheme`, as if chosen with the header's toggle."""
    page.add_init_script(
        f"localStorage.setItem('/.__palette', {json.dumps(json.dumps(PALETTES[scheme]))});"
    )


def serious_findings(page, name: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            why = node.get("failureSummary", "").replace("\n", " ")
            found.append(f"{name}: {violation['id']} {node['target']} {why[:160]}")
    return found


@pytest.mark.parametrize("scheme", PALETTES)
@pytest.mark.parametrize("width", WIDTHS)
def test_no_serious_accessibility_findings_on_any_page(
    page, sample_portal: Path, serve_dir, scheme: str, width: str
) -> None:
    base = serve_dir(sample_portal)
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    use_palette(page, scheme)
    found: list[str] = []
    for name, url in page_types(sample_portal).items():
        page.goto(base + url)
        page.wait_for_load_state("networkidle")
        assert page.locator("body").get_attribute("data-md-color-scheme") == scheme, name
        found += serious_findings(page, name)
    # The header search with its results open, over the home page.
    page.goto(base)
    if width == "phone":
        page.locator("#gh-search-input").focus()
    page.locator("#gh-search-input").fill("kotlin")
    page.wait_for_selector(".gh-search__results li")
    found += serious_findings(page, "search results")
    assert found == [], "\n".join(found)
