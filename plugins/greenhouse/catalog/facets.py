"""Facets of the catalogue, their counts, and the compact index the browser filters with.

The browser gets every item as a short row of integer codes (see `facet_index`); titles
and addresses come in a second file, loaded when a filter first needs to draw cards (see
`title_index`), and what else cards show in chunks (see `card_details`). That keeps the
first view of a 5,000-item catalogue small: the page itself shows the default view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from greenhouse.catalog.entries import Entry
from greenhouse.model.fields import ITEM_TYPES
from greenhouse.model.types import FORMATS, LEVELS, STAGES, TYPE_FOLDERS, Content

#: The facets, in the order the filter shows them. AND across facets, OR within one.
#: The one list: the header search (`search.browser`) and, through the catalogue page,
#: catalog.js read it.
FACETS: tuple[str, ...] = (
    "type",
    "competency",
    "area",
    "level",
    "format",
    "language",
    "upcoming",
)
#: The search records' attribute for a facet, where its name differs (`search.records`).
RECORD_ATTRIBUTES: Mapping[str, str] = MappingProxyType({"competency": "competencies"})
#: Facets of the hack-week catalogue alone: only projects have them, and the search records
#: do not carry them.
PROJECT_FACETS: tuple[str, ...] = ("stage", "looking_for")
#: The one value of the `upcoming` facet (a checkbox: "has an upcoming session").
UPCOMING = "1"


@dataclass(frozen=True)
class FacetValue:
    id: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    """One facet with every value it can take, counted over a set of entries."""

    name: str
    values: tuple[FacetValue, ...]


def entry_values(entry: Entry) -> Mapping[str, tuple[str, ...]]:
    """The values an entry has for each facet (several for competency and area)."""
    item = entry.item
    return {
        "type": (item.type,),
        "stage": (item.stage,) if item.stage else (),
        "looking_for": item.looking_for,
        "competency": item.competencies,
        "area": entry.areas,
        "level": (item.level,) if item.level else (),
        "format": (item.format,) if item.format else (),
        "language": (item.language,),
        "upcoming": (UPCOMING,) if entry.upcoming else (),
    }


def facet_choices(content: Content) -> dict[str, tuple[str, ...]]:
    """Every value each facet can take, in display order (the framework's for competencies)."""
    framework = content.framework
    return {
        "type": ITEM_TYPES,
        "stage": STAGES,
        "looking_for": tuple(framework.competencies),
        "competency": tuple(framework.competencies),
        "area": tuple(a.id for a in framework.areas),
        "level": LEVELS,
        "format": FORMATS,
        "language": content.settings.languages,
        "upcoming": (UPCOMING,),
    }


def facet_counts(
    entries: Iterable[Entry],
    content: Content,
    label: Callable[[str, str], str],
    *,
    skip: Sequence[str] = (),
) -> list[Facet]:
    """Facets with counts over `entries` (no selection), values nobody has left out.

    `label(facet, value)` names a value for people; `skip` leaves facets out (a type's
    own catalogue has no type facet).
    """
    # Every (facet, value) pair of every entry, counted in one pass.
    counts = Counter(
        (name, value)
        for entry in entries
        for name, values in entry_values(entry).items()
        for value in values
    )
    facets = []
    for name, choices in facet_choices(content).items():
        if name in skip:
            continue
        present = tuple(
            FacetValue(value, label(name, value), counts[name, value])
            for value in choices
            if counts[name, value]
        )
        if present:
            facets.append(Facet(name, present))
    return facets


def facet_index(
    entries: Sequence[Entry],
    content: Content,
    label: Callable[[str, str], str],
    *,
    chunk_size: int,
    titles: str,
) -> dict[str, Any]:
    """The data the catalogue filter needs, small enough to load on the first view.

    ``facets[name]`` lists ``[id, label]`` per value (competencies add their area's
    index); ``items`` has one row per entry, in catalogue order::

        [type, [competencies], level, format, language, flags, stage, [looking for]]

    where the facet fields are indexes into ``facets`` (-1: none) and ``flags`` is
    1 for upcoming + 2 for archived. Areas are derived from competencies in the browser;
    the skills a project is looking for are indexes into ``facets["competency"]`` (the
    same list: ``facets`` has no ``looking_for`` of its own).
    Row ``i``'s slug and title are row ``i`` of the file at `titles` (a URL relative to
    this file's; see `title_index`), and its card details are in chunk ``i // chunk_size``
    (see `card_details`).
    """
    choices = facet_choices(content)
    codes = {name: {value: n for n, value in enumerate(values)} for name, values in choices.items()}
    competencies = content.framework.competencies
    facets: dict[str, list[list[Any]]] = {}
    for name, values in choices.items():
        if name != "looking_for":
            facets[name] = [[value, label(name, value)] for value in values]
    for row in facets["competency"]:
        row.append(codes["area"][competencies[row[0]].area])
    rows = []
    for entry in entries:
        item = entry.item
        rows.append(
            [
                codes["type"][item.type],
                [codes["competency"][c] for c in item.competencies],
                codes["level"].get(item.level or "", -1),
                codes["format"].get(item.format or "", -1),
                codes["language"].get(item.language, -1),
                (1 if entry.upcoming else 0) + (2 if entry.archived else 0),
                codes["stage"].get(item.stage or "", -1),
                [codes["competency"][c] for c in item.looking_for],
            ]
        )
    return {
        "facets": facets,
        "folders": [TYPE_FOLDERS[t] for t in choices["type"]],
        "chunk": chunk_size,
        "titles": titles,
        "items": rows,
    }


def title_index(entries: Sequence[Entry]) -> list[list[str]]:
    """``[slug, title]`` per entry, in the order of `facet_index`'s rows."""
    return [[entry.item.slug, entry.item.title] for entry in entries]
