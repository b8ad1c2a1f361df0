"""Occurrences of sessions: time zones, daylight saving, rules and their bounds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from greenhouse.calendar.occurrences import (
    last_start,
    next_occurrence,
    occurrences,
    series_end,
    sessions_since,
)
from greenhouse.model.types import Item, Session

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=STOCKHOLM)
FAR = NOW + timedelta(days=3 * 365)


def session(
    start: str, zone: str = "Europe/Stockholm", *, minutes: int = 60, **fields: object
) -> Session:
    begin = datetime.fromisoformat(start).replace(tzinfo=ZoneInfo(zone))
    end = (begin.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(ZoneInfo(zone))
    return Session(start=begin, end=end, timezone=zone, **fields)  # type: ignore[arg-type]


def item(*sessions: Session, status: str = "published", slug: str = "x") -> Item:
    return Item(
        id=f"workshops/{slug}",
        type="workshop",
        path=f"content/workshops/{slug}.md",
        title="A workshop",
        summary="About it.",
        competencies=("kotlin",),
        sessions=sessions,
        status=status,
    )


@pytest.mark.parametrize(
    ("start", "zone", "utc"),
    [
        # 02:30 does not exist on spring-forward night: RFC 5545 reads it with the offset
        # before the gap, so it is 03:30 local time.
        ("2027-03-28T02:30", "Europe/Stockholm", "2027-03-28T01:30"),
        ("2027-03-14T02:30", "America/New_York", "2027-03-14T07:30"),
        # An ordinary night, for contrast.
        ("2027-03-21T02:30", "Europe/Stockholm", "2027-03-21T01:30"),
        ("2027-03-21T02:30", "America/New_York", "2027-03-21T06:30"),
        # Fall back: 02:30 happens twice; the first one counts.
        ("2027-10-31T02:30", "Europe/Stockholm", "2027-10-31T00:30"),
    ],
)
def test_wall_time_lands_on_the_right_utc_instant(start: str, zone: str, utc: str) -> None:
    found = occurrences([item(session(start, zone))], NOW, FAR)
    assert [o.start.astimezone(UTC) for o in found] == [
        datetime.fromisoformat(utc).replace(tzinfo=UTC)
    ]


def test_weekly_rule_keeps_wall_time_and_length_across_daylight_saving() -> None:
    weekly = session("2027-03-14T09:00", repeat="FREQ=WEEKLY;COUNT=4", minutes=90)
    found = occurrences([item(weekly)], NOW, FAR)
    assert [o.start.astimezone(STOCKHOLM).strftime("%d %H:%M") for o in found] == [
        "14 09:00",
        "21 09:00",
        "28 09:00",
        "04 09:00",
    ]
    assert {o.start.utcoffset() for o in found} == {timedelta(hours=1), timedelta(hours=2)}
    assert all(
        o.end.astimezone(UTC) - o.start.astimezone(UTC) == timedelta(minutes=90) for o in found
    )


def test_length_is_exact_when_the_first_occurrence_spans_the_gap() -> None:
    # 01:00 to 04:00 wall time on spring-forward night is two real hours.
    night = Session(
        start=datetime(2027, 3, 28, 1, 0, tzinfo=STOCKHOLM),
        end=datetime(2027, 3, 28, 4, 0, tzinfo=STOCKHOLM),
        timezone="Europe/Stockholm",
        repeat="FREQ=WEEKLY;COUNT=2",
    )
    found = occurrences([item(night)], NOW, FAR)
    assert [o.end.astimezone(STOCKHOLM).strftime("%d %H:%M") for o in found] == [
        "28 04:00",
        "04 03:00",
    ]


@pytest.mark.parametrize(
    ("rule", "count"),
    [
        ("FREQ=MONTHLY;BYDAY=1FR;COUNT=6", 6),
        ("FREQ=WEEKLY;UNTIL=20270110T000000Z", 5),  # 6 Dec … 3 Jan, then UNTIL stops it
        ("FREQ=MONTHLY;BYDAY=1FR", 36),  # no end: bounded by the window (3 years)
    ],
)
def test_rules_are_bounded_by_count_until_and_the_window(rule: str, count: int) -> None:
    series = session("2026-12-04T08:30", repeat=rule)
    if rule.startswith("FREQ=WEEKLY"):
        series = session("2026-12-06T08:30", repeat=rule)
    assert len(occurrences([item(series)], NOW, FAR)) == count


def test_count_counts_from_the_first_occurrence_not_from_now() -> None:
    started = session("2026-09-04T08:30", repeat="FREQ=MONTHLY;BYDAY=1FR;COUNT=6")
    upcoming = occurrences([item(started)], NOW, FAR)
    assert [o.start.month for o in upcoming] == [12, 1, 2]


def test_cancelled_sessions_are_kept_and_drafts_skipped() -> None:
    cancelled = session("2027-01-10T10:00", status="cancelled")
    found = occurrences(
        [item(cancelled), item(session("2027-01-11T10:00"), status="draft", slug="draft")], NOW, FAR
    )
    assert [(o.item.id, o.cancelled) for o in found] == [("workshops/x", True)]


def test_an_occurrence_still_running_at_the_window_start_is_included() -> None:
    running = session("2026-11-22T11:30", minutes=60)
    assert len(occurrences([item(running)], NOW, FAR)) == 1
    assert occurrences([item(session("2026-11-22T10:00", minutes=60))], NOW, FAR) == []


def test_next_occurrence_skips_cancelled_and_past() -> None:
    entry = item(
        session("2026-11-01T10:00"),
        session("2026-12-01T10:00", status="cancelled"),
        session("2027-01-05T10:00"),
    )
    found = next_occurrence(entry, NOW)
    assert found is not None and found.index == 2
    assert next_occurrence(item(session("2026-11-01T10:00")), NOW) is None


def test_next_occurrence_of_a_series_is_its_next_date() -> None:
    series = item(session("2026-01-02T08:30", repeat="FREQ=MONTHLY;BYDAY=1FR;COUNT=48"))
    found = next_occurrence(series, NOW)
    assert found is not None
    assert found.start == datetime(2026, 12, 4, 8, 30, tzinfo=STOCKHOLM)


def test_last_start_is_the_latest_held_occurrence() -> None:
    entry = item(
        session("2025-05-12T15:00"),
        session("2026-11-10T10:00", status="cancelled"),
        session("2026-10-01T10:00"),
        session("2027-01-05T10:00"),
    )
    assert last_start(entry, NOW) == datetime(2026, 10, 1, 10, 0, tzinfo=STOCKHOLM)
    # A series: its occurrence before now, not its first; nothing held yet: None.
    series = item(session("2026-01-02T08:30", repeat="FREQ=MONTHLY;BYDAY=1FR;COUNT=48"))
    assert last_start(series, NOW) == datetime(2026, 11, 6, 8, 30, tzinfo=STOCKHOLM)
    assert last_start(item(session("2027-01-05T10:00")), NOW) is None
    assert last_start(item(), NOW) is None


def test_series_end_and_what_feeds_keep() -> None:
    old = session("2026-09-01T10:00")
    recent = session("2026-11-10T10:00", status="cancelled")
    endless = session("2020-01-03T08:30", repeat="FREQ=MONTHLY;BYDAY=1FR")
    ended = session("2025-01-03T08:30", repeat="FREQ=MONTHLY;BYDAY=1FR;COUNT=3")
    assert series_end(endless) is None
    assert series_end(ended) == datetime(2025, 3, 7, 9, 30, tzinfo=STOCKHOLM)
    kept = sessions_since([item(old, recent, endless, ended)], NOW - timedelta(days=30))
    assert [index for _, index, _ in kept] == [1, 2]
