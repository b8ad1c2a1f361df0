"""The `gh` object templates use to look things up and format them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from greenhouse.calendar.occurrences import (
    DEFAULT_HORIZON,
    Occurrence,
    next_occurrence,
    occurrences,
)
from greenhouse.catalog.entries import last_date, on_demand
from greenhouse.i18n import Translator
from greenhouse.model.fields import SEASON_MONTHS
from greenhouse.model.types import Competency, Content, Item, Person, Session


@dataclass(frozen=True)
class SessionView:
    """A session as an item page lists it: its next (or only) time, and whether it is past."""

    session: Session
    start: datetime
    end: datetime
    past: bool
    repeats: bool

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled


class PortalView:
    """Lookups and formatting for templates, in the site's language and time zone.

    `now` is fixed per build so that every page agrees on what is upcoming.
    """

    def __init__(self, content: Content, language: str, now: datetime) -> None:
        self.content = content
        self.t = Translator(language)
        self.zone = ZoneInfo(content.settings.timezone)
        self.now = now
        self._next: dict[str, Occurrence | None] = {}

    def competency(self, competency_id: str) -> Competency:
        return self.content.framework.competencies[competency_id]

    def person(self, person_id: str) -> Person:
        return self.content.people[person_id]

    def item(self, item_id: str) -> Item:
        return self.content.items[item_id]

    def label(self, kind: str, value: str) -> str:
        """A translated enum value: ``label('level', 'intro')`` -> Intro."""
        return self.t(f"{kind}_{value}")

    def duration(self, minutes: int | None) -> str:
        if not minutes:
            return ""
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self.t("minutes", n=rest)
        return self.t("hours", n=hours) if not rest else self.t("hours_minutes", h=hours, m=rest)

    def steps_duration(self, path: Item) -> tuple[int, int]:
        """A path's steps added up: (minutes of the steps that give a duration, how many
        steps give none)."""
        steps = [self.content.items[i] for i in path.steps if i in self.content.items]
        return (
            sum(s.duration or 0 for s in steps),
            sum(1 for s in steps if not s.duration),
        )

    def edition(self, edition: str) -> str:
        """A hack-week edition as people say it: ``2026-autumn`` -> Autumn 2026 (Hösten 2026);
        a year, or a name we have no words for, as written."""
        year, _, season = edition.partition("-")
        if year.isdigit() and season in SEASON_MONTHS:
            return self.t("edition_season", season=self.t(f"season_{season}"), year=year)
        return edition

    def cost(self, item: Item) -> str:
        """``6 500 SEK`` or ``1 299.95 EUR``: no-break-space thousands, decimals kept when
        there are any; empty without a cost."""
        if item.cost is None:
            return ""
        amount = item.cost.amount
        text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        return text.replace(",", "\u00a0") + f"\u00a0{item.cost.currency}"

    def when(self, start: datetime, end: datetime | None = None) -> str:
        """``Thu 4 Mar 2027, 09:00–10:30 CET`` in the site's time zone."""
        # Through UTC: astimezone() to a datetime's own zone returns it unchanged, which
        # would show a wall time that does not exist (02:30 on spring-forward night).
        local = start.astimezone(UTC).astimezone(self.zone)
        text = f"{self.day(local)}, {local:%H:%M}"
        if end is not None:
            local_end = end.astimezone(UTC).astimezone(self.zone)
            if local_end.date() == local.date():
                text += f"–{local_end:%H:%M}"
        return f"{text} {local.tzname()}"

    def day(self, moment: datetime) -> str:
        """``Thu 4 Mar 2027``: the day of `moment` in the site's time zone."""
        local = moment.astimezone(UTC).astimezone(self.zone)
        days, months = self.t.list("weekdays"), self.t.list("months")
        return f"{days[local.weekday()]} {local.day} {months[local.month - 1]} {local.year}"

    def iso(self, moment: datetime) -> str:
        return moment.isoformat()

    def sessions(self, item: Item) -> list[SessionView]:
        """Each session once, at its next occurrence if it repeats; upcoming first, then past."""
        views = []
        for session in item.sessions:
            assert session.end is not None
            start, end = session.start, session.end
            if session.repeat:
                later = occurrences([_only(item, session)], self.now, self.now + DEFAULT_HORIZON)
                if later:
                    start, end = later[0].start, later[0].end
            views.append(SessionView(session, start, end, end < self.now, bool(session.repeat)))
        upcoming = sorted((v for v in views if not v.past), key=lambda v: v.start)
        past = sorted((v for v in views if v.past), key=lambda v: v.start, reverse=True)
        return upcoming + past

    def coming(self, sessions: Iterable[SessionView]) -> list[SessionView]:
        """Those of `sessions` still to come and not cancelled: what calendar actions add."""
        return [s for s in sessions if not s.past and not s.cancelled]

    def card_when(
        self, item: Item, next_start: datetime | None, dated: datetime | None
    ) -> tuple[str, str]:
        """What a card says about when, as (ISO time or "", text): the next session; else
        "On demand", a hack-week project's edition ("Autumn 2026"), or when a talk or
        workshop was last held ("Recorded Thu 14 Jan 2027" when it has a recording), so
        that a card in a list ordered by date shows its date. `dated` is from
        `catalog.entries.last_date`."""
        if next_start is not None:
            return self.iso(next_start), self.when(next_start)
        if on_demand(item):
            return "", self.t("on_demand")
        if item.edition:
            return "", self.edition(item.edition)
        if dated is not None:
            key = "card_recorded" if item.recording else "card_held"
            return "", self.t(key, date=self.day(dated))
        if item.recording:
            return "", self.t("card_recording")
        return "", ""

    def item_when(self, item: Item) -> tuple[str, str]:
        """`card_when` for an item outside the catalogue's entries (directory pages)."""
        upcoming = self.next(item)
        if upcoming is not None:
            return self.card_when(item, upcoming.start, None)
        return self.card_when(item, None, last_date(item, self.now))

    def next(self, item: Item) -> Occurrence | None:
        """The item's next scheduled occurrence after the build's "now", if any: worked out
        once per item id (catalogue, cards, people's pages and item lines all ask), so
        for the items of this view's content, not for copies changed with ``replace``."""
        if item.id not in self._next:
            self._next[item.id] = next_occurrence(item, self.now)
        return self._next[item.id]

    @cached_property
    def site_zone_name(self) -> str:
        return self.content.settings.timezone


def _only(item: Item, session: Session) -> Item:
    from dataclasses import replace

    return replace(item, sessions=(session,))
