"""The events' lines: what icalendar reads in them, and writes for them, byte for byte.

`FeedBuilder` writes each VEVENT's lines itself (icalendar's ``add`` and ``to_ical`` cost
0.4 ms an event). Here sessions whose texts carry everything iCalendar escapes or folds
(commas, semicolons, backslashes, line breaks, long and multi-byte text) are read back
with icalendar: every value must come back as it was given, and icalendar's own
serialization of what it read must be the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from greenhouse.calendar.history import FileDates
from greenhouse.calendar.ics import FeedBuilder, session_uid
from greenhouse.i18n import Translator
from greenhouse.model import Content, Settings, load_content
from greenhouse_testing import MINI

#: Pieces of text that iCalendar escapes, folds or must keep as they are.
PIECES = [
    "a",
    "Kotlin",
    ",",
    ";",
    "\\",
    "\\N",
    "^",
    ":",
    '"',
    "\n",
    "\r\n",
    " ",
    "é",
    "😀",
    "ö" * 40,
]
ZONES = ["Europe/Stockholm", "UTC", "Etc/UTC", "America/New_York", "Asia/Kolkata"]


def as_read(text: str) -> str:
    """`text` as a client reads it back: every line break, and iCalendar's ``\\N``, is one
    line feed (icalendar's TEXT escaping)."""
    return text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def hostile_text(rng: random.Random, most: int) -> str:
    return "".join(rng.choices(PIECES, k=rng.randint(1, most))).strip() or "x"


@pytest.fixture(scope="module")
def content() -> Content:
    """The sample, its competencies and people renamed with hostile text (their names
    are the events' CATEGORIES and CONTACT)."""
    loaded = load_content(MINI / "content", Settings.from_options({"languages": ["en", "sv"]}))
    assert not loaded.problems
    rng = random.Random(7)
    framework = loaded.content.framework
    areas = tuple(
        replace(
            area,
            competencies=tuple(
                replace(c, name=hostile_text(rng, 8) + ", " + c.name) for c in area.competencies
            ),
        )
        for area in framework.areas
    )
    people = {
        key: replace(person, name=hostile_text(rng, 6) + "; " + person.name)
        for key, person in loaded.content.people.items()
    }
    return replace(loaded.content, framework=replace(framework, areas=areas), people=people)


def test_every_event_reads_back_as_given_and_as_icalendar_writes_it(content: Content) -> None:
    rng = random.Random(20261207)
    with_sessions = [item for item in content.published if item.sessions]
    assert with_sessions
    items = {}
    for number in range(300):
        item = rng.choice(with_sessions)
        zone = ZoneInfo(rng.choice(ZONES))
        start = datetime(2027, 3, 28, 1, 30, tzinfo=zone) + timedelta(hours=rng.randint(0, 4000))
        session = replace(
            item.sessions[0],
            start=start,
            end=start + timedelta(minutes=rng.randint(30, 600)),
            timezone=zone.key,
            location=hostile_text(rng, 30) if rng.random() < 0.8 else None,
            online=rng.choice([None, "https://meet.example.com/a,b;c?x=1&y=ö"]),
            status="cancelled" if rng.random() < 0.2 else "scheduled",
            repeat=rng.choice(
                [None, None, "FREQ=WEEKLY;COUNT=4", "FREQ=DAILY;INTERVAL=2;UNTIL=20280101T000000Z"]
            ),
        )
        copy = replace(
            item,
            id=f"{item.id}-{number}",
            title=hostile_text(rng, 40),
            summary=hostile_text(rng, 80),
            sessions=(session,),
        )
        items[copy.id] = copy
    changed = datetime(2026, 5, 4, 3, 2, 1, 999, tzinfo=ZoneInfo("Europe/Stockholm"))
    dates = {i.src_uri: FileDates(first=changed, last=changed) for i in items.values()}
    builder = FeedBuilder(
        replace(content, items={**content.items, **items}),
        dates,
        Translator("en"),
        domain="portal.example.com",
        site_url="https://portal.example.com/learning/",
    )
    entries = [(item, 0, item.sessions[0]) for item in items.values()]

    name, description = hostile_text(rng, 30), hostile_text(rng, 60)
    data = builder.calendar(entries, name=name, description=description)

    assert Calendar.from_ical(data).to_ical() == data
    # icalendar reads NAME as it stands: vobject unescapes it, as RFC 7986 clients do.
    read = vobject.readOne(data.decode("utf-8")).contents
    assert read["name"][0].value == as_read(name)
    assert read["description"][0].value == as_read(description)
    # The forms Outlook and Thunderbird read stand as they are, on one line.
    lines = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    assert f"X-WR-CALNAME:{' '.join(name.splitlines())}" in lines
    assert f"X-WR-CALDESC:{' '.join(description.splitlines())}" in lines
    events = {str(e["UID"]): e for e in Calendar.from_ical(data).events}
    assert len(events) == len(items)
    for item in items.values():
        session = item.sessions[0]
        event = events[session_uid(item, 0, "portal.example.com")]
        assert str(event["SUMMARY"]) == as_read(item.title)
        assert event["SUMMARY"].params["LANGUAGE"] == item.language
        assert event.start.astimezone(UTC) == session.start.astimezone(UTC)
        assert event.end.astimezone(UTC) == session.end.astimezone(UTC)
        assert str(event.get("LOCATION", "")) == as_read(session.location or session.online or "")
        assert str(event["STATUS"]) == ("CANCELLED" if session.cancelled else "CONFIRMED")
        assert event["DTSTAMP"].dt == event["LAST-MODIFIED"].dt == changed.replace(microsecond=0)
        assert event["DTSTAMP"].dt.tzinfo is not None and event[
            "DTSTAMP"
        ].dt.utcoffset() == timedelta(0)
        assert ("RRULE" in event) == (session.repeat is not None)
        assert str(event["URL"]).startswith("https://portal.example.com/learning/")
        if session.online:
            assert "CONFERENCE" in event
        competencies = builder.content.framework.competencies
        assert event.categories == [as_read(competencies[c].name) for c in item.competencies]
        people = [builder.content.people[p].name for p in item.people]
        description = str(event["DESCRIPTION"])
        assert description.startswith(as_read(item.summary.strip()))
        assert all(as_read(name) in description for name in people)
        assert str(event.get("CONTACT", "")) == as_read(", ".join(people))
        assert description.endswith(str(event["URL"]))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
