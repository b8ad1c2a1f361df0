"""VTIMEZONE components that every common calendar client reads the same way.

icalendar's ``Timezone.from_tzinfo`` gives each kind of change one observance whose
``DTSTART`` is the first onset and whose single ``RDATE`` line lists the later ones
(``RDATE:20261025T030000,20271031T030000,…``). python-icalendar reads them all, but
Mozilla's ical.js (Thunderbird and many web calendars) and vobject read only the first
date of such a line, and ical.js ignores ``DTSTART`` as an onset when an observance has
an ``RDATE``: sessions after the first change came out an hour off. Here every onset in
the span is an observance of its own, with ``DTSTART`` and neither ``RDATE`` nor
``RRULE``, which every reader takes the same way; built with icalendar's component API
from the zone's transitions in the IANA database (``zoneinfo``).

``DTSTART`` of an observance is its onset in the local time before the change
(``TZOFFSETFROM``), as RFC 5545 defines it: 02:00 when Stockholm springs forward,
03:00 when it falls back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

#: Transitions of the IANA database are hours or months apart, never closer than this:
#: the zone is sampled at this step, and each change is then narrowed to the second.
_STEP = timedelta(hours=6)


@dataclass(frozen=True)
class Offset:
    """What a zone's clocks say during one stretch of time."""

    utcoffset: timedelta
    daylight: bool
    name: str


@dataclass(frozen=True)
class Transition:
    """The instant (UTC) when a zone changes from `before` to `after`."""

    at: datetime
    before: Offset
    after: Offset


def offset_at(zone: ZoneInfo, instant: datetime) -> Offset:
    """The offset, daylight-saving flag and abbreviation of `zone` at a UTC instant."""
    local = instant.astimezone(zone)
    return Offset(local.utcoffset() or timedelta(0), bool(local.dst()), local.tzname() or zone.key)


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> Iterator[Transition]:
    """Every change of `zone`'s offset or abbreviation in [start, end), in order."""
    at, current = start, offset_at(zone, start)
    while at < end:
        step = min(at + _STEP, end)
        following = offset_at(zone, step)
        if following != current:
            # The change lies in (at, step]: narrow it down to the second.
            low, high = at, step
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                middle = middle.replace(microsecond=0)
                if offset_at(zone, middle) == current:
                    low = middle
                else:
                    high = middle
            yield Transition(high, current, offset_at(zone, high))
            current = offset_at(zone, high)
            at = high
        else:
            at = step


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """A VTIMEZONE for the IANA zone `tzid`, right for every instant from `first` to
    `last` (local dates): the observance in effect on `first`, then one per change."""
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    component = Timezone()
    component.add("tzid", tzid)
    component.add("comment", f"This time zone definition is right from {first} to {last}.")
    initial = offset_at(zone, start)
    component.add_component(_observance(initial, initial, datetime.combine(first, time(0))))
    for change in transitions(zone, start, end):
        onset = (change.at + change.before.utcoffset).replace(tzinfo=None)
        component.add_component(_observance(change.before, change.after, onset))
    return component


def _observance(
    before: Offset, after: Offset, onset: datetime
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if after.daylight else TimezoneStandard()
    observance.add("dtstart", onset)
    observance.add("tzname", after.name)
    observance.add("tzoffsetfrom", before.utcoffset)
    observance.add("tzoffsetto", after.utcoffset)
    return observance
