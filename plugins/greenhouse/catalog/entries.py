"""Catalogue entries: a published item with what listings need to know about it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from greenhouse.calendar.occurrences import last_start, next_occurrence
from greenhouse.model.types import Content, Item


@dataclass(frozen=True)
class Entry:
    """One published item as catalogues see it: its next session decides "upcoming"."""

    item: Item
    next_start: datetime | None
    areas: tuple[str, ...]
    #: When it was last held, for items with nothing coming (cards say so).
    last_start: datetime | None = None

    @property
    def upcoming(self) -> bool:
        return self.next_start is not None

    @property
    def archived(self) -> bool:
        return self.item.status == "archived"


#: The month a hack-week edition's season starts, to date "2026-autumn".
SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def edition_date(item: Item) -> datetime | None:
    """When a hack-week edition began, roughly: ``2026-autumn`` is 1 Sep 2026, ``2026`` 1 Jan."""
    if not item.edition:
        return None
    year, _, season = item.edition.partition("-")
    if not year.isdigit():
        return None
    return datetime(int(year), SEASON_MONTHS.get(season, 1), 1, tzinfo=UTC)


def catalogue_entries(content: Content, now: datetime) -> list[Entry]:
    """Every published item (archived included), in catalogue order.

    What happens next comes first, soonest first, because that is what people act on;
    then what has happened, the most recent first (a talk's last session, a hack-week
    project's edition); then the rest alphabetically, so that a long list is easy to scan.
    """
    competencies = content.framework.competencies
    entries = []
    for item in content.published:
        upcoming = next_occurrence(item, now)
        areas = tuple(dict.fromkeys(competencies[c].area for c in item.competencies))
        if upcoming is not None:
            entries.append(Entry(item, upcoming.start, areas))
        else:
            entries.append(Entry(item, None, areas, last_start(item, now)))
    entries.sort(key=_order)
    return entries


def last_happened(item: Item, now: datetime) -> datetime | None:
    """When an item with nothing coming last happened: its last session, else its edition."""
    return last_start(item, now) or edition_date(item)


def _order(entry: Entry) -> tuple[int, float, str, str]:
    title = entry.item.title.casefold()
    if entry.next_start is not None:
        return (0, entry.next_start.timestamp(), title, entry.item.id)
    happened = entry.last_start or edition_date(entry.item)
    if happened is not None:
        return (1, -happened.timestamp(), title, entry.item.id)
    return (2, 0.0, title, entry.item.id)
