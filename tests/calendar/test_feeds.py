"""Real builds of the mini site: every .ics, /calendar/ and /feed.xml as people get them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from icalendar import Calendar, Event

from greenhouse_testing import CALENDAR_EXTRA, MINI, run_build, write_site_config

pytestmark = pytest.mark.build


def built_site(root: Path) -> Path:
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build shared by the read-only tests of this module."""
    root = tmp_path_factory.mktemp("calendar")
    shutil.copytree(MINI / "content", root / "content")
    shutil.copytree(CALENDAR_EXTRA, root / "content", dirs_exist_ok=True)
    write_site_config(root)
    return built_site(root)


def events(path: Path) -> list[Event]:
    calendar = Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_every_ics_parses_with_events_zones_and_statuses(site: Path) -> None:
    feeds = sorted(site.rglob("*.ics"))
    names = {p.relative_to(site).as_posix() for p in feeds}
    assert {
        "calendar.ics",
        "workshops/intro-to-kotlin.ics",
        "competencies/kotlin.ics",
        "competencies/code-review.ics",
        "academy/night-shift-talk.ics",
    } <= names
    # A competency without sessions still has a feed to subscribe to.
    assert "competencies/presenting.ics" in names
    for feed in feeds:
        calendar = Calendar.from_ical(feed.read_bytes())
        assert calendar.get("VERSION") == "2.0" and calendar.get("PRODID")
        defined = {tz.tz_name for tz in calendar.timezones}
        assert "Europe/Stockholm" in defined
        uids = [str(e["UID"]) for e in calendar.events]
        assert len(uids) == len(set(uids)), feed
        for event in calendar.events:
            for key in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "SUMMARY", "URL"):
                assert key in event, (feed, key)
            assert str(event["STATUS"]) in ("CONFIRMED", "CANCELLED")
            assert event["DTSTART"].params["TZID"] in defined
            assert event.start.tzinfo is not None


def test_the_files_written_beside_the_pages_are_as_readable_as_the_pages(site: Path) -> None:
    # A web server running as another user reads them as it reads the pages.
    page = (site / "index.html").stat().st_mode
    for written in ("calendar.ics", "workshops/intro-to-kotlin.ics", "search/records.json"):
        assert (site / written).stat().st_mode == page, written
    assert (site / "admin" / "config.yml").stat().st_mode == page


def test_every_feed_is_byte_for_byte_what_icalendar_writes_for_it(site: Path) -> None:
    # Feeds reuse each event's and zone's serialized lines: the result must still be
    # exactly icalendar's own serialization of the whole calendar (order, folding, CRLF).
    feeds = sorted(site.rglob("*.ics"))
    assert len(feeds) > 5
    for feed in feeds:
        data = feed.read_bytes()
        assert Calendar.from_ical(data).to_ical() == data, feed


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(site: Path) -> None:
    kotlin = {e.start.date().isoformat(): e for e in events(site / "workshops/intro-to-kotlin.ics")}
    assert str(kotlin["2027-04-01"]["STATUS"]) == "CANCELLED"
    assert str(kotlin["2027-03-04"]["STATUS"]) == "CONFIRMED"
    assert str(kotlin["2027-03-04"]["LOCATION"]) == "Stockholm, room Echo"
    assert str(kotlin["2027-03-04"]["URL"]).endswith("/workshops/intro-to-kotlin/")
    assert "Åsa Lindqvist" in str(kotlin["2027-03-04"]["DESCRIPTION"])
    assert "CANCELLED" in [str(e["STATUS"]) for e in events(site / "calendar.ics")]


def test_a_series_is_one_event_with_its_rule(site: Path) -> None:
    (breakfast,) = events(site / "workshops/knowledge-breakfast.ics")
    assert breakfast["RRULE"].to_ical() == b"FREQ=MONTHLY;COUNT=48;BYDAY=1FR"
    assert breakfast["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert "https://meet.example.com/breakfast" in str(breakfast["DESCRIPTION"])


def test_spring_forward_sessions_land_on_the_right_utc_instants(site: Path) -> None:
    talk = events(site / "academy/night-shift-talk.ics")
    calendar = Calendar.from_ical((site / "academy/night-shift-talk.ics").read_bytes())
    assert {tz.tz_name for tz in calendar.timezones} >= {"Europe/Stockholm", "America/New_York"}
    assert sorted(e.start.astimezone(UTC) for e in talk) == [
        datetime(2027, 3, 14, 7, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 1, 30, tzinfo=UTC),
    ]


def test_competency_feeds_hold_only_their_competency(site: Path) -> None:
    titles = {str(e["SUMMARY"]) for e in events(site / "competencies/code-review.ics")}
    assert titles == {"Review circle"}
    assert events(site / "competencies/presenting.ics") != []  # the knowledge breakfast


def test_calendar_page_lists_six_of_a_count_six_series(site: Path) -> None:
    html = (site / "calendar/index.html").read_text(encoding="utf-8")
    assert html.count(">Review circle</a>") == 6
    assert "Times in Europe/Stockholm" in html
    # Thursday 10 Dec 2026 at 15:00 in Stockholm, with the zone named.
    assert "Thu 10 Dec 2026, 15:00–16:00 CET" in html
    assert "Night shift on-call stories" in html
    assert "Sun 28 Mar 2027, 03:30–04:00 CEST" in html  # 02:30 does not exist that night


def test_calendar_page_marks_cancelled_sessions(site: Path) -> None:
    html = (site / "calendar/index.html").read_text(encoding="utf-8")
    cancelled = re.search(r'<li class="gh-occurrence gh-occurrence--cancelled".*?</li>', html, re.S)
    assert cancelled is not None
    assert "Intro to Kotlin" in cancelled.group(0) and "Cancelled" in cancelled.group(0)
    assert "Thu 1 Apr 2027" in cancelled.group(0)


def test_feed_xml_is_valid_rss_newest_first(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    review = next(e for e in feed.entries if e.title == "Review circle")
    assert review.published_parsed[:3] == (2026, 11, 19)  # midnight in Stockholm, in UTC
    assert review.link.endswith("/workshops/review-circle/")
    assert [t.term for t in review.tags] == ["Code review"]
    assert "Coroutines in depth" in [e.title for e in feed.entries]


def test_item_page_links_its_feed_and_web_calendars(site: Path) -> None:
    html = (site / "workshops/intro-to-kotlin/index.html").read_text(encoding="utf-8")
    assert 'href="../intro-to-kotlin.ics"' in html
    assert "calendar.google.com/calendar/render" in html
    assert "outlook.office.com/calendar" in html
    assert 'href="webcal://' in html and "competencies/kotlin.ics" in html


def test_competency_and_home_pages_link_their_feeds(site: Path) -> None:
    competency = (site / "competencies/kotlin/index.html").read_text(encoding="utf-8")
    feed = competency.split("data-gh-feed", 1)[1].split("</div>", 1)[0]
    assert "Kotlin sessions" in feed and "Copy link" in feed
    assert 'href="webcal://127.0.0.1:8000/competencies/kotlin.ics"' in feed
    assert 'href="../kotlin.ics"' in feed and "feed.xml" not in feed
    home = (site / "index.html").read_text(encoding="utf-8")
    feed = home.split("data-gh-feed", 1)[1].split("</div>", 1)[0]
    assert "Every session" in feed and 'href="webcal://127.0.0.1:8000/calendar.ics"' in feed
    assert 'href="calendar.ics"' in feed and 'href="feed.xml"' in feed
    calendar = (site / "calendar/index.html").read_text(encoding="utf-8")
    for page in (home, calendar):
        head = page.split("</head>", 1)[0]
        assert re.search(
            r'<link rel="alternate" type="application/rss\+xml" title="[^"]+" '
            r'href="(\.\./)?feed.xml">',
            head,
        )
    # Elsewhere none: Material fetches the whole sitemap.xml for a page with such a link.
    catalogue = (site / "catalogue/index.html").read_text(encoding="utf-8")
    for page in (competency, catalogue):
        assert 'rel="alternate"' not in page.split("</head>", 1)[0]


# --- Changes over time: the content in Git, edited and rebuilt ----------------------


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def commit_all(root: Path, when: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edit", when=when)


def kotlin_events(site: Path) -> dict[str, Event]:
    return {e.start.date().isoformat(): e for e in events(site / "workshops/intro-to-kotlin.ics")}


def test_uids_survive_edits_and_cancelling_raises_sequence(mini_site: Path) -> None:
    git(mini_site, "init", "-q")
    commit_all(mini_site, "2026-10-01T10:00:00+00:00")
    before = kotlin_events(built_site(mini_site))
    uids_before = {day: str(e["UID"]) for day, e in before.items()}

    # Unrelated edits: another file's text, and a new session put first in the list.
    kotlin = mini_site / "content/workshops/intro-to-kotlin.md"
    breakfast = mini_site / "content/workshops/knowledge-breakfast.md"
    breakfast.write_text(breakfast.read_text().replace("Frukost", "Frukost, kaffe"))
    kotlin.write_text(
        kotlin.read_text().replace(
            "sessions:\n", "sessions:\n  - start: 2027-02-04T09:00\n    end: 2027-02-04T10:30\n", 1
        )
    )
    commit_all(mini_site, "2026-10-15T10:00:00+00:00")
    edited = kotlin_events(built_site(mini_site))
    assert {day: str(e["UID"]) for day, e in edited.items() if day in uids_before} == uids_before
    assert len(edited) == 3

    # Cancel the 4 March session.
    kotlin.write_text(
        kotlin.read_text().replace(
            "    registration: https://forms.example.com/kotlin\n",
            "    registration: https://forms.example.com/kotlin\n    status: cancelled\n",
        )
    )
    commit_all(mini_site, "2026-11-01T10:00:00+00:00")
    site = built_site(mini_site)
    cancelled = kotlin_events(site)["2027-03-04"]

    assert str(cancelled["UID"]) == uids_before["2027-03-04"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(edited["2027-03-04"]["SEQUENCE"])
    assert cancelled["LAST-MODIFIED"].dt > edited["2027-03-04"]["LAST-MODIFIED"].dt
    # The whole calendar and the page agree.
    whole = {str(e["UID"]): e for e in events(site / "calendar.ics")}
    assert str(whole[uids_before["2027-03-04"]]["STATUS"]) == "CANCELLED"
    html = (site / "calendar/index.html").read_text(encoding="utf-8")
    march = re.search(
        r'<li class="gh-occurrence[^"]*"[^>]*>\s*<time[^>]*>Thu 4 Mar 2027.*?</li>', html, re.S
    )
    assert march is not None and "gh-occurrence--cancelled" in march.group(0)
    assert "Cancelled" in march.group(0)


def test_an_unchanged_rebuild_writes_the_same_feeds(mini_site: Path) -> None:
    first = built_site(mini_site)
    feeds = {p.relative_to(first): p.read_bytes() for p in first.rglob("*.ics")}
    second = built_site(mini_site)
    assert {p.relative_to(second): p.read_bytes() for p in second.rglob("*.ics")} == feeds


def test_a_feed_replaces_a_file_of_the_same_name_in_content(mini_site: Path) -> None:
    # Feeds are written beside the build: a stray file in content/ must not be copied over one.
    (mini_site / "content" / "calendar.ics").write_text("stale", encoding="utf-8")
    (mini_site / "content" / "competencies").mkdir()
    (mini_site / "content" / "competencies" / "kotlin.ics").write_text("stale", encoding="utf-8")
    site = built_site(mini_site)
    assert events(site / "calendar.ics") and events(site / "competencies" / "kotlin.ics")
