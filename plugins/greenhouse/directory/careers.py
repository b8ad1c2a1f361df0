"""Career tracks, and what moving from one step to the next asks of a person.

The "what should I learn next" answer is a plain comparison of two steps' ``expects``:
every competency the next step adds (gained) or expects at a higher level (raised) is a
gap, and the learning that builds a gap is the current learning for that competency
*at the level the next step expects*. When nothing exists at that level yet, the
nearest levels above the person's current one are offered instead, marked as such,
together with the competency's mentors.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from greenhouse.directory.common import by_title, learning, level_rank
from greenhouse.directory.competencies import mentors_for
from greenhouse.model.types import CareerStep, Competency, Content, Item, Person, Track


@dataclass(frozen=True)
class Gap:
    """One competency a step gains or raises, with the learning that builds it."""

    competency: Competency
    from_level: str | None  # None: the step before does not expect it at all
    to_level: str
    learning: list[Item]  # at exactly `to_level`
    nearby: list[Item]  # only when `learning` is empty: other levels above `from_level`
    mentors: list[Person]

    @property
    def kind(self) -> str:
        """``gained`` (new at this step) or ``raised`` (expected at a higher level)."""
        return "gained" if self.from_level is None else "raised"


@dataclass(frozen=True)
class Transition:
    """From one step (or from joining, when ``before`` is None) to the next."""

    before: CareerStep | None
    after: CareerStep
    gaps: list[Gap]
    kept: list[tuple[Competency, str]]  # expected at the same level in both steps


@dataclass(frozen=True)
class StepView:
    """A step with its expectations and the way into it."""

    step: CareerStep
    expects: list[tuple[Competency, str]]
    transition: Transition


@dataclass(frozen=True)
class TrackView:
    track: Track
    steps: list[StepView]


def track_view(content: Content, track: Track) -> TrackView:
    """Every step of `track` with what it expects and the transition that leads to it."""
    competencies = content.framework.competencies
    views, before = [], None
    for step in track.steps:
        views.append(
            StepView(
                step,
                [(competencies[c], level) for c, level in _ordered(step.expects, competencies)],
                transition(content, before, step),
            )
        )
        before = step
    return TrackView(track, views)


def transition(content: Content, before: CareerStep | None, after: CareerStep) -> Transition:
    """The gaps between two steps and the learning for each (current learning items, from
    the model's index by competency); see the module docstring."""
    competencies = content.framework.competencies
    had = before.expects if before else {}
    gaps, kept = [], []
    for cid, level in _ordered(after.expects, competencies):
        previous = had.get(cid)
        if previous is not None and level_rank(previous) >= level_rank(level):
            kept.append((competencies[cid], level))
            continue
        items = learning(content.current_by_competency.get(cid, ()))
        exact = by_title(i for i in items if i.level == level)
        nearby = (
            []
            if exact
            else sorted(
                (i for i in items if level_rank(i.level) > level_rank(previous)),
                key=lambda i: (abs(level_rank(i.level) - level_rank(level)), i.title.casefold()),
            )
        )
        gaps.append(
            Gap(competencies[cid], previous, level, exact, nearby, mentors_for(content, cid))
        )
    return Transition(before, after, gaps, kept)


def _ordered(
    expects: Mapping[str, str], competencies: Mapping[str, Competency]
) -> list[tuple[str, str]]:
    """Expectations in framework order, so every step lists competencies alike."""
    order = {cid: n for n, cid in enumerate(competencies)}
    return sorted(expects.items(), key=lambda pair: order.get(pair[0], len(order)))
