"""What templates show through `gh`: costs, times and durations, in both languages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from greenhouse.model import Settings, load_content
from greenhouse.model.types import Cost
from greenhouse.site.view import PortalView
from greenhouse_testing import MINI

NOW = datetime(2026, 11, 22, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(scope="module")
def content():
    return load_content(MINI / "content", Settings()).content


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (390, "EUR", "390\u00a0EUR"),
        (6500, "SEK", "6\u00a0500\u00a0SEK"),
        (1299.95, "EUR", "1\u00a0299.95\u00a0EUR"),
    ],
)
def test_costs_keep_their_decimals_and_never_break(content, amount, currency, shown) -> None:
    course = replace(content.items["courses/testing-in-practice"], cost=Cost(amount, currency))
    assert PortalView(content, "en", NOW).cost(course) == shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "Thu 4 Mar 2027, 09:00–10:30 CET"), ("sv", "tor 4 mar 2027, 09:00–10:30 CET")],
)
def test_times_are_in_the_site_zone_and_language(content, language, shown) -> None:
    session = content.items["workshops/intro-to-kotlin"].sessions[0]
    assert PortalView(content, language, NOW).when(session.start, session.end) == shown


@pytest.mark.parametrize(("minutes", "shown"), [(45, "45 min"), (60, "1 h"), (90, "1 h 30 min")])
def test_durations(content, minutes: int, shown: str) -> None:
    assert PortalView(content, "en", NOW).duration(minutes) == shown


@pytest.mark.parametrize(
    ("language", "edition", "shown"),
    [
        ("en", "2026-autumn", "Autumn 2026"),
        ("sv", "2026-autumn", "Hösten 2026"),
        ("sv", "2025-spring", "Våren 2025"),
        ("en", "2026", "2026"),
        ("en", "2026-q3", "2026-q3"),  # no words for it: as written
    ],
)
def test_hack_week_editions_read_as_people_say_them(content, language, edition, shown) -> None:
    assert PortalView(content, language, NOW).edition(edition) == shown
