"""Catalogue entries: a published item with what listings need to know about it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from greenhouse.calendar.occurrences import NextOf, last_start, next_occurrence
from greenhouse.model.types import Content, Item


@dataclass(frozen=True)
class Entry:
    """One published item as catalogues see it: its next session decides "upcoming"."""

    item: Item
    next_start: datetime | None
    areas: tuple[str, ...]
    #: For an item with nothing coming: the date that places it (see `last_date`).
    dated: datetime | None = None

    @property
    def upcoming(self) -> bool:
        return self.next_start is not None

    @property
    def archived(self) -> bool:
        return self.item.archived


def on_demand(item: Item) -> bool:
    """Courses, paths and self-paced items: taken when one likes, never "held"."""
    return item.type in ("course", "path") or item.format == "self-paced"


def last_date(item: Item, now: datetime) -> datetime | None:
    """The date that places an item with nothing coming, for the order and the cards: a
    hack-week project's edition, a coming one too (the newest edition comes first), else
    when a talk or workshop was last held. On-demand items have none (they are always
    available)."""
    if on_demand(item):
        return None
    if item.edition_start is not None:
        return item.edition_start
    return last_start(item, now)


def catalogue_entries(
    content: Content, now: datetime, next_of: NextOf | None = None
) -> list[Entry]:
    """Every published item (archived included), in catalogue order.

    What happens next comes first, soonest first, because that is what people act on;
    then what is dated, the newest first (a hack-week project's edition, a talk's last
    session); then the rest alphabetically, so that a long list is easy to scan.
    `next_of` gives an item's next occurrence after `now` (`PortalView.next`, which
    remembers it), by default worked out here.
    """
    competencies = content.framework.competencies
    entries = []
    for item in content.published:
        upcoming = next_of(item) if next_of is not None else next_occurrence(item, now)
        areas = tuple(dict.fromkeys(competencies[c].area for c in item.competencies))
        if upcoming is not None:
            entries.append(Entry(item, upcoming.start, areas))
        else:
            entries.append(Entry(item, None, areas, last_date(item, now)))
    entries.sort(key=_order)
    return entries


def _order(entry: Entry) -> tuple[int, float, str, str]:
    title = entry.item.title.casefold()
    if entry.next_start is not None:
        return (0, entry.next_start.timestamp(), title, entry.item.id)
    if entry.dated is not None:
        return (1, -entry.dated.timestamp(), title, entry.item.id)
    return (2, 0.0, title, entry.item.id)
