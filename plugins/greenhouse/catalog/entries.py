"""Catalogue entries: a published item with what listings need to know about it now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from greenhouse.calendar.occurrences import next_occurrence
from greenhouse.model.types import Content, Item


@dataclass(frozen=True)
class Entry:
    """One published item as catalogues see it: its next session decides "upcoming"."""

    item: Item
    next_start: datetime | None
    areas: tuple[str, ...]

    @property
    def upcoming(self) -> bool:
        return self.next_start is not None

    @property
    def archived(self) -> bool:
        return self.item.status == "archived"


def catalogue_entries(content: Content, now: datetime) -> list[Entry]:
    """Every published item (archived included), in catalogue order.

    What happens next comes first, soonest first, because that is what people act on;
    everything else follows alphabetically so that a long list is easy to scan.
    """
    competencies = content.framework.competencies
    entries = []
    for item in content.published:
        upcoming = next_occurrence(item, now)
        areas = tuple(dict.fromkeys(competencies[c].area for c in item.competencies))
        entries.append(Entry(item, upcoming.start if upcoming else None, areas))
    entries.sort(key=_order)
    return entries


def _order(entry: Entry) -> tuple[int, float, str, str]:
    if entry.next_start is not None:
        return (0, entry.next_start.timestamp(), entry.item.title.casefold(), entry.item.id)
    return (1, 0.0, entry.item.title.casefold(), entry.item.id)
