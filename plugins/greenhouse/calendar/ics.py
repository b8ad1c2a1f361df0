"""iCalendar (RFC 5545) feeds of sessions, built with the `icalendar` library.

Identity and change, so that subscribed calendars follow edits without duplicates:

- ``UID`` = item id + the session's start in UTC (+ ``-2``, ``-3``… when one item has
  two sessions starting together) + ``@`` + a domain. Inserting or removing another
  session, or editing any other field, keeps it; moving the start makes it a new
  event (see docs/calendar.md: move a session by cancelling it and adding a new one).
- ``LAST-MODIFIED`` = ``DTSTAMP`` = the last change of the item's file (Git commit,
  else modification time); ``SEQUENCE`` = that instant in seconds since 2020-01-01,
  so it only grows, and is the same in every build of the same commit.

The feeds' header properties and time zones are icalendar components. Events, thousands
of them, are written here as the lines icalendar writes for them: its ``add`` and
``to_ical`` cost 0.4 ms an event, which made the feeds the slowest job of the build
(docs/performance.md). Parameters are quoted (``param_value``) and zones named
(``tzid_from_dt``, ``is_utc``) by icalendar; TEXT escaping and line folding, which
icalendar 7 no longer offers to other code, are done here the way it does them. Tests
read every feed back with icalendar and require its own serialization of what it read to
give the same bytes, and read the feeds with ical.js and vobject.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache

from icalendar import Calendar, is_utc, vDuration, vRecur
from icalendar.parser import param_value
from icalendar.timezone import tzid_from_dt

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


def _line(name: str, value: str, *, text: bool = True, **parameters: str) -> bytes:
    """One content line, CRLF included: `value` escaped as TEXT unless `text` is False
    (URIs, numbers, dates, and lists escaped item by item), parameters in name order."""
    head = name + "".join(f";{k}={param_value(v)}" for k, v in sorted(parameters.items()))
    return _fold(f"{head}:{_escape(value) if text else value}") + b"\r\n"


def _escape(text: str) -> str:
    """`text` as an iCalendar TEXT value (RFC 5545, 3.3.11), exactly as icalendar escapes
    it: ``\\N`` and every line break as ``\\n``; backslash, semicolon and comma escaped."""
    return (
        text.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    """`line` in UTF-8, folded as icalendar folds it: parts of at most 74 octets, never
    inside a character, and a part that would end in a backslash or caret leaves it to
    the next (icalendar's care for clients that unfold badly; an escaped backslash at
    the cut keeps one of its two)."""
    data = line.encode("utf-8")
    parts, start = [], 0
    while len(data) - start > 74:
        cut = start + 74
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: inside a character
            cut -= 1
        if cut - start > 1 and data[cut - 1] in b"\\^":
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts)


def _one_line(text: str) -> str:
    """`text` with its line breaks as spaces: an unescaped value must not break its line
    (the model keeps names and descriptions on one line already)."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _stamp(moment: datetime) -> str:
    """A DATE-TIME value (local): seconds are the finest an iCalendar value holds."""
    date_part = f"{moment.year:04}{moment.month:02}{moment.day:02}"
    return f"{date_part}T{moment.hour:02}{moment.minute:02}{moment.second:02}"


def _utc(moment: datetime) -> str:
    """A UTC DATE-TIME value."""
    return _stamp(moment.astimezone(UTC)) + "Z"


@cache
def _zone(zone: tzinfo) -> str | None:
    """The TZID icalendar writes for times in `zone`, or None for UTC."""
    sample = datetime(2020, 1, 1, tzinfo=zone)
    return None if is_utc(sample) else tzid_from_dt(sample)


def _moment(name: str, moment: datetime) -> bytes:
    """DTSTART or DTEND: in UTC, or in local time with the zone's TZID."""
    assert moment.tzinfo is not None  # the model makes every session time aware
    tzid = _zone(moment.tzinfo)
    if tzid is None:
        return _line(name, _utc(moment), text=False)
    return _line(name, _stamp(moment), text=False, TZID=tzid)


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
        # The RFC 7986 forms (TEXT, escaped) and the X-WR- forms Outlook and Thunderbird
        # read, in the order icalendar's setters (`Calendar.calendar_name`, `.description`)
        # write them. The X-WR- ones are unescaped, as those setters write them and as
        # ical.js shows them (it would show "\," as is).
        named = [
            _line("DESCRIPTION", description),
            _line("X-WR-CALDESC", _one_line(description), text=False),
            _line("NAME", name),
            _line("X-WR-CALNAME", _one_line(name), text=False),
        ]
        return b"".join([_CALENDAR_BEGIN, before, *named, after, *components, _CALENDAR_END])

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
            self._events[key] = self.event(item, index, session)
        return self._events[key]

    def event(self, item: Item, index: int, session: Session) -> bytes:
        """The session's VEVENT, as icalendar serializes it: its canonical properties
        first (``Event.canonical_order``), then the others by name."""
        modified = self._last_modified(item)
        stamp = _utc(modified)
        assert session.end is not None  # the model fills it from the duration
        if session.repeat:
            # A series repeats in wall-clock time: its times stay as written.
            start, end = session.start, session.end
        else:
            start, end = unambiguous(session.start), unambiguous(session.end)
        place = session.location or session.online
        url = self._page_url(item)
        people = self._people(item)
        lines = [
            b"BEGIN:VEVENT\r\n",
            _line("SUMMARY", item.title, LANGUAGE=item.language),
            _moment("DTSTART", start),
            _moment("DTEND", end),
            _line("DTSTAMP", stamp, text=False),
            _line("UID", session_uid(item, index, self.domain)),
            _line("SEQUENCE", str(sequence(modified)), text=False),
        ]
        if session.repeat:
            rule = vRecur.from_ical(session.repeat).to_ical().decode()
            lines.append(_line("RRULE", rule, text=False))
        categories = ",".join(_escape(self._competency_name(c)) for c in item.competencies)
        lines.append(_line("CATEGORIES", categories, text=False))
        if session.online:
            lines.append(
                _line("CONFERENCE", session.online, text=False, FEATURE="VIDEO", VALUE="URI")
            )
        if people:
            lines.append(_line("CONTACT", ", ".join(people)))
        lines.append(_line("DESCRIPTION", self._description(item, session, people, url)))
        lines.append(_line("LAST-MODIFIED", stamp, text=False))
        if place:
            lines.append(_line("LOCATION", place))
        lines.append(_line("STATUS", "CANCELLED" if session.cancelled else "CONFIRMED"))
        if url:
            lines.append(_line("URL", url, text=False))
        lines.append(b"END:VEVENT\r\n")
        return b"".join(lines)

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
