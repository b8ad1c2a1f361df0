"""The .ics feeds as calendar clients read them: python-icalendar, Mozilla's ical.js
(Thunderbird and many web calendars; run under Node) and vobject must put every session,
and every occurrence of a series, at the same UTC instants."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil.rrule import rrulestr
from dateutil.tz import tzical
from icalendar import Calendar, Event

from greenhouse.calendar.ics import unambiguous
from greenhouse.calendar.vtimezone import transitions, vtimezone
from greenhouse_testing import CALENDAR_EXTRA, MINI, REPO, run_build, write_site_config

#: Series are expanded up to here (every series of the sample ends long before).
UNTIL = datetime(2040, 1, 1, tzinfo=UTC)
ICAL_TIMES = REPO / "scripts" / "node" / "ical-times.mjs"

Times = dict[str, list[tuple[str, str]]]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def icalendar_times(path: Path) -> Times:
    """UID → (start, end) in UTC of each occurrence, as python-icalendar reads the file
    (its zones come from the IANA database, not the file's VTIMEZONEs), series expanded
    with dateutil in wall-clock time as RFC 5545 says."""
    times: Times = {}
    for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
        start, end = event.start, event.end
        length = end.astimezone(UTC) - start.astimezone(UTC)
        starts = [start]
        if "RRULE" in event:
            rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
            starts = list(rule.between(start, UNTIL, inc=True))
        times[str(event["UID"])] = [(_utc(s), _utc(s.astimezone(UTC) + length)) for s in starts]
    return times


def vobject_times(path: Path) -> Times:
    """The same, as vobject reads the file: with the file's VTIMEZONEs (parsed by
    dateutil's ``tzical``), except one that it takes for UTC because its offsets match
    UTC's from 2000 to 2020 (Lisbon's, from 2026 on): for that TZID it asks pytz."""
    # vobject keeps the first definition of a TZID it reads for the rest of the process:
    # forget those of earlier files, as a client reading one feed would not know them.
    text = path.read_text(encoding="utf-8")
    for tzid in re.findall(r"^TZID:(.+)$", text, re.MULTILINE):
        vobject.icalendar.registerTzid(tzid, None)
    times: Times = {}
    for event in vobject.readOne(text).vevent_list:
        start, end = event.dtstart.value, event.dtend.value
        assert start.tzinfo is not None, event.uid.value
        length = end.astimezone(UTC) - start.astimezone(UTC)
        rules = event.getrruleset(addRDate=True)
        starts = list(rules.between(start, UNTIL, inc=True)) if rules else [start]
        times[event.uid.value] = [(_utc(s), _utc(s.astimezone(UTC) + length)) for s in starts]
    return times


def ical_js_times(*paths: Path) -> dict[Path, Times]:
    """The same, as ical.js reads the files (scripts/node/ical-times.mjs)."""
    node = shutil.which("node")
    if node is None or not (REPO / "scripts/node/node_modules/ical.js").is_dir():
        if node is None or shutil.which("npm") is None:
            pytest.skip("node/npm are not installed, so scripts/setup could not fetch ical.js")
        pytest.fail("ical.js is missing although Node is installed: run scripts/setup")
    until = UNTIL.strftime("%Y-%m-%dT%H:%M:%SZ")
    command = [node, str(ICAL_TIMES), until, *map(str, paths)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    return {
        path: {e["uid"]: [tuple(o) for o in e["occurrences"]] for e in parsed[str(path)]}
        for path in paths
    }


def assert_clients_agree(*feeds: Path, truth: Times | None = None) -> int:
    """Every client reads every event of `feeds` at the same instants as python-icalendar
    (or as `truth`, when given); returns how many occurrences were compared."""
    by_ical_js = ical_js_times(*feeds)
    compared = 0
    for feed in feeds:
        expected = truth or icalendar_times(feed)
        assert expected, feed
        clients = [("ical.js", by_ical_js[feed]), ("vobject", vobject_times(feed))]
        if truth:
            clients.append(("python-icalendar", icalendar_times(feed)))
        for name, times in clients:
            differ = {
                uid: (occurrences[:3], times.get(uid, [])[:3])
                for uid, occurrences in expected.items()
                if times.get(uid) != occurrences
            }
            assert not differ, f"{feed.name}: {name} reads {len(differ)} events otherwise: {differ}"
        compared += sum(map(len, expected.values()))
    return compared


# --- Unit: every instant around every change of several zones --------------------------

ZONES = [
    ("Europe/Stockholm", date(2026, 1, 1), date(2029, 12, 31)),
    ("America/New_York", date(2026, 1, 1), date(2028, 12, 31)),
    ("Europe/Lisbon", date(2026, 6, 1), date(2028, 6, 1)),
    ("Australia/Sydney", date(2026, 1, 1), date(2028, 1, 1)),  # southern summer time
    ("America/Sao_Paulo", date(2018, 1, 1), date(2020, 12, 31)),  # summer time ended 2019
    ("Asia/Kolkata", date(2026, 1, 1), date(2027, 1, 1)),  # never changes
]


def _instants(zone: str, first: date, last: date) -> list[datetime]:
    """Every 30 minutes from 3 hours before to 3 hours after each change, and a noon a week."""
    tz = ZoneInfo(zone)
    start = datetime.combine(first, datetime.min.time(), tz).astimezone(UTC)
    end = datetime.combine(last, datetime.min.time(), tz).astimezone(UTC)
    instants = {start + timedelta(days=d, hours=12) for d in range(0, (end - start).days, 7)}
    for change in transitions(tz, start, end):
        instants |= {change.at + timedelta(minutes=30 * k) for k in range(-6, 7)}
    return sorted(i for i in instants if start <= i < end)


@pytest.mark.parametrize(("zone", "first", "last"), ZONES, ids=[z[0] for z in ZONES])
def test_every_client_reads_every_instant_of_a_zone_alike(
    tmp_path: Path, zone: str, first: date, last: date
) -> None:
    calendar = Calendar()
    calendar.add("prodid", "-//test//EN")
    calendar.add("version", "2.0")
    instants = _instants(zone, first, last)
    for number, instant in enumerate(instants):
        event = Event()
        event.add("uid", f"{number}@test")
        event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
        event.add("dtstart", unambiguous(instant.astimezone(ZoneInfo(zone))))
        event.add(
            "dtend", unambiguous((instant + timedelta(minutes=30)).astimezone(ZoneInfo(zone)))
        )
        calendar.add_component(event)
    calendar.add_component(vtimezone(zone, first, last))
    feed = tmp_path / "zone.ics"
    feed.write_bytes(calendar.to_ical())

    truth = {
        f"{n}@test": [(_utc(i), _utc(i + timedelta(minutes=30)))] for n, i in enumerate(instants)
    }
    assert assert_clients_agree(feed, truth=truth) == len(instants)
    # The VTIMEZONE alone, as dateutil reads it for vobject (which asks pytz instead when
    # a zone looks like UTC to it).
    read = tzical(io.StringIO(feed.read_bytes().decode())).get()
    for instant in instants:
        wall = unambiguous(instant.astimezone(ZoneInfo(zone)))
        if wall.tzinfo is not UTC:
            assert wall.replace(tzinfo=read).astimezone(UTC) == instant, wall
    if zone != "Asia/Kolkata":
        assert "TZID=" in feed.read_text(), "the zone is used, not only UTC"


def test_a_zone_without_changes_has_one_observance() -> None:
    text = vtimezone("Asia/Kolkata", date(2026, 1, 1), date(2027, 1, 1)).to_ical().decode()
    assert text.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in text


def test_observances_start_in_the_local_time_before_the_change() -> None:
    text = vtimezone("Europe/Stockholm", date(2026, 1, 1), date(2027, 1, 1)).to_ical().decode()
    assert "DTSTART:20260329T020000\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100" in text
    assert "DTSTART:20261025T030000\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200" in text
    assert "RDATE" not in text and "RRULE" not in text


# --- Real builds: the sample portal and the test site ----------------------------------


@pytest.mark.build
def test_the_sample_portal_feeds_read_alike_in_every_client(tmp_path: Path) -> None:
    shutil.copytree(REPO / "content", tmp_path / "content")
    write_site_config(tmp_path)
    result = run_build(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    whole, kotlin = site / "calendar.ics", site / "competencies" / "kotlin.ics"
    text = whole.read_bytes().decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H\r\nX-PUBLISHED-TTL:PT6H\r\n" in text

    compared = assert_clients_agree(whole, kotlin)

    # What the comparison covers: winter sessions after the change of 25 October 2026,
    # summer ones, and series.
    times = icalendar_times(whole)
    starts = [start for occurrences in times.values() for start, _ in occurrences]
    assert any("2026-10-25" < s < "2027-03-28" for s in starts)
    assert any("2027-03-28" < s < "2027-10-31" for s in starts)
    assert sum(len(o) > 1 for o in times.values()) >= 5
    assert compared > 100


@pytest.mark.build
def test_spring_forward_nights_and_series_read_alike_in_every_client(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    shutil.copytree(CALENDAR_EXTRA, tmp_path / "content", dirs_exist_ok=True)
    write_site_config(tmp_path)
    result = run_build(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"

    assert_clients_agree(site / "calendar.ics", site / "competencies" / "presenting.ics")
    # 02:30 on the night Stockholm skips 02:00-03:00 is written as the 03:30 it was.
    talk = (site / "academy" / "night-shift-talk.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Stockholm:20270328T033000" in talk
    assert icalendar_times(site / "academy" / "night-shift-talk.ics")[
        "academy/night-shift-talk/20270328T013000Z@127.0.0.1"
    ] == [("2027-03-28T01:30:00.000Z", "2027-03-28T02:00:00.000Z")]
