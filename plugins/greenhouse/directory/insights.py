"""Coverage of the framework by learning, for the L&D team (``/insights/`` and the CLI).

An item's *last activity* is its ``date`` when it has one, else the start of its latest
session (repeats expanded, cancelled sessions left out). A competency is *stale* when it
has learning but none of it has activity in the twelve months before ``now``; undated
items without sessions (self-paced courses) never count as recent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from greenhouse.calendar.occurrences import GIVEN_SINCE, occurrences
from greenhouse.directory.common import current, learning
from greenhouse.directory.people import PersonActivity, everyone, teachers_ranked
from greenhouse.model.types import LEVELS, Area, Competency, Content, Item

#: Months before and after `now` that the sessions-per-month table covers.
MONTHS_BACK, MONTHS_AHEAD = 11, 6


@dataclass(frozen=True)
class StaleCompetency:
    competency: Competency
    last_activity: date | None  # None: only undated items without sessions


@dataclass(frozen=True)
class OneLanguage:
    competency: Competency
    language: str
    items: int


@dataclass(frozen=True)
class AreaCoverage:
    """Learning items in an area, per level, and how many of its competencies they reach:
    in all, and at each level (a competency no item reaches at a level is a gap there)."""

    area: Area
    by_level: dict[str, int]
    total: int
    competencies_covered: int
    covered_by_level: dict[str, int]


@dataclass(frozen=True)
class MonthCount:
    month: date  # the first of the month
    sessions: int
    cancelled: int
    past: bool


@dataclass(frozen=True)
class Insights:
    now: datetime
    learning_items: int
    no_learning: list[Competency]
    stale: list[StaleCompetency]
    one_language: list[OneLanguage]
    areas: list[AreaCoverage]
    by_level: dict[str, int]
    sessions_per_month: list[MonthCount]
    top_teachers: list[PersonActivity]

    @property
    def competency_count(self) -> int:
        return sum(len(a.area.competencies) for a in self.areas)


def last_activity(item: Item, now: datetime) -> date | None:
    """The item's ``date``, else its latest session start (see the module docstring)."""
    if item.date is not None:
        return item.date
    held = [o for o in occurrences([item], now - GIVEN_SINCE, now + GIVEN_SINCE) if not o.cancelled]
    return max(o.start for o in held).astimezone(now.tzinfo).date() if held else None


def insights(
    content: Content,
    now: datetime,
    *,
    activities: list[PersonActivity] | None = None,
    top_teachers: int = 10,
) -> Insights:
    """Everything ``/insights/`` and ``greenhouse insights`` report, computed against `now`.

    `activities` is ``everyone(content, now)`` when the caller has it already;
    `top_teachers` is how many people "who teaches most" lists.
    """
    items = learning(current(content))
    cutoff = (now - relativedelta(months=12)).date()
    activity = {i.id: last_activity(i, now) for i in items}
    no_learning, stale, one_language = [], [], []
    for competency in content.framework.competencies.values():
        mine = learning(content.current_by_competency.get(competency.id, ()))
        if not mine:
            no_learning.append(competency)
            continue
        dates = [d for i in mine if (d := activity[i.id]) is not None]
        latest = max(dates) if dates else None
        if latest is None or latest < cutoff:
            stale.append(StaleCompetency(competency, latest))
        languages = Counter(i.language for i in mine)
        if len(languages) == 1:
            one_language.append(OneLanguage(competency, next(iter(languages)), len(mine)))
    return Insights(
        now=now,
        learning_items=len(items),
        no_learning=no_learning,
        stale=stale,
        one_language=one_language,
        areas=[_area_coverage(area, items) for area in content.framework.areas],
        by_level={lv: sum(1 for i in items if i.level == lv) for lv in LEVELS},
        sessions_per_month=sessions_per_month(items, now),
        top_teachers=teachers_ranked(
            everyone(content, now) if activities is None else activities, top_teachers
        ),
    )


def _area_coverage(area: Area, items: list[Item]) -> AreaCoverage:
    ids = {c.id for c in area.competencies}
    mine = [i for i in items if ids & set(i.competencies)]
    return AreaCoverage(
        area,
        {lv: sum(1 for i in mine if i.level == lv) for lv in LEVELS},
        len(mine),
        sum(1 for c in area.competencies if any(c.id in i.competencies for i in mine)),
        {
            lv: sum(
                1
                for c in area.competencies
                if any(i.level == lv and c.id in i.competencies for i in mine)
            )
            for lv in LEVELS
        },
    )


def sessions_per_month(items: list[Item], now: datetime) -> list[MonthCount]:
    """Session occurrences per calendar month, from MONTHS_BACK before now to MONTHS_AHEAD after."""
    first = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    start = first - relativedelta(months=MONTHS_BACK)
    end = first + relativedelta(months=MONTHS_AHEAD + 1)
    counts: Counter[date] = Counter()
    cancelled: Counter[date] = Counter()
    for o in occurrences(items, start, end):
        local = o.start.astimezone(now.tzinfo)
        month = date(local.year, local.month, 1)
        (cancelled if o.cancelled else counts)[month] += 1
    months = []
    moment = start
    while moment < end:
        month = moment.date()
        months.append(MonthCount(month, counts[month], cancelled[month], moment < first))
        moment += relativedelta(months=1)
    return months
