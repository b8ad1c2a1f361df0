"""The catalogue pages: which exist, what each lists, plain-link pages for browsing without
JavaScript, lazily loaded card details, and the "Request this course" link."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from greenhouse.catalog.entries import Entry


@dataclass(frozen=True)
class Catalogue:
    """A faceted listing: the whole catalogue, or one type's (``type`` is then set)."""

    key: str  # "all" or the folder name; also names its plain-link pages
    url: str  # relative to the site root
    type: str | None

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


CATALOGUES: tuple[Catalogue, ...] = (
    Catalogue("all", "catalogue/", None),
    Catalogue("courses", "courses/", "course"),
    Catalogue("academy", "academy/", "talk"),
    Catalogue("workshops", "workshops/", "workshop"),
    Catalogue("hack-week", "hack-week/", "project"),
    Catalogue("paths", "paths/", "path"),
)


@dataclass(frozen=True)
class ListPage:
    """One page of plain links: the catalogue without JavaScript.

    They live under ``catalogue/`` because item slugs can never clash with it.
    """

    catalogue: Catalogue
    number: int  # from 1
    count: int  # how many pages this catalogue has
    entries: tuple[Entry, ...]
    first: int = 1  # the position of its first entry in the catalogue, from 1

    @property
    def last(self) -> int:
        return self.first + len(self.entries) - 1

    @property
    def url(self) -> str:
        return f"catalogue/{self.catalogue.key}/{self.number}/"

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"


def list_pages(catalogue: Catalogue, entries: Sequence[Entry], size: int) -> list[ListPage]:
    """Pages of at most `size` plain links, none when one page of cards already shows all."""
    chunks = [tuple(entries[i : i + size]) for i in range(0, len(entries), size)]
    return [
        ListPage(catalogue, n, len(chunks), chunk, first=(n - 1) * size + 1)
        for n, chunk in enumerate(chunks, 1)
    ]


def request_url(template: str, title: str, url: str) -> str:
    """The course-request form link, with ``{title}`` and ``{url}`` filled in, URL-encoded."""
    return template.replace("{title}", quote(title, safe="")).replace("{url}", quote(url, safe=""))


def card_details(
    entries: Sequence[Entry],
    *,
    chunk_size: int,
    when: Callable[[Entry], tuple[str, str]],
    cost: Callable[[Entry], str],
    request: Callable[[Entry], str],
) -> list[list[list[Any]]]:
    """What cards show beyond the filter data, in chunks the browser loads when needed.

    Each row is ``[summary, language, when_iso, when_text, cost_text, request_url]``, and a
    learning path's adds ``[id, [step ids]]`` for the progress kept in the browser; `when`
    gives what the card says about when (see `PortalView.card_when`).
    """
    rows = []
    for entry in entries:
        iso, text = when(entry)
        item = entry.item
        row: list[Any] = [item.summary, item.language, iso, text, cost(entry), request(entry)]
        if item.type == "path":
            row.append([item.id, list(item.steps)])
        rows.append(row)
    return [rows[i : i + chunk_size] for i in range(0, len(rows), chunk_size)]
