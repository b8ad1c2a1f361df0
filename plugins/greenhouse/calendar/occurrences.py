"""Occurrences of sessions between two instants, with recurring rules expanded.

Times follow RFC 5545: a rule repeats in wall-clock time of the session's zone (a
09:00 breakfast stays at 09:00 across daylight-saving changes), a wall time that falls
in a spring-forward gap is read with the offset before the gap (02:30 on the day
Stockholm skips 02:00-03:00 is 01:30 UTC, shown as 03:30), and every occurrence lasts
exactly as long as the first one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from greenhouse.model.types import Item, Session

#: How far ahead "upcoming" looks for a series without COUNT or UNTIL.
DEFAULT_HORIZON = timedelta(days=3660)
#: What lists of upcoming sessions show, on every page that has one: the coming year.
UPCOMING = timedelta(days=365)
#: How far back sessions count as given (bounds the expansion of open-ended rules).
GIVEN_SINCE = timedelta(days=3653)
#: Every edge, from now, of a window pages count occurrences in: an occurrence that
#: crosses one as time passes changes the pages that show it (greenhouse.plugins.redraw).
#: A page that counts occurrences in another window adds its edges here.
WINDOW_EDGES = (timedelta(0), UPCOMING, DEFAULT_HORIZON, GIVEN_SINCE, -GIVEN_SINCE)


@dataclass(frozen=True)
class Occurrence:
    """One time an item's session happens. `index` is the session's place in the item."""

    item: Item
    session: Session
    index: int
    start: datetime
    end: datetime

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled


def session_length(session: Session) -> timedelta:
    """The exact length of a session (Python subtracts wall-clock times in one zone)."""
    if session.end is None:
        return timedelta(0)
    return session.end.astimezone(UTC) - session.start.astimezone(UTC)


def _rule(session: Session) -> rrule:
    return _expansion(session.repeat or "", session.start)


@lru_cache(maxsize=4096)
def _expansion(repeat: str, start: datetime) -> rrule:
    """One rule object per series, which keeps what it has expanded (dateutil's cache):
    every page and feed asks about the same series, and a series is expanded from its
    start each time it is asked (the model bounds it to 1,000 times a year)."""
    rule = rrulestr(repeat, dtstart=start, cache=True)
    assert isinstance(rule, rrule)  # the model accepts one RRULE, never a set
    return rule


def _end_of(start: datetime, length: timedelta) -> datetime:
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def session_starts(session: Session, after: datetime, before: datetime) -> Iterator[datetime]:
    """Starts of occurrences of `session` overlapping [after, before), in the session's zone.

    Expansion is always bounded by the window, whatever the rule's COUNT or UNTIL.
    """
    length = session_length(session)
    # Compare in UTC: aware datetimes in the same zone compare by wall clock.
    after_utc, before_utc = after.astimezone(UTC), before.astimezone(UTC)
    if not session.repeat:
        start = session.start.astimezone(UTC)
        if start < before_utc and start + length > after_utc:
            yield session.start
        return
    # An occurrence that started before `after` but is still running counts too; the
    # extra day covers a window edge that falls in a daylight-saving shift.
    earliest = (after_utc - length - timedelta(days=1)).astimezone(session.start.tzinfo)
    for start in _rule(session).xafter(earliest, inc=True):
        start_utc = start.astimezone(UTC)
        if start_utc >= before_utc:
            return
        if start_utc + length > after_utc:
            yield start


def series_end(session: Session) -> datetime | None:
    """When the last occurrence of a session ends; None for a rule without an end."""
    length = session_length(session)
    if not session.repeat:
        return _end_of(session.start, length)
    parts = {part.split("=", 1)[0].strip().upper() for part in session.repeat.split(";")}
    if not parts & {"COUNT", "UNTIL"}:
        return None
    last = None
    for last in _rule(session):  # noqa: B007 - bounded by COUNT or UNTIL
        pass
    return _end_of(last, length) if last is not None else None


def occurrences(items: Iterable[Item], after: datetime, before: datetime) -> list[Occurrence]:
    """Every occurrence of the items' sessions overlapping [after, before), by start time.

    Drafts are skipped; cancelled sessions are included (feeds must carry them).
    """
    found = []
    for item in items:
        if not item.published:
            continue
        for index, session in enumerate(item.sessions):
            length = session_length(session)
            for start in session_starts(session, after, before):
                found.append(Occurrence(item, session, index, start, _end_of(start, length)))
    found.sort(key=lambda o: (o.start.astimezone(UTC), o.item.id, o.index))
    return found


#: An item's next occurrence after the build's "now" (`next_occurrence`, or
#: `PortalView.next`, which remembers each item's).
NextOf = Callable[[Item], "Occurrence | None"]


def next_occurrence(
    item: Item, now: datetime, *, horizon: timedelta = DEFAULT_HORIZON
) -> Occurrence | None:
    """The item's next scheduled (not cancelled) occurrence ending after `now`, if any."""
    upcoming = occurrences([item], now, now + horizon)
    return next((o for o in upcoming if not o.cancelled), None)


def last_start(item: Item, now: datetime) -> datetime | None:
    """When the item's latest held (not cancelled) occurrence started, before `now`."""
    now_utc = now.astimezone(UTC)
    latest: datetime | None = None
    for session in item.sessions:
        if session.cancelled:
            continue
        start: datetime | None = session.start
        if session.repeat:
            start = _rule(session).before(now_utc.astimezone(session.start.tzinfo))
        if start is None or start.astimezone(UTC) >= now_utc:
            continue
        if latest is None or start.astimezone(UTC) > latest.astimezone(UTC):
            latest = start
    return latest


def sessions_since(items: Iterable[Item], since: datetime) -> list[tuple[Item, int, Session]]:
    """Sessions (whole series) with an occurrence ending after `since`, for feeds.

    A feed carries a series once, with its rule, not its expanded occurrences.
    """
    since_utc = since.astimezone(UTC)
    kept = []
    for item in items:
        if not item.published:
            continue
        for index, session in enumerate(item.sessions):
            end = series_end(session)
            if end is None or end.astimezone(UTC) > since_utc:
                kept.append((item, index, session))
    return kept
