"""What counts as learning, shared by every directory page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from operator import attrgetter

from greenhouse.model.fields import ITEM_TYPES
from greenhouse.model.types import LEVELS, Content, Item

#: Types that teach a competency. Hack-week projects use and want skills; they are
#: listed on competency pages but do not count as learning that builds a level.
LEARNING_TYPES: tuple[str, ...] = tuple(t for t in ITEM_TYPES if t != "project")
#: The order in which a competency page lists its items: learning first.
TYPE_ORDER: tuple[str, ...] = (*LEARNING_TYPES, "project")


def current(content: Content) -> tuple[Item, ...]:
    """Published items in the default view: drafts and archived items left out."""
    return content.current


def learning(items: Iterable[Item]) -> list[Item]:
    return [i for i in items if i.type in LEARNING_TYPES]


def level_rank(level: str | None) -> int:
    """0 for none, then 1.. for intro, intermediate, advanced."""
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def by_title(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=attrgetter("title_order"))


def newest_edition_first(projects: Iterable[Item]) -> list[Item]:
    """Hack-week projects by edition, the newest first (as `/hack-week/` lists them), then
    by title; a project without a dated edition last."""
    undated = datetime.min.replace(tzinfo=UTC)
    ordered = by_title(projects)
    ordered.sort(key=lambda i: i.edition_start or undated, reverse=True)
    return ordered
