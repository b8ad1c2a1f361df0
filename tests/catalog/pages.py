"""What a person does on a catalogue page, shared by the catalogue's browser tests."""

from __future__ import annotations


def open_catalogue(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-gh-catalogue][data-ready]")


def count_of(page, facet: str, value: str) -> str:
    return page.locator(f'input[name="{facet}"][value="{value}"] ~ [data-count]').inner_text()


def box(page, facet: str, value: str):
    return page.locator(f'input[name="{facet}"][value="{value}"]')


def titles(page) -> list[str]:
    """The titles of the cards shown, once the filter has drawn them (cards wait for the
    catalogue's titles file when a filter is used before it has loaded)."""
    page.wait_for_selector("[data-gh-results]:not([aria-busy])", state="attached")
    return page.locator("[data-gh-results] .gh-card__title a").all_inner_texts()
