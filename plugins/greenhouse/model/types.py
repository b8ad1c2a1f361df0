"""The typed, immutable content model: items, people, sessions and the framework.

Each front-matter field is declared here once, with its specification (see
:mod:`greenhouse.model.fields`); field order follows the contract and is the order in
which ``greenhouse new`` and the CMS write files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from greenhouse.model.fields import ALL_ITEM_TYPES, SEASON_MONTHS, FieldSpec, spec
from greenhouse.model.settings import Settings

if TYPE_CHECKING:
    from greenhouse.model.pages import TopPage

LEVELS: tuple[str, ...] = ("intro", "intermediate", "advanced")
FORMATS: tuple[str, ...] = ("in-person", "online", "hybrid", "self-paced")
STATUSES: tuple[str, ...] = ("draft", "published", "archived")
SESSION_STATUSES: tuple[str, ...] = ("scheduled", "cancelled")
STAGES: tuple[str, ...] = ("idea", "building", "shipped", "paused")

#: Content folder -> content type. The folder decides the type.
FOLDER_TYPES: Mapping[str, str] = MappingProxyType(
    {
        "courses": "course",
        "academy": "talk",
        "hack-week": "project",
        "workshops": "workshop",
        "paths": "path",
        "people": "person",
    }
)
TYPE_FOLDERS: Mapping[str, str] = MappingProxyType({t: f for f, t in FOLDER_TYPES.items()})

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _ids(ref: str, help: str, **options: Any) -> Any:
    return spec("list", help, default=(), of=FieldSpec(kind="ref", help=help, ref=ref), **options)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Session:
    """When and where an item happens (one occurrence, or a series with `repeat`)."""

    start: datetime = spec(
        "datetime",
        "Start, ISO 8601 (2026-12-03T09:00); no offset means the session's time zone.",
        types=frozenset({"session"}),
        required=frozenset({"session"}),
        example="2027-03-04T09:00",
        cli=("--date", "--start"),
    )
    end: datetime | None = spec(
        "datetime",
        "End, after the start; leave out when the item has a duration.",
        types=frozenset({"session"}),
        example="2027-03-04T10:30",
    )
    timezone: str = spec(
        "timezone",
        "IANA time zone name, e.g. Europe/Stockholm; default: the site's time zone.",
        types=frozenset({"session"}),
        example="Europe/Stockholm",
    )
    location: str | None = spec(
        "string",
        "A place; leave out for online-only.",
        types=frozenset({"session"}),
        max=200,
        ask=True,
    )
    online: str | None = spec("url", "Link to join online.", types=frozenset({"session"}))
    capacity: int | None = spec("integer", "Seats.", types=frozenset({"session"}), min=1)
    registration: str | None = spec("url", "Where to sign up.", types=frozenset({"session"}))
    status: str = spec(
        "enum",
        "scheduled, or cancelled (stays in calendar feeds so subscribers' calendars drop it).",
        types=frozenset({"session"}),
        choices=SESSION_STATUSES,
        default="scheduled",
        cli=None,  # a new session is scheduled
    )
    repeat: str | None = spec(
        "rrule",
        "Optional RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=1FR;COUNT=6.",
        types=frozenset({"session"}),
    )
    line: int = 0  # where the session starts in its file, for located messages

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


@dataclass(frozen=True)
class Cost:
    """What an external course costs."""

    amount: float = spec(
        "number", "Price.", types=frozenset({"cost"}), required=frozenset({"cost"}), min=0
    )
    currency: str = spec(
        "currency",
        "ISO 4217 code, e.g. SEK or EUR.",
        types=frozenset({"cost"}),
        required=frozenset({"cost"}),
    )


@dataclass(frozen=True)
class Audience:
    """Who a learning path is for: a career track, and optionally a step on it."""

    track: str = spec(
        "ref",
        "Career track id from framework/careers.yml.",
        types=frozenset({"audience"}),
        required=frozenset({"audience"}),
        ref="track",
    )
    step: int | None = spec("integer", "Step on the track.", types=frozenset({"audience"}), min=1)


@dataclass(frozen=True)
class Mentoring:
    """What a person offers to mentor, and how to reach them."""

    competencies: tuple[str, ...] = _ids(
        "competency",
        "Competency ids this person mentors.",
        types=frozenset({"mentoring"}),
        required=frozenset({"mentoring"}),
        min=1,
        unique=True,
    )
    capacity: int | None = spec(
        "integer", "How many mentees at a time.", types=frozenset({"mentoring"}), min=0
    )
    contact: str | None = spec(
        "contact", "A URL or mailto: address.", types=frozenset({"mentoring"})
    )


_SESSIONS_HELP = "When and where it happens."
_NOT_PROJECT = ALL_ITEM_TYPES - {"project"}


@dataclass(frozen=True)
class Item:
    """A learning item: a course, Academy talk, hack-week project, peer workshop or path.

    The attributes without a spec are derived from where the file is; every other
    attribute is a front-matter field of the contract.
    """

    id: str  # <folder>/<slug>
    type: str
    path: str  # relative to the repository root, e.g. content/workshops/x.md
    body: str = ""

    # Fields of every learning item.
    title: str = spec(
        "string",
        "3-120 characters.",
        required=ALL_ITEM_TYPES,
        min=3,
        max=120,
        example="Intro to Kotlin coroutines",
    )
    summary: str = spec(
        "text",
        "Plain text, at most 280 characters; shown on cards.",
        required=ALL_ITEM_TYPES,
        min=1,
        max=280,
    )
    competencies: tuple[str, ...] = _ids(
        "competency",
        "Competency ids from framework/competencies.yml (1-8).",
        required=ALL_ITEM_TYPES,
        min=1,
        max=8,
        unique=True,
        cli=("-c", "--competency"),
    )
    level: str | None = spec(
        "enum", "intro, intermediate or advanced.", choices=LEVELS, required=_NOT_PROJECT
    )
    format: str | None = spec(
        "enum",
        "in-person, online, hybrid or self-paced.",
        choices=FORMATS,
        required=_NOT_PROJECT - {"path"},
    )
    language: str = spec("language", "Language code; default: the site's language.", ask=True)
    duration: int | None = spec(
        "duration", "Minutes (90) or text like 90m, 1h30m, 2h.", min=1, example=90, ask=True
    )
    tags: tuple[str, ...] = spec(
        "list",
        "Free words.",
        default=(),
        of=FieldSpec(kind="string", help="A tag.", max=40),
        cli=("--tag",),
    )
    status: str = spec(
        "enum",
        "draft (never published), published or archived (out of default views).",
        choices=STATUSES,
        default="published",
    )
    image: str | None = spec("image", "Card image, a path relative to this file.")
    date: date | None = spec(
        "date",
        "When the item was published (for the feed); default: its first commit.",
        cli=("--published",),  # --date is the first session's start
    )

    # course
    provider: str = spec(
        "string",
        "Who runs it; default internal.",
        types=frozenset({"course"}),
        default="internal",
        max=80,
    )
    url: str | None = spec("url", "External course link.", types=frozenset({"course"}))
    cost: Cost | None = spec(
        "object", "Price of an external course.", types=frozenset({"course"}), model=Cost
    )

    # talk
    speakers: tuple[str, ...] = _ids(
        "person",
        "Person ids of the speakers.",
        types=frozenset({"talk"}),
        required=frozenset({"talk"}),
        min=1,
        unique=True,
        cli=("-p", "--person"),
    )
    # workshop (declared before sessions: the contract's order for workshops)
    facilitators: tuple[str, ...] = _ids(
        "person",
        "Person ids of the facilitators.",
        types=frozenset({"workshop"}),
        required=frozenset({"workshop"}),
        min=1,
        unique=True,
        cli=("-p", "--person"),
    )
    # Sessions are declared once for every type that has them, after each type's people
    # and before what follows them in the contract's order; their own rules
    # (at least one for talks, for workshops unless self-paced) live in validation.
    sessions: tuple[Session, ...] = spec(
        "list",
        _SESSIONS_HELP,
        default=(),
        types=frozenset({"course", "talk", "workshop"}),
        required=frozenset({"talk"}),
        min=1,
        of=FieldSpec(kind="object", help=_SESSIONS_HELP, model=Session),
    )
    recording: str | None = spec("url", "Recording link.", types=frozenset({"talk"}))
    slides: str | None = spec("url", "Slides link.", types=frozenset({"talk"}))

    # project
    edition: str | None = spec(
        "edition",
        "Hack-week edition, e.g. 2026 or 2026-autumn.",
        types=frozenset({"project"}),
        required=frozenset({"project"}),
        example="2026-autumn",
    )
    team: tuple[str, ...] = _ids(
        "person",
        "Person ids of the team.",
        types=frozenset({"project"}),
        required=frozenset({"project"}),
        min=1,
        unique=True,
        cli=("-p", "--person"),
    )
    stage: str | None = spec(
        "enum",
        "idea, building, shipped or paused.",
        types=frozenset({"project"}),
        choices=STAGES,
    )
    repo: str | None = spec("url", "Repository link.", types=frozenset({"project"}))
    demo: str | None = spec("url", "Demo link.", types=frozenset({"project"}))
    looking_for: tuple[str, ...] = _ids(
        "competency",
        "Competency ids of skills the team wants.",
        types=frozenset({"project"}),
        unique=True,
    )

    # workshop
    prerequisites: tuple[str, ...] = _ids(
        "item",
        "Item ids to do first, e.g. courses/kotlin-basics.",
        types=frozenset({"workshop"}),
        unique=True,
        cli=("--prerequisite",),
    )
    materials: str | None = spec("url", "Materials link.", types=frozenset({"workshop"}))

    # path
    steps: tuple[str, ...] = _ids(
        "item",
        "Item ids in order (at least 2).",
        types=frozenset({"path"}),
        required=frozenset({"path"}),
        min=2,
        unique=True,
        cli=("--step",),
    )
    audience: Audience | None = spec(
        "object",
        "Career track and step this path is for.",
        types=frozenset({"path"}),
        model=Audience,
    )

    @property
    def folder(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def page_url(self) -> str:
        """The page's URL relative to the site root (``url`` is a course's own link)."""
        return f"{self.id}/"

    @property
    def src_uri(self) -> str:
        """The file's path relative to the content folder."""
        return f"{self.id}.md"

    @property
    def published(self) -> bool:
        return self.status != "draft"

    @property
    def archived(self) -> bool:
        """Still reachable, but out of catalogues' default views, feeds and listings."""
        return self.status == "archived"

    @cached_property
    def title_order(self) -> tuple[str, str]:
        """Where it goes in a list by title: the title without case, then the id."""
        return (self.title.casefold(), self.id)

    @property
    def edition_start(self) -> datetime | None:
        """When its hack-week edition began, roughly: ``2026-autumn`` is 1 September 2026;
        a year alone, or a name that is not a season (``2026-q3``), is 1 January."""
        year, _, season = (self.edition or "").partition("-")
        if not year.isdigit() or int(year) < 1:
            return None
        return datetime(int(year), SEASON_MONTHS.get(season, 1), 1, tzinfo=UTC)

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone who gives or builds it."""
        return self.speakers + self.facilitators + self.team


@dataclass(frozen=True)
class Person:
    """A speaker, facilitator, team member or mentor. People have pages, not cards."""

    id: str
    path: str
    body: str = ""
    type: str = "person"

    name: str = spec(
        "string",
        "Full name.",
        types=frozenset({"person"}),
        required=frozenset({"person"}),
        min=2,
        max=120,
        example="Åsa Lindqvist",
    )
    title: str | None = spec("string", "Job title.", types=frozenset({"person"}), max=120)
    department: str | None = spec("string", "Department.", types=frozenset({"person"}), max=120)
    location: str | None = spec("string", "Office or city.", types=frozenset({"person"}), max=120)
    guilds: tuple[str, ...] = spec(
        "list",
        "Guilds they belong to.",
        default=(),
        types=frozenset({"person"}),
        of=FieldSpec(kind="string", help="A guild.", max=80),
        cli=("--guild",),
    )
    mentoring: Mentoring | None = spec(
        "object",
        "What they mentor, capacity and contact.",
        types=frozenset({"person"}),
        model=Mentoring,
    )

    @property
    def slug(self) -> str:
        return self.id

    @property
    def page_url(self) -> str:
        return f"people/{self.id}/"

    @property
    def src_uri(self) -> str:
        return f"people/{self.id}.md"


def _framework(kind: Any, help: str, entry: str, *, required: bool = False, **options: Any) -> Any:
    """A field of an entry of the framework files (`entry`: area, competency, track,
    careerstep; or competencies and careers for the files themselves)."""
    needed = frozenset({entry}) if required else frozenset()
    return spec(kind, help, types=frozenset({entry}), required=needed, **options)


_ID_HELP = "Lowercase letters, digits and -; unique in the file."


@dataclass(frozen=True)
class Competency:
    """A competency of the framework, in its area, with what each level looks like."""

    id: str = _framework("id", _ID_HELP, "competency", required=True, example="kotlin")
    name: str = _framework("string", "Its name, e.g. Kotlin.", "competency", required=True)
    description: str = _framework("text", "What it is about.", "competency", default="")
    levels: Mapping[str, str] = _framework(
        "levels",
        "What each level (intro, intermediate, advanced) looks like; optional.",
        "competency",
        factory=lambda: EMPTY,
    )
    area: str = ""  # the id of its area, from where it is written
    line: int = 0


@dataclass(frozen=True)
class Area:
    """An area of the framework (engineering, data, ...) and its competencies."""

    id: str = _framework("id", _ID_HELP, "area", required=True, example="engineering")
    name: str = _framework("string", "Its name, e.g. Engineering.", "area", required=True)
    description: str = _framework("text", "What it covers.", "area", default="")
    competencies: tuple[Competency, ...] = _framework(
        "list",
        "Its competencies; ids are unique across areas.",
        "area",
        required=True,
        default=(),
        min=1,
        of=FieldSpec(kind="object", help="A competency.", model=Competency),
    )


@dataclass(frozen=True)
class CareerStep:
    """One step of a career track and the level it expects of each competency."""

    step: int = _framework(
        "integer",
        "Its number: 1, 2, ..., growing along the track.",
        "careerstep",
        required=True,
        min=1,
    )
    title: str = _framework("string", "The role, e.g. Engineer II.", "careerstep", required=True)
    summary: str = _framework("text", "What someone at this step does.", "careerstep", default="")
    expects: Mapping[str, str] = _framework(
        "levels",
        "Competency id -> the level this step expects, e.g. {kotlin: intro}.",
        "careerstep",
        factory=lambda: EMPTY,
        ref="competency",
    )


@dataclass(frozen=True)
class Track:
    """A career track: ordered steps in one discipline."""

    id: str = _framework("id", _ID_HELP, "track", required=True, example="backend-engineer")
    name: str = _framework("string", "Its name, e.g. Backend engineer.", "track", required=True)
    discipline: str = _framework("string", "e.g. Engineering.", "track", default="")
    steps: tuple[CareerStep, ...] = _framework(
        "list",
        "Its steps, in order.",
        "track",
        required=True,
        default=(),
        min=1,
        of=FieldSpec(kind="object", help="A step.", model=CareerStep),
    )

    def step(self, number: int) -> CareerStep | None:
        return next((s for s in self.steps if s.step == number), None)


#: The framework files, by the name their specs use (see `Framework`).
FRAMEWORK_FILES: Mapping[str, str] = MappingProxyType(
    {"competencies": "framework/competencies.yml", "careers": "framework/careers.yml"}
)


@dataclass(frozen=True)
class Framework:
    """The competency and career framework from content/framework/.

    Each field is one of the two files (`FRAMEWORK_FILES`), declared like an item's
    fields: the JSON Schema and the web editor derive from them."""

    areas: tuple[Area, ...] = _framework(
        "list",
        "The competency areas.",
        "competencies",
        required=True,
        default=(),
        min=1,
        of=FieldSpec(kind="object", help="An area.", model=Area),
    )
    tracks: tuple[Track, ...] = _framework(
        "list",
        "The career tracks.",
        "careers",
        required=True,
        default=(),
        min=1,
        of=FieldSpec(kind="object", help="A career track.", model=Track),
    )

    @cached_property
    def competencies(self) -> Mapping[str, Competency]:
        return MappingProxyType({c.id: c for a in self.areas for c in a.competencies})

    @cached_property
    def tracks_by_id(self) -> Mapping[str, Track]:
        return MappingProxyType({t.id: t for t in self.tracks})

    @cached_property
    def areas_by_id(self) -> Mapping[str, Area]:
        return MappingProxyType({a.id: a for a in self.areas})


@dataclass(frozen=True)
class Content:
    """Everything in content/, valid and typed. Drafts are included; use `published`."""

    settings: Settings
    framework: Framework
    items: Mapping[str, Item] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    #: Top-level pages (content/index.md, content/contribute.md), by path in content/.
    pages: Mapping[str, TopPage] = field(default_factory=dict)

    @cached_property
    def published(self) -> tuple[Item, ...]:
        """Items that reach the site and the search index (not drafts), by id."""
        return tuple(i for _, i in sorted(self.items.items()) if i.published)

    @cached_property
    def current(self) -> tuple[Item, ...]:
        """Published items in the default view, archived ones left out, by id (once per
        build: every directory page reads it)."""
        return tuple(i for i in self.published if not i.archived)

    @cached_property
    def current_by_competency(self) -> Mapping[str, tuple[Item, ...]]:
        """`current` items per competency id they name, in the same order (each
        competency's page reads its own, instead of going through every item)."""
        return _index(self.current, lambda item: item.competencies)

    @cached_property
    def current_looking_for(self) -> Mapping[str, tuple[Item, ...]]:
        """Current hack-week projects per competency id their team is looking for."""
        return _index(self.current, lambda item: item.looking_for if item.type == "project" else ())

    @cached_property
    def published_ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.published)


def _index(
    items: Iterable[Item], ids: Callable[[Item], Iterable[str]]
) -> Mapping[str, tuple[Item, ...]]:
    """`items` under each id `ids` gives for them (once per item), in their order."""
    found: dict[str, list[Item]] = {}
    for item in items:
        for key in dict.fromkeys(ids(item)):
            found.setdefault(key, []).append(item)
    return MappingProxyType({key: tuple(listed) for key, listed in found.items()})
