"""Unit tests of the pure model: slugs, durations, time zones, settings, problems."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from greenhouse.calendar.occurrences import occurrences
from greenhouse.cli import read_config
from greenhouse.model import Problem, Settings, load_content
from greenhouse.model.fields import ITEM_TYPES, specs
from greenhouse.model.slug import slugify
from greenhouse.model.types import Item, Person
from greenhouse.model.values import parse_duration

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini" / "content"
REPO = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Åsa's öl & Kotlin", "asas-ol-kotlin"),
        ("Intro to Kotlin", "intro-to-kotlin"),
        ("  --Hello,   World!--  ", "hello-world"),
        ("Straße für Ärzte", "strasse-fur-arzte"),
        ("Smørrebrød 101", "smorrebrod-101"),
        ("C++ & C#", "c-c"),
        ("日本語", ""),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        (90, 90),
        ("90", 90),
        ("90m", 90),
        ("1h30m", 90),
        ("1h 30m", 90),
        ("2h", 120),
        ("45 min", 45),
        ("1 hour", 60),
        ("soon", None),
        ("", None),
        ("h", None),
    ],
)
def test_parse_duration(text: object, minutes: int | None) -> None:
    assert parse_duration(text) == minutes


def test_sessions_keep_wall_clock_time_across_daylight_saving() -> None:
    content = load_content(MINI, Settings()).content
    breakfast = content.items["workshops/knowledge-breakfast"]
    zone = ZoneInfo("Europe/Stockholm")
    found = occurrences(
        [breakfast], datetime(2027, 3, 1, tzinfo=zone), datetime(2027, 5, 1, tzinfo=zone)
    )
    # First Fridays of March and April 2027, either side of the spring change, both 08:30 local.
    assert [o.start.isoformat() for o in found] == [
        "2027-03-05T08:30:00+01:00",
        "2027-04-02T08:30:00+02:00",
    ]


def test_cancelled_sessions_are_kept_and_marked() -> None:
    item = load_content(MINI, Settings()).content.items["workshops/intro-to-kotlin"]
    assert [s.status for s in item.sessions] == ["scheduled", "cancelled"]
    assert item.sessions[1].cancelled


def test_defaults_come_from_the_site_settings() -> None:
    settings = Settings(languages=("sv", "en"), default_language="sv", timezone="Europe/Lisbon")
    item = load_content(MINI, settings).content.items["courses/kotlin-basics"]
    assert item.language == "sv"
    talk = load_content(MINI, settings).content.items["academy/coroutines-in-depth"]
    assert talk.sessions[0].timezone == "Europe/Lisbon"
    assert talk.sessions[0].start.utcoffset().total_seconds() == 3600  # Lisbon summer time


def test_settings_are_read_from_the_portals_mkdocs_yml() -> None:
    settings, docs_dir, site_dir = read_config(REPO / "mkdocs.yml")
    assert settings == Settings(
        languages=("en", "sv"), default_language="en", timezone="Europe/Stockholm"
    )
    assert docs_dir == REPO / "content"
    assert site_dir == REPO / "site"


def test_problem_formats() -> None:
    problem = Problem("content/workshops/a.md", 4, "sessions[0].end", "must be after 10:00, 50%")
    assert str(problem) == "content/workshops/a.md:4: sessions[0].end: must be after 10:00, 50%"
    assert problem.as_github() == (
        "::error file=content/workshops/a.md,line=4,title=sessions[0].end::"
        "sessions[0].end: must be after 10:00, 50%25"
    )


def test_items_are_immutable() -> None:
    item = load_content(MINI, Settings()).content.items["courses/kotlin-basics"]
    with pytest.raises(AttributeError):
        item.title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("type_name", [*ITEM_TYPES, "person"])
def test_every_type_has_its_contract_fields(type_name: str) -> None:
    names = [s.name for s in specs(Person if type_name == "person" else Item, type_name)]
    common = [
        "title",
        "summary",
        "competencies",
        "level",
        "format",
        "language",
        "duration",
        "tags",
        "status",
        "image",
    ]
    own = {
        "course": ["provider", "url", "cost", "sessions"],
        "talk": ["speakers", "sessions", "recording", "slides"],
        "project": ["edition", "team", "stage", "repo", "demo", "looking_for"],
        "workshop": ["facilitators", "sessions", "prerequisites", "materials"],
        "path": ["steps", "audience"],
        "person": ["name", "title", "department", "location", "guilds", "mentoring"],
    }[type_name]
    expected = own if type_name == "person" else common + own
    assert [n for n in names if n != "date"] == expected


def test_the_sample_content_is_valid_and_rich() -> None:
    settings, docs_dir, _ = read_config(REPO / "mkdocs.yml")
    result = load_content(docs_dir, settings)
    assert result.problems == ()
    content = result.content
    by_type: dict[str, int] = {}
    for item in content.items.values():
        by_type[item.type] = by_type.get(item.type, 0) + 1
    assert len(content.items) >= 60 and min(by_type.values()) >= 4, by_type
    assert len(content.people) >= 12
    assert sum(1 for p in content.people.values() if p.mentoring) >= 3
    assert len(content.framework.areas) >= 5 and len(content.framework.competencies) >= 30
    assert len(content.framework.tracks) >= 3
    assert all(len(t.steps) >= 4 for t in content.framework.tracks)
    assert sum(1 for i in content.items.values() if i.language == "sv") >= 5
    assert any(s.repeat for i in content.items.values() for s in i.sessions)
    assert any(s.cancelled for i in content.items.values() for s in i.sessions)
    assert len({i.edition for i in content.items.values() if i.type == "project"}) >= 2
    # Upcoming sessions for years: something is still on two years from now.
    later = datetime(2028, 11, 1, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert occurrences(content.published, later, later.replace(year=2029, month=12))


def test_the_indexes_by_competency_hold_what_a_scan_of_every_item_finds() -> None:
    settings, docs_dir, _ = read_config(REPO / "mkdocs.yml")
    content = load_content(docs_dir, settings).content
    current = content.current
    assert any(i.archived for i in content.published)  # left out, as drafts are
    for cid in content.framework.competencies:
        tagged = tuple(i for i in current if cid in i.competencies)
        looking = tuple(i for i in current if i.type == "project" and cid in i.looking_for)
        assert content.current_by_competency.get(cid, ()) == tagged, cid
        assert content.current_looking_for.get(cid, ()) == looking, cid
    assert sum(map(len, content.current_looking_for.values())) > 0


def test_items_sort_by_title_without_case_then_by_id() -> None:
    items = load_content(MINI, Settings()).content.items.values()
    for item in items:
        assert item.title_order == (item.title.casefold(), item.id)
    ordered = sorted(items, key=lambda i: i.title_order)
    assert [i.title.casefold() for i in ordered] == sorted(i.title.casefold() for i in items)
