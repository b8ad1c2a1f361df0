"""Occurrences of sessions between two instants, with recurring rules expanded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr

from greenhouse.model.types import Item, Session


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


def session_starts(session: Session, after: datetime, before: datetime) -> Iterator[datetime]:
    """Starts of `session` in [after, before), in the session's own time zone.

    A rule is expanded in wall-clock time of the session's zone, so a 09:00 breakfast
    stays at 09:00 across daylight-saving changes. Expansion is always bounded by the
    window, whatever the rule's COUNT or UNTIL.
    """
    length = session.end - session.start if session.end else timedelta(0)
    if not session.repeat:
        if session.start < before and session.start + length > after:
            yield session.start
        return
    rule = rrulestr(session.repeat, dtstart=session.start)
    # An occurrence that started before `after` but is still running counts too.
    for start in rule.xafter(after - length, inc=True):
        if start >= before:
            return
        yield start


def occurrences(items: Iterable[Item], after: datetime, before: datetime) -> list[Occurrence]:
    """Every occurrence of the items' sessions overlapping [after, before), by start time.

    Drafts are skipped; cancelled sessions are included (feeds must carry them).
    """
    found = []
    for item in items:
        if not item.published:
            continue
        for index, session in enumerate(item.sessions):
            assert session.end is not None
            length = session.end - session.start
            for start in session_starts(session, after, before):
                found.append(Occurrence(item, session, index, start, start + length))
    found.sort(key=lambda o: (o.start, o.item.id, o.index))
    return found


def next_occurrence(item: Item, now: datetime, *, horizon_days: int = 3660) -> Occurrence | None:
    """The item's next scheduled (not cancelled) occurrence ending after `now`, if any."""
    upcoming = occurrences([item], now, now + timedelta(days=horizon_days))
    return next((o for o in upcoming if not o.cancelled), None)
