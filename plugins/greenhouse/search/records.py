"""Search records: one per section of every published item's and person's page.

The records file (``search/records.json`` in the built site) is what ``greenhouse
index`` sends to Algolia, so its shape is a contract:

- ``objectID`` ``<page id>#<anchor>``: the page id is the item id (``workshops/x``),
  ``people/<slug>``, ``competencies/<id>`` or ``careers/<track>``; the anchor is the
  heading's id, empty for the page's intro, and a section too long for one record
  continues as ``#<anchor>~2``, ``~3``...
- no ``hash``: ``greenhouse index`` adds it (`greenhouse.search.algolia.record_hash`) when
  it reads the file, so only a sync pays for it; the size limit leaves room for it.
- ``page_id`` (distinct), ``url`` (site-relative), ``lvl0``..``lvl3``, ``content``;
  facets ``type``, ``competencies``, ``area``, ``level``, ``format``, ``language``,
  ``upcoming``; ``sort_key`` (epoch seconds of the next session, else of the item's
  date or its last held session, else 0); ``catalogue_rank`` (the catalogue's order,
  highest first: see `catalogue_rank`); ``summary``, ``when`` and ``archived`` for the
  catalogue's cards (``when`` is the card's text when no session is coming; ``cost``, the
  cost as item pages write it, only on an item that has one).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, TypedDict

from greenhouse.calendar.occurrences import last_start, next_occurrence
from greenhouse.catalog.entries import last_date
from greenhouse.model.types import Content, Item, Person
from greenhouse.search.html_sections import Section, page_sections
from greenhouse.site.view import PortalView

#: Algolia's free plan allows 10 KB a record; we stay under 8 KB with room to spare.
MAX_RECORD_BYTES = 8000
#: The most bytes JSON writes for one character, and for the keys a section's records add
#: to what the page's have (``objectID``, ``url``, ``lvl2``, ``lvl3``, ``content``, ``hash``),
#: their punctuation, a part's ``~99`` and the hash.
_MOST_PER_CHARACTER = 6
_KEYS_AND_HASH = 200
#: Marks the continuation of a split section in its objectID; toc ids never contain it.
PART_MARK = "~"


class Facets(TypedDict):
    """The facets of a page, shared by records and by the embedded search's filters."""

    type: str
    competencies: list[str]
    area: list[str]
    level: str | None
    format: str | None
    language: str | None
    upcoming: bool


def page_id(entry: Item | Person) -> str:
    """The id of an item's or person's page: the item id, or ``people/<slug>``."""
    return entry.id if isinstance(entry, Item) else f"people/{entry.id}"


def facets(
    entry: Item | Person, content: Content, now: datetime, *, upcoming: bool | None = None
) -> Facets:
    """What the search can filter a page by; a person's competencies are what they mentor.
    `upcoming` is whether a session is coming, when the caller knows it already."""
    if isinstance(entry, Person):
        competencies = list(entry.mentoring.competencies) if entry.mentoring else []
        return Facets(
            type="person",
            competencies=competencies,
            area=_areas(competencies, content),
            level=None,
            format=None,
            language=None,
            upcoming=False,
        )
    return Facets(
        type=entry.type,
        competencies=list(entry.competencies),
        area=_areas(entry.competencies, content),
        level=entry.level,
        format=entry.format,
        language=entry.language,
        upcoming=next_occurrence(entry, now) is not None if upcoming is None else upcoming,
    )


@dataclass(frozen=True)
class _Timing:
    """When an item's sessions are, worked out once per page for all its records."""

    next_start: datetime | None = None  # the next session's start, if one is coming
    dated: datetime | None = None  # else the date that places it (`last_date`)
    held: datetime | None = None  # else its last held session, whatever its type

    @classmethod
    def of(cls, entry: Item | Person, now: datetime) -> _Timing:
        if isinstance(entry, Person):
            return cls()
        upcoming = next_occurrence(entry, now)
        if upcoming is not None:
            return cls(next_start=upcoming.start)
        return cls(dated=last_date(entry, now), held=last_start(entry, now))


def sort_key(entry: Item | Person, timing: _Timing) -> int:
    """Epoch seconds of the next session; else of the item's date or last held session; else 0."""
    if isinstance(entry, Person):
        return 0
    if timing.next_start is not None:
        return int(timing.next_start.timestamp())
    if entry.date is not None:
        return int(datetime.combine(entry.date, time(), tzinfo=UTC).timestamp())
    return int(timing.held.timestamp()) if timing.held is not None else 0


#: Above every epoch second of a session (until the year 2242): upcoming sessions rank
#: above everything else, and the sooner the higher.
_UPCOMING_RANK = 2**33


def catalogue_rank(timing: _Timing) -> int:
    """The catalogue's order as a number, highest first: items with an upcoming session,
    soonest first; then those that are dated, the newest first (epoch seconds of the
    hack-week edition or the last session); then the rest (0), as the embedded
    catalogue lists them. The index breaks ties by title (``customRanking``:
    ``desc(catalogue_rank)``, ``asc(lvl1)``)."""
    if timing.next_start is not None:
        return _UPCOMING_RANK - int(timing.next_start.timestamp())
    return max(0, int(timing.dated.timestamp())) if timing.dated is not None else 0


def build_records(
    content: Content,
    pages_html: Mapping[str, str],
    now: datetime,
    language: str,
) -> list[dict[str, Any]]:
    """Records of every published item and person whose rendered body is in `pages_html`.

    `pages_html` maps page ids (see :func:`page_id`) to the HTML of the page's Markdown
    body. Drafts never become records even if their HTML is given; pages that are not
    items or people (generated listings, the home page) have no entry and no records.
    """
    view = PortalView(content, language, now)
    entries: list[Item | Person] = [*content.published, *content.people.values()]
    records: list[dict[str, Any]] = []
    for entry in sorted(entries, key=page_id):
        html = pages_html.get(page_id(entry))
        if html is not None:
            records.extend(entry_records(entry, html, view))
    return records


def site_records(
    content: Content,
    pages_html: Mapping[str, str],
    now: datetime,
    language: str,
) -> list[dict[str, Any]]:
    """Every record of the site: items and people (:func:`build_records`), then the
    competency and career-track pages (:func:`framework_records`)."""
    view = PortalView(content, language, now)
    return [*build_records(content, pages_html, now, language), *framework_records(view)]


def framework_records(view: PortalView) -> Iterator[dict[str, Any]]:
    """Records of the competency and career-track pages, which the directory generates from
    the framework: a competency's description and its levels; a track's steps, each at its
    own anchor (``#step-N``). Written from the model, so that they are the same whatever
    the directory's templates show around them."""
    framework = view.content.framework
    for competency in sorted(framework.competencies.values(), key=lambda c: c.id):
        base = _framework_base(view, "competency", f"competencies/{competency.id}")
        base |= {"lvl1": competency.name, "competencies": [competency.id]}
        base |= {"area": [competency.area], "summary": competency.description}
        yield _record(base, "", None, competency.description)
        levels = " ".join(
            f"{view.t(f'level_{level}')}: {text}" for level, text in competency.levels.items()
        )
        if levels:
            yield _record(base, "gh-levels", view.t("dir_levels"), levels)
    for track in sorted(framework.tracks, key=lambda t: t.id):
        base = _framework_base(view, "track", f"careers/{track.id}")
        base |= {"lvl1": track.name, "summary": track.discipline}
        steps = " · ".join(step.title for step in track.steps)
        yield _record(base, "", None, f"{track.discipline}: {steps}")
        for step in track.steps:
            title = view.t("dir_step_title", n=step.step, title=step.title)
            yield _record(base, f"step-{step.step}", title, step.summary)


def _framework_base(view: PortalView, kind: str, page: str) -> dict[str, Any]:
    return {
        "page_id": page,
        "lvl0": view.t(f"type_{kind}"),
        "type": kind,
        "competencies": [],
        "area": [],
        "level": None,
        "format": None,
        "language": None,
        "upcoming": False,
        "sort_key": 0,
        "catalogue_rank": 0,
        "when": "",
        "archived": False,
    }


def _record(base: dict[str, Any], anchor: str, heading: str | None, text: str) -> dict[str, Any]:
    """A framework page's record: short texts, always one record per section."""
    page = base["page_id"]
    return {
        "objectID": f"{page}#{anchor}",
        **base,
        "url": f"{page}/#{anchor}" if anchor else f"{page}/",
        "lvl2": heading,
        "lvl3": None,
        "content": text,
    }


def entry_records(entry: Item | Person, html: str, view: PortalView) -> Iterator[dict[str, Any]]:
    """The records of one page, in page order."""
    content, now = view.content, view.now
    timing = _Timing.of(entry, now)
    base = {
        "page_id": page_id(entry),
        "lvl0": view.t(f"type_{entry.type}"),
        "lvl1": entry.name if isinstance(entry, Person) else entry.title,
        **facets(entry, content, now, upcoming=timing.next_start is not None),
        "sort_key": sort_key(entry, timing),
        "catalogue_rank": catalogue_rank(timing),
        # For the catalogue's cards and its default view, drawn from hits when it uses
        # Algolia; the same on every record of a page, so whichever `distinct` keeps will do.
        "summary": _lead(entry),
        "when": _when(entry, timing, view),
        "archived": isinstance(entry, Item) and entry.archived,
    }
    if isinstance(entry, Item) and entry.cost is not None:
        base["cost"] = view.cost(entry)  # only where there is one: other records keep their hash
    base_size = record_size(base)
    h2 = None
    for section in page_sections(html):
        if section.level == 2:
            h2 = section.heading
        text = section.text
        if section.level == 1:
            text = " ".join(filter(None, [_lead(entry), text]))
        elif not text and not section.heading:
            continue
        record = {
            **base,
            "url": f"{entry.page_url}#{section.anchor}" if section.anchor else entry.page_url,
            "lvl2": h2 if section.level >= 2 else None,
            "lvl3": section.heading if section.level == 3 else None,
        }
        yield from _split(record, section, text, base_size)


def _when(entry: Item | Person, timing: _Timing, view: PortalView) -> str:
    """The card's text about when, for an item with no session coming (the browser writes
    an upcoming session's time in the reader's format itself)."""
    if isinstance(entry, Person) or timing.next_start is not None:
        return ""
    return view.card_when(entry, None, timing.dated)[1]


def records_json(records: Iterable[dict[str, Any]]) -> str:
    """The records file's text: one record per line, so diffs of it stay readable."""
    return (
        "[\n"
        + ",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
        + "\n]\n"
    )


def record_size(record: Mapping[str, Any]) -> int:
    """Bytes of the record as JSON, the size Algolia counts."""
    return len(json.dumps(record, ensure_ascii=False).encode("utf-8"))


def _split(
    record: dict[str, Any], section: Section, text: str, base_size: int
) -> Iterator[dict[str, Any]]:
    """The section's record, or its parts when it is too long for one; `base_size` is the
    size of what every record of the page has (`record_size` of it)."""
    object_id = f"{record['page_id']}#{section.anchor}"
    # JSON writes at most six bytes for a character (\u001f): most sections fit without
    # being measured.
    added = (record["url"], record["lvl2"] or "", record["lvl3"] or "", object_id, text)
    if base_size + _MOST_PER_CHARACTER * sum(map(len, added)) + _KEYS_AND_HASH <= MAX_RECORD_BYTES:
        chunks: Iterable[str] = [text]
    else:
        # The hash the sync adds is 40 characters plus its key: a placeholder of that size.
        budget = MAX_RECORD_BYTES - record_size(
            {**record, "objectID": object_id + "~99", "hash": "0" * 40, "content": ""}
        )
        chunks = _chunks(text, budget)
    for number, chunk in enumerate(chunks, start=1):
        yield {
            "objectID": object_id if number == 1 else f"{object_id}{PART_MARK}{number}",
            **record,
            "content": chunk,
        }


def _chunks(text: str, budget: int) -> Iterator[str]:
    """`text` cut between words into pieces whose JSON strings fit in `budget` bytes."""
    if _json_bytes(text) <= budget:
        yield text
        return
    words: list[str] = []
    used = 0
    for word in text.split(" "):
        size = _json_bytes(word) + 1
        if words and used + size > budget:
            yield " ".join(words)
            words, used = [], 0
        if size > budget:  # a single "word" longer than a record (a pasted blob): cut it
            word = word[: budget // 4]
            size = _json_bytes(word) + 1
        words.append(word)
        used += size
    if words:
        yield " ".join(words)


def _json_bytes(text: str) -> int:
    return len(json.dumps(text, ensure_ascii=False).encode("utf-8")) - 2


def _lead(entry: Item | Person) -> str:
    if isinstance(entry, Person):
        return " · ".join(filter(None, [entry.title, entry.department, entry.location]))
    return entry.summary


def _areas(competencies: Iterable[str], content: Content) -> list[str]:
    known = content.framework.competencies
    areas = (known[c].area for c in competencies if c in known)
    return sorted(set(areas))
