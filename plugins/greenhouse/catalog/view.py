"""What catalogue, home and path templates ask for, as plain Python (no MkDocs)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from greenhouse.catalog.entries import Entry
from greenhouse.catalog.facets import (
    FACETS,
    PROJECT_FACETS,
    RECORD_ATTRIBUTES,
    Facet,
    facet_counts,
)
from greenhouse.catalog.listing import CATALOGUES, Catalogue, ListPage, list_pages, request_url
from greenhouse.model.types import Item
from greenhouse.site.view import PortalView


@dataclass(frozen=True)
class CataloguePage:
    """Everything one faceted listing page renders."""

    catalogue: Catalogue
    entries: tuple[Entry, ...]  # current (not archived) entries, in order
    first: tuple[Entry, ...]  # rendered as cards in the HTML
    facets: list[Facet]
    lists: list[ListPage]  # plain-link pages (empty when `first` shows everything)
    archived: int
    page_size: int


@dataclass(frozen=True)
class ArchivePage:
    entries: tuple[Entry, ...]


@dataclass
class CatalogView:
    """Catalogue lookups for templates: `catalog` in every page's context."""

    gh: PortalView
    entries: Sequence[Entry]
    request_form: str | None
    site_url: str
    page_size: int = 24
    list_size: int = 500
    #: Ids of the items published last, newest first (see `calendar.rss.newest_items`).
    recent_ids: Sequence[str] = ()
    #: The contributors' guide page, when the site has one (``contribute.md``).
    contribute_url: str | None = None
    by_id: dict[str, Entry] = field(init=False)
    _listed: dict[tuple[str | None, bool], tuple[Entry, ...]] = field(init=False, repr=False)
    #: For catalog.js, written into the page: the facets in order, and the record
    #: attribute of each whose name differs (Python keeps the one list); the header
    #: search's facets, then the hack-week catalogue's own.
    facet_names: tuple[str, ...] = FACETS + PROJECT_FACETS
    facet_attributes: dict[str, str] = field(default_factory=lambda: dict(RECORD_ATTRIBUTES))
    #: The hack-week catalogue's own facets: no search record carries them.
    project_facets: tuple[str, ...] = PROJECT_FACETS

    def __post_init__(self) -> None:
        self.by_id = {e.item.id: e for e in self.entries}
        # Every catalogue's entries, current and archived, in catalogue order: sorted out in
        # one pass here (`mkdocs serve` makes them again on every rebuild).
        listed: dict[tuple[str | None, bool], list[Entry]] = defaultdict(list)
        for entry in self.entries:
            archived = entry.archived
            listed[None, archived].append(entry)
            listed[entry.item.type, archived].append(entry)
        self._listed = {key: tuple(entries) for key, entries in listed.items()}

    def listed(self, catalogue: Catalogue, *, archived: bool = False) -> tuple[Entry, ...]:
        """The catalogue's entries: the current ones by default, or only the archived ones."""
        return self._listed.get((catalogue.type, archived), ())

    def page(self, catalogue: Catalogue) -> CataloguePage:
        current = self.listed(catalogue)
        skip: tuple[str, ...] = ("type",) if catalogue.type else ()
        if catalogue.type != "project":
            skip += PROJECT_FACETS
        facets = facet_counts(current, self.gh.content, self.facet_label, skip=skip)
        many = len(current) > self.page_size
        lists = list_pages(catalogue, current, self.list_size) if many else []
        return CataloguePage(
            catalogue,
            tuple(current),
            tuple(current[: self.page_size]),
            facets,
            lists,
            len(self.listed(catalogue, archived=True)),
            self.page_size,
        )

    @property
    def catalogues(self) -> tuple[Catalogue, ...]:
        return CATALOGUES

    def pages(self) -> list[CataloguePage]:
        return [self.page(c) for c in CATALOGUES]

    def facet_label(self, facet: str, value: str) -> str:
        if facet in ("competency", "looking_for"):
            return self.gh.competency(value).name
        if facet == "area":
            return self.gh.content.framework.areas_by_id[value].name
        if facet == "upcoming":
            return self.gh.t("facet_upcoming_yes")
        return self.gh.label(facet, value)

    def cost(self, item: Item) -> str:
        """The cost as on item pages (see `PortalView.cost`)."""
        return self.gh.cost(item)

    def request(self, item: Item) -> str:
        """The prefilled "Request this course" link, for a course with a cost."""
        if not self.request_form or item.type != "course" or item.cost is None:
            return ""
        return request_url(self.request_form, item.title, self.site_url + item.page_url)

    def when(self, entry: Entry) -> tuple[str, str]:
        """What the entry's card says about when (see `PortalView.card_when`)."""
        return self.gh.card_when(entry.item, entry.next_start, entry.dated)

    def upcoming(self, limit: int = 6) -> list[Entry]:
        return [e for e in self.entries if e.upcoming and not e.archived][:limit]

    def paths(self, featured: Sequence[str] | None = None, limit: int = 6) -> list[Entry]:
        """The `featured` paths (ids, in that order) when given, else the first in
        catalogue order; never an archived one."""
        if featured:
            chosen = [self.by_id.get(path_id) for path_id in featured]
            return [e for e in chosen if e and e.item.type == "path" and not e.archived][:limit]
        return [e for e in self.entries if e.item.type == "path" and not e.archived][:limit]

    def recent(self, limit: int = 6) -> list[Entry]:
        """What was published last, newest first."""
        found = (self.by_id.get(item_id) for item_id in self.recent_ids)
        return [e for e in found if e is not None and not e.archived][:limit]

    def counts(self) -> dict[str, int]:
        """How many current items each catalogue lists, by its key."""
        return {c.key: len(self.listed(c)) for c in CATALOGUES}

    def areas(self) -> list[tuple[Any, int]]:
        """Competency areas with how many current items build them."""
        counts = {a.id: 0 for a in self.gh.content.framework.areas}
        for entry in self.entries:
            if not entry.archived:
                for area in entry.areas:
                    counts[area] += 1
        return [(a, counts[a.id]) for a in self.gh.content.framework.areas if counts[a.id]]
