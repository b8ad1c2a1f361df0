"""iCalendar (RFC 5545) feeds of sessions, built with the `icalendar` library.

Identity and change, so that subscribed calendars follow edits without duplicates:

- ``UID`` = item id + the session's start in UTC (+ ``-2``, ``-3``… when one item has
  two sessions starting together) + ``@`` + a domain. Inserting or removing another
  session, or editing any other field, keeps it; moving the start makes it a new
  event (see docs/calendar.md: move a session by cancelling it and adding a new one).
- ``LAST-MODIFIED`` = ``DTSTAMP`` = the last change of the item's file (Git commit,
  else modification time); ``SEQUENCE`` = that instant in seconds since 2020-01-01,
  so it only grows, and is the same in every build of the same commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Conference, Event, vDuration, vRecur

from greenhouse.calendar.history import FileDates
from greenhouse.calendar.occurrences import series_end
from greenhouse.calendar.vtimezone import vtimezone
from greenhouse.i18n import Translator
from greenhouse.model.types import Content, Item, Session

SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
PRODID = "-//Greenhouse//Learning portal//EN"
#: How often subscribed calendars should fetch the feed again.
REFRESH = timedelta(hours=6)

FeedEntry = tuple[Item, int, Session]

_CALENDAR_BEGIN = b"BEGIN:VCALENDAR\r\n"
_CALENDAR_END = b"END:VCALENDAR\r\n"


def _lines(calendar: Calendar) -> bytes:
    """The calendar's property lines, without BEGIN and END."""
    serialized = calendar.to_ical()
    assert serialized.startswith(_CALENDAR_BEGIN) and serialized.endswith(_CALENDAR_END)
    return serialized[len(_CALENDAR_BEGIN) : -len(_CALENDAR_END)]


def sequence(last_modified: datetime) -> int:
    """SEQUENCE for a session last changed at `last_modified`: grows with every change."""
    return max(0, int((last_modified - SEQUENCE_EPOCH).total_seconds()))


def unambiguous(moment: datetime) -> datetime:
    """`moment` in a form every calendar client reads as the same instant.

    A wall time in a spring-forward gap (02:30 on the night Stockholm skips from 02:00 to
    03:00) becomes the time the clocks showed (03:30): RFC 5545 reads such a time with
    the offset before the gap, ical.js and vobject with the one after. A wall time that
    happens twice when clocks fall back is written in UTC: RFC 5545 means the first,
    ical.js takes the second.
    """
    shown = moment.astimezone(UTC).astimezone(moment.tzinfo)
    if shown.replace(fold=0).utcoffset() != shown.replace(fold=1).utcoffset():
        return shown.astimezone(UTC)
    return shown.replace(fold=0)


def session_uid(item: Item, index: int, domain: str) -> str:
    """A UID that survives edits of other sessions and fields (see the module docs)."""
    session = item.sessions[index]
    start = session.start.astimezone(UTC)
    twins = sum(1 for s in item.sessions[:index] if s.start.astimezone(UTC) == start)
    suffix = f"-{twins + 1}" if twins else ""
    return f"{item.id}/{start:%Y%m%dT%H%M%SZ}{suffix}@{domain}"


@dataclass
class FeedBuilder:
    """Builds every .ics feed of one build, sharing time-zone definitions between them.

    `dates` maps an item's ``src_uri`` to its file's dates; `t` translates labels;
    `site_url` (absolute, ending in /) makes URL properties, when the site has one.
    """

    content: Content
    dates: Mapping[str, FileDates]
    t: Translator
    domain: str
    site_url: str | None = None
    fallback_modified: datetime = SEQUENCE_EPOCH
    _zones: dict[str, bytes] = field(default_factory=dict)
    _events: dict[tuple[str, int], bytes] = field(default_factory=dict)
    _shared: tuple[bytes, bytes] | None = None

    def calendar(self, entries: Iterable[FeedEntry], *, name: str, description: str) -> bytes:
        """One VCALENDAR with a VEVENT per session (a series keeps its RRULE).

        A session is in several feeds (the whole calendar, its competencies', its item's)
        and a zone in nearly all of them: each component is serialized by icalendar once
        per build and its lines are reused in every feed, exactly as the calendar's own
        serialization would write them (sub-components follow the properties). So are the
        properties every feed shares, around the lines that name and describe the feed.
        """
        components = []
        zones = {self.content.settings.timezone}
        for item, index, session in entries:
            components.append(self._event_lines(item, index, session))
            zones.add(session.timezone)
        # RFC 5545 wants at least one component: the site's zone is always there.
        components += [self._timezone_lines(zone) for zone in sorted(zones) if zone != "UTC"]
        before, after = self._shared_lines()
        named = Calendar()
        # These setters write both the RFC 7986 and the X-WR- forms Outlook reads.
        named.calendar_name = name
        named.description = description
        lines = _lines(named)
        return b"".join([_CALENDAR_BEGIN, before, lines, after, *components, _CALENDAR_END])

    def _shared_lines(self) -> tuple[bytes, bytes]:
        """The properties of every feed, as icalendar orders them: those before the name
        and description, and those after."""
        if self._shared is None:
            cal = Calendar()
            cal.add("prodid", PRODID)
            cal.add("version", "2.0")
            cal.add("calscale", "GREGORIAN")
            cal.add("method", "PUBLISH")
            # RFC 7986 requires VALUE=DURATION, which icalendar's setter leaves out.
            cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
            cal.add("x-published-ttl", vDuration(REFRESH))
            cal.add("x-wr-timezone", self.content.settings.timezone)
            lines = _lines(cal)
            split = lines.index(b"REFRESH-INTERVAL")
            self._shared = (lines[:split], lines[split:])
        return self._shared

    def _event_lines(self, item: Item, index: int, session: Session) -> bytes:
        key = (item.id, index)
        if key not in self._events:
            self._events[key] = self.event(item, index, session).to_ical()
        return self._events[key]

    def event(self, item: Item, index: int, session: Session) -> Event:
        modified = self._last_modified(item)
        event = Event()
        event.add("uid", session_uid(item, index, self.domain))
        event.add("dtstamp", modified)
        event.add("last-modified", modified)
        event.add("sequence", sequence(modified))
        # The title is in the item's language; the description's labels in the interface's.
        event.add("summary", item.title, parameters={"LANGUAGE": item.language})
        assert session.end is not None  # the model fills it from the duration
        if session.repeat:
            # A series repeats in wall-clock time: its times stay as written.
            event.add("dtstart", session.start)
            event.add("dtend", session.end)
            event.add("rrule", vRecur.from_ical(session.repeat))
        else:
            event.add("dtstart", unambiguous(session.start))
            event.add("dtend", unambiguous(session.end))
        event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
        place = session.location or session.online
        if place:
            event.add("location", place)
        if session.online:
            event.conferences = [Conference(session.online, feature="VIDEO")]
        url = self._page_url(item)
        if url:
            event.add("url", url)
        people = self._people(item)
        if people:
            event.add("contact", ", ".join(people))
        event.add("categories", [self._competency_name(c) for c in item.competencies])
        event.add("description", self._description(item, session, people, url))
        return event

    def _description(self, item: Item, session: Session, people: list[str], url: str | None) -> str:
        lines = [item.summary, ""]
        role = "speakers" if item.speakers else "facilitators" if item.facilitators else "team"
        if people:
            lines.append(f"{self.t(role)}: {', '.join(people)}")
        if session.online:
            lines.append(f"{self.t('join_online')}: {session.online}")
        if session.registration:
            lines.append(f"{self.t('register')}: {session.registration}")
        if session.capacity:
            lines.append(self.t.plural("seats", session.capacity))
        if url:
            lines.append(url)
        return "\n".join(lines).strip()

    def _people(self, item: Item) -> list[str]:
        return [self.content.people[p].name for p in item.people if p in self.content.people]

    def _competency_name(self, competency_id: str) -> str:
        competency = self.content.framework.competencies.get(competency_id)
        return competency.name if competency else competency_id

    def _page_url(self, item: Item) -> str | None:
        return f"{self.site_url.rstrip('/')}/{item.page_url}" if self.site_url else None

    def _last_modified(self, item: Item) -> datetime:
        dates = self.dates.get(item.src_uri)
        return dates.last if dates else self.fallback_modified

    def _timezone_lines(self, zone: str) -> bytes:
        # Building a VTIMEZONE walks the zone's transitions: once per zone and build.
        if zone not in self._zones:
            first, last = self._span()
            self._zones[zone] = vtimezone(zone, first, last).to_ical()
        return self._zones[zone]

    def _span(self) -> tuple[date, date]:
        """Dates that enclose every session of the site, for VTIMEZONE definitions."""
        starts, ends = [], []
        for item in self.content.published:
            for session in item.sessions:
                starts.append(session.start.date())
                end = series_end(session)
                # A rule without an end: ten years of rules are plenty for any client.
                ends.append(end.date() if end else session.start.date() + timedelta(days=3660))
        if not starts:
            return date(2020, 1, 1), date(2030, 1, 1)
        return min(starts) - timedelta(days=1), max(ends) + timedelta(days=1)
