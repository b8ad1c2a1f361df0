"""Unit tests of the directory core against the mini fixture, with "now" given explicitly."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from greenhouse.directory import competency_page, insights, person_activity, track_view
from greenhouse.directory.common import newest_edition_first
from greenhouse.directory.people import everyone, teachers_ranked
from greenhouse.model import Content, Settings, load_content
from greenhouse_testing import MINI

ZONE = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 11, 22, 12, tzinfo=ZONE)


def load(content_dir: Path) -> Content:
    result = load_content(content_dir, Settings())
    assert not result.problems, result.problems
    return result.content


@pytest.fixture(scope="module")
def mini() -> Content:
    return load(MINI / "content")


def test_competency_page_gathers_everything_for_kotlin(mini: Content) -> None:
    page = competency_page(mini, "kotlin", NOW)
    assert [(kind, [i.id for i in items]) for kind, items in page.items_by_type] == [
        ("course", ["courses/kotlin-basics"]),
        ("talk", ["academy/coroutines-in-depth"]),
        ("workshop", ["workshops/intro-to-kotlin"]),
    ]
    assert [p.id for p in page.paths] == ["paths/backend-foundations"]
    assert [m.id for m in page.mentors] == ["asa-lindqvist"]
    # The cancelled April run is not "upcoming"; the March one is.
    assert [o.start.date().isoformat() for o in page.upcoming] == ["2027-03-04"]
    assert [(e.track.id, e.step.step, e.level) for e in page.career_steps] == [
        ("backend-engineer", 1, "intro"),
        ("backend-engineer", 2, "intermediate"),
    ]


def test_projects_looking_for_a_competency(mini: Content) -> None:
    assert [i.id for i in competency_page(mini, "testing", NOW).projects_looking] == [
        "hack-week/review-bot"
    ]
    assert competency_page(mini, "kotlin", NOW).projects_looking == []


def test_projects_come_newest_edition_first(mini: Content) -> None:
    bot = mini.items["hack-week/review-bot"]
    projects = [
        replace(bot, id="a-undated", title="A", edition=None),
        replace(bot, id="b-2026-spring", title="B", edition="2026-spring"),
        replace(bot, id="c-2027", title="C", edition="2027"),
        replace(bot, id="d-2026-autumn", title="D", edition="2026-autumn"),
        replace(bot, id="e-2026-autumn", title="E", edition="2026-autumn"),
    ]
    assert [p.id for p in newest_edition_first(projects)] == [
        "c-2027",
        "d-2026-autumn",
        "e-2026-autumn",  # the same edition: by title
        "b-2026-spring",  # spring before autumn, although "spring" > "autumn" as text
        "a-undated",
    ]


@pytest.mark.parametrize(
    ("competency", "kind", "was", "to", "learning", "nearby"),
    [
        # Nothing at intermediate yet: the advanced talk is offered as the closest.
        ("kotlin", "raised", "intro", "intermediate", [], ["academy/coroutines-in-depth"]),
        ("testing", "raised", "intro", "intermediate", ["courses/testing-in-practice"], []),
        # A hack-week project does not count as learning that builds a level.
        ("code-review", "gained", None, "intro", [], []),
    ],
)
def test_step_one_to_two_gaps_and_learning_at_the_right_level(
    mini: Content,
    competency: str,
    kind: str,
    was: str | None,
    to: str,
    learning: list[str],
    nearby: list[str],
) -> None:
    view = track_view(mini, mini.framework.tracks_by_id["backend-engineer"])
    gaps = {g.competency.id: g for g in view.steps[1].transition.gaps}
    assert set(gaps) == {"kotlin", "testing", "code-review"}
    gap = gaps[competency]
    assert (gap.kind, gap.from_level, gap.to_level) == (kind, was, to)
    assert [i.id for i in gap.learning] == learning
    assert [i.id for i in gap.nearby] == nearby


def test_getting_to_step_one_lists_every_expectation_as_gained(mini: Content) -> None:
    first = track_view(mini, mini.framework.tracks_by_id["backend-engineer"]).steps[0]
    assert first.transition.before is None
    gaps = {g.competency.id: [i.id for i in g.learning] for g in first.transition.gaps}
    assert gaps == {  # by title
        "kotlin": [
            "paths/backend-foundations",
            "workshops/intro-to-kotlin",
            "courses/kotlin-basics",
        ],
        "testing": ["paths/backend-foundations", "workshops/intro-to-kotlin"],
    }
    assert all(g.kind == "gained" for g in first.transition.gaps)


def test_person_activity_splits_teaching_given_and_building(mini: Content) -> None:
    asa = person_activity(mini, "asa-lindqvist", NOW)
    assert [t.item.id for t in asa.teaches] == ["workshops/intro-to-kotlin"]
    assert [(t.item.id, t.given) for t in asa.has_given] == [("academy/coroutines-in-depth", 1)]
    assert [i.id for i in asa.builds] == ["hack-week/review-bot"]
    assert [c.id for c in asa.mentors] == ["kotlin", "code-review"]


def test_everyone_from_one_pass_equals_each_person_on_their_own(mini: Content) -> None:
    together = everyone(mini, NOW)
    assert [a.person.id for a in together] == sorted(
        mini.people, key=lambda p: mini.people[p].name.casefold()
    )
    assert together == [person_activity(mini, a.person.id, NOW) for a in together]
    assert any(a.teaches for a in together) and any(a.builds for a in together)
    assert insights(mini, NOW, activities=together) == insights(mini, NOW)


def test_play_it_forward_counts_repeating_sessions(mini: Content) -> None:
    ranked = teachers_ranked(everyone(mini, NOW))
    omar = ranked[0]
    # Knowledge breakfast, first Friday monthly since Jan 2026: 11 held by 22 Nov,
    # 12 more in the coming year.
    assert (omar.person.id, omar.sessions_given, omar.sessions_ahead) == ("omar-haddad", 11, 12)
    assert ranked[1].person.id == "asa-lindqvist"


def test_insights_now_and_two_years_later(mini: Content, tmp_path: Path) -> None:
    report = insights(mini, NOW)
    assert [c.id for c in report.no_learning] == ["code-review"]
    assert report.stale == []
    assert {(o.competency.id, o.language) for o in report.one_language} == {
        ("kotlin", "en"),
        ("testing", "en"),
        ("presenting", "sv"),
    }
    engineering = next(a for a in report.areas if a.area.id == "engineering")
    assert engineering.by_level == {"intro": 3, "intermediate": 1, "advanced": 1}
    # Of Kotlin and testing: intro reaches both, the other levels one each.
    assert [c.id for c in engineering.area.competencies] == ["kotlin", "testing"]
    assert engineering.covered_by_level == {"intro": 2, "intermediate": 1, "advanced": 1}
    nov = next(m for m in report.sessions_per_month if m.month.isoformat() == "2026-11-01")
    assert nov.sessions == 1  # the breakfast on 6 Nov

    later = insights(mini, datetime(2029, 1, 1, tzinfo=ZONE))
    stale = {s.competency.id: s.last_activity for s in later.stale}
    # Kotlin's and testing's latest session was March 2027; the breakfast still runs.
    assert {k: v.isoformat() for k, v in stale.items() if v} == {
        "kotlin": "2027-03-04",
        "testing": "2027-03-04",
    }


def test_a_second_language_leaves_the_one_language_list(tmp_path: Path) -> None:
    shutil.copytree(MINI / "content", tmp_path / "content")
    (tmp_path / "content/courses/kotlin-pa-svenska.md").write_text(
        "---\ntitle: Kotlin på svenska\nsummary: Grunderna i Kotlin.\n"
        "competencies: [kotlin]\nlevel: intro\nformat: self-paced\nlanguage: sv\n---\n",
        encoding="utf-8",
    )
    report = insights(load(tmp_path / "content"), NOW)
    assert "kotlin" not in {o.competency.id for o in report.one_language}


def test_insights_list_as_many_teachers_as_asked(mini: Content) -> None:
    assert [a.person.id for a in insights(mini, NOW, top_teachers=1).top_teachers] == [
        "omar-haddad"
    ]
    assert len(insights(mini, NOW).top_teachers) == 2


def test_competency_pages_list_the_coming_year_like_the_calendar(mini: Content) -> None:
    # The knowledge breakfast repeats monthly: a year ahead holds twelve, and one in
    # eight months' time is listed as it is on /calendar/.
    starts = [o.start.date().isoformat() for o in competency_page(mini, "presenting", NOW).upcoming]
    assert len(starts) == 12
    assert "2027-07-02" in starts
