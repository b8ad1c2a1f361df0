"""What each person teaches, has given, mentors and builds; and who teaches most.

"Play it forward" recognises colleagues who teach colleagues: people are ranked by the
sessions of talks and workshops they have given plus those they have scheduled in the
coming year (cancelled ones never count), then by how many items they teach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from greenhouse.calendar.occurrences import (
    GIVEN_SINCE,
    UPCOMING,
    NextOf,
    Occurrence,
    next_occurrence,
    occurrences,
)
from greenhouse.directory.common import by_title, current
from greenhouse.model.types import Competency, Content, Item, Person

#: How far ahead scheduled sessions count.
AHEAD = UPCOMING
TEACHING_TYPES = ("talk", "workshop")


@dataclass(frozen=True)
class Taught:
    """An item a person gives, with their sessions of it."""

    item: Item
    given: int
    next: Occurrence | None


@dataclass(frozen=True)
class PersonActivity:
    """What ``/people/<id>/`` shows beyond the person's own front matter."""

    person: Person
    teaches: list[Taught]  # with a session ahead, or on demand
    has_given: list[Taught]  # only past sessions
    mentors: list[Competency]
    builds: list[Item]
    sessions_given: int
    sessions_ahead: int

    @property
    def score(self) -> int:
        return self.sessions_given + self.sessions_ahead

    @property
    def items_taught(self) -> int:
        return len(self.teaches) + len(self.has_given)


def person_activity(
    content: Content,
    person_id: str,
    now: datetime,
    *,
    theirs: Sequence[Item] | None = None,
    next_of: NextOf | None = None,
) -> PersonActivity:
    """Everything `person_id` gives, builds and mentors, counted against `now`.

    `theirs` are the current items the person is among the people of (from
    `items_by_person`), when known: it saves a pass over every item per person.
    `next_of` gives an item's next occurrence after `now` (`PortalView.next`).
    """
    person = content.people[person_id]
    if theirs is None:
        theirs = [i for i in current(content) if person_id in i.people]
    teaches, given, total_given, total_ahead = [], [], 0, 0
    for item in by_title(i for i in theirs if i.type in TEACHING_TYPES and person_id in i.people):
        held = [o for o in occurrences([item], now - GIVEN_SINCE, now + AHEAD) if not o.cancelled]
        past = sum(1 for o in held if o.start < now)
        total_given += past
        total_ahead += len(held) - past
        upcoming = next_of(item) if next_of is not None else next_occurrence(item, now)
        taught = Taught(item, past, upcoming)
        if upcoming is not None or not item.sessions or past == 0:
            teaches.append(taught)
        else:
            given.append(taught)
    competencies = content.framework.competencies
    return PersonActivity(
        person=person,
        teaches=sorted(teaches, key=lambda t: (t.next is None, t.next.start if t.next else now)),
        has_given=given,
        mentors=[
            competencies[c] for c in (person.mentoring.competencies if person.mentoring else ())
        ],
        builds=sorted(
            (i for i in theirs if i.type == "project" and person_id in i.team),
            key=lambda i: (i.edition or "", i.title.casefold()),
            reverse=True,
        ),
        sessions_given=total_given,
        sessions_ahead=total_ahead,
    )


def items_by_person(content: Content) -> dict[str, list[Item]]:
    """Current items by each person who gives or builds them, in content order."""
    found: dict[str, list[Item]] = defaultdict(list)
    for item in current(content):
        for person_id in dict.fromkeys(item.people):
            found[person_id].append(item)
    return found


def everyone(
    content: Content, now: datetime, next_of: NextOf | None = None
) -> list[PersonActivity]:
    """Every person's activity, by name."""
    theirs = items_by_person(content)
    return [
        person_activity(content, pid, now, theirs=theirs.get(pid, []), next_of=next_of)
        for pid in sorted(content.people, key=lambda p: content.people[p].name.casefold())
    ]


def teachers_ranked(activities: list[PersonActivity], limit: int = 10) -> list[PersonActivity]:
    """Those who teach most, most first; people who teach nothing are left out."""
    teaching = [a for a in activities if a.score or a.items_taught]
    teaching.sort(key=lambda a: (-a.score, -a.items_taught, a.person.name.casefold()))
    return teaching[:limit]


def mentors(activities: list[PersonActivity]) -> list[PersonActivity]:
    """People who offer mentoring, by name."""
    return [a for a in activities if a.mentors]
