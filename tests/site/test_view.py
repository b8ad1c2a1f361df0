"""What templates show through `gh`: costs, times and durations, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from greenhouse.catalog.entries import last_date
from greenhouse.model import Settings, load_content
from greenhouse.model.types import Cost, Session
from greenhouse.site.view import PortalView
from greenhouse_testing import MINI

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(scope="module")
def content():
    return load_content(MINI / "content", Settings()).content


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (390, "EUR", "390\u00a0EUR"),
        (6500, "SEK", "6\u00a0500\u00a0SEK"),
        (1299.95, "EUR", "1\u00a0299.95\u00a0EUR"),
    ],
)
def test_costs_keep_their_decimals_and_never_break(content, amount, currency, shown) -> None:
    course = replace(content.items["courses/testing-in-practice"], cost=Cost(amount, currency))
    assert PortalView(content, "en", NOW).cost(course) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "Thu 4 Mar 2027, 09:00–10:30 CET"), ("sv", "tor 4 mar 2027, 09:00–10:30 CET")],
)
def test_times_are_in_the_site_zone_and_language(content, language, shown) -> None:
    session = content.items["workshops/intro-to-kotlin"].sessions[0]
    assert PortalView(content, language, NOW).when(session.start, session.end) == shown


@pytest.mark.parametrize(("minutes", "shown"), [(45, "45 min"), (60, "1 h"), (90, "1 h 30 min")])
def test_durations(content, minutes: int, shown: str) -> None:
    assert PortalView(content, "en", NOW).duration(minutes) == shown


@pytest.mark.parametrize(
    ("language", "edition", "shown"),
    [
        ("en", "2026-autumn", "Autumn 2026"),
        ("sv", "2026-autumn", "Hösten 2026"),
        ("sv", "2025-spring", "Våren 2025"),
        ("en", "2026", "2026"),
        ("en", "2026-q3", "2026-q3"),  # no words for it: as written
    ],
)
def test_hack_week_editions_read_as_people_say_them(content, language, edition, shown) -> None:
    assert PortalView(content, language, NOW).edition(edition) == shown


def held(start: str) -> Session:
    begin = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo("Europe/Stockholm"))
    return Session(start=begin, end=begin, timezone="Europe/Stockholm")


@pytest.mark.parametrize(
    ("item_id", "changes", "language", "shown"),
    [
        ("workshops/intro-to-kotlin", {}, "en", "Thu 4 Mar 2027, 09:00 CET"),
        ("courses/kotlin-basics", {"sessions": (held("2025-01-10T09:00"),)}, "en", "On demand"),
        ("academy/coroutines-in-depth", {}, "en", "Recorded Mon 12 May 2025"),
        ("academy/coroutines-in-depth", {}, "sv", "Inspelat mån 12 maj 2025"),
        ("academy/coroutines-in-depth", {"recording": None}, "en", "Held Mon 12 May 2025"),
        ("academy/coroutines-in-depth", {"sessions": ()}, "en", "Recording available"),
        ("academy/coroutines-in-depth", {"sessions": (), "recording": None}, "en", ""),
        ("hack-week/review-bot", {}, "en", "Autumn 2026"),
        ("hack-week/review-bot", {"edition": "2027-spring"}, "sv", "Våren 2027"),
        ("hack-week/review-bot", {"edition": "2026"}, "en", "2026"),
    ],
)
def test_a_card_says_when(content, item_id, changes, language, shown) -> None:
    item = replace(content.items[item_id], **changes)
    assert PortalView(content, language, NOW).item_when(item)[1] == shown


@pytest.mark.parametrize(
    ("edition", "start"),
    [
        ("2026-autumn", datetime(2026, 9, 1, tzinfo=UTC)),
        ("2025-spring", datetime(2025, 3, 1, tzinfo=UTC)),
        ("2026", datetime(2026, 1, 1, tzinfo=UTC)),
        ("2026-q3", datetime(2026, 1, 1, tzinfo=UTC)),  # no season: the year
        ("0000", None),
        (None, None),
    ],
)
def test_an_edition_begins_with_its_season(content, edition, start) -> None:
    project = replace(content.items["hack-week/review-bot"], edition=edition)
    assert project.edition_start == start


def test_an_item_is_dated_by_its_edition_or_its_last_session(content) -> None:
    talk, project = (
        content.items["academy/coroutines-in-depth"],
        content.items["hack-week/review-bot"],
    )
    assert last_date(talk, NOW) == datetime(2025, 5, 12, 15, tzinfo=ZoneInfo("Europe/Stockholm"))
    assert last_date(project, NOW) == datetime(2026, 9, 1, tzinfo=UTC)
    # An edition still to come is dated too (the newest edition comes first); a course is
    # not, whenever it last ran.
    assert last_date(replace(project, edition="2027-spring"), NOW) == datetime(
        2027, 3, 1, tzinfo=UTC
    )
    course = replace(content.items["courses/kotlin-basics"], sessions=talk.sessions)
    assert last_date(course, NOW) is None


def test_calendar_actions_are_for_sessions_to_come_that_go_ahead(content) -> None:
    talk = content.items["academy/coroutines-in-depth"]
    held = talk.sessions[0]
    hour = held.end - held.start

    def at(start: datetime, **changes: object) -> Session:
        return replace(held, start=start, end=start + hour, repeat=None, **changes)

    sessions = (
        at(datetime(2026, 12, 1, 9, tzinfo=UTC)),
        at(datetime(2026, 12, 2, 9, tzinfo=UTC), status="cancelled"),
        at(datetime(2026, 11, 1, 9, tzinfo=UTC)),
        at(datetime(2027, 1, 5, 9, tzinfo=UTC)),
    )
    view = PortalView(content, "en", NOW)
    shown = view.sessions(replace(talk, sessions=sessions))
    assert [(s.start.day, s.past, s.cancelled) for s in shown] == [
        (1, False, False),
        (2, False, True),
        (5, False, False),
        (1, True, False),
    ]
    assert [s.start for s in view.coming(shown)] == [sessions[0].start, sessions[3].start]
