"""Everything the portal has for one competency, and the framework overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from greenhouse.calendar.occurrences import UPCOMING, Occurrence, occurrences
from greenhouse.directory.common import (
    TYPE_ORDER,
    by_title,
    learning,
    newest_edition_first,
)
from greenhouse.model.types import Area, CareerStep, Competency, Content, Item, Person, Track


@dataclass(frozen=True)
class ExpectingStep:
    """A career step that expects a competency, and at which level."""

    track: Track
    step: CareerStep
    level: str


@dataclass(frozen=True)
class CompetencyPage:
    """What ``/competencies/<id>/`` shows."""

    competency: Competency
    area: Area
    items_by_type: list[tuple[str, list[Item]]]
    upcoming: list[Occurrence]
    paths: list[Item]
    mentors: list[Person]
    #: Hack-week projects tagged with it, and those looking for people who have it.
    projects: list[Item]
    projects_looking: list[Item]
    career_steps: list[ExpectingStep]

    @property
    def item_count(self) -> int:
        return sum(len(items) for _, items in self.items_by_type)


@dataclass(frozen=True)
class CompetencySummary:
    competency: Competency
    learning_count: int
    #: Hack-week projects tagged with it: the catalogue counts them too, so the tile does.
    project_count: int
    mentor_count: int


@dataclass(frozen=True)
class AreaSummary:
    """An area on ``/competencies/`` with its competencies and how much learning each has."""

    area: Area
    competencies: list[CompetencySummary]


def competency_page(content: Content, competency_id: str, now: datetime) -> CompetencyPage:
    """Items by type, upcoming sessions, paths, mentors, projects and career steps for one id."""
    competency = content.framework.competencies[competency_id]
    tagged = content.current_by_competency.get(competency_id, ())
    items_by_type = [
        (kind, by_title(i for i in tagged if i.type == kind))
        for kind in TYPE_ORDER
        if kind not in ("path", "project") and any(i.type == kind for i in tagged)
    ]
    upcoming = [o for o in occurrences(tagged, now, now + UPCOMING) if not o.cancelled]
    return CompetencyPage(
        competency=competency,
        area=content.framework.areas_by_id[competency.area],
        items_by_type=items_by_type,
        upcoming=upcoming,
        paths=by_title(i for i in tagged if i.type == "path"),
        mentors=mentors_for(content, competency_id),
        projects=newest_edition_first(i for i in tagged if i.type == "project"),
        projects_looking=newest_edition_first(content.current_looking_for.get(competency_id, ())),
        career_steps=[
            ExpectingStep(track, step, step.expects[competency_id])
            for track in content.framework.tracks
            for step in track.steps
            if competency_id in step.expects
        ],
    )


def mentors_for(content: Content, competency_id: str) -> list[Person]:
    """People who offer to mentor the competency, by name."""
    return sorted(
        (
            p
            for p in content.people.values()
            if p.mentoring and competency_id in p.mentoring.competencies
        ),
        key=lambda p: p.name.casefold(),
    )


def competency_index(content: Content) -> list[AreaSummary]:
    """Every area in framework order, each competency with its learning, hack-week project
    and mentor counts."""
    by_competency = content.current_by_competency  # from the model, once per build
    summaries = []
    for area in content.framework.areas:
        competencies = []
        for c in area.competencies:
            items = by_competency.get(c.id, ())
            projects = sum(1 for i in items if i.type == "project")
            mentors = len(mentors_for(content, c.id))
            competencies.append(CompetencySummary(c, len(learning(items)), projects, mentors))
        summaries.append(AreaSummary(area, competencies))
    return summaries
